// Reading-room reports: category coverage (“种类齐全”), most and never borrowed,
// loans per unit and per member by month. Copies and loans count within the
// viewer's units (by the location a copy stands in). Each report is the route's
// JSON, or with ?format=xlsx the same figures as a workbook (platform/xlsx.ts:
// every cell formula-safe).
import type { FastifyReply } from 'fastify';
import type { DB } from '../../../db';
import type { AuthContext } from '../../../platform/auth/context';
import type { Services } from '../../../platform/services';
import { currentYear, localDayOfIso, yearIsoRange as yearRange } from '../../../platform/time';
import { buildXlsx, sendXlsx } from '../../../platform/xlsx';
import { CATEGORIES, CLC_CLASSES } from '../catalog/clc';
import { LibraryPolicy } from '../policy';
import * as repo from './repository';

export async function coverage(db: DB, paths: string[], year: number) {
  const { from, to } = yearRange(year);
  const rows = await repo.coverageRows(db, paths, from, to);
  const byCategory = CATEGORIES.map((c) => {
    const rs = rows.filter((r) => r.category === c);
    return { key: c, label: c, titles: sum(rs, 'titles'), copies: sum(rs, 'copies'), loans: sum(rs, 'loans') };
  });
  const byClass = Object.entries(CLC_CLASSES).map(([k, name]) => {
    const rs = rows.filter((r) => r.clc_class === k);
    return { key: k, label: `${k} ${name}`, titles: sum(rs, 'titles'), copies: sum(rs, 'copies'), loans: sum(rs, 'loans') };
  });
  const unclassified = rows.filter((r) => !r.clc_class);
  // “Thin” = under half of an even share; “其他” is not a category the plan asks for.
  const planned = byCategory.filter((c) => c.key !== '其他');
  const totalCopies = planned.reduce((n, c) => n + c.copies, 0);
  const fairShare = totalCopies / planned.length;
  return {
    year,
    byCategory: byCategory.map((c) => ({ ...c, state: (c.key === '其他' ? 'ok' : c.copies === 0 ? 'empty' : c.copies < fairShare / 2 ? 'thin' : 'ok') as 'ok' | 'empty' | 'thin' })),
    byClass,
    unclassified: { titles: sum(unclassified, 'titles'), copies: sum(unclassified, 'copies'), loans: sum(unclassified, 'loans') },
    empty: planned.filter((c) => c.copies === 0).map((c) => c.key),
    thin: planned.filter((c) => c.copies > 0 && c.copies < fairShare / 2).map((c) => c.key),
  };
}

function sum<T extends Record<string, unknown>>(rs: T[], k: keyof T) {
  return rs.reduce((n, r) => n + Number(r[k] ?? 0), 0);
}

export async function popularity(db: DB, paths: string[], year: number, limit = 20) {
  const { from, to } = yearRange(year);
  const most = await repo.mostBorrowed(db, paths, from, to, limit);
  const never = await repo.neverBorrowed(db, paths);
  return {
    most: most.map((r) => ({ ...r, loans: Number(r.loans) })),
    never: never.map((r) => ({ ...r, copies: Number(r.copies) })),
  };
}

/** Loans per borrower's unit and per member, by month of the year. */
export async function loansByMonth(db: DB, paths: string[], year: number) {
  const { from, to } = yearRange(year);
  const rows = await repo.loanRows(db, paths, from, to);
  // Loan times are UTC; the year and its months are Shanghai's.
  const month = (iso: string) => Number(localDayOfIso(iso).slice(5, 7)) - 1;
  const units = new Map<number, { unitId: number; unitName: string; months: number[]; total: number }>();
  const members = new Map<number, { memberId: number; name: string; unitName: string; months: number[]; total: number }>();
  for (const r of rows) {
    const m = month(r.loaned_at);
    const u = units.get(r.unit_id) ?? { unitId: r.unit_id, unitName: r.unit_name, months: Array(12).fill(0), total: 0 };
    u.months[m]++;
    u.total++;
    units.set(r.unit_id, u);
    const p = members.get(r.member_id) ?? { memberId: r.member_id, name: r.name, unitName: r.unit_name, months: Array(12).fill(0), total: 0 };
    p.months[m]++;
    p.total++;
    members.set(r.member_id, p);
  }
  return { year, units: [...units.values()].sort((a, b) => b.total - a.total), members: [...members.values()].sort((a, b) => b.total - a.total) };
}

