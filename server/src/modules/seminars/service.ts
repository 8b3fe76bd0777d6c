// 研讨会 (plan §三.6): the clerk schedules the month's seminar; each speaker's
// 个人说 links what they read; attendees write 同事议 from their phones during the
// meeting and for a few days after; the chair writes 书记评 and signs the minutes
// off. Attendance, leave and study minutes are the seminar's own collective
// session (sessions module), called through its service.
import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { AuthContext } from '../../platform/auth/context';
import { sendDocx } from '../../platform/docx';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import { sendStored, uploadedFile } from '../../platform/http';
import { publicBase } from '../../platform/publicurl';
import type { Services } from '../../platform/services';
import { clock, currentYear, formatLocal, nowIso } from '../../platform/time';
import { attends, changeStatus, createSession, getSession, screenCode, SESSION_STATUS_LABEL, sheetCounts, signInSheet, timing, type SheetRow } from '../sessions/service';
import { checkUpload } from './files';
import { minutesDocx, minutesTitle } from './minutes';
import { SeminarPolicy } from './policy';
import * as repo from './repository';
import type { SeminarRow } from './repository';

export const SEMINAR_STATUS_LABEL: Record<string, string> = { scheduled: '已安排', signed: '纪要已签发', cancelled: '已取消' };
export const GRADES = ['优秀', '良好', '一般'] as const;
const DAY_MS = 86_400_000;

export interface ScheduleInput {
  unitId: number;
  theme: string;
  date: string;
  start: string;
  end: string;
  place: string;
  unitIds: number[];
  chairUserId: number;
  speakerMemberIds: number[];
  /** Schedule even though the month already has a seminar for one of the units. */
  confirm?: boolean;
}

export const dateOf = (iso: string) => formatLocal(iso, 'YYYY-MM-DD');
export const timeOf = (iso: string) => formatLocal(iso, 'HH:mm');
const yearOf = (iso: string) => Number(formatLocal(iso, 'YYYY'));

async function load(svc: Services, id: number): Promise<SeminarRow> {
  const s = await repo.findSeminar(svc.db, id);
  if (!s) throw notFound('找不到该研讨会');
  return s;
}

/** The ancestor-or-self paths of a unit path ('/1/4/9/' → '/1/', '/1/4/', '/1/4/9/'). */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}

/** The last moment 同事议 are taken: the end of the meeting plus the window (days). */
export async function commentDeadline(svc: Services, s: { ends_at: string }) {
  const days = await svc.settings.int('seminars.commentWindowDays', yearOf(s.ends_at));
  return { days, until: new Date(Date.parse(s.ends_at) + days * DAY_MS).toISOString() };
}

// ---- scheduling ------------------------------------------------------------------

export async function chairCandidates(svc: Services, auth: AuthContext, unitId: number) {
  const unit = await repo.unitById(svc.db, unitId);
  if (!unit) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, SeminarPolicy.schedule, { unitPath: unit.path }, '该单位不在您的管理范围内');
  const chairs = await repo.accountsOver(svc.db, unit.path, ['secretary', 'leader']);
  const members = await repo.membersIn(svc.db, [unit.path]);
  return { chairs: chairs.map((c) => ({ userId: c.userId, name: c.name, roles: c.roles })), members: members.map((m) => ({ id: m.id, name: m.name, position: m.position, unitName: m.unit_name })) };
}

