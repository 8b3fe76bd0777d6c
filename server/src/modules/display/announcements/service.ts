// The announcements board (文化宣传栏): the clerk publishes posts with images to the
// whole unit or to some of its units, for a window of time, pinned or not; members
// read them on their home page, screens show them, and the clerk sees who read them.
import crypto from 'node:crypto';
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, conflict, forbidden, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { nowIso } from '../../../platform/time';
import { sniffImage } from '../../learning/files';
import { imageProblem } from '../../../platform/images';
import { bodyText, sanitizeBody } from '../../reflections/sanitize';
import { DisplayPolicy } from '../policy';
import * as repo from './repository';
import type { AnnouncementCreate, AnnouncementUpdate, AnnouncementView, ReadStatsView } from './schemas';

/** Images one announcement may carry (a poster, a few photos). */
export const MAX_IMAGES = 9;

export const idsOfPath = (path: string) => path.split('/').filter(Boolean).map(Number);

export function stateOf(r: { withdrawn_at: string | null; publish_from: string; publish_until: string | null }, now = nowIso()) {
  if (r.withdrawn_at) return 'withdrawn';
  if (r.publish_from > now) return 'scheduled';
  if (r.publish_until && r.publish_until <= now) return 'ended';
  return 'live';
}

async function present(svc: Services, rows: repo.AnnouncementRow[], memberId: number | null, imageUrl: (a: number, i: number) => string): Promise<AnnouncementView[]> {
  const ids = rows.map((r) => r.id);
  const [targets, images, reads, mine] = await Promise.all([
    repo.targetsOf(svc.db, ids),
    repo.imagesOf(svc.db, ids),
    repo.readCounts(svc.db, ids),
    memberId ? repo.readBy(svc.db, ids, memberId) : Promise.resolve(new Set<number>()),
  ]);
  const now = nowIso();
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    title: r.title,
    bodyHtml: r.body_html,
    pinned: Boolean(r.pinned),
    public: Boolean(r.public),
    publishFrom: r.publish_from,
    publishUntil: r.publish_until,
    withdrawnAt: r.withdrawn_at,
    state: stateOf(r, now),
    targets: targets.filter((t) => t.announcement_id === r.id).map((t) => ({ id: t.id, name: t.name })),
    images: images.filter((i) => i.announcement_id === r.id).map((i) => ({ id: i.id, url: imageUrl(r.id, i.id), filename: i.filename, size: i.size })),
    reads: reads.get(r.id) ?? 0,
    read: mine.has(r.id),
    createdAt: r.created_at,
    version: r.version,
  }));
}

const memberImageUrl = (a: number, i: number) => `/api/announcements/${a}/images/${i}`;

/** Targets must lie inside the publishing unit; returns them deduplicated. */
async function checkTargets(svc: Services, unitPath: string, ids: number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  const units = await repo.unitsByIds(svc.db, unique);
  if (units.length !== unique.length) throw badRequest('所选的发布范围中有不存在的单位');
  for (const u of units) if (!u.path.startsWith(unitPath)) throw badRequest(`“${u.name}”不在发布单位之内`);
  return unique;
}

function checkWindow(from: string, until: string | null) {
  if (until && until <= from) throw badRequest('下架时间应晚于发布时间');
}

function cleanBody(html: string) {
  const clean = sanitizeBody(html);
  return { html: clean, text: bodyText(clean) };
}

export async function listManaged(svc: Services, auth: AuthContext, state?: string) {
  const reach = await svc.guard.reach(auth, DisplayPolicy.announcementStats);
  const rows = await repo.listManaged(svc.db, reach);
  const now = nowIso();
  const chosen = state && state !== 'all' ? rows.filter((r) => stateOf(r, now) === state) : rows;
  return { items: await present(svc, chosen, null, memberImageUrl) };
}

export async function create(svc: Services, auth: AuthContext, input: AnnouncementCreate) {
  const unit = await repo.unitById(svc.db, input.unitId);
  if (!unit) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, DisplayPolicy.publishAnnouncements, { unitPath: unit.path }, '只能在本人管辖的单位发布公告');
  const title = input.title.trim();
  if (!title) throw badRequest('请填写标题');
  const body = cleanBody(input.bodyHtml);
  const now = nowIso();
  const from = input.publishFrom ? new Date(input.publishFrom).toISOString() : now;
  const until = input.publishUntil ? new Date(input.publishUntil).toISOString() : null;
  checkWindow(from, until);
  const targets = await checkTargets(svc, unit.path, input.targetUnitIds ?? []);
  return svc.db.transaction().execute(async (trx) => {
    const id = await repo.insertAnnouncement(trx, { unitId: unit.id, title, html: body.html, text: body.text, pinned: Boolean(input.pinned), public: Boolean(input.public), from, until, by: auth.userId, now });
    await repo.setTargets(trx, id, targets);
    await svc.audit.record(trx, auth.actor(), { action: 'announcement.create', entity: 'announcement', entityId: id, detail: { title, unitId: unit.id, targets, from, until } });
    return id;
  });
}

