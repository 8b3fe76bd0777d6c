// 线上学习与实践活动 (plan §三.8): what the routes call, one function a route. The rules a record keeps are
// in rules.ts (the import shares them), the uploaded images in files.ts, the clerk's import in import.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../../platform/auth/context';
import { badRequest, forbidden, notFound } from '../../platform/errors';
import { sendStored, uploadedFile } from '../../platform/http';
import type { Services } from '../../platform/services';
import { nowIso, todayLocal } from '../../platform/time';
import { buildXlsx, sendXlsx } from '../../platform/xlsx';
import { deleteRecordLog, readRecordMinutes, writeRecordLog } from '../study/service';
import { loadFileFor, MAX_FILE_BYTES, storeFile } from './files';
import { importOnline, learningTemplate } from './import';
import { LearningPolicy } from './policy';
import * as repo from './repository';
import { checkDay, checkDayTotal, checkPlatform, derivedMinutes, insertOnline, onlineNote, parseMeasure, PLATFORMS } from './rules';
import type { OnlineInput, PracticeInput, UnitFilter } from './schemas';

export { MAX_FILE_BYTES };
export const PRACTICE_KINDS = { volunteer: '志愿服务', research: '调研', service: '为民服务', other: '其他' } as const;
export type PracticeKind = keyof typeof PRACTICE_KINDS;

/** Photos one practice activity can carry. */
export const MAX_PRACTICE_PHOTOS = 9;

/** The member this signed-in user is. */
export function ownMemberId(auth: AuthContext): number {
  const id = auth.user.memberId;
  if (!id) throw forbidden('您的账号未关联干部信息，不能记录学习');
  return id;
}

/** Files must be this user's own uploads. */
async function checkOwnFiles(svc: Services, auth: AuthContext, ids: number[]) {
  if (ids.length === 0) return;
  const uniq = [...new Set(ids)];
  if (uniq.length !== ids.length) throw badRequest('照片重复');
  const rows = await repo.fileOwners(svc.db, uniq);
  if (rows.length !== uniq.length || rows.some((r) => r.owner_user_id !== auth.userId)) throw badRequest('照片不存在或不是您上传的，请重新上传');
}

function cleanContent(s: string | undefined, max: number, label: string) {
  const v = (s ?? '').trim();
  if (v.length > max) throw badRequest(`${label}不能超过 ${max} 字`);
  return v;
}

export async function createOnline(svc: Services, auth: AuthContext, input: OnlineInput): Promise<{ id: number; minutes: number }> {
  const memberId = ownMemberId(auth);
  const platform = checkPlatform(input.platform);
  const content = cleanContent(input.content, 200, '学习内容');
  const measure = parseMeasure(input);
  await checkDay(svc, input.day, { window: true });
  if (input.evidenceFileId) await checkOwnFiles(svc, auth, [input.evidenceFileId]);
  const minutes = await derivedMinutes(svc, measure, input.day);
  return svc.db.transaction().execute(async (trx) => {
    const r = await insertOnline(svc, trx, { memberId, day: input.day, platform, content, measure, minutes, evidenceFileId: input.evidenceFileId ?? null, source: 'self', importKey: null, createdBy: auth.userId });
    await svc.audit.record(trx, auth.actor(), { action: 'learning.online.create', entity: 'online_learning', entityId: r.id, detail: { day: input.day, platform, ...measure, studyMinutes: r.minutes } });
    return r;
  });
}

/**
 * Who may change a record: its member, for records they entered themselves and
 * days still inside the backfill window; or a clerk whose subtree holds the member.
 */
async function editorOf(svc: Services, auth: AuthContext, rec: { member_id: number; day: string; source: string }): Promise<'self' | 'clerk'> {
  const mine = rec.member_id === auth.user.memberId && rec.source !== 'import';
  if (!mine) {
    const path = await repo.memberUnitPath(svc.db, rec.member_id);
    if (!path) throw notFound('找不到该干部');
    if (await svc.guard.allows(auth, LearningPolicy.edit, { unitPath: path })) return 'clerk';
    if (rec.member_id !== auth.user.memberId) throw notFound('找不到该记录');
    throw forbidden('党建办导入的记录不能自行修改，如有错误请联系党建办');
  }
  await checkDay(svc, rec.day, { window: true }).catch(() => {
    throw badRequest(`${rec.day} 的记录已超出补录期限，不能再修改或删除`);
  });
  return 'self';
}

