// 线上学习与实践活动 (plan §三.8). Each record writes, in the same transaction,
// its row of the daily study log (kind 'online' / 'practice', source_ref = the
// record's id), so the log, the daily target and the clerk's figures see it.
import type { DB } from '../../db';
import type { AuthContext } from '../../platform/auth/context';
import { badRequest, forbidden, notFound } from '../../platform/errors';
import type { Role } from '../../platform/roles';
import type { Services } from '../../platform/services';
import { nowIso, todayLocal } from '../../platform/time';
import { lockMember } from '../study/rules';
import { LearningPolicy } from './policy';
import { rolesOf } from '../../platform/policy';

export const PLATFORMS = ['学习强国', '干部教育在线', 'X大讲堂', '微信公众号', '其他'] as const;
export const PRACTICE_KINDS = { volunteer: '志愿服务', research: '调研', service: '为民服务', other: '其他' } as const;
export type PracticeKind = keyof typeof PRACTICE_KINDS;

/** A day has this many minutes; no member studies more than that in one day. */
export const MINUTES_PER_DAY = 24 * 60;
/** Photos one practice activity can carry. */
export const MAX_PRACTICE_PHOTOS = 9;

/** Who sees (and may correct) the records of the members in their subtree. */
export const LEARNING_VIEWERS: Role[] = rolesOf(LearningPolicy.viewUnit);
/** Who imports lists and corrects others' records. */
export const LEARNING_CLERKS: Role[] = rolesOf(LearningPolicy.import);

export interface OnlineInput {
  day: string;
  platform: string;
  content?: string;
  minutes?: number | null;
  /** 学时, one decimal. */
  credits?: number | null;
  points?: number | null;
  evidenceFileId?: number | null;
}

export interface PracticeInput {
  day: string;
  kind: string;
  title: string;
  description?: string;
  minutes: number;
  photoFileIds?: number[];
}

