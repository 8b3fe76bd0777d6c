// 讲党课 (plan §三.7): an ordinary cadre proposes a topic with an outline; the clerk
// approves and schedules it (or schedules it directly); slides and handouts are
// uploaded; the audience checks in by the lecture's collective session and rates
// it from their phones; the lecturer sees the average and the comments, the clerk
// who has lectured this year and who never has, the secretary counts per unit.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, conflict, forbidden, notFound } from '../../../platform/errors';
import { notifyMember, notifyUser } from '../../../platform/notifications';
import type { Services } from '../../../platform/services';
import { clock, currentYear, formatLocal, nowIso } from '../../../platform/time';
import { activeMembersUnder } from '../../org/service';
import { attends, changeStatus, clerksFor, createSession, getSession, SESSION_STATUS_LABEL, signInSheet } from '../../sessions/service';
import { checkUpload } from '../files';
import * as files from '../repository';
import { ancestorsOf, dateOf, sendFile as sendSeminarFile, timeOf, uploadedMaterial } from '../service';
import { LecturePolicy } from './policy';
import * as repo from './repository';
import type { LectureRow } from './repository';

export const LECTURE_STATUS_LABEL: Record<string, string> = { proposed: '待审批', scheduled: '已安排', rejected: '未通过', cancelled: '已取消' };
export const FILE_KIND_LABEL: Record<string, string> = { slides: '课件', handout: '讲义' };
const DAY_MS = 86_400_000;
const yearOf = (iso: string) => Number(formatLocal(iso, 'YYYY'));

export interface SlotInput {
  date: string;
  start: string;
  end: string;
  place: string;
  unitIds: number[];
}

async function load(svc: Services, id: number): Promise<LectureRow> {
  const l = await repo.findLecture(svc.db, id);
  if (!l) throw notFound('找不到该党课');
  return l;
}

/** Held: scheduled and its session closed or over. */
const heldNow = (l: { status: string; session_status: string | null; ends_at: string | null }, now: number) =>
  l.status === 'scheduled' && l.session_status !== 'cancelled' && (l.session_status === 'closed' || (l.ends_at !== null && Date.parse(l.ends_at) < now));

function stateLabel(l: LectureRow, now: number) {
  if (l.status === 'scheduled' && l.session_status === 'cancelled') return '已取消';
  if (heldNow(l, now)) return '已开讲';
  return LECTURE_STATUS_LABEL[l.status] ?? l.status;
}

function itemView(l: LectureRow, stats: { avg: number; n: number } | undefined, now: number) {
  return {
    id: l.id,
    topic: l.topic,
    outline: l.outline,
    lecturerId: l.member_id,
    lecturerName: l.lecturer_name,
    lecturerPosition: l.lecturer_position,
    unitName: l.unit_name,
    status: l.status,
    statusLabel: stateLabel(l, now),
    held: heldNow(l, now),
    sessionId: l.session_id,
    sessionStatus: l.session_status,
    sessionStatusLabel: l.session_status ? (SESSION_STATUS_LABEL[l.session_status] ?? l.session_status) : null,
    date: l.starts_at ? dateOf(l.starts_at) : null,
    start: l.starts_at ? timeOf(l.starts_at) : null,
    end: l.ends_at ? timeOf(l.ends_at) : null,
    place: l.place,
    decisionNote: l.decision_note,
    average: stats ? Math.round(stats.avg * 10) / 10 : null,
    ratings: stats?.n ?? 0,
  };
}

// ---- proposing and scheduling -------------------------------------------------------

export async function propose(svc: Services, auth: AuthContext, input: { topic: string; outline: string }) {
  const memberId = auth.user.memberId;
  if (!memberId) throw forbidden('您的账号未关联干部信息，不能申报党课');
  await svc.guard.authorize(auth, LecturePolicy.propose, { memberId });
  const topic = input.topic.trim();
  if (!topic) throw badRequest('请填写党课题目');
  const outline = input.outline.trim();
  if (!outline) throw badRequest('请填写党课提纲');
  const me = await files.memberWithUnit(svc.db, memberId);
  if (!me || me.status !== 'active') throw forbidden('您的干部信息不在职，不能申报党课');
  return svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const id = await repo.insertLecture(trx, { unitId: me.unit_id, memberId, topic, outline, createdBy: auth.userId, now });
    for (const userId of await clerksFor(trx, me.unit_path)) {
      await notifyUser(trx, userId, { kind: 'lecture.proposed', title: `党课申报待审批：${me.name}`, body: `${me.name}（${me.unit_name}）申报党课“${topic}”。`, link: '/console/lectures', dedupeKey: `lecture-proposed:${id}` });
    }
    await svc.audit.record(trx, auth.actor(), { action: 'lecture.propose', entity: 'lecture', entityId: id, detail: { topic } });
    return id;
  });
}

