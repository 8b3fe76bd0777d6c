import { describe, expect, it } from 'vitest';
import { addDays, bundledDay, classifyDay, daysBetween, isIsoDay, monthBounds, officialDays, WorkCalendar } from './workcalendar';

const weekdaysOnly = { countWeekends: false, countHolidays: false };

describe('the official calendar', () => {
  it('knows 2026 National Day, its 调休 Saturday and an ordinary weekend', () => {
    expect(bundledDay('2026-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节' });
    // Sunday 2026-10-04 is inside the holiday: a holiday, not a weekend.
    expect(bundledDay('2026-10-04').kind).toBe('holiday');
    // Saturday 2026-10-10 is a make-up workday.
    expect(bundledDay('2026-10-10')).toMatchObject({ kind: 'workday', makeUp: true });
    expect(bundledDay('2026-10-17')).toMatchObject({ kind: 'weekend', makeUp: false });
    expect(bundledDay('2026-10-12')).toMatchObject({ kind: 'workday', makeUp: false });
    // Spring Festival 2026: Saturday 02-14 and 02-28 are workdays.
    expect(bundledDay('2026-02-14').kind).toBe('workday');
    expect(bundledDay('2026-02-17')).toMatchObject({ kind: 'holiday', name: '春节' });
  });

  it('after the bundled data ends, only weekends are off until the clerk enters the schedule', () => {
    expect(bundledDay('2027-10-01').kind).toBe('workday');
    expect(bundledDay('2027-10-02').kind).toBe('weekend');
    const cal = new WorkCalendar(
      new Map([
        ['2027-10-01', { kind: 'holiday' as const, name: '国庆节' }],
        ['2027-09-26', { kind: 'workday' as const, name: '国庆节调休' }],
      ]),
    );
    expect(cal.info('2027-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节', source: 'override' });
    expect(cal.info('2027-09-26')).toMatchObject({ kind: 'workday', makeUp: true });
    expect(cal.isRequired('2027-10-01', weekdaysOnly)).toBe(false);
    expect(cal.isRequired('2027-09-26', weekdaysOnly)).toBe(true);
  });

  it('a row of the clerk wins over the bundled data', () => {
    expect(classifyDay('2026-10-12', { kind: 'holiday', name: '本地节日' }).kind).toBe('holiday');
    expect(classifyDay('2026-10-03', { kind: 'workday', name: '' }).kind).toBe('workday');
  });

  it('counts required days under each setting', () => {
    const cal = new WorkCalendar(new Map());
    // October 2026: 1–7 holiday (incl. weekend 3/4); of 8–31, 17 weekdays + Sat 10 make-up = 18, and 6 weekend days.
    const oct = daysBetween('2026-10-01', '2026-10-31');
    expect(cal.requiredDays('2026-10-01', '2026-10-31', weekdaysOnly)).toHaveLength(18);
    expect(cal.requiredDays('2026-10-01', '2026-10-31', { countWeekends: true, countHolidays: false })).toHaveLength(18 + 6);
    expect(cal.requiredDays('2026-10-01', '2026-10-31', { countWeekends: true, countHolidays: true })).toHaveLength(oct.length);
    expect(cal.requiredDays('2026-10-01', '2026-10-31', { countWeekends: false, countHolidays: true })).toHaveLength(18 + 7);
  });

  it('date helpers', () => {
    expect(isIsoDay('2026-02-29')).toBe(false);
    expect(isIsoDay('2028-02-29')).toBe(true);
    expect(isIsoDay('2026-1-1')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(monthBounds('2026-02')).toEqual({ first: '2026-02-01', last: '2026-02-28' });
    const list = officialDays(2026, new Map());
    expect(list.find((d) => d.day === '2026-10-10')?.makeUp).toBe(true);
    expect(list.some((d) => d.day === '2026-10-12')).toBe(false);
  });
});