export async function updateOnline(svc: Services, auth: AuthContext, id: number, input: OnlineInput): Promise<{ minutes: number }> {
  const rec = await repo.onlineById(svc.db, id);
  if (!rec) throw notFound('找不到该记录');
  const role = await editorOf(svc, auth, rec);
  const platform = checkPlatform(input.platform);
  const content = cleanContent(input.content, 200, '学习内容');
  const measure = parseMeasure(input);
  await checkDay(svc, input.day, { window: role === 'self' });
  if (input.evidenceFileId && input.evidenceFileId !== rec.evidence_file_id) await checkOwnFiles(svc, auth, [input.evidenceFileId]);
  const minutes = await derivedMinutes(svc, measure, input.day);
  return svc.db.transaction().execute(async (trx) => {
    await checkDayTotal(svc, trx, rec.member_id, input.day, minutes, { source: 'online', ref: String(id) });
    await repo.updateOnlineRow(trx, id, { day: input.day, platform, content, ...measure, evidence_file_id: input.evidenceFileId ?? null });
    await writeRecordLog(trx, { memberId: rec.member_id, day: input.day, kind: 'online', minutes, note: onlineNote(platform, content), source: 'online', ref: String(id) });
    await svc.audit.record(trx, auth.actor(), {
      action: 'learning.online.update',
      entity: 'online_learning',
      entityId: id,
      detail: { before: { day: rec.day, platform: rec.platform, minutes: rec.minutes, credit_tenths: rec.credit_tenths, points: rec.points }, after: { day: input.day, platform, ...measure } },
    });
    return { minutes };
  });
}

export async function deleteOnline(svc: Services, auth: AuthContext, id: number): Promise<{ ok: boolean }> {
  const rec = await repo.onlineById(svc.db, id);
  if (!rec) throw notFound('找不到该记录');
  await editorOf(svc, auth, rec);
  await svc.db.transaction().execute(async (trx) => {
    await deleteRecordLog(trx, { source: 'online', ref: String(id) });
    await repo.deleteOnlineRow(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'learning.online.delete', entity: 'online_learning', entityId: id, detail: { memberId: rec.member_id, day: rec.day, platform: rec.platform, source: rec.source } });
  });
  return { ok: true };
}

// ---------------------------------------------------------------- practice activities

function checkPractice(input: PracticeInput) {
  if (!(input.kind in PRACTICE_KINDS)) throw badRequest(`实践类型应为：${Object.values(PRACTICE_KINDS).join('、')}`);
  const title = input.title.trim();
  if (!title) throw badRequest('请填写活动名称');
  if (title.length > 100) throw badRequest('活动名称不能超过 100 字');
  const description = cleanContent(input.description, 2000, '活动描述');
  const m = parseMeasure({ minutes: input.minutes });
  const photos = input.photoFileIds ?? [];
  if (photos.length > MAX_PRACTICE_PHOTOS) throw badRequest(`照片最多 ${MAX_PRACTICE_PHOTOS} 张`);
  return { kind: input.kind, title, description, minutes: m.minutes ?? 0, photos };
}

export async function createPractice(svc: Services, auth: AuthContext, input: PracticeInput): Promise<{ id: number }> {
  const memberId = ownMemberId(auth);
  const p = checkPractice(input);
  await checkDay(svc, input.day, { window: true });
  await checkOwnFiles(svc, auth, p.photos);
  return svc.db.transaction().execute(async (trx) => {
    await checkDayTotal(svc, trx, memberId, input.day, p.minutes);
    const id = await repo.insertPracticeRow(trx, { member_id: memberId, day: input.day, kind: p.kind, title: p.title, description: p.description, minutes: p.minutes, photo_file_ids: JSON.stringify(p.photos), created_at: nowIso() });
    await writeRecordLog(trx, { memberId, day: input.day, kind: 'practice', minutes: p.minutes, note: p.title, source: 'practice', ref: String(id) });
    await svc.audit.record(trx, auth.actor(), { action: 'learning.practice.create', entity: 'practice_activity', entityId: id, detail: { day: input.day, kind: p.kind, title: p.title, minutes: p.minutes, photos: p.photos.length } });
    return { id };
  });
}

