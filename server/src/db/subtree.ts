import { sql, type Expression, type SqlBool } from 'kysely';
import type { Reach } from '../platform/policy';

/**
 * `column LIKE '/1/2/%' OR …` for a materialized-path column of any (aliased) table:
 * the rows whose unit lies in one of the subtrees. No paths: no rows.
 */
export function inSubtrees(column: string, paths: readonly string[]): Expression<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`1 = 0`;
  const ref = sql.ref(column);
  return sql<SqlBool>`(${sql.join(
    paths.map((p) => sql`${ref} like ${`${p}%`}`),
    sql` or `,
  )})`;
}

/**
 * The rows an action's reach admits (see platform/policy.ts `reachOf`): every row, the
 * rows in its subtrees, or the user's own rows by member (or user) column.
 */
export function withinReach(reach: Reach, columns: { unitPath: string; memberId?: string; userId?: string }): Expression<SqlBool> {
  if (reach.all) return sql<SqlBool>`1 = 1`;
  const parts = [];
  if (reach.paths.length) parts.push(inSubtrees(columns.unitPath, reach.paths));
  if (reach.own && columns.memberId && reach.memberId != null) parts.push(sql<SqlBool>`${sql.ref(columns.memberId)} = ${reach.memberId}`);
  if (reach.own && columns.userId) parts.push(sql<SqlBool>`${sql.ref(columns.userId)} = ${reach.userId}`);
  if (parts.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
