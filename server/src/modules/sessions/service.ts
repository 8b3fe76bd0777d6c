// 集中学习与签到: sessions, the rotating QR check-in, manual check-in, leave
// requests and the sign-in sheet (签到表) with late/absent computed on read.
import QRCode from 'qrcode';
import type { AuthContext } from '../../platform/auth/context';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import { notifyMember, notifyUser } from '../../platform/notifications';
import type { Services } from '../../platform/services';
import { clock, currentYear, formatLocal, nowIso, yearIsoRange } from '../../platform/time';
import type { DB } from '../../db';
import { activeMembersUnder, grantHolders } from '../org/service';
import { deleteRecordLog, writeRecordLog } from '../study/service';
import { checkQrToken, checkScanPass, newQrSecret, qrToken, scanPass, secondsLeft, windowOf, windowOfToken } from './qr';
import { SessionPolicy } from './policy';
import { leaveXlsx, planDocx, planXlsx, readersXlsx, sheetDocx, sheetTitle, sheetXlsx } from './export';
import { loadPlan, memberYearPlan, planById, planUnit, whoHasRead } from './plan';
import {
  attendingUnitsOf,
  checkInOf,
  checkInsOfSession,
  deleteCheckIn,
  insertCheckIn,
  insertLeave,
  insertSession,
  insertSessionUnits,
  leaveById,
  leaveOf,
  leavesOfSession,
  leavesWithin,
  memberCheckIns,
  memberLeaves,
  memberWithUnit,
  planOfYear,
  planWithUnitPath,
  replaceSessionUnits,
  sessionById,
  sessionsAttendedBy,
  sessionsWithin,
  unitById,
  unitsByIds,
  unitsWithin,
  updateLeave,
  updateSessionIf,
} from './repository';
import type { Action } from '../../platform/policy';

export const STATUS_LABEL = { present: '正常', late: '迟到', leave: '请假', absent: '缺席', pending: '未签到' } as const;
export type AttendanceStatus = keyof typeof STATUS_LABEL;
export const SESSION_STATUS_LABEL: Record<string, string> = { scheduled: '未开始', open: '签到中', closed: '已结束', cancelled: '已取消' };
export const LEAVE_STATUS_LABEL: Record<string, string> = { pending: '待审批', approved: '已批准', rejected: '未批准' };

export interface SessionRow {
  id: number;
  unit_id: number;
  unit_name: string;
  unit_path: string;
  plan_id: number | null;
  topic: string;
  place: string;
  host: string;
  starts_at: string;
  ends_at: string;
  minutes: number;
  status: string;
  qr_secret: string;
  opened_at: string | null;
  closed_at: string | null;
  version: number;
}