export async function updatePractice(svc: Services, auth: AuthContext, id: number, input: PracticeInput): Promise<{ ok: boolean }> {
  const rec = await repo.practiceById(svc.db, id);
  if (!rec) throw notFound('找不到该记录');
  const role = await editorOf(svc, auth, { ...rec, source: 'self' });
  const p = checkPractice(input);
  await checkDay(svc, input.day, { window: role === 'self' });
  const before = JSON.parse(rec.photo_file_ids) as number[];
  await checkOwnFiles(
    svc,
    auth,
    p.photos.filter((f) => !before.includes(f)),
  );
  await svc.db.transaction().execute(async (trx) => {
    await checkDayTotal(svc, trx, rec.member_id, input.day, p.minutes, { source: 'practice', ref: String(id) });
    await repo.updatePracticeRow(trx, id, { day: input.day, kind: p.kind, title: p.title, description: p.description, minutes: p.minutes, photo_file_ids: JSON.stringify(p.photos) });
    await writeRecordLog(trx, { memberId: rec.member_id, day: input.day, kind: 'practice', minutes: p.minutes, note: p.title, source: 'practice', ref: String(id) });
    await svc.audit.record(trx, auth.actor(), { action: 'learning.practice.update', entity: 'practice_activity', entityId: id, detail: { before: { day: rec.day, minutes: rec.minutes, title: rec.title }, after: { day: input.day, minutes: p.minutes, title: p.title } } });
  });
  return { ok: true };
}

export async function deletePractice(svc: Services, auth: AuthContext, id: number): Promise<{ ok: boolean }> {
  const rec = await repo.practiceById(svc.db, id);
  if (!rec) throw notFound('找不到该记录');
  await editorOf(svc, auth, { ...rec, source: 'self' });
  await svc.db.transaction().execute(async (trx) => {
    await deleteRecordLog(trx, { source: 'practice', ref: String(id) });
    await repo.deletePracticeRow(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'learning.practice.delete', entity: 'practice_activity', entityId: id, detail: { memberId: rec.member_id, day: rec.day, title: rec.title } });
  });
  return { ok: true };
}

// ---------------------------------------------------------------- the member's page

/** The platforms, kinds and conversions the entry forms offer, by this year's settings. */
export async function optionsOf(svc: Services) {
  const today = todayLocal();
  const year = Number(today.slice(0, 4));
  return {
    platforms: [...PLATFORMS],
    practiceKinds: Object.entries(PRACTICE_KINDS).map(([value, label]) => ({ value, label })),
    minutesPerCreditHour: await svc.settings.int('study.minutesPerCreditHour', year),
    minutesPerPoint: await svc.settings.int('study.minutesPerPoint', year),
    backfillDays: await svc.settings.int('plan.studyLogBackfillDays', year),
    maxPhotos: MAX_PRACTICE_PHOTOS,
    maxFileBytes: MAX_FILE_BYTES,
    today,
  };
}

/** An image the member uploads for a record (checked and stored by files.ts). */
export async function uploadImage(svc: Services, auth: AuthContext, req: FastifyRequest) {
  const { filename, buf } = await uploadedFile(req, MAX_FILE_BYTES);
  return storeFile(svc, auth, filename, buf);
}

/** An uploaded image as the reply, to whoever may see it (files.ts). */
export async function sendImage(svc: Services, auth: AuthContext, id: number, reply: FastifyReply) {
  return sendStored(reply, await loadFileFor(svc, auth, id), { disposition: 'inline', fallback: 'image', maxAge: 3600 });
}

/** An online record, with the minutes its row of the study log counts for (`logged`: by the record's id). */
const presentOnline = (r: repo.OnlineRecord, logged: Map<string, number>) => ({
  id: r.id,
  memberId: r.member_id,
  day: r.day,
  platform: r.platform,
  content: r.content,
  minutes: r.minutes,
  credits: r.credit_tenths === null ? null : r.credit_tenths / 10,
  points: r.points,
  studyMinutes: logged.get(String(r.id)) ?? 0,
  evidenceFileId: r.evidence_file_id,
  source: r.source,
  createdAt: r.created_at,
});
const presentPractice = (r: repo.PracticeRecord) => ({
  id: r.id,
  memberId: r.member_id,
  day: r.day,
  kind: r.kind,
  kindLabel: PRACTICE_KINDS[r.kind as PracticeKind] ?? r.kind,
  title: r.title,
  description: r.description,
  minutes: r.minutes,
  photoFileIds: JSON.parse(r.photo_file_ids) as number[],
  createdAt: r.created_at,
});

const monthDays = (month: string | undefined): [string, string] | undefined => (month ? [`${month}-01`, `${month}-31`] : undefined);

/** The member's own records (of a month), newest first, with the minutes they count for. */
export async function mineOf(svc: Services, auth: AuthContext, month: string | undefined) {
  const r = await repo.records(svc.db, { memberId: ownMemberId(auth), days: monthDays(month) }, 500);
  const logged = await readRecordMinutes(svc.db, 'online', r.online.map((o) => String(o.id)));
  const online = r.online.map((o) => presentOnline(o, logged));
  const practice = r.practice.map(presentPractice);
  return { online, practice, onlineMinutes: online.reduce((s, o) => s + o.studyMinutes, 0), practiceMinutes: practice.reduce((s, p) => s + p.minutes, 0) };
}

