// The rules an online record keeps, whoever enters it: the member on their page or the clerk's import
// (import.ts). Each record writes, in the same transaction, its row of the daily study log (kind 'online' /
// 'practice', source_ref = the record's id), so the log, the daily target and the clerk's figures see it.
import type { DB } from '../../db';
import { badRequest } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { nowIso, todayLocal } from '../../platform/time';
import { lockMemberLog, readMinutesLoggedOn, writeRecordLog } from '../study/service';
import { insertOnlineRow } from './repository';

export const PLATFORMS = ['学习强国', '干部教育在线', 'X大讲堂', '微信公众号', '其他'] as const;

/** A day has this many minutes; no member studies more than that in one day. */
export const MINUTES_PER_DAY = 24 * 60;

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
  await lockMemberLog(svc, trx, memberId);
  checkDayRoom(day, await readMinutesLoggedOn(trx, memberId, day, except), adding);
}

/** Refuses when `logged` minutes of a day plus `adding` would pass a whole day (the import's preview counts its own rows in). */
export function checkDayRoom(day: string, logged: number, adding: number) {
  if (logged + adding > MINUTES_PER_DAY) {
    throw badRequest(`${day} 已记录学习 ${logged} 分钟，再加 ${adding} 分钟将超过一天的 ${MINUTES_PER_DAY} 分钟`);
  }
}

export const onlineNote = (platform: string, content: string) => (content ? `${platform}：${content}` : platform).slice(0, 200);

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
  const id = await insertOnlineRow(trx, {
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
  });
  await writeRecordLog(trx, { memberId: rec.memberId, day: rec.day, kind: 'online', minutes, note: onlineNote(rec.platform, rec.content), source: 'online', ref: String(id) });
  return { id, minutes };
}

