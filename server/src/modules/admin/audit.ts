import type { DB } from '../../db';

export interface AuditFilter {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  outcome?: string;
  entity?: string;
  entityId?: string;
  page?: number;
  pageSize?: number;
}

function filtered(db: DB, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  // Dates are local (Asia/Shanghai) calendar days; stored times are UTC.
  if (f.from) q = q.where('at', '>=', new Date(`${f.from}T00:00:00+08:00`).toISOString());
  if (f.to) q = q.where('at', '<', new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000).toISOString());
  if (f.username) q = q.where('username', '=', f.username.trim().toLowerCase());
  if (f.action) q = q.where('action', 'like', `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  return q;
}

export async function searchAudit(db: DB, f: AuditFilter) {
  const size = f.pageSize ?? 50;
  const page = f.page ?? 1;
  const [items, total] = await Promise.all([
    filtered(db, f).selectAll().orderBy('id', 'desc').limit(size).offset((page - 1) * size).execute(),
    filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export const allAudit = (db: DB, f: AuditFilter, limit: number) => filtered(db, f).selectAll().orderBy('id', 'desc').limit(limit).execute();

/** Who the users of some audit rows are: the account's name, and the member's name and unit when it has one. */
export async function actorsOf(db: DB, userIds: number[]) {
  const ids = [...new Set(userIds)];
  if (!ids.length) return new Map<number, { name: string; unit: string | null }>();
  const rows = await db
    .selectFrom('users as us')
    .leftJoin('members as m', 'm.id', 'us.member_id')
    .leftJoin('units as u', 'u.id', 'm.unit_id')
    .select(['us.id', 'us.display_name', 'm.name as member_name', 'u.name as unit_name'])
    .where('us.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.member_name ?? r.display_name, unit: r.unit_name }]));
}