// ---------------------------------------------------------------- the clerk's view

/** The subtree paths the filter covers: the chosen unit (if reachable) or the viewer's whole scope. */
async function filterPaths(svc: Services, auth: AuthContext, unitId: number | undefined): Promise<string[]> {
  if (unitId === undefined) return (await svc.guard.reach(auth, LearningPolicy.viewUnit)).paths;
  const path = await svc.guard.unitPath(unitId);
  if (path === null) throw badRequest('找不到该单位');
  await svc.guard.authorize(auth, LearningPolicy.viewUnit, { unitPath: path }, '该单位不在您的管理范围内');
  return [path];
}

async function unitRecords(svc: Services, auth: AuthContext, f: UnitFilter, max: number) {
  const filter: repo.RecordFilter = { paths: await filterPaths(svc, auth, f.unitId), days: monthDays(f.month), platform: f.platform, practiceKind: f.practiceKind, q: f.q };
  const [r, { onlineIds, ...practiceTotals }] = await Promise.all([repo.records(svc.db, filter, max), repo.totals(svc.db, filter)]);
  // Every selected online record's minutes (the listed ones are among them), for the list and its total.
  const logged = await readRecordMinutes(svc.db, 'online', onlineIds.map(String));
  return {
    online: r.online.map((o) => ({ ...presentOnline(o, logged), memberName: o.member_name, unitName: o.unit_name })),
    practice: r.practice.map((p) => ({ ...presentPractice(p), memberName: p.member_name, unitName: p.unit_name })),
    onlineTotal: onlineIds.length,
    onlineMinutes: [...logged.values()].reduce((a, m) => a + m, 0),
    ...practiceTotals,
  };
}

/** The records of the members in the viewer's subtree (or one unit's), as the filter narrows them. */
export const unitRecordsOf = (svc: Services, auth: AuthContext, f: UnitFilter) => unitRecords(svc, auth, f, f.limit ?? 200);

/** The same records, all of them, as a workbook of two sheets. */
export async function unitXlsx(svc: Services, auth: AuthContext, f: UnitFilter, reply: FastifyReply) {
  const r = await unitRecords(svc, auth, f, 100_000);
  const measure = (o: (typeof r.online)[number]) => (o.minutes !== null ? `${o.minutes} 分钟` : o.credits !== null ? `${o.credits} 学时` : `${o.points} 积分`);
  const buf = await buildXlsx([
    {
      name: '线上学习',
      title: `线上学习记录${f.month ? `（${f.month}）` : ''}`,
      columns: [
        { header: '日期', key: 'day', width: 12 },
        { header: '姓名', key: 'memberName', width: 10 },
        { header: '单位', key: 'unitName', width: 18 },
        { header: '平台', key: 'platform', width: 14 },
        { header: '内容', key: 'content', width: 36 },
        { header: '时长/学时/积分', key: 'measure', width: 14 },
        { header: '折算学习分钟', key: 'studyMinutes', width: 14 },
        { header: '来源', key: 'source', width: 8 },
      ],
      rows: r.online.map((o) => ({ ...o, measure: measure(o), source: o.source === 'import' ? '导入' : '本人填报' })),
    },
    {
      name: '实践活动',
      title: `实践活动记录${f.month ? `（${f.month}）` : ''}`,
      columns: [
        { header: '日期', key: 'day', width: 12 },
        { header: '姓名', key: 'memberName', width: 10 },
        { header: '单位', key: 'unitName', width: 18 },
        { header: '类型', key: 'kindLabel', width: 10 },
        { header: '活动名称', key: 'title', width: 28 },
        { header: '活动描述', key: 'description', width: 50 },
        { header: '时长(分钟)', key: 'minutes', width: 12 },
        { header: '照片数', key: 'photos', width: 8 },
      ],
      rows: r.practice.map((p) => ({ ...p, photos: p.photoFileIds.length })),
    },
  ]);
  return sendXlsx(reply, `线上学习与实践活动${f.month ? `-${f.month}` : ''}.xlsx`, buf);
}

// ---------------------------------------------------------------- the clerk's import

export const sendImportTemplate = async (reply: FastifyReply) => sendXlsx(reply, '线上学习导入模板.xlsx', await learningTemplate());

/** A platform's list, uploaded: previewed (`dryRun`) or imported row by row (import.ts). */
export async function importUpload(svc: Services, auth: AuthContext, req: FastifyRequest, q: { dryRun?: boolean; platform?: string }) {
  const { buf } = await uploadedFile(req, MAX_FILE_BYTES);
  return importOnline(svc, auth, buf, { dryRun: q.dryRun ?? false, platform: q.platform || undefined });
}
