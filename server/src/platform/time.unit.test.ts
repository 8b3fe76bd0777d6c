import { describe, expect, it } from 'vitest';
import { clock, dayjs, localDayOf, localDayOfIso, localMidnightIso, nextLocalMidnightIso, todayLocal, TZ, yearIsoRange } from './time';

// The fixed UTC+8 shift against the time-zone database's Asia/Shanghai, at the hours around
// local midnight of days across a year's end and a leap day.
const DAYS = ['2024-02-28', '2024-02-29', '2024-03-01', '2026-06-15', '2026-12-31', '2027-01-01'];

describe('Asia/Shanghai dates (platform/time.ts)', () => {
  it('the local date of an instant is the time-zone database’s', () => {
    for (const day of DAYS) {
      const midnight = dayjs.tz(`${day} 00:00:00`, TZ).valueOf();
      for (const ms of [midnight - 60_000, midnight - 1, midnight, midnight + 1, midnight + 12 * 3_600_000, midnight + 86_400_000 - 1]) {
        const expected = dayjs(ms).tz(TZ).format('YYYY-MM-DD');
        expect(localDayOf(ms)).toBe(expected);
        expect(localDayOfIso(new Date(ms).toISOString())).toBe(expected);
      }
    }
  });

  it('local midnight is where the local date begins', () => {
    for (const day of DAYS) {
      expect(localMidnightIso(day)).toBe(dayjs.tz(`${day} 00:00:00`, TZ).toISOString());
      expect(localDayOfIso(localMidnightIso(day))).toBe(day);
      expect(localDayOf(Date.parse(localMidnightIso(day)) - 1)).not.toBe(day);
    }
  });

  it('a day ends where the next day begins, and a year runs from its first midnight to the next year’s', () => {
    for (const day of DAYS) {
      expect(nextLocalMidnightIso(day)).toBe(dayjs.tz(`${day} 00:00:00`, TZ).add(1, 'day').toISOString());
      expect(localDayOf(Date.parse(nextLocalMidnightIso(day)) - 1)).toBe(day);
    }
    expect(nextLocalMidnightIso('2026-12-31')).toBe(localMidnightIso('2027-01-01'));
    expect(yearIsoRange(2026)).toEqual({ from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
  });

  it('today is the local date of the clock', () => {
    const now = clock.now;
    try {
      clock.now = () => new Date('2026-12-31T16:00:00Z');
      expect(todayLocal()).toBe('2027-01-01');
      clock.now = () => new Date('2026-12-31T15:59:59.999Z');
      expect(todayLocal()).toBe('2026-12-31');
    } finally {
      clock.now = now;
    }
  });
});