export async function scheduleSeminar(svc: Services, auth: AuthContext, input: ScheduleInput): Promise<{ id: number; sessionId: number }> {
  const theme = input.theme.trim();
  if (!theme) throw badRequest('请填写研讨主题');
  const unit = await repo.unitById(svc.db, input.unitId);
  if (!unit) throw notFound('找不到组织单位');
  await svc.guard.authorize(auth, SeminarPolicy.schedule, { unitPath: unit.path }, '组织单位不在您的管理范围内');
  const unitIds = [...new Set(input.unitIds)];
  const units = await repo.unitsByIds(svc.db, unitIds);
  if (units.length !== unitIds.length || unitIds.length === 0) throw badRequest('请选择参加单位');
  for (const u of units) await svc.guard.authorize(auth, SeminarPolicy.schedule, { unitPath: u.path }, `参加单位“${u.name}”不在您的管理范围内`);
  const chair = (await repo.accountsOver(svc.db, unit.path, ['secretary', 'leader'])).find((c) => c.userId === input.chairUserId);
  if (!chair) throw badRequest('主持人应为本单位的书记或领导小组成员');
  const speakerIds = [...new Set(input.speakerMemberIds)];
  const eligible = new Map((await repo.membersIn(svc.db, units.map((u) => u.path))).map((m) => [m.id, m]));
  for (const id of speakerIds) if (!eligible.has(id)) throw badRequest('发言人应为参加单位的在职干部');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) throw badRequest('日期格式不正确');
  const month = input.date.slice(0, 7);
  // Two seminars in one month for one unit: a warning the clerk confirms, not a refusal.
  const same = await repo.seminarsOfMonthFor(svc.db, unitIds, month);
  if (same.length && !input.confirm) {
    const names = [...new Set(same.map((s) => s.unit_name))].join('、');
    throw new AppError(409, 'SAME_MONTH', `${names}${Number(month.slice(5))}月已安排研讨会“${same[0].theme}”，确定还要再安排一次吗？`, { seminars: same.map((s) => s.id) });
  }
  const minutes = await svc.settings.int('seminars.studyMinutes', Number(month.slice(0, 4)));
  // The session is created (and its date, times and units checked) by the sessions service.
  const sessionId = await createSession(svc, auth, {
    unitId: unit.id,
    topic: `读书研讨会：${theme}`,
    place: input.place.trim(),
    host: chair.name,
    date: input.date,
    start: input.start,
    end: input.end,
    ...(minutes > 0 ? { minutes } : {}),
    unitIds,
  });
  try {
    const now = nowIso();
    const id = await svc.db.transaction().execute(async (trx) => {
      const id = await repo.insertSeminar(trx, { unitId: unit.id, sessionId, month, theme, chairUserId: chair.userId, chairName: chair.name, createdBy: auth.userId, now });
      for (const m of speakerIds) await repo.insertSpeaker(trx, { seminarId: id, memberId: m, volunteered: false, now });
      await svc.audit.record(trx, auth.actor(), { action: 'seminar.schedule', entity: 'seminar', entityId: id, detail: { theme, month, sessionId, speakers: speakerIds, sameMonth: same.map((s) => s.id) } });
      return id;
    });
    return { id, sessionId };
  } catch (e) {
    // The seminar row could not be written: the session made for it is cancelled, not left dangling.
    await changeStatus(svc, auth, sessionId, 'cancel').catch(() => undefined);
    throw e;
  }
}

export async function seminarAction(svc: Services, auth: AuthContext, id: number, action: 'open' | 'close' | 'cancel') {
  const s = await load(svc, id);
  await svc.guard.authorize(auth, SeminarPolicy.schedule, { unitPath: s.unit_path }, '该研讨会不在您的管理范围内');
  if (s.status === 'cancelled') throw badRequest('该研讨会已取消');
  if (action === 'cancel') {
    if (s.status === 'signed') throw badRequest('会议纪要已签发的研讨会不能取消');
    await changeStatus(svc, auth, s.session_id, 'cancel');
    await svc.db.transaction().execute(async (trx) => {
      if (!(await repo.setSeminarStatus(trx, id, s.status, 'cancelled', nowIso()))) throw conflict();
      await svc.audit.record(trx, auth.actor(), { action: 'seminar.cancel', entity: 'seminar', entityId: id });
    });
    return;
  }
  await changeStatus(svc, auth, s.session_id, action);
}

export async function addSpeaker(svc: Services, auth: AuthContext, id: number, memberId: number) {
  const s = await load(svc, id);
  await svc.guard.authorize(auth, SeminarPolicy.schedule, { unitPath: s.unit_path }, '该研讨会不在您的管理范围内');
  if (s.status !== 'scheduled') throw badRequest('该研讨会已签发纪要或已取消，不能再调整发言人');
  if (!(await attends(svc.db, s.session_id, memberId))) throw badRequest('发言人应为参加单位的在职干部');
  await svc.db.transaction().execute(async (trx) => {
    const sid = await repo.insertSpeaker(trx, { seminarId: id, memberId, volunteered: false, now: nowIso() });
    if (sid === null) throw conflict('该干部已在发言人名单中');
    await svc.audit.record(trx, auth.actor(), { action: 'seminar.speaker.add', entity: 'seminar', entityId: id, detail: { memberId, speakerId: sid } });
  });
}