// ---- the routes: the caller's units, the year (this one by default), JSON or .xlsx ----

export type ReportQuery = { year?: number; format?: 'xlsx' };
const STATE = { ok: '', empty: '空缺', thin: '偏少' } as const;
const MONTHS = Array.from({ length: 12 }, (_, i) => ({ header: `${i + 1}月`, key: `m${i}`, width: 6 }));
const BOOK_COLUMNS = [
  { header: '书名', key: 'title', width: 36 },
  { header: '作者', key: 'authors', width: 20 },
  { header: '类别', key: 'category', width: 10 },
];

/** The unit paths the caller's reports count within. */
const scopeOf = async (svc: Services, auth: AuthContext) => (await svc.guard.reach(auth, LibraryPolicy.reports)).paths;

export async function coverageReport(svc: Services, auth: AuthContext, q: ReportQuery, reply: FastifyReply) {
  const year = q.year ?? currentYear();
  const r = await coverage(svc.db, await scopeOf(svc, auth), year);
  if (q.format !== 'xlsx') return r;
  const columns = [
    { header: '类别', key: 'label', width: 28 },
    { header: '品种', key: 'titles', width: 8 },
    { header: '册数', key: 'copies', width: 8 },
    { header: `${year}年借阅`, key: 'loans', width: 12 },
    { header: '提示', key: 'state', width: 8 },
  ];
  return sendXlsx(
    reply,
    `馆藏种类统计-${year}.xlsx`,
    await buildXlsx([
      { name: '按方案类别', title: `馆藏种类统计（按方案类别，${year}年）`, columns, rows: r.byCategory.map((c) => ({ ...c, state: STATE[c.state] })) },
      { name: '按中图法大类', title: `馆藏种类统计（按中图法大类，${year}年）`, columns: columns.slice(0, 4), rows: [...r.byClass, { label: '未分类', ...r.unclassified }] },
    ]),
  );
}

export async function popularityReport(svc: Services, auth: AuthContext, q: ReportQuery, reply: FastifyReply) {
  const year = q.year ?? currentYear();
  const r = await popularity(svc.db, await scopeOf(svc, auth), year);
  if (q.format !== 'xlsx') return r;
  return sendXlsx(
    reply,
    `借阅排行-${year}.xlsx`,
    await buildXlsx([
      { name: '借阅最多', title: `${year}年借阅最多的图书`, columns: [...BOOK_COLUMNS, { header: '借阅次数', key: 'loans', width: 10 }], rows: r.most },
      { name: '从未借阅', title: '从未借阅的图书', columns: [...BOOK_COLUMNS, { header: '册数', key: 'copies', width: 8 }], rows: r.never },
    ]),
  );
}

export async function loansReport(svc: Services, auth: AuthContext, q: ReportQuery, reply: FastifyReply) {
  const year = q.year ?? currentYear();
  const r = await loansByMonth(svc.db, await scopeOf(svc, auth), year);
  if (q.format !== 'xlsx') return r;
  const flat = <T extends { months: number[] }>(x: T) => ({ ...x, ...Object.fromEntries(x.months.map((n, i) => [`m${i}`, n])) });
  const total = { header: '合计', key: 'total', width: 8 };
  return sendXlsx(
    reply,
    `每月借阅-${year}.xlsx`,
    await buildXlsx([
      { name: '按单位', title: `${year}年各单位每月借阅`, columns: [{ header: '单位', key: 'unitName', width: 18 }, ...MONTHS, total], rows: r.units.map(flat) },
      { name: '按干部', title: `${year}年各干部每月借阅`, columns: [{ header: '姓名', key: 'name', width: 10 }, { header: '单位', key: 'unitName', width: 18 }, ...MONTHS, total], rows: r.members.map(flat) },
    ]),
  );
}