async function managed(svc: Services, auth: AuthContext, id: number) {
  const row = await repo.getAnnouncement(svc.db, id);
  if (!row) throw notFound('找不到该公告');
  await svc.guard.authorize(auth, DisplayPolicy.publishAnnouncements, { unitPath: row.unit_path }, '该公告不在您的管理范围内');
  return row;
}

export async function update(svc: Services, auth: AuthContext, id: number, input: AnnouncementUpdate) {
  const row = await managed(svc, auth, id);
  const set: Parameters<typeof repo.updateAnnouncement>[3] = {};
  if (input.title !== undefined) {
    if (!input.title.trim()) throw badRequest('请填写标题');
    set.title = input.title.trim();
  }
  if (input.bodyHtml !== undefined) {
    const b = cleanBody(input.bodyHtml);
    set.body_html = b.html;
    set.body_text = b.text;
  }
  if (input.pinned !== undefined) set.pinned = input.pinned ? 1 : 0;
  if (input.public !== undefined) set.public = input.public ? 1 : 0;
  if (input.publishFrom !== undefined) set.publish_from = new Date(input.publishFrom).toISOString();
  if (input.publishUntil !== undefined) set.publish_until = input.publishUntil ? new Date(input.publishUntil).toISOString() : null;
  checkWindow(set.publish_from ?? row.publish_from, set.publish_until !== undefined ? set.publish_until : row.publish_until);
  const targets = input.targetUnitIds ? await checkTargets(svc, row.unit_path, input.targetUnitIds) : null;
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.updateAnnouncement(trx, id, input.version, set, nowIso()))) throw conflict();
    if (targets) await repo.setTargets(trx, id, targets);
    await svc.audit.record(trx, auth.actor(), { action: 'announcement.update', entity: 'announcement', entityId: id, detail: { fields: Object.keys(set), targets } });
  });
}

export async function withdraw(svc: Services, auth: AuthContext, id: number, version: number) {
  const row = await managed(svc, auth, id);
  if (row.withdrawn_at) return;
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.updateAnnouncement(trx, id, version, { withdrawn_at: nowIso() }, nowIso()))) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'announcement.withdraw', entity: 'announcement', entityId: id, detail: { title: row.title } });
  });
}

export async function remove(svc: Services, auth: AuthContext, id: number) {
  const row = await managed(svc, auth, id);
  await svc.db.transaction().execute(async (trx) => {
    await repo.deleteAnnouncement(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'announcement.delete', entity: 'announcement', entityId: id, detail: { title: row.title } });
  });
}