export async function removeSpeaker(svc: Services, auth: AuthContext, id: number, speakerId: number) {
  const s = await load(svc, id);
  await svc.guard.authorize(auth, SeminarPolicy.schedule, { unitPath: s.unit_path }, '该研讨会不在您的管理范围内');
  const sp = await repo.findSpeaker(svc.db, speakerId);
  if (!sp || sp.seminar_id !== id) throw notFound('找不到该发言人');
  if (s.status !== 'scheduled') throw badRequest('该研讨会已签发纪要或已取消，不能再调整发言人');
  const comments = await repo.commentsOf(svc.db, id);
  if (sp.evaluated_at || comments.some((c) => c.speaker_id === speakerId)) throw badRequest('该发言已有同事议或书记评，不能移除');
  await svc.db.transaction().execute(async (trx) => {
    await repo.deleteSpeaker(trx, speakerId);
    await svc.audit.record(trx, auth.actor(), { action: 'seminar.speaker.remove', entity: 'seminar', entityId: id, detail: { memberId: sp.member_id } });
  });
}

// ---- reading ---------------------------------------------------------------------

/** Readers see any seminar of their subtree; a member, those their unit attends. */
async function readable(svc: Services, auth: AuthContext, s: SeminarRow): Promise<{ reader: boolean }> {
  if (await svc.guard.allows(auth, SeminarPolicy.list, { unitPath: s.unit_path })) return { reader: true };
  await svc.guard.authorize(auth, SeminarPolicy.read, { unitPath: s.unit_path }, '该研讨会不在您的查看范围内');
  const memberId = auth.user.memberId;
  if (!memberId || !(await attends(svc.db, s.session_id, memberId))) throw forbidden('您所在单位不在本次研讨会的参加范围内');
  return { reader: false };
}

function myRow(sheet: SheetRow[], memberId: number | null) {
  return memberId ? (sheet.find((r) => r.memberId === memberId) ?? null) : null;
}

function speakerView(sp: Awaited<ReturnType<typeof repo.speakersOf>>[number], comments: Awaited<ReturnType<typeof repo.commentsOf>>) {
  return {
    id: sp.id,
    memberId: sp.member_id,
    name: sp.name,
    position: sp.position,
    unitName: sp.unit_name,
    volunteered: sp.volunteered === 1,
    bookId: sp.book_id,
    bookTitle: sp.book_title,
    reflectionId: sp.reflection_id,
    reflectionTitle: sp.reflection_title ?? null,
    summary: sp.summary,
    file: sp.file_id ? { id: sp.file_id, name: sp.file_name ?? '', mime: sp.file_mime ?? '' } : null,
    grade: sp.grade,
    score: sp.score,
    evaluation: sp.evaluation,
    evaluatedAt: sp.evaluated_at,
    version: sp.version,
    comments: comments.filter((c) => c.speaker_id === sp.id).map(commentView),
  };
}

export function commentView(c: Awaited<ReturnType<typeof repo.commentsOf>>[number]) {
  return { id: c.id, speakerId: c.speaker_id, memberId: c.member_id, name: c.name, unitName: c.unit_name, body: c.body, createdAt: c.created_at, time: formatLocal(c.created_at, 'MM-DD HH:mm') };
}

export async function gradingOf(svc: Services, year: number) {
  return { byScore: await svc.settings.bool('seminars.gradeByScore', year), scoreMax: await svc.settings.int('seminars.scoreMax', year), grades: [...GRADES] };
}