/** The measure of an online record: exactly one of minutes, 学时 (tenths) or points. */
export interface Measure {
  minutes: number | null;
  credit_tenths: number | null;
  points: number | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDay(day: string): boolean {
  if (!DAY.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Checks the day itself: a real date, not in the future, and (for members) inside the backfill window. */
export async function checkDay(svc: Services, day: string, opts: { window: boolean }): Promise<void> {
  if (!isValidDay(day)) throw badRequest('日期格式不正确，应为 年-月-日');
  const today = todayLocal();
  if (day > today) throw badRequest(`不能记录将来的日期（${day}）`);
  if (opts.window) {
    const back = await svc.settings.int('plan.studyLogBackfillDays', Number(today.slice(0, 4)));
    const earliest = addDays(today, -back);
    if (day < earliest) {
      throw badRequest(back === 0 ? `只能记录当天的学习（${day} 已不能补录）` : `只能补录最近 ${back} 天的学习（${earliest} 及以后），${day} 已超出补录期限`);
    }
  }
}

/** Validates minutes / 学时 / points: exactly one, not negative, whole minutes and points, one decimal of 学时. */
export function parseMeasure(input: { minutes?: number | null; credits?: number | null; points?: number | null }): Measure {
  const given = (['minutes', 'credits', 'points'] as const).filter((k) => input[k] !== undefined && input[k] !== null);
  if (given.length === 0) throw badRequest('请填写时长（分钟）、学时或积分中的一项');
  if (given.length > 1) throw badRequest('时长（分钟）、学时、积分只能填写一项');
  const k = given[0];
  const v = Number(input[k]);
  if (!Number.isFinite(v)) throw badRequest('数值不正确');
  if (k === 'minutes') {
    if (v < 0) throw badRequest('时长不能为负数');
    if (!Number.isInteger(v)) throw badRequest('时长应为整数分钟');
    if (v > MINUTES_PER_DAY) throw badRequest(`时长不能超过一天（${MINUTES_PER_DAY} 分钟）`);
    return { minutes: v, credit_tenths: null, points: null };
  }
  if (k === 'credits') {
    if (v < 0) throw badRequest('学时不能为负数');
    const tenths = Math.round(v * 10);
    if (Math.abs(tenths - v * 10) > 1e-6) throw badRequest('学时最多保留一位小数');
    if (tenths > 10 * 24) throw badRequest('学时不能超过一天');
    return { minutes: null, credit_tenths: tenths, points: null };
  }
  if (v < 0) throw badRequest('积分不能为负数');
  if (!Number.isInteger(v)) throw badRequest('积分应为整数');
  if (v > 100_000) throw badRequest('积分数值过大');
  return { minutes: null, credit_tenths: null, points: v };
}

/** The study minutes an online record counts for, by the settings of its day's year. */
export async function derivedMinutes(svc: Services, m: Measure, day: string): Promise<number> {
  const year = Number(day.slice(0, 4));
  if (m.minutes !== null) return m.minutes;
  if (m.credit_tenths !== null) return Math.round((m.credit_tenths * (await svc.settings.int('study.minutesPerCreditHour', year))) / 10);
  return (m.points ?? 0) * (await svc.settings.int('study.minutesPerPoint', year));
}

export function checkPlatform(platform: string): string {
  const p = platform.trim();
  if (!(PLATFORMS as readonly string[]).includes(p)) throw badRequest(`学习平台应为：${PLATFORMS.join('、')}`);
  return p;
}

/** Refuses when the day's logged minutes (every kind) plus these would pass a whole day. */
export async function checkDayTotal(svc: Services, trx: DB, memberId: number, day: string, adding: number, except?: { source: string; ref: string }) {
  await lockMember(svc, trx, memberId);
  let q = trx
    .selectFrom('study_logs')
    .select((eb) => eb.fn.sum<number>('minutes').as('total'))
    .where('member_id', '=', memberId)
    .where('day', '=', day);
  if (except) q = q.where((eb) => eb.not(eb.and([eb('source', '=', except.source), eb('source_ref', '=', except.ref)])));
  const total = Number((await q.executeTakeFirst())?.total ?? 0);
  if (total + adding > MINUTES_PER_DAY) {
    throw badRequest(`${day} 已记录学习 ${total} 分钟，再加 ${adding} 分钟将超过一天的 ${MINUTES_PER_DAY} 分钟`);
  }
}

/** The member this signed-in user is. */
export function ownMemberId(auth: AuthContext): number {
  const id = auth.user.memberId;
  if (!id) throw forbidden('您的账号未关联干部信息，不能记录学习');
  return id;
}

async function memberUnitPath(db: DB, memberId: number): Promise<string> {
  const r = await db.selectFrom('members').innerJoin('units', 'units.id', 'members.unit_id').select('units.path').where('members.id', '=', memberId).executeTakeFirst();
  if (!r) throw notFound('找不到该干部');
  return r.path;
}

/** Files must be this user's own uploads. */
async function checkOwnFiles(db: DB, auth: AuthContext, ids: number[]) {
  if (ids.length === 0) return;
  const uniq = [...new Set(ids)];
  if (uniq.length !== ids.length) throw badRequest('照片重复');
  const rows = await db.selectFrom('files').select(['id', 'owner_user_id']).where('id', 'in', uniq).execute();
  if (rows.length !== uniq.length || rows.some((r) => r.owner_user_id !== auth.userId)) throw badRequest('照片不存在或不是您上传的，请重新上传');
}

async function upsertLog(trx: DB, row: { memberId: number; day: string; kind: 'online' | 'practice'; minutes: number; note: string; ref: string }) {
  const existing = await trx.selectFrom('study_logs').select('id').where('source', '=', row.kind).where('source_ref', '=', row.ref).executeTakeFirst();
  if (existing) {
    await trx.updateTable('study_logs').set({ member_id: row.memberId, day: row.day, minutes: row.minutes, note: row.note }).where('id', '=', existing.id).execute();
  } else {
    await trx
      .insertInto('study_logs')
      .values({ member_id: row.memberId, day: row.day, kind: row.kind, minutes: row.minutes, book_id: null, book_title: null, progress: '', note: row.note, source: row.kind, source_ref: row.ref, created_at: nowIso() })
      .execute();
  }
}

const onlineNote = (platform: string, content: string) => (content ? `${platform}：${content}` : platform).slice(0, 200);

// ---------------------------------------------------------------- online learning

/**
 * Inserts one online record with its log row; `trx` is the caller's transaction.
 * `minutes` comes from derivedMinutes, read before the transaction: on SQLite a
 * read through svc.db inside a transaction would wait for the transaction itself.
 */
export async function insertOnline(
  svc: Services,
  trx: DB,
  rec: { memberId: number; day: string; platform: string; content: string; measure: Measure; minutes: number; evidenceFileId: number | null; source: 'self' | 'import'; importKey: string | null; createdBy: number },
): Promise<{ id: number; minutes: number }> {
  const minutes = rec.minutes;
  await checkDayTotal(svc, trx, rec.memberId, rec.day, minutes);
  const { id } = await trx
    .insertInto('online_learning')
    .values({
      member_id: rec.memberId,
      day: rec.day,
      platform: rec.platform,
      content: rec.content,
      ...rec.measure,
      evidence_file_id: rec.evidenceFileId,
      source: rec.source,
      import_key: rec.importKey,
      created_by: rec.createdBy,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await upsertLog(trx, { memberId: rec.memberId, day: rec.day, kind: 'online', minutes, note: onlineNote(rec.platform, rec.content), ref: String(id) });
  return { id, minutes };
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
  if (input.evidenceFileId) await checkOwnFiles(svc.db, auth, [input.evidenceFileId]);
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
    const path = await memberUnitPath(svc.db, rec.member_id);
    if (auth.reaches(path, LEARNING_CLERKS)) return 'clerk';
    if (rec.member_id !== auth.user.memberId) throw notFound('找不到该记录');
    throw forbidden('党建办导入的记录不能自行修改，如有错误请联系党建办');
  }
  await checkDay(svc, rec.day, { window: true }).catch(() => {
    throw badRequest(`${rec.day} 的记录已超出补录期限，不能再修改或删除`);
  });
  return 'self';
}

export async function updateOnline(svc: Services, auth: AuthContext, id: number, input: OnlineInput): Promise<{ minutes: number }> {
  const rec = await svc.db.selectFrom('online_learning').selectAll().where('id', '=', id).executeTakeFirst();
  if (!rec) throw notFound('找不到该记录');
  const role = await editorOf(svc, auth, rec);
  const platform = checkPlatform(input.platform);
  const content = cleanContent(input.content, 200, '学习内容');
  const measure = parseMeasure(input);
  await checkDay(svc, input.day, { window: role === 'self' });
  if (input.evidenceFileId && input.evidenceFileId !== rec.evidence_file_id) await checkOwnFiles(svc.db, auth, [input.evidenceFileId]);
  const minutes = await derivedMinutes(svc, measure, input.day);
  return svc.db.transaction().execute(async (trx) => {
    await checkDayTotal(svc, trx, rec.member_id, input.day, minutes, { source: 'online', ref: String(id) });
    await trx
      .updateTable('online_learning')
      .set({ day: input.day, platform, content, ...measure, evidence_file_id: input.evidenceFileId ?? null })
      .where('id', '=', id)
      .execute();
    await upsertLog(trx, { memberId: rec.member_id, day: input.day, kind: 'online', minutes, note: onlineNote(platform, content), ref: String(id) });
    await svc.audit.record(trx, auth.actor(), {
      action: 'learning.online.update',
      entity: 'online_learning',
      entityId: id,
      detail: { before: { day: rec.day, platform: rec.platform, minutes: rec.minutes, credit_tenths: rec.credit_tenths, points: rec.points }, after: { day: input.day, platform, ...measure } },
    });
    return { minutes };
  });
}

export async function deleteOnline(svc: Services, auth: AuthContext, id: number): Promise<void> {
  const rec = await svc.db.selectFrom('online_learning').selectAll().where('id', '=', id).executeTakeFirst();
  if (!rec) throw notFound('找不到该记录');
  await editorOf(svc, auth, rec);
  await svc.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('study_logs').where('source', '=', 'online').where('source_ref', '=', String(id)).execute();
    await trx.deleteFrom('online_learning').where('id', '=', id).execute();
    await svc.audit.record(trx, auth.actor(), { action: 'learning.online.delete', entity: 'online_learning', entityId: id, detail: { memberId: rec.member_id, day: rec.day, platform: rec.platform, source: rec.source } });
  });
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
  await checkOwnFiles(svc.db, auth, p.photos);
  return svc.db.transaction().execute(async (trx) => {
    await checkDayTotal(svc, trx, memberId, input.day, p.minutes);
    const { id } = await trx
      .insertInto('practice_activities')
      .values({ member_id: memberId, day: input.day, kind: p.kind, title: p.title, description: p.description, minutes: p.minutes, photo_file_ids: JSON.stringify(p.photos), created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await upsertLog(trx, { memberId, day: input.day, kind: 'practice', minutes: p.minutes, note: p.title, ref: String(id) });
    await svc.audit.record(trx, auth.actor(), { action: 'learning.practice.create', entity: 'practice_activity', entityId: id, detail: { day: input.day, kind: p.kind, title: p.title, minutes: p.minutes, photos: p.photos.length } });
    return { id };
  });
}

export async function updatePractice(svc: Services, auth: AuthContext, id: number, input: PracticeInput): Promise<void> {
  const rec = await svc.db.selectFrom('practice_activities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!rec) throw notFound('找不到该记录');
  const role = await editorOf(svc, auth, { ...rec, source: 'self' });
  const p = checkPractice(input);
  await checkDay(svc, input.day, { window: role === 'self' });
  const before = JSON.parse(rec.photo_file_ids) as number[];
  await checkOwnFiles(
    svc.db,
    auth,
    p.photos.filter((f) => !before.includes(f)),
  );
  await svc.db.transaction().execute(async (trx) => {
    await checkDayTotal(svc, trx, rec.member_id, input.day, p.minutes, { source: 'practice', ref: String(id) });
    await trx
      .updateTable('practice_activities')
      .set({ day: input.day, kind: p.kind, title: p.title, description: p.description, minutes: p.minutes, photo_file_ids: JSON.stringify(p.photos) })
      .where('id', '=', id)
      .execute();
    await upsertLog(trx, { memberId: rec.member_id, day: input.day, kind: 'practice', minutes: p.minutes, note: p.title, ref: String(id) });
    await svc.audit.record(trx, auth.actor(), { action: 'learning.practice.update', entity: 'practice_activity', entityId: id, detail: { before: { day: rec.day, minutes: rec.minutes, title: rec.title }, after: { day: input.day, minutes: p.minutes, title: p.title } } });
  });
}

export async function deletePractice(svc: Services, auth: AuthContext, id: number): Promise<void> {
  const rec = await svc.db.selectFrom('practice_activities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!rec) throw notFound('找不到该记录');
  await editorOf(svc, auth, { ...rec, source: 'self' });
  await svc.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('study_logs').where('source', '=', 'practice').where('source_ref', '=', String(id)).execute();
    await trx.deleteFrom('practice_activities').where('id', '=', id).execute();
    await svc.audit.record(trx, auth.actor(), { action: 'learning.practice.delete', entity: 'practice_activity', entityId: id, detail: { memberId: rec.member_id, day: rec.day, title: rec.title } });
  });
}
