// The official calendar the clerks keep for years chinese-days does not cover
// (or to correct it): list, enter one day, remove, import a .xlsx with a row report.
// Entries are the district's or a town's own (issue 12 item 7): a clerk writes only
// within their reach, and every reader takes the unit's nearest scope.
import type { AuthContext } from '../../platform/auth/context';
import { badRequest, notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { rolesOf } from '../../platform/policy';
import { BUNDLED_LAST_YEAR, isIsoDay, loadWorkCalendar, officialDays } from '../../platform/workcalendar';
import { mayWriteAt, scopeDetail, scopeOfUnit, writeScope, type WriteScope } from '../../platform/write-scope';
import { buildXlsx, readXlsxRows } from '../../platform/xlsx';
import { StudyPolicy } from './policy';
import * as repo from './repository';
import { memberUnitPath } from './rules';

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

/** The calendar a viewer sees by default: a clerk's own scope (the district's for a clerk over the whole tree), else their own unit's. */
async function viewScope(svc: Services, auth: AuthContext): Promise<WriteScope> {
  if (await mayWriteAt(svc.db, svc.settings, auth, StudyPolicy.editCalendar, null)) return null;
  const grant = auth.grants(rolesOf(StudyPolicy.editCalendar)).sort((a, b) => a.unitPath.length - b.unitPath.length)[0];
  if (grant) return { unitId: grant.unitId, unitName: grant.unitName, unitPath: grant.unitPath };
  const path = auth.user.memberId ? await memberUnitPath(svc, auth.user.memberId) : '';
  const unitId = Number(path.split('/').filter(Boolean).at(-1));
  return unitId ? scopeOfUnit(svc.db, unitId) : null;
}

/**
 * A year's official days as they apply in one unit (the viewer's own scope unless `unitId` names
 * another): each entered day with the scope it comes from, whether it is inherited from a scope
 * above, and whether the viewer may change or delete it here (issue 12 item 7).
 */
export async function listCalendar(svc: Services, auth: AuthContext, year: number, unitId?: number) {
  const scope = unitId === undefined ? await viewScope(svc, auth) : await scopeOfUnit(svc.db, unitId);
  const here = scope?.unitPath ?? '';
  const [cal, canEdit] = await Promise.all([loadWorkCalendar(svc.db, `${year}-01-01`, `${year}-12-31`, here), mayWriteAt(svc.db, svc.settings, auth, StudyPolicy.editCalendar, scope)]);
  const scopes = [...new Set([...cal.overrides.values()].map((o) => o.unitPath ?? ''))].filter(Boolean);
  const names = new Map((await repo.unitsByPath(svc.db, scopes)).map((u) => [u.path, u]));
  const days = officialDays(year, cal.overrides);
  return {
    year,
    bundled: year <= BUNDLED_LAST_YEAR,
    bundledLastYear: BUNDLED_LAST_YEAR,
    overrides: cal.overrides.size,
    scope: { unitId: scope?.unitId ?? null, unitName: scope?.unitName ?? '全区' },
    canEdit,
    days: days.map((d) => {
      const from = d.source === 'override' ? (cal.overrides.get(d.day)?.unitPath ?? '') : null;
      const inherited = from !== null && from !== here;
      return {
        day: d.day,
        kind: d.kind,
        name: d.name,
        makeUp: d.makeUp,
        source: d.source,
        scopeUnitId: from ? (names.get(from)?.id ?? null) : null,
        scopeName: from === null ? null : from ? (names.get(from)?.name ?? '') : '全区',
        inherited,
        editable: canEdit && from !== null && !inherited,
      };
    }),
  };
}

export async function setCalendarDay(svc: Services, auth: AuthContext, day: string, kind: string, name: string, unitId?: number | null) {
  await svc.guard.authorize(auth, StudyPolicy.editCalendar);
  if (!isIsoDay(day)) throw badRequest('日期格式应为 YYYY-MM-DD');
  const k = parseKind(kind);
  if (!k) throw badRequest('类型应为“放假”或“上班”');
  await svc.db.transaction().execute(async (trx) => {
    const scope = await writeScope(trx, svc.settings, auth, StudyPolicy.editCalendar, unitId, '节假日安排');
    await repo.upsertCalendarDays(trx, scope, [{ day, kind: k, name: name.trim() }], auth.userId);
    await svc.audit.record(trx, auth.actor(), { action: 'calendar-day.set', entity: 'calendar_day', entityId: null, detail: { day, kind: k, name, scope: scopeDetail(scope) } });
  });
}

export async function removeCalendarDay(svc: Services, auth: AuthContext, day: string, unitId?: number | null) {
  await svc.guard.authorize(auth, StudyPolicy.editCalendar);
  await svc.db.transaction().execute(async (trx) => {
    const scope = await writeScope(trx, svc.settings, auth, StudyPolicy.editCalendar, unitId, '节假日安排', '删除');
    if (!(await repo.deleteCalendarDay(trx, scope?.unitPath ?? '', day)))
      throw notFound(scope ? `${scope.unitName}没有手工录入这一天的安排（上级录入的安排不能在本级删除，可以录入相反的安排覆盖它）` : '该日期没有手工录入的安排');
    await svc.audit.record(trx, auth.actor(), { action: 'calendar-day.delete', entity: 'calendar_day', entityId: null, detail: { day, scope: scopeDetail(scope) } });
  });
}

export interface CalendarImportRow {
  rowNumber: number;
  ok: boolean;
  day: string | null;
  message: string;
}

export async function importCalendar(svc: Services, auth: AuthContext, buf: Buffer, unitId?: number | null) {
  await svc.guard.authorize(auth, StudyPolicy.editCalendar);
  // The scope first: a refused import parses nothing.
  const scope = await writeScope(svc.db, svc.settings, auth, StudyPolicy.editCalendar, unitId, '节假日安排', '导入');
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
      await repo.upsertCalendarDays(trx, scope, good, auth.userId);
      await svc.audit.record(trx, auth.actor(), { action: 'calendar-day.import', entity: 'calendar_day', entityId: null, detail: { imported: good.length, failed: report.length - good.length, scope: scopeDetail(scope) } });
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