export async function seminarDetail(svc: Services, auth: AuthContext, id: number) {
  const s = await load(svc, id);
  const { reader } = await readable(svc, auth, s);
  const session = await getSession(svc.db, s.session_id);
  if (!session) throw notFound('找不到该研讨会的签到记录');
  const [speakers, comments, sheet, deadline] = await Promise.all([repo.speakersOf(svc.db, id), repo.commentsOf(svc.db, id), signInSheet(svc, session), commentDeadline(svc, s)]);
  const memberId = auth.user.memberId;
  const mine = myRow(sheet, memberId);
  const now = clock.now().getTime();
  const t = await timing(svc);
  const requireAttendance = await svc.settings.bool('seminars.commentRequiresAttendance', yearOf(s.starts_at));
  const inWindow = now >= Date.parse(s.starts_at) - t.opens * 60_000 && now <= Date.parse(deadline.until);
  const isChair = s.chair_user_id === auth.userId;
  return {
    id: s.id,
    theme: s.theme,
    month: s.month,
    unitId: s.unit_id,
    unitName: s.unit_name,
    sessionId: s.session_id,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    date: dateOf(s.starts_at),
    start: timeOf(s.starts_at),
    end: timeOf(s.ends_at),
    place: s.place,
    minutes: s.minutes,
    chairUserId: s.chair_user_id,
    chairName: s.chair_name,
    status: s.status,
    statusLabel: SEMINAR_STATUS_LABEL[s.status] ?? s.status,
    sessionStatus: s.session_status,
    sessionStatusLabel: SESSION_STATUS_LABEL[s.session_status] ?? s.session_status,
    signedAt: s.signed_at,
    version: s.version,
    commentUntil: deadline.until,
    commentWindowDays: deadline.days,
    grading: await gradingOf(svc, yearOf(s.starts_at)),
    speakers: speakers.map((sp) => speakerView(sp, comments)),
    counts: sheetCounts(sheet),
    // The sign-in sheet is for those who keep or read the record; a member sees their own line.
    sheet: reader ? sheet : [],
    me: {
      memberId,
      attending: Boolean(mine),
      checkedIn: Boolean(mine?.checkedAt),
      attendance: mine?.statusLabel ?? null,
      leaveStatus: mine?.leaveStatus ?? null,
      speakerId: speakers.find((sp) => sp.member_id === memberId)?.id ?? null,
      canComment: Boolean(mine) && s.status !== 'cancelled' && inWindow && (!requireAttendance || Boolean(mine?.checkedAt)),
      canVolunteer: Boolean(mine) && s.status === 'scheduled' && now < Date.parse(s.ends_at) && !speakers.some((sp) => sp.member_id === memberId),
      isChair,
      canEvaluate: isChair && s.status === 'scheduled' && (await svc.guard.allows(auth, SeminarPolicy.evaluate, { unitPath: s.unit_path })),
      canSchedule: await svc.guard.allows(auth, SeminarPolicy.schedule, { unitPath: s.unit_path }),
    },
  };
}

export async function listSeminars(svc: Services, auth: AuthContext, year = currentYear()) {
  const reach = await svc.guard.reach(auth, SeminarPolicy.list);
  const rows = await repo.listSeminars(svc.db, reach, `${year}-01`, `${year}-12`);
  return rows.map((s) => ({
    id: s.id,
    theme: s.theme,
    month: s.month,
    unitName: s.unit_name,
    date: dateOf(s.starts_at),
    start: timeOf(s.starts_at),
    end: timeOf(s.ends_at),
    place: s.place,
    chairName: s.chair_name,
    status: s.status,
    statusLabel: SEMINAR_STATUS_LABEL[s.status] ?? s.status,
    sessionStatus: s.session_status,
    sessionStatusLabel: SESSION_STATUS_LABEL[s.session_status] ?? s.session_status,
    speakerCount: Number(s.speaker_count ?? 0),
    evaluatedCount: Number(s.evaluated_count ?? 0),
    commentCount: Number(s.comment_count ?? 0),
  }));
}

