// Leaders' dashboards: participation and compliance by month, the plan's three
// tiers side by side, top and bottom units, category coverage of the reading room,
// the reflection quota by month — read through the study, library and reflections
// modules' own functions, for a unit in the viewer's reach.
import type { AuthContext } from '../../../platform/auth/context';
import { forbidden, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { todayLocal } from '../../../platform/time';
import { coverage } from '../../library/reports/service';
import { quota } from '../../reflections/service';
import { unitView, type UnitViewRow } from '../../study/progress';
import { DisplayPolicy } from '../policy';
import * as repo from './repository';
import type { DashboardView } from './schemas';

export const TIERS: { tier: string; label: string }[] = [
  { tier: 'leader', label: '领导干部' },
  { tier: 'party', label: '党员' },
  { tier: 'staff', label: '普通职工' },
];

export function monthsBack(month: string, n: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 7));
  return out;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** The figures of a group of members in one month's unit view. */
export function figures(rows: UnitViewRow[]) {
  const n = rows.length;
  const sum = (f: (r: UnitViewRow) => number) => rows.reduce((a, r) => a + f(r), 0);
  return {
    members: n,
    avgMinutes: n ? Math.round(sum((r) => r.minutes) / n) : 0,
    participation: ratio(rows.filter((r) => r.minutes > 0).length, n),
    compliance: ratio(sum((r) => r.daysMet), sum((r) => r.requiredDays)),
    booksMet: ratio(rows.filter((r) => r.booksMet).length, n),
    attendance: ratio(sum((r) => r.sessionsAttended), sum((r) => r.sessionsExpected)),
  };
}

async function unitFor(svc: Services, auth: AuthContext, unitId: number | undefined) {
  let id = unitId;
  if (id === undefined) {
    const reach = await svc.guard.reach(auth, DisplayPolicy.viewDashboards);
    const top = [...reach.paths].sort((a, b) => a.length - b.length)[0];
    if (!top) throw forbidden('您没有可查看的单位');
    id = Number(top.split('/').filter(Boolean).at(-1));
  }
  const unit = await repo.unitById(svc.db, id);
  if (!unit) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, DisplayPolicy.viewDashboards, { unitPath: unit.path }, '该单位不在您的查看范围内');
  return unit;
}

export async function dashboard(svc: Services, auth: AuthContext, unitId?: number): Promise<DashboardView> {
  const unit = await unitFor(svc, auth, unitId);
  const month = todayLocal().slice(0, 7);
  const [nMonths, nUnits] = await Promise.all([svc.settings.int('display.dashboardMonths'), svc.settings.int('display.dashboardUnits')]);
  const months = monthsBack(month, nMonths);

  // One unit view per month, from the study module (the clerk's monthly view, the same figures).
  const views = [];
  for (const m of months) views.push(await unitView(svc, unit, m));
  const trend = views.map((v) => {
    const f = figures(v.rows);
    return { month: v.month, members: f.members, participation: f.participation, compliance: f.compliance, booksMet: f.booksMet, attendance: f.attendance, avgMinutes: f.avgMinutes };
  });

  const current = views.at(-1)!;
  const ids = current.rows.map((r) => r.memberId);
  const [cats, unitsOf, under] = await Promise.all([repo.categoriesOf(svc.db, ids), repo.unitsOfMembers(svc.db, ids), repo.unitsUnder(svc.db, unit.path)]);
  const tiers = TIERS.map((t) => {
    const f = figures(current.rows.filter((r) => cats.get(r.memberId) === t.tier));
    return { tier: t.tier, label: t.label, members: f.members, avgMinutes: f.avgMinutes, compliance: f.compliance, booksMet: f.booksMet, attendance: f.attendance };
  });
  const leaders = tiers[0]!;
  const others = tiers.slice(1).filter((t) => t.members > 0);
  const leadersAhead = leaders.members === 0 || others.length === 0 ? null : others.every((t) => leaders.avgMinutes >= t.avgMinutes && (leaders.compliance ?? 0) >= (t.compliance ?? 0));

  // Units with members of their own, this month.
  const units = under
    .map((u) => {
      const f = figures(current.rows.filter((r) => unitsOf.get(r.memberId) === u.id));
      return { unitId: u.id, unitName: u.name, members: f.members, avgMinutes: f.avgMinutes, compliance: f.compliance, booksMet: f.booksMet };
    })
    .filter((u) => u.members > 0);
  const ranked = [...units].sort((a, b) => (b.compliance ?? -1) - (a.compliance ?? -1) || b.avgMinutes - a.avgMinutes || a.unitName.localeCompare(b.unitName, 'zh'));
  const top = ranked.slice(0, nUnits);
  const bottom = ranked.length > nUnits ? ranked.slice(-Math.min(nUnits, ranked.length - nUnits)).reverse() : [];

  // The reading room's category coverage (library reports) and the reflection quota by month (reflections).
  const cov = await coverage(svc.db, [unit.path], Number(month.slice(0, 4)));
  const quotas = [];
  for (const m of months) {
    const q = await quota(svc, m, [unit.path]);
    quotas.push({
      month: m,
      units: q.items.length,
      met: q.items.filter((i) => i.met).length,
      submitted: q.items.reduce((a, i) => a + i.submitted, 0),
      approved: q.items.reduce((a, i) => a + i.approved, 0),
      required: q.items.reduce((a, i) => a + i.required, 0),
    });
  }

  return {
    unit: { id: unit.id, name: unit.name },
    month,
    trend,
    tiers,
    leadersAhead,
    units,
    top,
    bottom,
    coverage: cov.byCategory.map((c) => ({ category: c.label, titles: c.titles, copies: c.copies, loans: c.loans, state: c.state })),
    quota: quotas,
  };
}