export async function addImage(svc: Services, auth: AuthContext, id: number, filename: string, buf: Buffer) {
  await managed(svc, auth, id);
  const maxKb = await svc.settings.int('display.imageMaxKb');
  if (buf.length === 0) throw badRequest('文件是空的');
  if (buf.length > maxKb * 1024) throw badRequest(`图片不能超过 ${maxKb} KB`);
  // By content, not by the name or the browser's word.
  const kind = sniffImage(buf);
  if (!kind) throw badRequest('只能上传图片（JPEG、PNG 或 WebP 格式）');
  const problem = imageProblem(buf);
  if (problem) throw badRequest(problem);
  if ((await repo.countImages(svc.db, id)) >= MAX_IMAGES) throw badRequest(`每条公告最多 ${MAX_IMAGES} 张图片`);
  const name =
    filename
      .replace(/[\\/:*?"<>|\p{Cc}]/gu, '')
      .trim()
      .slice(0, 80) || `图片.${kind.ext}`;
  return svc.db.transaction().execute(async (trx) => {
    const imageId = await repo.insertImage(trx, {
      announcementId: id,
      filename: name,
      mime: kind.mime,
      size: buf.length,
      sha256: crypto.createHash('sha256').update(buf).digest('hex'),
      base64: buf.toString('base64'),
      now: nowIso(),
    });
    await svc.audit.record(trx, auth.actor(), { action: 'announcement.image.add', entity: 'announcement', entityId: id, detail: { imageId, mime: kind.mime, size: buf.length } });
    return { id: imageId, url: memberImageUrl(id, imageId), filename: name, size: buf.length };
  });
}

export async function removeImage(svc: Services, auth: AuthContext, id: number, imageId: number) {
  await managed(svc, auth, id);
  await svc.db.transaction().execute(async (trx) => {
    const r = await repo.deleteImage(trx, id, imageId);
    if (Number(r.numDeletedRows) !== 1) throw notFound('找不到该图片');
    await svc.audit.record(trx, auth.actor(), { action: 'announcement.image.remove', entity: 'announcement', entityId: id, detail: { imageId } });
  });
}

/** Whether an announcement is aimed at a unit (by the ids on the unit's path). */
async function aimedAt(svc: Services, row: repo.AnnouncementRow, unitIds: number[]): Promise<boolean> {
  const targets = await repo.targetsOf(svc.db, [row.id]);
  if (targets.length === 0) return unitIds.includes(row.unit_id);
  return targets.some((t) => unitIds.includes(t.id));
}

/**
 * May this user open the announcement? A member to whom it is aimed while it is live;
 * a clerk, secretary, leader or inspector over the publishing unit at any time.
 */
async function readable(svc: Services, auth: AuthContext, id: number) {
  const row = await repo.getAnnouncement(svc.db, id);
  // The same answer for missing and not-yours: no probing of ids.
  if (!row) throw notFound('找不到该公告');
  if (await svc.guard.allows(auth, DisplayPolicy.announcementStats, { unitPath: row.unit_path })) return { row, member: null };
  const m = auth.user.memberId && auth.has('member') ? await repo.memberUnit(svc.db, auth.user.memberId) : undefined;
  if (m && stateOf(row) === 'live' && (await aimedAt(svc, row, idsOfPath(m.path)))) return { row, member: m };
  throw notFound('找不到该公告');
}

export async function detail(svc: Services, auth: AuthContext, id: number) {
  const { row } = await readable(svc, auth, id);
  return (await present(svc, [row], auth.user.memberId, memberImageUrl))[0]!;
}

export async function markRead(svc: Services, auth: AuthContext, id: number) {
  const { member } = await readable(svc, auth, id);
  if (!member) return { counted: false };
  const counted = await repo.markRead(svc.db, { announcementId: id, memberId: member.id, unitId: member.unit_id, at: nowIso() });
  return { counted };
}

export async function image(svc: Services, auth: AuthContext, id: number, imageId: number) {
  await readable(svc, auth, id);
  const img = await repo.imageData(svc.db, id, imageId);
  if (!img) throw notFound('找不到该图片');
  return img;
}

/** The member's board: live announcements aimed at their unit, pinned first. */
export async function forMember(svc: Services, auth: AuthContext, limit = 50) {
  if (!auth.user.memberId) throw forbidden('您的账号未关联干部信息');
  const m = await repo.memberUnit(svc.db, auth.user.memberId);
  if (!m) throw forbidden('您的账号未关联干部信息');
  const rows = await repo.liveAt(svc.db, idsOfPath(m.path), nowIso(), limit);
  return { items: await present(svc, rows, m.id, memberImageUrl) };
}

/** What a screen of the unit shows (no personal data: titles, text and images). */
export async function forScreen(svc: Services, unitPath: string, limit: number, imageUrl: (a: number, i: number) => string, onlyPublic = false) {
  const rows = await repo.liveAt(svc.db, idsOfPath(unitPath), nowIso(), limit, onlyPublic);
  const images = await repo.imagesOf(svc.db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    text: r.body_text,
    pinned: Boolean(r.pinned),
    publishFrom: r.publish_from,
    images: images.filter((i) => i.announcement_id === r.id).map((i) => ({ id: i.id, url: imageUrl(r.id, i.id) })),
  }));
}

/** An image a screen may load: its announcement must be live at the screen's unit. */
export async function imageForScreen(svc: Services, unitPath: string, imageId: number, onlyPublic = false) {
  const img = await repo.imageById(svc.db, imageId);
  if (!img) throw notFound('找不到该图片');
  const live = await repo.liveAt(svc.db, idsOfPath(unitPath), nowIso(), 1000, onlyPublic);
  if (!live.some((r) => r.id === img.announcement_id)) throw notFound('找不到该图片');
  return img;
}

export async function readStats(svc: Services, auth: AuthContext, id: number): Promise<ReadStatsView> {
  const row = await repo.getAnnouncement(svc.db, id);
  if (!row) throw notFound('找不到该公告');
  await svc.guard.authorize(auth, DisplayPolicy.announcementStats, { unitPath: row.unit_path }, '该公告不在您的管理范围内');
  const targets = await repo.targetsOf(svc.db, [id]);
  const paths = targets.length ? targets.map((t) => t.path) : [row.unit_path];
  const units = (await repo.readsByUnit(svc.db, id, paths)).filter((u) => u.members > 0 || u.reads > 0);
  return {
    id,
    title: row.title,
    totalMembers: units.reduce((n, u) => n + u.members, 0),
    totalReads: units.reduce((n, u) => n + u.reads, 0),
    units: units.map((u) => ({ unitId: u.id, unitName: u.name, members: u.members, reads: u.reads })),
  };
}