/** The year plan's view: for each month, the seminar the unit attended (or is to), and whether it was held. */
export async function yearPlan(svc: Services, auth: AuthContext, unitId: number, year: number) {
  const unit = await repo.unitById(svc.db, unitId);
  if (!unit) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, SeminarPolicy.list, { unitPath: unit.path }, '该单位不在您的查看范围内');
  const rows = await repo.seminarsOfYearAttendedBy(svc.db, ancestorsOf(unit.path), year);
  const now = clock.now().getTime();
  const thisMonth = formatLocal(new Date(now).toISOString(), 'YYYY-MM');
  const months = [];
  for (let m = 1; m <= 12; m++) {
    const month = `${year}-${String(m).padStart(2, '0')}`;
    const items = rows.filter((r) => r.month === month);
    const held = items.find((r) => r.status === 'signed' || r.session_status === 'closed' || Date.parse(r.ends_at) < now);
    const first = held ?? items[0];
    const state = held ? (held.status === 'signed' ? 'signed' : 'held') : items.length ? 'scheduled' : month < thisMonth ? 'missing' : 'none';
    const label = { signed: '已召开（纪要已签发）', held: '已召开', scheduled: '已安排', missing: '未召开', none: '未安排' }[state];
    months.push({ month: m, state, label, seminarId: first?.id ?? null, theme: first?.theme ?? null, date: first ? dateOf(first.starts_at) : null, count: items.length });
  }
  return { unitId: unit.id, unitName: unit.name, year, months, held: months.filter((m) => m.state === 'signed' || m.state === 'held').length };
}

/** The member's side: the next seminar of my unit and whether I speak, and this year's with my attendance. */
export async function mySeminars(svc: Services, auth: AuthContext) {
  const memberId = auth.user.memberId;
  if (!memberId) return { next: null, items: [] };
  const me = await repo.memberWithUnit(svc.db, memberId);
  if (!me) return { next: null, items: [] };
  const year = currentYear();
  const anc = ancestorsOf(me.unit_path);
  const rows = [...(await repo.seminarsOfYearAttendedBy(svc.db, anc, year)), ...(await repo.seminarsOfYearAttendedBy(svc.db, anc, year + 1))];
  const now = clock.now().getTime();
  const items = [];
  for (const r of rows) {
    const speakers = await repo.speakersOf(svc.db, r.id);
    items.push({
      id: r.id,
      theme: r.theme,
      month: r.month,
      date: dateOf(r.starts_at),
      start: timeOf(r.starts_at),
      end: timeOf(r.ends_at),
      status: r.status,
      statusLabel: SEMINAR_STATUS_LABEL[r.status] ?? r.status,
      upcoming: Date.parse(r.ends_at) >= now && r.session_status !== 'closed',
      speaking: speakers.some((sp) => sp.member_id === memberId),
      speakers: speakers.map((sp) => sp.name),
    });
  }
  const next = items.find((i) => i.upcoming) ?? null;
  return { next, items: items.filter((i) => !i.upcoming || i === next).reverse() };
}

// ---- the member's part: volunteering, 个人说, 同事议 -------------------------------------

export async function volunteer(svc: Services, auth: AuthContext, id: number) {
  const s = await load(svc, id);
  await svc.guard.authorize(auth, SeminarPolicy.volunteer, { unitPath: s.unit_path }, '该研讨会不在您的参加范围内');
  const memberId = auth.user.memberId;
  if (!memberId || !(await attends(svc.db, s.session_id, memberId))) throw forbidden('您所在单位不在本次研讨会的参加范围内');
  if (s.status !== 'scheduled' || clock.now().getTime() > Date.parse(s.ends_at)) throw badRequest('本次研讨会已结束或已取消，不能再报名发言');
  return svc.db.transaction().execute(async (trx) => {
    const sid = await repo.insertSpeaker(trx, { seminarId: id, memberId, volunteered: true, now: nowIso() });
    if (sid === null) throw conflict('您已在发言人名单中');
    await svc.audit.record(trx, auth.actor(), { action: 'seminar.volunteer', entity: 'seminar', entityId: id, detail: { speakerId: sid } });
    return sid;
  });
}

async function ownSpeaker(svc: Services, auth: AuthContext, seminarId: number, speakerId: number) {
  const s = await load(svc, seminarId);
  const sp = await repo.findSpeaker(svc.db, speakerId);
  if (!sp || sp.seminar_id !== seminarId) throw notFound('找不到该发言人');
  await svc.guard.authorize(auth, SeminarPolicy.speak, { memberId: sp.member_id }, '只能填写本人的发言');
  if (s.status === 'cancelled') throw badRequest('该研讨会已取消');
  if (s.status === 'signed') throw badRequest('会议纪要已签发，发言内容不能再修改');
  return { s, sp };
}

