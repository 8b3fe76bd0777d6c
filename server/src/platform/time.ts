import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';

/** The clock, replaceable in tests. */
export const clock = { now: () => new Date() };

export const nowIso = () => clock.now().toISOString();

/** Today's calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
export const todayLocal = () => dayjs(clock.now()).tz(TZ).format('YYYY-MM-DD');

export const currentYear = () => Number(dayjs(clock.now()).tz(TZ).format('YYYY'));

export const formatLocal = (iso: string, fmt = 'YYYY-MM-DD HH:mm:ss') => dayjs(iso).tz(TZ).format(fmt);

export { dayjs };
