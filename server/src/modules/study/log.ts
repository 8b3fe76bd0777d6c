// 每日学习记录 (kind 'reading', manual entries and the phone's timer). Other
// kinds are written by the session, online-learning and practice modules with
// their own `source`.
import type { AuthContext } from '../../platform/auth/context';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { clock, localDayOf, localMidnightIso, nowIso, todayLocal } from '../../platform/time';
import { addDays, isIsoDay } from '../../platform/workcalendar';
import * as repo from './repository';
import { lockMember, MAX_MINUTES_PER_DAY, rawMinutesOn, studyRules } from './rules';

export function requireMember(auth: AuthContext): number {
  const id = auth.user.memberId;
  if (!id) throw forbidden('只有干部账号可以记录学习');
  return id;
}

export interface LogInput {
  day: string;
  minutes: number;
  bookId?: number | null;
  bookTitle?: string | null;
  progress?: string;
  note?: string;
}

/** The earliest date a member may still log, given the backfill setting. */
export async function backfillWindow(svc: Services, today = todayLocal()) {
  const rules = await studyRules(svc, Number(today.slice(0, 4)));
  return { earliest: addDays(today, -rules.backfillDays), days: rules.backfillDays };
}

async function checkDay(svc: Services, day: string) {
  if (!isIsoDay(day)) throw badRequest('日期格式应为 YYYY-MM-DD');
  const today = todayLocal();
  if (day > today) throw badRequest('不能记录未来日期的学习');
  const w = await backfillWindow(svc, today);
  if (day < w.earliest) throw badRequest(w.days === 0 ? '只能记录当天的学习，不能补录' : `只能补录最近 ${w.days} 天的学习记录（${w.earliest} 起）`);
}

async function bookTitleOf(svc: Services, bookId: number | null | undefined, title: string | null | undefined) {
  if (bookId) {
    const b = await repo.bookById(svc.db, bookId);
    if (!b) throw notFound('找不到这本书');
    return { bookId: b.id, bookTitle: b.title };
  }
  const t = title?.trim() ?? '';
  return { bookId: null, bookTitle: t === '' ? null : t };
}

/** The progress and note of an entry, trimmed. */
const notesOf = (input: { progress?: string; note?: string }) => ({ progress: input.progress?.trim() ?? '', note: input.note?.trim() ?? '' });

export async function addReadingLog(svc: Services, auth: AuthContext, input: LogInput) {
  const memberId = requireMember(auth);
  if (!Number.isInteger(input.minutes) || input.minutes <= 0) throw badRequest('学习时长应为大于 0 的整数分钟');
  if (input.minutes > MAX_MINUTES_PER_DAY) throw badRequest('一天的学习时长不能超过 24 小时（1440 分钟）');
  await checkDay(svc, input.day);
  const book = await bookTitleOf(svc, input.bookId, input.bookTitle);
  return svc.db.transaction().execute(async (trx) => {
    await lockMember(svc, trx, memberId);
    const already = await rawMinutesOn(trx, memberId, input.day);
    if (already + input.minutes > MAX_MINUTES_PER_DAY)
      throw badRequest(`${input.day} 已记录 ${already} 分钟，再加 ${input.minutes} 分钟将超过一天 24 小时（1440 分钟）`);
    const row = await repo.insertReadingLog(trx, memberId, { day: input.day, minutes: input.minutes, ...book, ...notesOf(input), source: 'manual' });
    await svc.audit.record(trx, auth.actor(), { action: 'study-log.add', entity: 'study_log', entityId: row.id, detail: { day: input.day, minutes: input.minutes, bookId: book.bookId } });
    return { id: row.id };
  });
}

/** A member removes one of their own reading entries while it is still within the backfill window. */
export async function deleteReadingLog(svc: Services, auth: AuthContext, id: number) {
  const memberId = requireMember(auth);
  const row = await repo.logById(svc.db, id);
  if (!row || row.member_id !== memberId) throw notFound('找不到该学习记录');
  if (row.kind !== 'reading' || !['manual', 'timer'].includes(row.source)) throw badRequest('这条记录来自签到、线上学习或实践活动，不能在这里删除');
  const w = await backfillWindow(svc);
  if (row.day < w.earliest) throw badRequest('超过补录期限的记录不能再删除');
  await svc.db.transaction().execute(async (trx) => {
    await repo.deleteLog(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'study-log.delete', entity: 'study_log', entityId: id, detail: { day: row.day, minutes: row.minutes } });
  });
}

// ---- the timer ----

/** The most one run of the timer credits (a forgotten timer is not a day of study). */
export const timerMaxMinutes = (svc: Services) => svc.settings.int('study.timerMaxMinutes');

export async function timerOf(svc: Services, memberId: number) {
  const [t, maxMinutes] = await Promise.all([repo.timerOf(svc.db, memberId), timerMaxMinutes(svc)]);
  if (!t) return { running: false as const, startedAt: null, bookId: null, bookTitle: null, elapsedSeconds: 0, maxMinutes };
  return {
    running: true as const,
    startedAt: t.started_at,
    bookId: t.book_id,
    bookTitle: t.book_title,
    elapsedSeconds: Math.max(0, Math.floor((clock.now().getTime() - Date.parse(t.started_at)) / 1000)),
    maxMinutes,
  };
}