export async function saveSpeech(svc: Services, auth: AuthContext, seminarId: number, speakerId: number, input: { bookId: number; reflectionId?: number | null; summary: string; version: number }) {
  const { sp } = await ownSpeaker(svc, auth, seminarId, speakerId);
  const book = await repo.bookTitle(svc.db, input.bookId);
  if (!book) throw badRequest('请选择所读书目');
  let reflectionId: number | null = null;
  if (input.reflectionId) {
    const r = await repo.reflectionOf(svc.db, input.reflectionId);
    if (!r || r.member_id !== sp.member_id) throw badRequest('只能关联本人的读书心得');
    reflectionId = r.id;
  }
  const summary = input.summary.trim();
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.updateSpeech(trx, speakerId, input.version, { bookId: book.id, bookTitle: book.title, reflectionId, summary, now: nowIso() }))) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'seminar.speech', entity: 'seminar', entityId: seminarId, detail: { speakerId, bookId: book.id, reflectionId, chars: summary.length } });
  });
}

export async function speechChoices(svc: Services, auth: AuthContext) {
  const memberId = auth.user.memberId;
  if (!memberId) return { books: [], reflections: [] };
  const c = await repo.speechChoices(svc.db, memberId);
  return {
    books: c.books.map((b) => ({ id: b.id, title: b.title, authors: b.authors })),
    reflections: c.reflections.map((r) => ({ id: r.id, title: r.title, bookId: r.book_id, bookTitle: r.book_title })),
  };
}

/**
 * The one file of a speech's or a lecture's upload, read under the setting seminars.uploadMaxMb (a byte more, so that
 * the parser's limit and the setting's check say the same 「文件不能超过 N MB」).
 */
export async function uploadedMaterial(svc: Services, req: FastifyRequest) {
  const max = await svc.settings.int('seminars.uploadMaxMb');
  return { max, ...(await uploadedFile(req, max * 1024 * 1024 + 1, { tooLarge: `文件不能超过 ${max} MB` })) };
}

export async function uploadSpeechFile(svc: Services, auth: AuthContext, seminarId: number, speakerId: number, req: FastifyRequest) {
  const { max, filename, buf } = await uploadedMaterial(svc, req);
  await ownSpeaker(svc, auth, seminarId, speakerId);
  const f = await checkUpload('speech', filename, buf, max);
  return svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const fileId = await repo.insertFile(trx, { ownerUserId: auth.userId, filename: f.filename, mime: f.sniffed.mime, size: buf.length, sha256: f.sha256, data: buf.toString('base64'), now });
    await repo.setSpeakerFile(trx, speakerId, fileId, now);
    await svc.audit.record(trx, auth.actor(), { action: 'seminar.speech.file', entity: 'seminar', entityId: seminarId, detail: { speakerId, fileId, mime: f.sniffed.mime, size: buf.length } });
    return { id: fileId, name: f.filename, mime: f.sniffed.mime, size: buf.length };
  });
}

