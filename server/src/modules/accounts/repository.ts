import type { DB } from '../../db';
import { inSubtrees, withinReach } from '../../db/subtree';
import type { Reach } from '../../platform/policy';
import { nowIso } from '../../platform/time';

export interface CandidateRow {
  id: number;
  name: string;
  name_pinyin: string;
  phone: string | null;
  unit_id: number;
  unit_name: string;
  unit_path: string;
  user_id: number | null;
}

/** Active members in reach (optionally in one subtree, or these ids), with their account if they have one. */
export function candidates(db: DB, reach: Reach, filter: { subtree?: string; memberIds?: number[] }): Promise<CandidateRow[]> {
  let q = db
    .selectFrom('members')
    .innerJoin('units', 'units.id', 'members.unit_id')
    .leftJoin('users', 'users.member_id', 'members.id')
    .select(['members.id', 'members.name', 'members.name_pinyin', 'members.phone', 'members.unit_id', 'units.name as unit_name', 'units.path as unit_path', 'users.id as user_id'])
    .where('members.status', '=', 'active')
    .where(withinReach(reach, { unitPath: 'units.path' }));
  if (filter.subtree) q = q.where(inSubtrees('units.path', [filter.subtree]));
  if (filter.memberIds) q = filter.memberIds.length ? q.where('members.id', 'in', filter.memberIds) : q.where('members.id', '=', -1);
  return q.orderBy('units.path').orderBy('members.id').execute();
}

export const unitById = (db: DB, id: number) => db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', id).executeTakeFirst();

export const unitsByName = (db: DB, name: string) => db.selectFrom('units').select(['id', 'name', 'path']).where('name', '=', name).execute();

/** Usernames already taken that equal one of these or start with one of these prefixes (for numbering clashes). */
export async function takenUsernames(db: DB, exact: string[], prefixes: string[]): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  for (let i = 0; i < exact.length; i += 500) {
    const rows = await db.selectFrom('users').select(['username', 'member_id']).where('username', 'in', exact.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.username, r.member_id);
  }
  for (const p of new Set(prefixes)) {
    const rows = await db.selectFrom('users').select(['username', 'member_id']).where('username', 'like', `${p}%`).execute();
    for (const r of rows) out.set(r.username, r.member_id);
  }
  return out;
}

/** Members (other than these) who carry one of these phone numbers. */
export async function phoneHolders(db: DB, phones: string[]): Promise<{ id: number; phone: string | null; name: string }[]> {
  const out: { id: number; phone: string | null; name: string }[] = [];
  for (let i = 0; i < phones.length; i += 500) {
    out.push(...(await db.selectFrom('members').select(['id', 'phone', 'name']).where('phone', 'in', phones.slice(i, i + 500)).execute()));
  }
  return out;
}

export async function insertMemberAccount(trx: DB, a: { username: string; hash: string; memberId: number; displayName: string; unitId: number }): Promise<number> {
  const now = nowIso();
  const { id } = await trx
    .insertInto('users')
    .values({
      username: a.username,
      password_hash: a.hash,
      member_id: a.memberId,
      display_name: a.displayName,
      disabled: 0,
      must_change_password: 1,
      password_changed_at: now,
      totp_secret: null,
      totp_enabled: 0,
      is_demo: 0,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.insertInto('user_roles').values({ user_id: id, role: 'member', unit_id: a.unitId }).execute();
  return id;
}

/** Whether a member has an account now (read inside the creating transaction). */
export async function memberHasAccount(trx: DB, memberIds: number[]): Promise<boolean> {
  for (let i = 0; i < memberIds.length; i += 500) {
    if (await trx.selectFrom('users').select('id').where('member_id', 'in', memberIds.slice(i, i + 500)).executeTakeFirst()) return true;
  }
  return false;
}

export interface SlipRow {
  id: number;
  username: string;
  password_hash: string;
  must_change_password: number;
  disabled: number;
  member_name: string | null;
  display_name: string;
  unit_name: string | null;
  unit_path: string | null;
}

export async function slipAccounts(db: DB, userIds: number[]): Promise<SlipRow[]> {
  const out: SlipRow[] = [];
  for (let i = 0; i < userIds.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('users')
        .leftJoin('members', 'members.id', 'users.member_id')
        .leftJoin('units', 'units.id', 'members.unit_id')
        .select(['users.id', 'users.username', 'users.password_hash', 'users.must_change_password', 'users.disabled', 'members.name as member_name', 'users.display_name', 'units.name as unit_name', 'units.path as unit_path'])
        .where('users.id', 'in', userIds.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}
