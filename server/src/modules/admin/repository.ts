// The admin module's SQL: the audit log as the audit administrator reads it, and the accounts as the
// system and security administrators keep them.
import type { DB } from '../../db';
import type { Insertable } from 'kysely';
import type { Database } from '../../db/schema';
import { localMidnightIso, nextLocalMidnightIso } from '../../platform/time';

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
  if (f.from) q = q.where('at', '>=', localMidnightIso(f.from));
  if (f.to) q = q.where('at', '<', nextLocalMidnightIso(f.to));
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

// ── Accounts ──

export function listUserRows(db: DB, q?: string) {
  let query = db
    .selectFrom('users')
    .leftJoin('members', 'members.id', 'users.member_id')
    .leftJoin('units', 'units.id', 'members.unit_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.member_id',
      'members.name as member_name',
      'units.name as unit_name',
      'users.disabled',
      'users.must_change_password',
      'users.totp_enabled',
      'users.version',
      'users.created_at',
    ])
    .orderBy('users.id');
  if (q?.trim()) {
    const t = `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('users.username', 'like', t), eb('users.display_name', 'like', t)]));
  }
  return query.limit(500).execute();
}

/** The grants of some accounts, with their units' names. */
export const grantsOf = (db: DB, userIds: number[]) =>
  userIds.length
    ? db
        .selectFrom('user_roles')
        .innerJoin('units', 'units.id', 'user_roles.unit_id')
        .select(['user_roles.user_id', 'user_roles.role', 'user_roles.unit_id', 'units.name'])
        .where('user_roles.user_id', 'in', userIds)
        .execute()
    : Promise.resolve([]);

export const rolesHeld = (db: DB, userId: number) => db.selectFrom('user_roles').select(['role', 'unit_id']).where('user_id', '=', userId).execute();

export const userIdByName = (db: DB, username: string) => db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();

export const memberForAccount = (db: DB, memberId: number) => db.selectFrom('members').select(['id', 'unit_id']).where('id', '=', memberId).executeTakeFirst();

export const accountOfMember = (db: DB, memberId: number) => db.selectFrom('users').select('username').where('member_id', '=', memberId).executeTakeFirst();

export const userBrief = (db: DB, id: number) => db.selectFrom('users').select(['id', 'username', 'member_id']).where('id', '=', id).executeTakeFirst();

export const insertUser = (db: DB, values: Insertable<Database['users']>) => db.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();

export async function insertRoles(db: DB, rows: { user_id: number; role: string; unit_id: number }[]) {
  if (rows.length) await db.insertInto('user_roles').values(rows).execute();
}

export async function deleteRoles(db: DB, userId: number) {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
}

/** Changes the name or the disabled flag at the version read; 0 rows when the version moved or the account is gone. */
export async function updateUserAt(db: DB, id: number, version: number, set: { display_name?: string; disabled?: number }, at: string) {
  const r = await db
    .updateTable('users')
    .set({ ...set, updated_at: at, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export const userExists = async (db: DB, id: number) => Boolean(await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst());

export async function setResetPassword(db: DB, id: number, hash: string, at: string) {
  await db.updateTable('users').set({ password_hash: hash, must_change_password: 1, password_changed_at: at, updated_at: at }).where('id', '=', id).execute();
}

export async function clearTotp(db: DB, id: number, at: string) {
  const r = await db.updateTable('users').set({ totp_enabled: 0, totp_secret: null, totp_pending_secret: null, updated_at: at }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export const existingUnits = (db: DB, ids: number[]) => db.selectFrom('units').select('id').where('id', 'in', ids).execute();