export async function startTimer(svc: Services, auth: AuthContext, input: { bookId?: number | null; bookTitle?: string | null }) {
  const memberId = requireMember(auth);
  const book = await bookTitleOf(svc, input.bookId, input.bookTitle);
  await svc.db.transaction().execute(async (trx) => {
    // One timer per member: a second start (another tab, a double tap) keeps the first.
    if (await repo.insertTimer(trx, memberId, nowIso(), book)) await svc.audit.record(trx, auth.actor(), { action: 'study-timer.start', entity: 'study_timer', entityId: memberId, detail: book });
  });
  return timerOf(svc, memberId);
}

/** UTC ms of local midnight at the start of the day after `day`. */
const nextLocalMidnight = (day: string) => Date.parse(localMidnightIso(addDays(day, 1)));

/** Splits a timer's run at local midnights into whole minutes per day. */
export function splitByDay(startMs: number, endMs: number): { day: string; minutes: number }[] {
  const out: { day: string; minutes: number }[] = [];
  let t = startMs;
  while (t < endMs) {
    const day = localDayOf(t);
    const until = Math.min(endMs, nextLocalMidnight(day));
    const minutes = Math.round((until - t) / 60_000);
    if (minutes > 0) out.push({ day, minutes });
    t = until;
  }
  return out;
}

const hoursMinutes = (m: number) => (m >= 60 ? `${Math.floor(m / 60)} 小时${m % 60 ? ` ${m % 60} 分钟` : ''}` : `${m} 分钟`);

export interface TimerStop {
  /** Minutes credited to the log. */
  minutes: number;
  entries: { day: string; minutes: number }[];
  /** Minutes left out: before the backfill window, or past 24 hours on a day. */
  dropped: number;
  /** Minutes past the single-run limit, not credited (a forgotten timer). */
  capped: number;
  maxMinutes: number;
  /** What the member should know about this stop (in Chinese), or null when it logged the time as run. */
  message: string | null;
}

/**
 * Stops the timer and logs its run, split at local midnights. A run longer
 * than study.timerMaxMinutes credits only that many minutes from its start and
 * says so; the member corrects it by deleting the entry and entering the real
 * time by hand.
 */
export async function stopTimer(svc: Services, auth: AuthContext, input: { progress?: string; note?: string }): Promise<TimerStop> {
  const memberId = requireMember(auth);
  const endMs = clock.now().getTime();
  const [w, maxMinutes] = await Promise.all([backfillWindow(svc), timerMaxMinutes(svc)]);
  return svc.db.transaction().execute(async (trx) => {
    // The same lock as every other writer of the log, before reading the day's total.
    await lockMember(svc, trx, memberId);
    // Deleting first makes a double tap on 停止 log once.
    const t = await repo.takeTimer(trx, memberId);
    if (!t) throw conflict('计时已经停止');
    const startMs = Date.parse(t.started_at);
    const ran = Math.max(0, Math.round((endMs - startMs) / 60_000));
    const creditUntil = Math.min(endMs, startMs + maxMinutes * 60_000);
    const capped = Math.max(0, ran - maxMinutes);
    const entries: { day: string; minutes: number }[] = [];
    let dropped = 0;
    for (const seg of splitByDay(startMs, creditUntil)) {
      if (seg.day < w.earliest) {
        dropped += seg.minutes;
        continue;
      }
      const room = MAX_MINUTES_PER_DAY - (await rawMinutesOn(trx, memberId, seg.day));
      const minutes = Math.min(seg.minutes, Math.max(0, room));
      dropped += seg.minutes - minutes;
      if (minutes <= 0) continue;
      await repo.insertReadingLog(trx, memberId, { day: seg.day, minutes, bookId: t.book_id, bookTitle: t.book_title, ...notesOf(input), source: 'timer' });
      entries.push({ day: seg.day, minutes });
    }
    const minutes = entries.reduce((a, e) => a + e.minutes, 0);
    const parts: string[] = [];
    if (capped > 0)
      parts.push(`这次计时持续了 ${hoursMinutes(ran)}，超过单次计时上限 ${maxMinutes} 分钟，只记入 ${minutes} 分钟。如果实际读书时间不同，请在“最近记录”中删除这条记录，再用“手动记录”填写实际时间。`);
    if (dropped > 0) parts.push(`有 ${dropped} 分钟超出补录期限或当天已满 24 小时，未记入。`);
    await svc.audit.record(trx, auth.actor(), { action: 'study-timer.stop', entity: 'study_timer', entityId: memberId, detail: { startedAt: t.started_at, minutes, entries, dropped, capped } });
    return { minutes, entries, dropped, capped, maxMinutes, message: parts.length ? parts.join('') : null };
  });
}

export async function cancelTimer(svc: Services, auth: AuthContext) {
  const memberId = requireMember(auth);
  await svc.db.transaction().execute(async (trx) => {
    if (await repo.takeTimer(trx, memberId)) await svc.audit.record(trx, auth.actor(), { action: 'study-timer.cancel', entity: 'study_timer', entityId: memberId });
  });
}

export async function recentLogs(svc: Services, memberId: number, from: string, to: string) {
  const rows = await repo.logsBetween(svc.db, memberId, from, to);
  return rows.map((r) => ({
    id: r.id,
    day: r.day,
    kind: r.kind,
    minutes: r.minutes,
    bookId: r.book_id,
    bookTitle: r.book_title,
    progress: r.progress,
    note: r.note,
    source: r.source,
    createdAt: r.created_at,
  }));
}