async function makeSession(svc: Services, auth: AuthContext, l: { unit_id: number; topic: string; lecturer: string }, slot: SlotInput) {
  const minutes = await svc.settings.int('seminars.studyMinutes', Number(slot.date.slice(0, 4)));
  return createSession(svc, auth, { unitId: l.unit_id, topic: `党课：${l.topic}`, place: slot.place.trim(), host: l.lecturer, date: slot.date, start: slot.start, end: slot.end, ...(minutes > 0 ? { minutes } : {}), unitIds: slot.unitIds });
}

export async function schedule(svc: Services, auth: AuthContext, id: number, slot: SlotInput) {
  const l = await load(svc, id);
  await svc.guard.authorize(auth, LecturePolicy.schedule, { unitPath: l.unit_path }, '该党课不在您的管理范围内');
  if (l.status !== 'proposed') throw badRequest('只有待审批的党课可以安排');
  const sessionId = await makeSession(svc, auth, { unit_id: l.unit_id, topic: l.topic, lecturer: l.lecturer_name }, slot);
  try {
    await svc.db.transaction().execute(async (trx) => {
      const now = nowIso();
      if (!(await repo.decide(trx, id, 'proposed', { status: 'scheduled', sessionId, note: null, userId: auth.userId, now }))) throw conflict();
      const s = await getSession(trx, sessionId);
      await notifyMember(trx, l.member_id, {
        kind: 'lecture.scheduled',
        title: `党课已安排：${l.topic}`,
        body: `您申报的党课已通过，安排在${s ? formatLocal(s.starts_at, 'M月D日 HH:mm') : slot.date}，地点：${slot.place || '待定'}。请上传课件。`,
        link: `/lectures/${id}`,
        dedupeKey: `lecture-scheduled:${id}`,
      });
      await svc.audit.record(trx, auth.actor(), { action: 'lecture.schedule', entity: 'lecture', entityId: id, detail: { sessionId } });
    });
  } catch (e) {
    await changeStatus(svc, auth, sessionId, 'cancel').catch(() => undefined);
    throw e;
  }
}

export async function scheduleDirect(svc: Services, auth: AuthContext, input: SlotInput & { memberId: number; topic: string; outline: string }) {
  const m = await files.memberWithUnit(svc.db, input.memberId);
  if (!m || m.status !== 'active') throw badRequest('找不到该在职干部');
  await svc.guard.authorize(auth, LecturePolicy.schedule, { unitPath: m.unit_path }, '该干部不在您的管理范围内');
  const topic = input.topic.trim();
  if (!topic) throw badRequest('请填写党课题目');
  const sessionId = await makeSession(svc, auth, { unit_id: m.unit_id, topic, lecturer: m.name }, input);
  try {
    return await svc.db.transaction().execute(async (trx) => {
      const now = nowIso();
      const id = await repo.insertLecture(trx, { unitId: m.unit_id, memberId: m.id, topic, outline: input.outline.trim(), createdBy: auth.userId, now });
      await repo.decide(trx, id, 'proposed', { status: 'scheduled', sessionId, note: null, userId: auth.userId, now });
      await notifyMember(trx, m.id, { kind: 'lecture.scheduled', title: `党课已安排：${topic}`, body: `党建办安排您讲党课“${topic}”，请准备课件。`, link: `/lectures/${id}`, dedupeKey: `lecture-scheduled:${id}` });
      await svc.audit.record(trx, auth.actor(), { action: 'lecture.schedule', entity: 'lecture', entityId: id, detail: { sessionId, direct: true } });
      return id;
    });
  } catch (e) {
    await changeStatus(svc, auth, sessionId, 'cancel').catch(() => undefined);
    throw e;
  }
}

