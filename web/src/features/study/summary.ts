// 按单位汇总 from the monthly summary (issue 17, decision 021): which months and scopes read the
// nightly table instead of computing every member's month, and the line that says how fresh it is.

/** When the nightly job study.unit-summary runs (server/src/modules/study/summary.ts; a unit test keeps the two equal). */
export const SUMMARY_NIGHTLY = '02:30';

const SHANGHAI_MS = 8 * 3_600_000;
const local = (iso: string) => new Date(Date.parse(iso) + SHANGHAI_MS);

/** The month now in Asia/Shanghai, 'YYYY-MM'. */
export const shanghaiMonth = (now = new Date()) => new Date(now.getTime() + SHANGHAI_MS).toISOString().slice(0, 7);

/** 2026-12-06T18:30:00Z → 12月7日 02:30 (Asia/Shanghai, whatever the browser's zone); another year gets its year. */
export function fmtShanghai(iso: string, now = new Date()): string {
  const d = local(iso);
  const hm = d.toISOString().slice(11, 16);
  const year = d.getUTCFullYear() === new Date(now.getTime() + SHANGHAI_MS).getUTCFullYear() ? '' : `${d.getUTCFullYear()}年`;
  return `${year}${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hm}`;
}

/**
 * The unit a clerk's 学习情况 opens on, as the server picks it (study/progress.ts scopeUnit): the
 * widest unit of the reach, from /api/me's paths ('/1/2/' → 2).
 */
export function defaultScopeId(unitPaths: string[]): number | undefined {
  const widest = [...unitPaths].sort((a, b) => a.length - b.length)[0];
  const ids = widest?.split('/').filter(Boolean).map(Number) ?? [];
  return ids.at(-1);
}

/**
 * Whether a scope spans towns: a district (or a province) over several towns, whose live view
 * is every member of them all. A town, an office and a village do not.
 */
export function spansTowns(units: { id: number; parentId: number | null; kind: string }[], scopeId: number): boolean {
  const scope = units.find((u) => u.id === scopeId);
  if (!scope) return false;
  if (scope.kind === 'district') return true;
  const below = new Set([scopeId]);
  // Passes until nothing is added, whatever order the list comes in.
  for (let grew = true; grew; ) {
    grew = false;
    for (const u of units) if (u.parentId !== null && below.has(u.parentId) && !below.has(u.id)) grew = Boolean(below.add(u.id));
  }
  return units.some((u) => u.kind === 'town' && u.id !== scopeId && below.has(u.id));
}

/**
 * Where the by-unit table comes from: a past month, or a scope over towns (a district, a
 * province), from the summary (decision 021); this month of a town or an office, computed now
 * (the live view is affordable there and exact to the minute).
 */
export function unitsSource(month: string, thisMonth: string, overTowns: boolean): 'summary' | 'live' {
  return month < thisMonth || overTowns ? 'summary' : 'live';
}

export interface Freshness {
  /** The line under the by-unit table. */
  text: string;
  /** What a clerk can do about it, when anything. */
  hint: string | null;
  tone: 'info' | 'warning';
}

/**
 * What the page says about the figures' age. `asOf` is the summary's refresh (null: the month has
 * no summary yet and the server computed it now); `source` 'live' is the page's own live view.
 */
export function freshness(source: 'summary' | 'live', asOf: string | null, month: string, now = new Date()): Freshness {
  const current = month >= shanghaiMonth(now);
  if (source === 'live') return { text: '实时数字：本镇（本单位）本月的情况按人员当场计算', hint: null, tone: 'info' };
  if (!asOf) {
    return current
      ? { text: '月度汇总尚未生成：以下为当场计算的实时数字', hint: `汇总每晚 ${SUMMARY_NIGHTLY} 自动生成，生成后这里显示汇总的时间`, tone: 'info' }
      : { text: '该月没有月度汇总：以下为当场计算的数字', hint: null, tone: 'info' };
  }
  const text = `数据截至 ${fmtShanghai(asOf, now)}`;
  if (!current) return { text, hint: `该月的月度汇总；补录期内的记录在每晚 ${SUMMARY_NIGHTLY} 的汇总时计入`, tone: 'info' };
  // The job refreshes this month every night: older than a day and a bit means it did not run.
  if (now.getTime() - Date.parse(asOf) > 26 * 3_600_000) {
    return { text, hint: `汇总已超过一天没有更新（应每晚 ${SUMMARY_NIGHTLY} 更新）：请联系系统管理员检查定时任务“study.unit-summary”。各人的实时情况见“按人员”`, tone: 'warning' };
  }
  return { text, hint: `每晚 ${SUMMARY_NIGHTLY} 更新，今天的记录明天计入；各人的实时情况见“按人员”`, tone: 'info' };
}