const pct = (v: number | null) => (v === null ? '' : Math.round(v * 1000) / 10);

/** One chart's numbers as a sheet (the page saves the chart itself as an image). */
export async function exportSheet(svc: Services, auth: AuthContext, chart: string, unitId?: number) {
  const d = await dashboard(svc, auth, unitId);
  const title = (what: string) => `${d.unit.name} ${what}（截至 ${todayLocal()}）`;
  switch (chart) {
    case 'trend':
      return {
        name: `${d.unit.name}-学习趋势.xlsx`,
        sheet: {
          name: '学习趋势',
          title: title('参学与达标趋势'),
          columns: [
            { header: '月份', key: 'month', width: 10 },
            { header: '干部数', key: 'members' },
            { header: '参学率(%)', key: 'participation' },
            { header: '每日达标率(%)', key: 'compliance' },
            { header: '读书达标率(%)', key: 'booksMet' },
            { header: '集中学习出勤率(%)', key: 'attendance' },
            { header: '人均学习(分钟)', key: 'avgMinutes' },
          ],
          rows: d.trend.map((t) => ({ ...t, participation: pct(t.participation), compliance: pct(t.compliance), booksMet: pct(t.booksMet), attendance: pct(t.attendance) })),
        },
      };
    case 'tiers':
      return {
        name: `${d.unit.name}-三类人员对比.xlsx`,
        sheet: {
          name: '三类人员',
          title: title(`${d.month} 领导干部、党员、普通职工对比`),
          columns: [
            { header: '类别', key: 'label' },
            { header: '人数', key: 'members' },
            { header: '人均学习(分钟)', key: 'avgMinutes' },
            { header: '每日达标率(%)', key: 'compliance' },
            { header: '读书达标率(%)', key: 'booksMet' },
            { header: '集中学习出勤率(%)', key: 'attendance' },
          ],
          rows: d.tiers.map((t) => ({ ...t, compliance: pct(t.compliance), booksMet: pct(t.booksMet), attendance: pct(t.attendance) })),
        },
      };
    case 'units':
      return {
        name: `${d.unit.name}-各单位排名.xlsx`,
        sheet: {
          name: '各单位',
          title: title(`${d.month} 各单位学习情况`),
          columns: [
            { header: '单位', key: 'unitName', width: 18 },
            { header: '人数', key: 'members' },
            { header: '人均学习(分钟)', key: 'avgMinutes' },
            { header: '每日达标率(%)', key: 'compliance' },
            { header: '读书达标率(%)', key: 'booksMet' },
          ],
          rows: [...d.units].sort((a, b) => (b.compliance ?? -1) - (a.compliance ?? -1)).map((u) => ({ ...u, compliance: pct(u.compliance), booksMet: pct(u.booksMet) })),
        },
      };
    case 'coverage':
      return {
        name: `${d.unit.name}-藏书门类.xlsx`,
        sheet: {
          name: '藏书门类',
          title: title('图书室藏书门类覆盖'),
          columns: [
            { header: '门类', key: 'category' },
            { header: '种数', key: 'titles' },
            { header: '册数', key: 'copies' },
            { header: '本年借阅', key: 'loans' },
            { header: '情况', key: 'stateLabel' },
          ],
          rows: d.coverage.map((c) => ({ ...c, stateLabel: c.state === 'empty' ? '空缺' : c.state === 'thin' ? '偏少' : '正常' })),
        },
      };
    default:
      return {
        name: `${d.unit.name}-心得上报.xlsx`,
        sheet: {
          name: '心得上报',
          title: title('每月心得上报完成情况'),
          columns: [
            { header: '月份', key: 'month' },
            { header: '单位数', key: 'units' },
            { header: '完成单位数', key: 'met' },
            { header: '应报篇数', key: 'required' },
            { header: '已提交', key: 'submitted' },
            { header: '已通过', key: 'approved' },
          ],
          rows: d.quota,
        },
      };
  }
}