export async function reject(svc: Services, auth: AuthContext, id: number, note: string) {
  const l = await load(svc, id);
  await svc.guard.authorize(auth, LecturePolicy.schedule, { unitPath: l.unit_path }, '该党课不在您的管理范围内');
  if (l.status !== 'proposed') throw badRequest('只有待审批的党课可以退回');
  const text = note.trim();
  if (!text) throw badRequest('请填写退回意见');
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.decide(trx, id, 'proposed', { status: 'rejected', sessionId: null, note: text, userId: auth.userId, now: nowIso() }))) throw conflict();
    await notifyMember(trx, l.member_id, { kind: 'lecture.rejected', title: `党课申报未通过：${l.topic}`, body: text, link: `/lectures/${id}`, dedupeKey: `lecture-rejected:${id}` });
    await svc.audit.record(trx, auth.actor(), { action: 'lecture.reject', entity: 'lecture', entityId: id });
  });
}

export async function lectureAction(svc: Services, auth: AuthContext, id: number, action: 'open' | 'close' | 'cancel') {
  const l = await load(svc, id);
  await svc.guard.authorize(auth, LecturePolicy.schedule, { unitPath: l.unit_path }, '该党课不在您的管理范围内');
  if (l.status !== 'scheduled' || !l.session_id) throw badRequest('该党课尚未安排或已取消');
  await changeStatus(svc, auth, l.session_id, action);
  if (action === 'cancel') {
    await svc.db.transaction().execute(async (trx) => {
      await repo.setStatus(trx, id, 'scheduled', 'cancelled', nowIso());
      await svc.audit.record(trx, auth.actor(), { action: 'lecture.cancel', entity: 'lecture', entityId: id });
    });
  }
}

// ---- files ----------------------------------------------------------------------------

export async function uploadFile(svc: Services, auth: AuthContext, id: number, kind: string, req: FastifyRequest) {
  const { max, filename, buf } = await uploadedMaterial(svc, req);
  const l = await load(svc, id);
  await svc.guard.authorize(auth, LecturePolicy.upload, { unitPath: l.unit_path, memberId: l.member_id }, '只有讲课人或党建办可以上传课件');
  if (!FILE_KIND_LABEL[kind]) throw badRequest('请选择上传的是课件还是讲义');
  if (l.status === 'rejected' || l.status === 'cancelled') throw badRequest('该党课未通过或已取消');
  const f = await checkUpload('lecture', filename, buf, max);
  return svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const fileId = await files.insertFile(trx, { ownerUserId: auth.userId, filename: f.filename, mime: f.sniffed.mime, size: buf.length, sha256: f.sha256, data: buf.toString('base64'), now });
    await repo.attachFile(trx, id, fileId, kind, now);
    await svc.audit.record(trx, auth.actor(), { action: 'lecture.file', entity: 'lecture', entityId: id, detail: { fileId, kind, mime: f.sniffed.mime, size: buf.length } });
    return { id: fileId, name: f.filename, mime: f.sniffed.mime, size: buf.length };
  });
}

// ---- reading ---------------------------------------------------------------------------

/** Who may read a lecture: readers of its unit's subtree, the lecturer, members whose unit attends it. */
async function access(svc: Services, auth: AuthContext, l: LectureRow): Promise<{ reader: boolean; lecturer: boolean; attending: boolean }> {
  const reader = await svc.guard.allows(auth, LecturePolicy.list, { unitPath: l.unit_path });
  const memberId = auth.user.memberId;
  const lecturer = memberId !== null && memberId === l.member_id;
  const attending = Boolean(memberId && l.session_id && (await attends(svc.db, l.session_id, memberId)));
  if (reader || lecturer) return { reader, lecturer, attending };
  await svc.guard.authorize(auth, LecturePolicy.read, { unitPath: l.unit_path }, '该党课不在您的查看范围内');
  if (!attending || l.status !== 'scheduled') throw forbidden('您所在单位不在本次党课的听课范围内');
  return { reader, lecturer, attending };
}