export async function addComment(svc: Services, auth: AuthContext, seminarId: number, speakerId: number, text: string) {
  const s = await load(svc, seminarId);
  await svc.guard.authorize(auth, SeminarPolicy.comment, { unitPath: s.unit_path }, '该研讨会不在您的参加范围内');
  const memberId = auth.user.memberId;
  if (!memberId || !(await attends(svc.db, s.session_id, memberId))) throw forbidden('您所在单位不在本次研讨会的参加范围内');
  if (s.status === 'cancelled') throw badRequest('该研讨会已取消');
  const sp = await repo.findSpeaker(svc.db, speakerId);
  if (!sp || sp.seminar_id !== seminarId) throw notFound('找不到该发言人');
  if (sp.member_id === memberId) throw badRequest('同事议是对同事发言的评议，不能评议自己的发言');
  const body = text.trim();
  if (!body) throw badRequest('请填写评议内容');
  const now = clock.now().getTime();
  const t = await timing(svc);
  if (now < Date.parse(s.starts_at) - t.opens * 60_000) throw badRequest('研讨会尚未开始，暂不能发表同事议');
  const deadline = await commentDeadline(svc, s);
  if (now > Date.parse(deadline.until)) throw badRequest(`同事议已截止：研讨会结束后 ${deadline.days} 天内可以发表（截至 ${formatLocal(deadline.until, 'M月D日 HH:mm')}）`);
  if (await svc.settings.bool('seminars.commentRequiresAttendance', yearOf(s.starts_at))) {
    const session = await getSession(svc.db, s.session_id);
    const mine = session ? myRow(await signInSheet(svc, session), memberId) : null;
    if (!mine?.checkedAt) throw forbidden('您没有签到参加本次研讨会，不能发表同事议');
  }
  return svc.db.transaction().execute(async (trx) => {
    const id = await repo.insertComment(trx, { seminarId, speakerId, memberId, body, now: nowIso() });
    await svc.audit.record(trx, auth.actor(), { action: 'seminar.comment', entity: 'seminar', entityId: seminarId, detail: { speakerId, commentId: id } });
    return id;
  });
}

// ---- the meeting-room screen -----------------------------------------------------------

/** The meeting-room screen; its QR code carries the public base URL (platform/publicurl.ts), else the request's origin. */
export async function liveView(svc: Services, auth: AuthContext, id: number, after: number, origin: { protocol: string; host: string }) {
  const s = await load(svc, id);
  await svc.guard.authorize(auth, SeminarPolicy.live, { unitPath: s.unit_path }, '该研讨会不在您的管理范围内');
  const session = await getSession(svc.db, s.session_id);
  if (!session) throw notFound('找不到该研讨会的签到记录');
  const [sheet, comments, speakers] = await Promise.all([signInSheet(svc, session), repo.commentsOf(svc.db, id, after, 200), repo.speakersOf(svc.db, id)]);
  // The check-in code is shown to whoever runs the check-in (the clerk), while it is open.
  const showCode = session.status === 'open' && (await svc.guard.allows(auth, SeminarPolicy.schedule, { unitPath: s.unit_path }));
  const code = showCode ? await screenCode(svc, session, await publicBase(svc, origin)) : null;
  return {
    id: s.id,
    theme: s.theme,
    date: dateOf(s.starts_at),
    start: timeOf(s.starts_at),
    end: timeOf(s.ends_at),
    place: s.place,
    chairName: s.chair_name,
    sessionStatus: session.status,
    code,
    counts: sheetCounts(sheet),
    speakers: speakers.map((sp) => ({ id: sp.id, name: sp.name, unitName: sp.unit_name, bookTitle: sp.book_title })),
    comments: comments.map(commentView),
    lastId: comments.length ? comments[comments.length - 1].id : after,
    qrSvg: code ? await QRCode.toString(code.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) : null,
  };
}

// ---- 书记评 and sign-off -----------------------------------------------------------------

async function asChair(svc: Services, auth: AuthContext, s: SeminarRow, action: typeof SeminarPolicy.evaluate) {
  await svc.guard.authorize(auth, action, { unitPath: s.unit_path }, '只有本次研讨会的主持人可以填写书记评');
  if (s.chair_user_id !== auth.userId) throw forbidden(`只有本次研讨会的主持人（${s.chair_name}）可以填写书记评`);
  if (s.status === 'cancelled') throw badRequest('该研讨会已取消');
  if (s.status === 'signed') throw badRequest('会议纪要已签发，书记评已锁定，不能再修改');
  if (clock.now().getTime() < Date.parse(s.starts_at)) throw badRequest('研讨会尚未开始，暂不能填写书记评');
}

