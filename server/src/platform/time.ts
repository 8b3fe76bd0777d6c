import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';

/** The clock, replaceable in tests. */
export const clock = { now: () => new Date() };

export const nowIso = () => clock.now().toISOString();

// China has kept UTC+8 all year since 1991, so the local date is a fixed shift
// (dayjs's tz plugin showed up in profiles of the borrow path).
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in Asia/Shanghai, 'YYYY-MM-DD', of an instant (ms since the epoch). */
export const localDayOf = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** The calendar date in Asia/Shanghai of an ISO UTC timestamp. */
export const localDayOfIso = (iso: string) => localDayOf(Date.parse(iso));

/** Today's calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
export const todayLocal = () => localDayOf(clock.now().getTime());

export const currentYear = () => Number(todayLocal().slice(0, 4));

/** The instant a calendar date ('YYYY-MM-DD') begins in Asia/Shanghai, as an ISO UTC timestamp. */
export const localMidnightIso = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS).toISOString();

/** The instant a calendar date ends in Asia/Shanghai (the next day's midnight), as ISO UTC: the exclusive end of a range of days. */
export const nextLocalMidnightIso = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000 - SHANGHAI_OFFSET_MS).toISOString();

/** A calendar year of Asia/Shanghai as ISO UTC timestamps: `from` inclusive, `to` exclusive. */
export const yearIsoRange = (year: number) => ({ from: localMidnightIso(`${year}-01-01`), to: localMidnightIso(`${year + 1}-01-01`) });

export const formatLocal = (iso: string, fmt = 'YYYY-MM-DD HH:mm:ss') => dayjs(iso).tz(TZ).format(fmt);

export { dayjs };