/** For the files route: whether this user may read the lecture a file belongs to. */
const fileLectureReader = (svc: Services, auth: AuthContext) => async (lectureId: number) => {
  const l = await repo.findLecture(svc.db, lectureId);
  if (!l) return false;
  return access(svc, auth, l).then(
    () => true,
    () => false,
  );
};

/** A file of a speech or of a lecture (the seminars' check, with this part's reader of lectures). */
export const sendFile = (svc: Services, auth: AuthContext, fileId: number, reply: FastifyReply) => sendSeminarFile(svc, auth, fileId, fileLectureReader(svc, auth), reply);

async function ratingWindow(svc: Services, l: LectureRow) {
  const days = await svc.settings.int('lectures.ratingWindowDays', yearOf(l.ends_at ?? nowIso()));
  return { days, until: l.ends_at ? new Date(Date.parse(l.ends_at) + days * DAY_MS).toISOString() : null };
}

export async function lectureDetail(svc: Services, auth: AuthContext, id: number) {
  const l = await load(svc, id);
  const who = await access(svc, auth, l);
  const now = clock.now().getTime();
  const [fileRows, ratings, stats] = await Promise.all([repo.filesOf(svc.db, id), repo.ratingsOf(svc.db, id), repo.ratingStats(svc.db, [id])]);
  const memberId = auth.user.memberId;
  const session = l.session_id ? await getSession(svc.db, l.session_id) : undefined;
  const sheet = session ? await signInSheet(svc, session) : [];
  const mine = memberId ? sheet.find((r) => r.memberId === memberId) : undefined;
  const myRating = ratings.find((r) => r.member_id === memberId);
  const win = await ratingWindow(svc, l);
  const anonymous = await svc.settings.bool('lectures.anonymousRatings');
  const seesFeedback = who.reader || who.lecturer;
  // Anonymous to the lecturer: names only for those who keep the record.
  const showNames = who.reader || !anonymous;
  const started = l.starts_at !== null && now >= Date.parse(l.starts_at);
  return {
    ...itemView(l, stats.get(id), now),
    files: fileRows.map((f) => ({ id: f.id, name: f.filename, mime: f.mime, size: f.size, kind: f.kind, kindLabel: FILE_KIND_LABEL[f.kind] ?? f.kind })),
    rateUntil: win.until,
    rateWindowDays: win.days,
    counts: session ? { expected: sheet.length, checkedIn: sheet.filter((r) => r.checkedAt).length } : null,
    feedback: seesFeedback ? ratings.map((r) => ({ stars: r.stars, comment: r.comment, name: showNames ? r.name : null, unitName: showNames ? r.unit_name : null, time: formatLocal(r.updated_at, 'MM-DD HH:mm') })) : null,
    anonymous,
    me: {
      lecturer: who.lecturer,
      attending: Boolean(mine),
      checkedIn: Boolean(mine?.checkedAt),
      attendance: mine?.statusLabel ?? null,
      myRating: myRating ? { stars: myRating.stars, comment: myRating.comment } : null,
      canRate: Boolean(mine?.checkedAt) && !who.lecturer && l.status === 'scheduled' && started && win.until !== null && now <= Date.parse(win.until),
      canUpload: await svc.guard.allows(auth, LecturePolicy.upload, { unitPath: l.unit_path, memberId: l.member_id }),
      canSchedule: await svc.guard.allows(auth, LecturePolicy.schedule, { unitPath: l.unit_path }),
    },
  };
}

