// The official calendar the clerk keeps for years chinese-days does not cover
// (or to correct it): list, enter one day, remove, import a .xlsx with a row report.
import type { AuthContext } from '../../platform/auth/context';
import { badRequest, notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { nowIso } from '../../platform/time';
import { BUNDLED_LAST_YEAR, isIsoDay, loadWorkCalendar, officialDays } from '../../platform/workcalendar';
import { buildXlsx, readXlsxRows } from '../../platform/xlsx';
import { StudyPolicy } from './policy';

const KIND_WORDS: Record<string, 'holiday' | 'workday'> = {
  holiday: 'holiday',
  放假: 'holiday',
  休息: 'holiday',
  假日: 'holiday',
  节假日: 'holiday',
  workday: 'workday',
  上班: 'workday',
  调休: 'workday',
  调休上班: 'workday',
  补班: 'workday',
  工作日: 'workday',
};

export function parseKind(s: string): 'holiday' | 'workday' | null {
  return KIND_WORDS[s.trim().toLowerCase()] ?? null;
}

/** Accepts 2027-10-01, 2027/10/1, 2027.10.1 and 2027年10月1日. */
export function parseDay(s: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s.trim());
  if (!m) return null;
  const d = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDay(d) ? d : null;
}

export async function listCalendar(svc: Services, year: number) {
  const cal = await loadWorkCalendar(svc.db, `${year}-01-01`, `${year}-12-31`);
  const days = officialDays(year, cal.overrides);
  return {
    year,
    bundled: year <= BUNDLED_LAST_YEAR,
    bundledLastYear: BUNDLED_LAST_YEAR,
    overrides: cal.overrides.size,
    days: days.map((d) => ({ day: d.day, kind: d.kind, name: d.name, makeUp: d.makeUp, source: d.source })),
  };
}

export async function setCalendarDay(svc: Services, auth: AuthContext, day: string, kind: string, name: string) {
  await svc.guard.authorize(auth, StudyPolicy.editCalendar);
  if (!isIsoDay(day)) throw badRequest('日期格式应为 YYYY-MM-DD');
  const k = parseKind(kind);
  if (!k) throw badRequest('类型应为“放假”或“上班”');
  await svc.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('calendar_days')
      .values({ day, kind: k, name: name.trim(), updated_at: nowIso(), updated_by: auth.userId })
      .onConflict((oc) => oc.column('day').doUpdateSet({ kind: k, name: name.trim(), updated_at: nowIso(), updated_by: auth.userId }))
      .execute();
    await svc.audit.record(trx, auth.actor(), { action: 'calendar-day.set', entity: 'calendar_day', entityId: null, detail: { day, kind: k, name } });
  });
}

export async function removeCalendarDay(svc: Services, auth: AuthContext, day: string) {
  await svc.guard.authorize(auth, StudyPolicy.editCalendar);
  await svc.db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('calendar_days').where('day', '=', day).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('该日期没有手工录入的安排');
    await svc.audit.record(trx, auth.actor(), { action: 'calendar-day.delete', entity: 'calendar_day', entityId: null, detail: { day } });
  });
}

export interface CalendarImportRow {
  rowNumber: number;
  ok: boolean;
  day: string | null;
  message: string;
}

export async function importCalendar(svc: Services, auth: AuthContext, buf: Buffer) {
  await svc.guard.authorize(auth, StudyPolicy.editCalendar);
  let rows: { rowNumber: number; cells: string[] }[];
  try {
    rows = await readXlsxRows(buf);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  const report: CalendarImportRow[] = [];
  const good: { day: string; kind: 'holiday' | 'workday'; name: string }[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const [c0 = '', c1 = '', c2 = ''] = r.cells;
    if (report.length === 0 && good.length === 0 && !parseDay(c0) && /日期|date/i.test(c0)) continue; // the header
    const day = parseDay(c0);
    if (!day) {
      report.push({ rowNumber: r.rowNumber, ok: false, day: null, message: `日期“${c0}”无法识别，应为 2027-10-01 这样的格式` });
      continue;
    }
    const kind = parseKind(c1);
    if (!kind) {
      report.push({ rowNumber: r.rowNumber, ok: false, day, message: `类型“${c1}”无法识别，应为“放假”或“上班”` });
      continue;
    }
    if (seen.has(day)) {
      report.push({ rowNumber: r.rowNumber, ok: false, day, message: `${day} 在表中重复出现` });
      continue;
    }
    seen.add(day);
    good.push({ day, kind, name: c2.trim() });
    report.push({ rowNumber: r.rowNumber, ok: true, day, message: kind === 'holiday' ? `放假${c2 ? `（${c2.trim()}）` : ''}` : `上班${c2 ? `（${c2.trim()}）` : ''}` });
  }
  if (good.length) {
    await svc.db.transaction().execute(async (trx) => {
      const now = nowIso();
      for (const g of good) {
        await trx
          .insertInto('calendar_days')
          .values({ day: g.day, kind: g.kind, name: g.name, updated_at: now, updated_by: auth.userId })
          .onConflict((oc) => oc.column('day').doUpdateSet({ kind: g.kind, name: g.name, updated_at: now, updated_by: auth.userId }))
          .execute();
      }
      await svc.audit.record(trx, auth.actor(), { action: 'calendar-day.import', entity: 'calendar_day', entityId: null, detail: { imported: good.length, failed: report.length - good.length } });
    });
  }
  return { imported: good.length, failed: report.filter((r) => !r.ok).length, rows: report };
}

export function calendarTemplate(): Promise<Buffer> {
  return buildXlsx([
    {
      name: '节假日安排',
      columns: [
        { header: '日期', key: 'day', width: 14 },
        { header: '类型（放假/上班）', key: 'kind', width: 18 },
        { header: '名称', key: 'name', width: 16 },
      ],
      rows: [
        { day: '2027-01-01', kind: '放假', name: '元旦' },
        { day: '2027-10-01', kind: '放假', name: '国庆节' },
        { day: '2027-10-09', kind: '上班', name: '国庆节调休' },
      ],
    },
  ]);
}