export const hhmm = (iso: string) => formatLocal(iso, 'HH:mm');
export const localDay = (iso: string) => formatLocal(iso, 'YYYY-MM-DD');
/** 'YYYY-MM-DD' + 'HH:mm' in Asia/Shanghai → ISO UTC. */
export const localToIso = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`).toISOString();

export const getSession = (db: DB, id: number): Promise<SessionRow | undefined> => sessionById(db, id);

export async function sessionInScope(svc: Services, auth: AuthContext, id: number, action: Action = SessionPolicy.manage): Promise<SessionRow> {
  const s = await getSession(svc.db, id);
  if (!s) throw notFound('找不到该集中学习');
  await svc.guard.authorize(auth, action, { unitPath: s.unit_path }, '该集中学习不在您的管理范围内');
  return s;
}

/** The units attending a session, in tree order. */
export const attendingUnits = (db: DB, sessionId: number) => attendingUnitsOf(db, [sessionId]);

export interface Timing {
  grace: number;
  opens: number;
}
export async function timing(svc: Services): Promise<Timing> {
  return { grace: await svc.settings.int('sessions.lateGraceMinutes'), opens: await svc.settings.int('sessions.checkInOpensMinutes') };
}

export function attendanceOf(s: { starts_at: string; ends_at: string; status: string }, checkedAt: string | null, leave: string | null, t: Timing, nowMs: number): AttendanceStatus {
  if (checkedAt) return Date.parse(checkedAt) > Date.parse(s.starts_at) + t.grace * 60_000 ? 'late' : 'present';
  if (leave === 'approved') return 'leave';
  if (s.status === 'cancelled') return 'pending';
  return nowMs > Date.parse(s.ends_at) || s.status === 'closed' ? 'absent' : 'pending';
}

export interface SheetRow {
  no: number;
  memberId: number;
  name: string;
  unitName: string;
  position: string;
  checkedAt: string | null;
  method: string | null;
  status: AttendanceStatus;
  statusLabel: string;
  leaveStatus: string | null;
  leaveReason: string | null;
}

/** The sign-in sheet: everyone expected (attending units' subtrees), plus anyone recorded outside them. */
export async function signInSheet(svc: Services, s: SessionRow): Promise<SheetRow[]> {
  const units = await attendingUnits(svc.db, s.id);
  const expected = await activeMembersUnder(
    svc.db,
    units.map((u) => u.path),
  );
  const checks = await checkInsOfSession(svc.db, s.id);
  const leaves = await leavesOfSession(svc.db, s.id);
  const byMember = new Map(checks.map((c) => [c.member_id, c]));
  const leaveBy = new Map(leaves.map((l) => [l.member_id, l]));
  const people = [...expected];
  const seen = new Set(expected.map((m) => m.id));
  for (const c of checks) if (!seen.has(c.member_id)) people.push({ id: c.member_id, name: c.name, position: c.position, unit_id: c.unit_id, unit_name: c.unit_name, unit_path: c.unit_path, sort_order: c.sort_order });
  const t = await timing(svc);
  const now = clock.now().getTime();
  return people.map((m, i) => {
    const c = byMember.get(m.id);
    const l = leaveBy.get(m.id);
    const status = attendanceOf(s, c?.checked_at ?? null, l?.status ?? null, t, now);
    return {
      no: i + 1,
      memberId: m.id,
      name: m.name,
      unitName: m.unit_name,
      position: m.position,
      checkedAt: c?.checked_at ?? null,
      method: c?.method ?? null,
      status,
      statusLabel: STATUS_LABEL[status],
      leaveStatus: l?.status ?? null,
      leaveReason: l?.reason ?? null,
    };
  });
}

export function sheetCounts(rows: SheetRow[]) {
  const c = { expected: rows.length, present: 0, late: 0, leave: 0, absent: 0, pending: 0, checkedIn: 0 };
  for (const r of rows) {
    c[r.status]++;
    if (r.checkedAt) c.checkedIn++;
  }
  return c;
}

// ---- Creating and changing sessions ------------------------------------------------

export interface SessionInput {
  unitId: number;
  planId?: number | null;
  topic: string;
  place: string;
  host: string;
  date: string;
  start: string;
  end: string;
  minutes?: number;
  unitIds: number[];
}

async function validateInput(svc: Services, auth: AuthContext, input: SessionInput) {
  const topic = input.topic.trim();
  if (!topic) throw badRequest('请填写学习主题');
  const startsAt = localToIso(input.date, input.start);
  const endsAt = localToIso(input.date, input.end);
  if (Number.isNaN(Date.parse(startsAt)) || Number.isNaN(Date.parse(endsAt))) throw badRequest('日期或时间格式不正确');
  if (endsAt <= startsAt) throw badRequest('结束时间应晚于开始时间');
  const duration = Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000);
  const minutes = input.minutes ?? duration;
  if (minutes < 1 || minutes > 24 * 60) throw badRequest('计入学习时长应在 1 到 1440 分钟之间');
  const organiser = await unitById(svc.db, input.unitId);
  if (!organiser) throw notFound('找不到组织单位');
  await svc.guard.authorize(auth, SessionPolicy.manage, { unitPath: organiser.path }, '该单位不在您的管理范围内');
  const unitIds = [...new Set(input.unitIds)];
  if (unitIds.length === 0) throw badRequest('请选择参加单位');
  const units = await unitsByIds(svc.db, unitIds);
  if (units.length !== unitIds.length) throw notFound('参加单位中有不存在的单位');
  const mayManage = await svc.guard.admits(auth, SessionPolicy.manage);
  for (const u of units) if (!mayManage({ unitPath: u.path })) throw forbidden(`参加单位“${u.name}”不在您的管理范围内`);
  let planId = input.planId ?? null;
  const year = Number(input.date.slice(0, 4));
  if (planId !== null) {
    const plan = await planWithUnitPath(svc.db, planId);
    if (!plan) throw notFound('找不到该年度学习计划');
    await svc.guard.authorize(auth, SessionPolicy.manage, { unitPath: plan.path }, '该单位不在您的管理范围内');
  } else {
    // A session of the organiser's year belongs to its annual plan when there is one.
    const plan = await planOfYear(svc.db, organiser.id, year);
    planId = plan?.id ?? null;
  }
  return { topic, startsAt, endsAt, minutes, unitIds, planId, organiserId: organiser.id };
}

export async function createSession(svc: Services, auth: AuthContext, input: SessionInput): Promise<number> {
  await svc.guard.authorize(auth, SessionPolicy.manage);
  const v = await validateInput(svc, auth, input);
  const now = nowIso();
  return svc.db.transaction().execute(async (trx) => {
    const id = await insertSession(trx, {
        unit_id: v.organiserId,
        plan_id: v.planId,
        topic: v.topic,
        place: input.place.trim(),
        host: input.host.trim(),
        starts_at: v.startsAt,
        ends_at: v.endsAt,
        minutes: v.minutes,
        status: 'scheduled',
        qr_secret: newQrSecret(),
        opened_at: null,
        closed_at: null,
        created_by: auth.userId,
        created_at: now,
        updated_at: now,
    });
    await insertSessionUnits(trx, id, v.unitIds);
    await svc.audit.record(trx, auth.actor(), { action: 'session.create', entity: 'study_session', entityId: id, detail: { topic: v.topic, startsAt: v.startsAt } });
    return id;
  });
}

export async function updateSession(svc: Services, auth: AuthContext, id: number, input: SessionInput & { version: number }) {
  const s = await sessionInScope(svc, auth, id);
  if (s.status === 'cancelled') throw badRequest('已取消的集中学习不能修改');
  const v = await validateInput(svc, auth, input);
  await svc.db.transaction().execute(async (trx) => {
    const set = { unit_id: v.organiserId, plan_id: v.planId, topic: v.topic, place: input.place.trim(), host: input.host.trim(), starts_at: v.startsAt, ends_at: v.endsAt, minutes: v.minutes, updated_at: nowIso(), version: input.version + 1 };
    if (!(await updateSessionIf(trx, id, { version: input.version }, set))) throw conflict();
    await replaceSessionUnits(trx, id, v.unitIds);
    await svc.audit.record(trx, auth.actor(), { action: 'session.update', entity: 'study_session', entityId: id, detail: { topic: v.topic } });
  });
}

const TRANSITIONS: Record<string, { from: string[]; to: string; message: string }> = {
  open: { from: ['scheduled', 'closed'], to: 'open', message: '只有未开始或已结束的集中学习可以开启签到' },
  close: { from: ['open', 'scheduled'], to: 'closed', message: '该集中学习已结束或已取消' },
  cancel: { from: ['scheduled', 'open'], to: 'cancelled', message: '该集中学习已结束或已取消' },
};

export async function changeStatus(svc: Services, auth: AuthContext, id: number, action: keyof typeof TRANSITIONS) {
  const s = await sessionInScope(svc, auth, id);
  const tr = TRANSITIONS[action];
  if (s.status === tr.to) return;
  if (!tr.from.includes(s.status)) throw badRequest(tr.message);
  const now = nowIso();
  await svc.db.transaction().execute(async (trx) => {
    const set = { status: tr.to, ...(tr.to === 'open' ? { opened_at: now, closed_at: null } : {}), ...(tr.to === 'closed' ? { closed_at: now } : {}), updated_at: now, version: s.version + 1 };
    if (!(await updateSessionIf(trx, id, { status: s.status }, set))) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: `session.${action}`, entity: 'study_session', entityId: id });
  });
}

// ---- The QR code and check-in ------------------------------------------------------

export async function screenCode(svc: Services, s: SessionRow, baseUrl: string) {
  const rotate = await svc.settings.int('sessions.qrRotateSeconds');
  const now = clock.now().getTime();
  const token = qrToken(s.qr_secret, s.id, windowOf(now, rotate));
  // The code's URL lands on the server first, which notes the moment of the scan (see qr.ts), then opens /s/:id/:token.
  return { token, url: `${baseUrl}/api/s/${s.id}/${token}`, rotateSeconds: rotate, secondsLeft: secondsLeft(now, rotate) };
}

async function qrTiming(svc: Services) {
  const [rotate, grace] = await Promise.all([svc.settings.int('sessions.qrRotateSeconds'), svc.settings.int('sessions.qrGraceSeconds')]);
  return { rotate, grace };
}

/** A pass for this browser when the code it scanned is valid right now; null otherwise (the scan page then says why). */
export async function issueScanPass(svc: Services, sessionId: number, token: string): Promise<string | null> {
  const s = await getSession(svc.db, sessionId);
  if (!s || s.status !== 'open') return null;
  const now = clock.now().getTime();
  const { rotate, grace } = await qrTiming(svc);
  if (checkQrToken(s.qr_secret, s.id, token, now, rotate, grace) !== 'valid') return null;
  const window = windowOfToken(s.qr_secret, s.id, token, now, rotate);
  return window === null ? null : scanPass(s.qr_secret, s.id, window, now);
}

export class CheckInRefused extends AppError {}
const refuse = (status: number, code: string, message: string) => new CheckInRefused(status, code, message);

/** Whether the member's unit lies in one of the session's attending subtrees. */
export async function attends(db: DB, sessionId: number, memberId: number): Promise<boolean> {
  const m = await memberWithUnit(db, memberId);
  if (!m || m.status !== 'active') return false;
  const units = await attendingUnits(db, sessionId);
  return units.some((u) => m.path.startsWith(u.path));
}

export interface CheckInResult {
  checkInId: number;
  checkedAt: string;
  time: string;
  status: AttendanceStatus;
  statusLabel: string;
  topic: string;
  minutes: number;
}

/** Inserts the check-in (one per member and session, whoever races) and its study-log entry. */
async function recordCheckIn(svc: Services, auth: AuthContext, s: SessionRow, memberId: number, method: 'qr' | 'manual', checkedAt: string): Promise<CheckInResult> {
  const result = await svc.db.transaction().execute(async (trx) => {
    const id = await insertCheckIn(trx, { session_id: s.id, member_id: memberId, checked_at: checkedAt, method, recorded_by: method === 'manual' ? auth.userId : null });
    if (id === undefined) return null;
    await writeRecordLog(trx, { source: 'checkin', ref: String(id), memberId, day: localDay(s.starts_at), kind: 'session', minutes: s.minutes, note: s.topic });
    await svc.audit.record(trx, auth.actor(), { action: method === 'qr' ? 'session.checkin' : 'session.checkin.manual', entity: 'study_session', entityId: s.id, detail: { memberId, checkedAt } });
    return id;
  });
  if (result === null) {
    const prior = await checkInOf(svc.db, s.id, memberId);
    throw refuse(409, 'ALREADY_CHECKED_IN', `已签到（${prior ? hhmm(prior.checked_at) : ''}），无需重复签到`);
  }
  const t = await timing(svc);
  const status = attendanceOf(s, checkedAt, null, t, clock.now().getTime());
  return { checkInId: result, checkedAt, time: hhmm(checkedAt), status, statusLabel: STATUS_LABEL[status], topic: s.topic, minutes: s.minutes };
}

/**
 * A member scanned the screen's code. Every refusal changes nothing and says
 * why. With a scan pass (the member signed in after scanning), the code counts
 * as scanned at the moment of the pass, and so does the check-in time.
 */
export async function scanCheckIn(svc: Services, auth: AuthContext, sessionId: number, token: string, pass?: string): Promise<CheckInResult> {
  const s = await getSession(svc.db, sessionId);
  if (!s) throw refuse(404, 'SESSION_NOT_FOUND', '签到码无效：找不到该集中学习');
  let now = clock.now().getTime();
  const { rotate, grace } = await qrTiming(svc);
  let check = checkQrToken(s.qr_secret, s.id, token, now, rotate, grace);
  if (check === 'expired') {
    const scannedAt = checkScanPass(s.qr_secret, s.id, token, pass, now);
    if (scannedAt !== null) {
      check = 'valid';
      now = scannedAt;
    }
  }
  if (check === 'expired') throw refuse(400, 'QR_EXPIRED', '签到码已过期，请扫描会场屏幕上正在显示的二维码');
  if (check === 'invalid') throw refuse(400, 'QR_INVALID', '签到码无效，请扫描会场屏幕上的二维码');
  const memberId = auth.user.memberId;
  if (!memberId) throw refuse(403, 'NO_MEMBER', '您的账号未关联干部信息，无法签到');
  if (s.status === 'cancelled') throw refuse(400, 'SESSION_CANCELLED', '本次集中学习已取消');
  if (!(await attends(svc.db, s.id, memberId))) throw refuse(403, 'NOT_ATTENDING', '您所在单位不在本次集中学习的参加范围内');
  const prior = await checkInOf(svc.db, s.id, memberId);
  if (prior) throw refuse(409, 'ALREADY_CHECKED_IN', `已签到（${hhmm(prior.checked_at)}），无需重复签到`);
  const t = await timing(svc);
  if (s.status === 'closed' || now > Date.parse(s.ends_at)) throw refuse(400, 'SESSION_ENDED', '本次集中学习已结束，签到已关闭');
  if (s.status !== 'open') throw refuse(400, 'SESSION_NOT_OPEN', '签到尚未开放，请稍候');
  const opensAt = Date.parse(s.starts_at) - t.opens * 60_000;
  if (now < opensAt) throw refuse(400, 'TOO_EARLY', `签到将于 ${hhmm(new Date(opensAt).toISOString())} 开始`);
  return recordCheckIn(svc, auth, s, memberId, 'qr', new Date(now).toISOString());
}

/** The clerk records a check-in by hand (someone without a phone; a correction from the paper sheet). */
export async function manualCheckIn(svc: Services, auth: AuthContext, sessionId: number, memberId: number, time?: string): Promise<CheckInResult> {
  const s = await sessionInScope(svc, auth, sessionId);
  if (s.status === 'cancelled') throw badRequest('本次集中学习已取消');
  const m = await memberWithUnit(svc.db, memberId);
  if (!m) throw notFound('找不到该干部');
  if (!(await attends(svc.db, s.id, memberId))) throw badRequest(`${m.name}不在本次集中学习的参加范围内`);
  let checkedAt = nowIso();
  if (time) {
    if (!/^\d{2}:\d{2}$/.test(time)) throw badRequest('签到时间格式应为 HH:mm');
    checkedAt = localToIso(localDay(s.starts_at), time);
    if (Number.isNaN(Date.parse(checkedAt))) throw badRequest('签到时间格式应为 HH:mm');
  }
  if (Date.parse(checkedAt) > clock.now().getTime() + 60_000) throw badRequest('签到时间不能晚于现在');
  return recordCheckIn(svc, auth, s, memberId, 'manual', checkedAt);
}

/** Removes a wrongly recorded check-in together with the minutes it credited. */
export async function removeCheckIn(svc: Services, auth: AuthContext, sessionId: number, memberId: number) {
  await sessionInScope(svc, auth, sessionId);
  await svc.db.transaction().execute(async (trx) => {
    const c = await checkInOf(trx, sessionId, memberId);
    if (!c) throw notFound('该干部没有签到记录');
    await deleteRecordLog(trx, { source: 'checkin', ref: String(c.id) });
    await deleteCheckIn(trx, c.id);
    await svc.audit.record(trx, auth.actor(), { action: 'session.checkin.remove', entity: 'study_session', entityId: sessionId, detail: { memberId } });
  });
}

// ---- Leave -------------------------------------------------------------------------

/** Accounts that decide a session's leave requests: clerks whose scope holds its organising unit. */
export async function clerksFor(db: DB, unitPath: string): Promise<number[]> {
  const rows = await grantHolders(db, 'clerk');
  return [...new Set(rows.filter((r) => unitPath.startsWith(r.path)).map((r) => r.user_id))].sort((a, b) => a - b);
}

/** The clerks who decide a leave request hear of it in their inbox, once per request (a resubmission is a new one). */
export async function tellClerksOfLeave(db: DB, s: { unit_path: string; starts_at: string; topic: string }, leave: { id: number; memberId: number; reason: string; requestedAt: string }) {
  const who = await memberWithUnit(db, leave.memberId);
  if (!who) throw notFound('找不到该干部');
  for (const userId of await clerksFor(db, s.unit_path)) {
    await notifyUser(db, userId, {
      kind: 'session.leave-request',
      title: `请假申请待审批：${who.name}`,
      body: `${who.name}（${who.unit_name}）申请${formatLocal(s.starts_at, 'M月D日 HH:mm')}“${s.topic}”请假，事由：${leave.reason}`,
      link: '/console/sessions?tab=leaves',
      dedupeKey: `leave-ask:${leave.id}:${leave.requestedAt}`,
    });
  }
}

export async function askLeave(svc: Services, auth: AuthContext, sessionId: number, reason: string) {
  const memberId = auth.user.memberId;
  if (!memberId) throw forbidden('您的账号未关联干部信息');
  const text = reason.trim();
  if (!text) throw badRequest('请填写请假事由');
  const s = await getSession(svc.db, sessionId);
  if (!s) throw notFound('找不到该集中学习');
  if (!(await attends(svc.db, s.id, memberId))) throw forbidden('您所在单位不在本次集中学习的参加范围内');
  if (s.status === 'cancelled') throw badRequest('本次集中学习已取消');
  if (clock.now().getTime() > Date.parse(s.ends_at)) throw badRequest('本次集中学习已结束，不能再请假');
  const checked = await checkInOf(svc.db, s.id, memberId);
  if (checked) throw badRequest(`您已于 ${hhmm(checked.checked_at)} 签到，无需请假`);
  const now = nowIso();
  return svc.db.transaction().execute(async (trx) => {
    const prior = await leaveOf(trx, s.id, memberId);
    if (prior?.status === 'approved') throw badRequest('您的请假已批准');
    let id: number;
    if (prior) {
      await updateLeave(trx, prior.id, { reason: text, status: 'pending', requested_at: now, decided_at: null, decided_by: null, decision_note: null });
      id = prior.id;
    } else {
      const created = await insertLeave(trx, { session_id: s.id, member_id: memberId, reason: text, status: 'pending', requested_at: now, decided_at: null, decided_by: null, decision_note: null });
      if (created === undefined) throw conflict('请假申请已提交');
      id = created;
    }
    await tellClerksOfLeave(trx, s, { id, memberId, reason: text, requestedAt: now });
    await svc.audit.record(trx, auth.actor(), { action: 'session.leave.ask', entity: 'leave_request', entityId: id, detail: { sessionId: s.id } });
    return id;
  });
}

export interface LeaveRow {
  id: number;
  sessionId: number;
  topic: string;
  startsAt: string;
  memberId: number;
  name: string;
  unitName: string;
  reason: string;
  status: string;
  statusLabel: string;
  requestedAt: string;
  decisionNote: string | null;
}

/** Leave requests of the sessions the clerk organises (their subtree), newest first. */
export async function leaveRequests(svc: Services, auth: AuthContext, status?: string): Promise<LeaveRow[]> {
  const reach = await svc.guard.reach(auth, SessionPolicy.manage);
  const rows = await leavesWithin(svc.db, reach, status);
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.session_id,
    topic: r.topic,
    startsAt: r.starts_at,
    memberId: r.member_id,
    name: r.name,
    unitName: r.unit_name,
    reason: r.reason,
    status: r.status,
    statusLabel: LEAVE_STATUS_LABEL[r.status] ?? r.status,
    requestedAt: r.requested_at,
    decisionNote: r.decision_note,
  }));
}

export async function decideLeave(svc: Services, auth: AuthContext, leaveId: number, approve: boolean, note: string | undefined) {
  await svc.guard.authorize(auth, SessionPolicy.manage);
  const l = await leaveById(svc.db, leaveId);
  if (!l) throw notFound('找不到该请假申请');
  const s = await sessionInScope(svc, auth, l.session_id);
  if (l.status !== 'pending') throw conflict('该请假申请已处理');
  const status = approve ? 'approved' : 'rejected';
  await svc.db.transaction().execute(async (trx) => {
    if (!(await updateLeave(trx, leaveId, { status, decided_at: nowIso(), decided_by: auth.userId, decision_note: note?.trim() || null }, 'pending'))) throw conflict('该请假申请已处理');
    await notifyMember(trx, l.member_id, {
      kind: 'session.leave',
      title: approve ? `请假已批准：${s.topic}` : `请假未批准：${s.topic}`,
      body: approve ? `${formatLocal(s.starts_at, 'M月D日 HH:mm')}的集中学习，您的请假已批准。` : `${formatLocal(s.starts_at, 'M月D日 HH:mm')}的集中学习，请假未批准${note?.trim() ? `：${note.trim()}` : ''}，请按时参加。`,
      link: '/study/sessions',
      dedupeKey: `leave:${leaveId}:${status}:${l.requested_at}`,
    });
    await svc.audit.record(trx, auth.actor(), { action: approve ? 'session.leave.approve' : 'session.leave.reject', entity: 'leave_request', entityId: leaveId, detail: { sessionId: s.id } });
  });
}

// ---- What the routes ask for (each route is one call) ---------------------------------------

/** An export the route sends as it is. */
export interface ExportFile {
  kind: 'xlsx' | 'docx';
  name: string;
  buf: Buffer;
}

export async function present(db: DB, s: SessionRow) {
  const units = await attendingUnits(db, s.id);
  return {
    id: s.id,
    unitId: s.unit_id,
    unitName: s.unit_name,
    planId: s.plan_id,
    topic: s.topic,
    place: s.place,
    host: s.host,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    date: formatLocal(s.starts_at, 'YYYY-MM-DD'),
    start: formatLocal(s.starts_at, 'HH:mm'),
    end: formatLocal(s.ends_at, 'HH:mm'),
    minutes: s.minutes,
    status: s.status,
    statusLabel: SESSION_STATUS_LABEL[s.status] ?? s.status,
    version: s.version,
    units: units.map((u) => ({ id: u.id, name: u.name })),
  };
}

/** The sessions of a year organised within the user's reach, with their attendance counts. */
export async function listSessions(svc: Services, auth: AuthContext, year: number, status?: string) {
  const reach = await svc.guard.reach(auth, SessionPolicy.view);
  const { from, to } = yearIsoRange(year);
  const rows = await sessionsWithin(svc.db, reach, from, to, status);
  const out = [];
  for (const s of rows) out.push({ ...(await present(svc.db, s)), counts: sheetCounts(await signInSheet(svc, s)) });
  return out;
}

export async function sessionDetail(svc: Services, auth: AuthContext, id: number) {
  const s = await sessionInScope(svc, auth, id, SessionPolicy.view);
  const sheet = await signInSheet(svc, s);
  return { ...(await present(svc.db, s)), counts: sheetCounts(sheet), sheet };
}

/** The meeting-room screen: the current code (as an image and as text) while check-in is open, and the live count. */
export async function screenView(svc: Services, auth: AuthContext, id: number, baseUrl: string) {
  const s = await sessionInScope(svc, auth, id);
  const code = await screenCode(svc, s, baseUrl);
  const sheet = await signInSheet(svc, s);
  const showCode = s.status === 'open';
  const recent = sheet
    .filter((r) => r.checkedAt)
    .sort((a, b) => (b.checkedAt ?? '').localeCompare(a.checkedAt ?? ''))
    .slice(0, 8)
    .map((r) => ({ name: r.name, time: formatLocal(r.checkedAt ?? '', 'HH:mm') }));
  return {
    session: await present(svc.db, s),
    url: showCode ? code.url : null,
    qrSvg: showCode ? await QRCode.toString(code.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) : null,
    rotateSeconds: code.rotateSeconds,
    secondsLeft: code.secondsLeft,
    counts: sheetCounts(sheet),
    recent,
  };
}

export async function sheetFile(svc: Services, auth: AuthContext, id: number, kind: 'xlsx' | 'docx'): Promise<ExportFile> {
  const s = await sessionInScope(svc, auth, id, SessionPolicy.view);
  const rows = await signInSheet(svc, s);
  const name = `${sheetTitle(s)}-${formatLocal(s.starts_at, 'YYYYMMDD')}.${kind}`;
  return { kind, name, buf: kind === 'xlsx' ? await sheetXlsx(s, rows) : await sheetDocx(s, rows) };
}

/** The member's sessions this year: upcoming ones, past ones with their attendance, and the year's tally. */
export async function mySessions(svc: Services, auth: AuthContext) {
  const memberId = auth.user.memberId;
  const empty = { upcoming: [], past: [], year: { present: 0, late: 0, leave: 0, absent: 0, total: 0 } };
  if (!memberId) return empty;
  const path = (await memberWithUnit(svc.db, memberId))?.path;
  if (!path) return empty;
  // Every ancestor path of my unit ('/1/', '/1/4/', '/1/4/9/'): sessions attended by any of them include me.
  const parts = path.split('/').filter(Boolean);
  const ancestors = parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
  const year = currentYear();
  const rows = await sessionsAttendedBy(svc.db, ancestors, yearIsoRange(year).from);
  const ids = rows.map((r) => r.id);
  const checks = await memberCheckIns(svc.db, memberId, ids);
  const leaves = await memberLeaves(svc.db, memberId, ids);
  const t = await timing(svc);
  const now = clock.now().getTime();
  const upcoming = [];
  const past = [];
  const tally = { present: 0, late: 0, leave: 0, absent: 0, total: 0 };
  for (const s of rows) {
    const c = checks.find((x) => x.session_id === s.id);
    const l = leaves.find((x) => x.session_id === s.id);
    const st = attendanceOf(s, c?.checked_at ?? null, l?.status ?? null, t, now);
    const item = {
      ...(await present(svc.db, s)),
      myStatus: st,
      myStatusLabel: STATUS_LABEL[st],
      checkedAt: c?.checked_at ?? null,
      leave: l ? { status: l.status, statusLabel: LEAVE_STATUS_LABEL[l.status] ?? l.status, reason: l.reason, note: l.decision_note } : null,
    };
    if (Date.parse(s.ends_at) >= now && s.status !== 'closed') upcoming.push(item);
    else {
      past.push(item);
      if (st !== 'pending') {
        tally[st]++;
        tally.total++;
      }
    }
  }
  past.reverse();
  return { upcoming, past, year: tally };
}

export async function leaveFile(svc: Services, auth: AuthContext, status?: string): Promise<ExportFile> {
  const rows = await leaveRequests(svc, auth, status);
  const label = status ? (LEAVE_STATUS_LABEL[status] ?? status) : '全部';
  return { kind: 'xlsx', name: `集中学习请假名单（${label}）.xlsx`, buf: await leaveXlsx(rows, label) };
}

// ---- The annual plan (plan.ts holds its rules) ----

export { addRequiredBook, removeRequiredBook, savePlan } from './plan';

/** The units whose annual plan the user may see, with their depth under the highest one. */
export async function planUnits(svc: Services, auth: AuthContext) {
  const reach = await svc.guard.reach(auth, SessionPolicy.viewPlan);
  const rows = await unitsWithin(svc.db, reach.paths);
  const top = Math.min(...rows.map((r) => r.path.split('/').length));
  return rows.map((r) => ({ ...r, depth: r.path.split('/').length - top }));
}

export async function myYearPlan(svc: Services, auth: AuthContext, year: number) {
  const memberId = auth.user.memberId;
  if (!memberId) throw forbidden('您的账号未关联干部信息，没有本人的学习计划');
  return memberYearPlan(svc, memberId, year);
}

export async function planOfUnit(svc: Services, auth: AuthContext, unitId: number, year: number) {
  await planUnit(svc, auth, unitId, false);
  return loadPlan(svc, unitId, year);
}

export async function planReaders(svc: Services, auth: AuthContext, planId: number) {
  const { plan, unit } = await planById(svc, auth, planId, false);
  return whoHasRead(svc, plan.id, unit.path);
}

export async function planReadersFile(svc: Services, auth: AuthContext, planId: number): Promise<ExportFile> {
  const { plan, unit } = await planById(svc, auth, planId, false);
  const readers = await whoHasRead(svc, plan.id, unit.path);
  return { kind: 'xlsx', name: `${unit.name}${plan.year}年必学书目阅读情况.xlsx`, buf: await readersXlsx(plan, unit.name, readers) };
}

export async function planFile(svc: Services, auth: AuthContext, planId: number, kind: 'xlsx' | 'docx'): Promise<ExportFile> {
  const { plan } = await planById(svc, auth, planId, false);
  const view = await loadPlan(svc, plan.unit_id, plan.year);
  if (!view) throw badRequest('年度学习计划不存在');
  return { kind, name: `${view.title}.${kind}`, buf: kind === 'xlsx' ? await planXlsx(view) : await planDocx(view) };
}

export { SCAN_PASS_COOKIE, SCAN_PASS_SECONDS } from './qr';