export async function rate(svc: Services, auth: AuthContext, id: number, input: { stars: number; comment: string }) {
  const l = await load(svc, id);
  await svc.guard.authorize(auth, LecturePolicy.rate, { unitPath: l.unit_path }, '该党课不在您的听课范围内');
  const memberId = auth.user.memberId;
  if (!memberId || !l.session_id || l.status !== 'scheduled' || !(await attends(svc.db, l.session_id, memberId))) throw forbidden('您所在单位不在本次党课的听课范围内');
  if (memberId === l.member_id) throw badRequest('讲课人不能给自己的党课评分');
  if (!Number.isInteger(input.stars) || input.stars < 1 || input.stars > 5) throw badRequest('评分应为 1 至 5 星');
  const now = clock.now().getTime();
  if (l.starts_at && now < Date.parse(l.starts_at)) throw badRequest('党课尚未开始，暂不能评分');
  const win = await ratingWindow(svc, l);
  if (win.until && now > Date.parse(win.until)) throw badRequest(`评分已截止：党课结束后 ${win.days} 天内可以评分`);
  const session = await getSession(svc.db, l.session_id);
  const mine = session ? (await signInSheet(svc, session)).find((r) => r.memberId === memberId) : undefined;
  if (!mine?.checkedAt) throw forbidden('您没有签到听课，不能评分');
  return svc.db.transaction().execute(async (trx) => {
    const rid = await repo.upsertRating(trx, { lectureId: id, memberId, stars: input.stars, comment: input.comment.trim(), now: nowIso() });
    await svc.audit.record(trx, auth.actor(), { action: 'lecture.rate', entity: 'lecture', entityId: id, detail: { stars: input.stars } });
    return rid;
  });
}

export async function myLectures(svc: Services, auth: AuthContext) {
  const memberId = auth.user.memberId;
  if (!memberId) return { mine: [], attending: [] };
  const me = await files.memberWithUnit(svc.db, memberId);
  if (!me) return { mine: [], attending: [] };
  const now = clock.now().getTime();
  const own = await repo.lecturesOfMember(svc.db, memberId);
  const from = `${currentYear() - 1}-12-31T16:00:00.000Z`;
  const attend = (await repo.lecturesAttendedBy(svc.db, ancestorsOf(me.unit_path), from)).filter((l) => l.member_id !== memberId && l.session_status !== 'cancelled');
  const stats = await repo.ratingStats(svc.db, [...own, ...attend].map((l) => l.id));
  return { mine: own.map((l) => itemView(l, stats.get(l.id), now)), attending: attend.map((l) => ({ ...itemView(l, undefined, now), average: null, ratings: 0 })) };
}

export async function listLectures(svc: Services, auth: AuthContext, year: number) {
  const reach = await svc.guard.reach(auth, LecturePolicy.list);
  const rows = await repo.listLectures(svc.db, reach, `${year - 1}-12-31T16:00:00.000Z`, `${year}-12-31T16:00:00.000Z`);
  const stats = await repo.ratingStats(svc.db, rows.map((l) => l.id));
  const now = clock.now().getTime();
  return rows.map((l) => itemView(l, stats.get(l.id), now));
}

/** Per unit of the reach: lectures held this year, who gave them, and who never has. */
export async function lectureReport(svc: Services, auth: AuthContext, year: number) {
  const reach = await svc.guard.reach(auth, LecturePolicy.report);
  if (!reach.all && reach.paths.length === 0) throw forbidden();
  const paths = reach.all ? ['/'] : reach.paths;
  const [people, given] = await Promise.all([activeMembersUnder(svc.db, paths), repo.lecturesGivenUnder(svc.db, paths)]);
  const now = clock.now().getTime();
  const everBy = new Set(given.filter((g) => g.session_status === 'closed' || Date.parse(g.ends_at) < now).map((g) => g.member_id));
  const thisYear = given.filter((g) => yearOf(g.starts_at) === year && (g.session_status === 'closed' || Date.parse(g.ends_at) < now));
  const units = new Map<number, { unitId: number; unitName: string; members: number; held: number; lecturers: string[]; never: string[] }>();
  const byMember = new Map(people.map((p) => [p.id, p]));
  for (const p of people) {
    const u = units.get(p.unit_id) ?? { unitId: p.unit_id, unitName: p.unit_name, members: 0, held: 0, lecturers: [], never: [] };
    u.members++;
    if (!everBy.has(p.id)) u.never.push(p.name);
    units.set(p.unit_id, u);
  }
  for (const g of thisYear) {
    const p = byMember.get(g.member_id);
    const u = p ? units.get(p.unit_id) : undefined;
    if (!u || !p) continue;
    u.held++;
    if (!u.lecturers.includes(p.name)) u.lecturers.push(p.name);
  }
  const rows = [...units.values()];
  return { year, units: rows, total: rows.reduce((n, u) => n + u.held, 0) };
}
