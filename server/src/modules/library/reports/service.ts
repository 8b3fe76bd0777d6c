// Reading-room reports: category coverage (“种类齐全”), most and never borrowed,
// loans per unit and per member by month. Copies and loans count within the
// viewer's units (by the location a copy stands in).
import { sql } from 'kysely';
import type { DB } from '../../../db';
import { CATEGORIES, CLC_CLASSES } from '../catalog/clc';

const inPaths = (paths: string[]) => (paths.length ? sql.join(paths.map((p) => sql`units.path LIKE ${`${p}%`}`), sql` OR `) : sql`1 = 0`);

function yearRange(year: number) {
  // Loan times are UTC; the year is Shanghai's.
  return { from: new Date(`${year}-01-01T00:00:00+08:00`).toISOString(), to: new Date(`${year + 1}-01-01T00:00:00+08:00`).toISOString() };
}

export async function coverage(db: DB, paths: string[], year: number) {
  const { from, to } = yearRange(year);
  const rows = await sql<{ category: string; clc_class: string | null; titles: number; copies: number; loans: number }>`
    SELECT books.category, books.clc_class,
      COUNT(DISTINCT books.id) AS titles,
      COUNT(DISTINCT copies.id) AS copies,
      COUNT(loans.id) AS loans
    FROM books
    JOIN copies ON copies.book_id = books.id AND copies.status NOT IN ('withdrawn', 'lost')
    JOIN locations ON locations.id = copies.location_id
    JOIN units ON units.id = locations.unit_id
    LEFT JOIN loans ON loans.copy_id = copies.id AND loans.loaned_at >= ${from} AND loans.loaned_at < ${to}
    WHERE (${inPaths(paths)})
    GROUP BY books.category, books.clc_class`.execute(db);
  const byCategory = CATEGORIES.map((c) => {
    const rs = rows.rows.filter((r) => r.category === c);
    return { key: c, label: c, titles: sum(rs, 'titles'), copies: sum(rs, 'copies'), loans: sum(rs, 'loans') };
  });
  const byClass = Object.entries(CLC_CLASSES).map(([k, name]) => {
    const rs = rows.rows.filter((r) => r.clc_class === k);
    return { key: k, label: `${k} ${name}`, titles: sum(rs, 'titles'), copies: sum(rs, 'copies'), loans: sum(rs, 'loans') };
  });
  const unclassified = rows.rows.filter((r) => !r.clc_class);
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
  const most = await sql<{ id: number; title: string; authors: string; category: string; loans: number }>`
    SELECT books.id, books.title, books.authors, books.category, COUNT(loans.id) AS loans
    FROM loans
    JOIN copies ON copies.id = loans.copy_id
    JOIN books ON books.id = copies.book_id
    JOIN locations ON locations.id = copies.location_id
    JOIN units ON units.id = locations.unit_id
    WHERE loans.loaned_at >= ${from} AND loans.loaned_at < ${to} AND (${inPaths(paths)})
    GROUP BY books.id, books.title, books.authors, books.category
    ORDER BY loans DESC, books.id
    LIMIT ${limit}`.execute(db);
  const never = await sql<{ id: number; title: string; authors: string; category: string; copies: number }>`
    SELECT books.id, books.title, books.authors, books.category, COUNT(copies.id) AS copies
    FROM books
    JOIN copies ON copies.book_id = books.id AND copies.status NOT IN ('withdrawn', 'lost')
    JOIN locations ON locations.id = copies.location_id
    JOIN units ON units.id = locations.unit_id
    WHERE (${inPaths(paths)})
      AND NOT EXISTS (SELECT 1 FROM loans JOIN copies c2 ON c2.id = loans.copy_id WHERE c2.book_id = books.id)
    GROUP BY books.id, books.title, books.authors, books.category
    ORDER BY books.id`.execute(db);
  return {
    most: most.rows.map((r) => ({ ...r, loans: Number(r.loans) })),
    never: never.rows.map((r) => ({ ...r, copies: Number(r.copies) })),
  };
}

/** Loans per borrower's unit and per member, by month of the year. */
export async function loansByMonth(db: DB, paths: string[], year: number) {
  const { from, to } = yearRange(year);
  const rows = await db
    .selectFrom('loans')
    .innerJoin('members', 'members.id', 'loans.member_id')
    .innerJoin('units', 'units.id', 'members.unit_id')
    .select(['loans.loaned_at', 'members.id as member_id', 'members.name', 'units.id as unit_id', 'units.name as unit_name'])
    .where('loans.loaned_at', '>=', from)
    .where('loans.loaned_at', '<', to)
    .where(sql<boolean>`(${inPaths(paths)})`)
    .execute();
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
