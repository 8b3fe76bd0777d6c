// Reading-room reports: category coverage (“种类齐全”), most and never borrowed,
// loans per unit and per member by month. Copies and loans count within the
// viewer's units (by the location a copy stands in).
import type { DB } from '../../../db';
import { CATEGORIES, CLC_CLASSES } from '../catalog/clc';
import * as repo from './repository';

function yearRange(year: number) {
  // Loan times are UTC; the year is Shanghai's.
  return { from: new Date(`${year}-01-01T00:00:00+08:00`).toISOString(), to: new Date(`${year + 1}-01-01T00:00:00+08:00`).toISOString() };
}

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
  const month = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).getUTCMonth();
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