export async function evaluate(svc: Services, auth: AuthContext, seminarId: number, speakerId: number, input: { grade?: string | null; score?: number | null; words: string; version: number }) {
  const s = await load(svc, seminarId);
  await asChair(svc, auth, s, SeminarPolicy.evaluate);
  const sp = await repo.findSpeaker(svc.db, speakerId);
  if (!sp || sp.seminar_id !== seminarId) throw notFound('找不到该发言人');
  const g = await gradingOf(svc, yearOf(s.starts_at));
  let grade: string | null = null;
  let score: number | null = null;
  if (g.byScore) {
    if (input.score == null || !Number.isInteger(input.score) || input.score < 0 || input.score > g.scoreMax) throw badRequest(`请给出 0 至 ${g.scoreMax} 的整数分数`);
    score = input.score;
  } else {
    if (!input.grade || !(GRADES as readonly string[]).includes(input.grade)) throw badRequest('请选择评价等次：优秀、良好或一般');
    grade = input.grade;
  }
  const words = input.words.trim();
  if (!words) throw badRequest('请填写评语');
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.updateEvaluation(trx, speakerId, input.version, { grade, score, evaluation: words, userId: auth.userId, now: nowIso() }))) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'seminar.evaluate', entity: 'seminar', entityId: seminarId, detail: { speakerId, grade, score } });
  });
}

export async function signOff(svc: Services, auth: AuthContext, seminarId: number) {
  const s = await load(svc, seminarId);
  await asChair(svc, auth, s, SeminarPolicy.signOff);
  const speakers = await repo.speakersOf(svc.db, seminarId);
  if (speakers.length === 0) throw badRequest('本次研讨会没有发言人，不能签发纪要');
  const missing = speakers.filter((sp) => !sp.evaluated_at).map((sp) => sp.name);
  if (missing.length) throw badRequest(`还有发言人未评：${missing.join('、')}`);
  const now = nowIso();
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.setSeminarStatus(trx, seminarId, 'scheduled', 'signed', now, now))) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'seminar.sign-off', entity: 'seminar', entityId: seminarId });
  });
}

// ---- minutes -----------------------------------------------------------------------------

export async function minutesData(svc: Services, auth: AuthContext, id: number) {
  const s = await load(svc, id);
  await svc.guard.authorize(auth, SeminarPolicy.minutes, { unitPath: s.unit_path }, '该研讨会不在您的查看范围内');
  const session = await getSession(svc.db, s.session_id);
  if (!session) throw notFound('找不到该研讨会的签到记录');
  const [speakers, comments, sheet] = await Promise.all([repo.speakersOf(svc.db, id), repo.commentsOf(svc.db, id), signInSheet(svc, session)]);
  return { s, sheet, speakers: speakers.map((sp) => speakerView(sp, comments)), grading: await gradingOf(svc, yearOf(s.starts_at)) };
}

/** The minutes as a .docx reply. */
export async function sendMinutes(svc: Services, auth: AuthContext, id: number, reply: FastifyReply) {
  const d = await minutesData(svc, auth, id);
  return sendDocx(reply, `${minutesTitle(d)}-${formatLocal(d.s.starts_at, 'YYYYMMDD')}.docx`, await minutesDocx(d));
}

// ---- files -------------------------------------------------------------------------------

/** A file of a speech or a lecture, for whoever may read that seminar or lecture. */
export async function fileFor(svc: Services, auth: AuthContext, fileId: number, canReadLecture: (lectureId: number) => Promise<boolean>) {
  const f = await repo.findFile(svc.db, fileId);
  const owners = f ? await repo.fileOwners(svc.db, fileId) : null;
  let ok = false;
  if (f && owners?.speaker) {
    const s = await load(svc, owners.speaker.seminar_id);
    ok = await readable(svc, auth, s).then(
      () => true,
      () => false,
    );
  } else if (f && owners?.lecture) ok = await canReadLecture(owners.lecture.lecture_id);
  // The same answer whether the file is missing or not the asker's to see.
  if (!f || !ok) throw notFound('找不到该文件');
  return f;
}

/** A speech's or a lecture's file as the reply: pictures and PDFs inline, the rest as a download, never sniffed. */
export async function sendFile(svc: Services, auth: AuthContext, fileId: number, canReadLecture: (lectureId: number) => Promise<boolean>, reply: FastifyReply) {
  const f = await fileFor(svc, auth, fileId, canReadLecture);
  const inline = f.mime.startsWith('image/') || f.mime === 'application/pdf';
  return sendStored(reply, f, { disposition: inline ? 'inline' : 'attachment', fallback: 'file', maxAge: 300 });
}
