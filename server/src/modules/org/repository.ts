import type { Insertable, SelectQueryBuilder, Updateable } from 'kysely';
import type { DB } from '../../db';
import type { Database } from '../../db/schema';
import type { Role } from '../../platform/roles';
import type { MemberCreate, MemberFilter } from './schemas';
import { pinyinOf } from '../../platform/pinyin';
import { nowIso } from '../../platform/time';
import { inSubtrees } from '../../db/subtree';

export function listUnits(db: DB, paths: string[]) {
  return db
    .selectFrom('units')
    .select((eb) => [
      'units.id',
      'units.parent_id',
      'units.name',
      'units.kind',
      'units.path',
      'units.sort_order',
      'units.version',
      eb
        .selectFrom('members')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('members.unit_id', '=', 'units.id')
        .where('members.status', '=', 'active')
        .as('member_count'),
    ])
    .where(inSubtrees('units.path', paths))
    .orderBy('units.sort_order')
    .orderBy('units.id')
    .execute();
}

export const getUnit = (db: DB, id: number) => db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();

function memberBase(db: DB) {
  return db
    .selectFrom('members')
    .innerJoin('units', 'units.id', 'members.unit_id')
    .leftJoin('users', 'users.member_id', 'members.id');
}

const MEMBER_COLUMNS = [
  'members.id',
  'members.name',
  'members.unit_id',
  'units.name as unit_name',
  'units.path as unit_path',
  'members.position',
  'members.category',
  'members.party_member',
  'members.phone',
  'members.email',
  'members.status',
  'members.left_at',
  'members.leading_group',
  'members.leading_group_role',
  'members.version',
  'users.username',
] as const;

export type MemberRow = Awaited<ReturnType<typeof getMember>> & object;

export const getMember = (db: DB, id: number) => memberBase(db).select(MEMBER_COLUMNS).where('members.id', '=', id).executeTakeFirst();

function applyFilter<O>(q: SelectQueryBuilder<Database, 'members' | 'units' | 'users', O>, f: MemberFilter, paths: string[], unitPath?: string) {
  q = q.where(inSubtrees('units.path', paths));
  if (unitPath) q = q.where(inSubtrees('units.path', [unitPath]));
  const status = f.status ?? 'active';
  if (status !== 'all') q = q.where('members.status', '=', status);
  if (f.category) q = q.where('members.category', '=', f.category);
  if (f.leadingGroup !== undefined) q = q.where('members.leading_group', '=', f.leadingGroup ? 1 : 0);
  const term = f.q?.trim();
  if (term) {
    if (/^[a-z]+$/i.test(term)) {
      const t = term.toLowerCase();
      // 张三 is found by zs, zhangs and zhangsan.
      q = q.where((eb) => eb.or([eb('members.name_initials', 'like', `${t}%`), eb('members.name_pinyin', 'like', `${t}%`)]));
    } else if (/^\d{3,11}$/.test(term)) {
      q = q.where('members.phone', 'like', `%${term}%`);
    } else {
      const escaped = term.replace(/[\\%_]/g, (c) => `\\${c}`);
      q = q.where((eb) => eb('members.name', 'like', `%${escaped}%`));
    }
  }
  return q;
}

export async function searchMembers(db: DB, f: MemberFilter, paths: string[], unitPath?: string) {
  const page = f.page ?? 1;
  const size = f.pageSize ?? 20;
  const base = applyFilter(memberBase(db), f, paths, unitPath);
  const [items, total] = await Promise.all([
    base.select(MEMBER_COLUMNS).orderBy('units.path').orderBy('members.id').limit(size).offset((page - 1) * size).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function allMembers(db: DB, f: MemberFilter, paths: string[], unitPath?: string) {
  return applyFilter(memberBase(db), f, paths, unitPath).select(MEMBER_COLUMNS).orderBy('units.path').orderBy('members.id').execute();
}

/** Active accounts holding a role, with the path of the unit each grant reaches (one row per grant). */
export const activeGrants = (db: DB, role: Role) =>
  db
    .selectFrom('user_roles as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('users as us', 'us.id', 'r.user_id')
    .select(['r.user_id', 'u.path'])
    .where('r.role', '=', role)
    .where('us.disabled', '=', 0)
    .execute();

// ── Writes: units ──

export const siblingNamed = (db: DB, parentId: number | null, name: string) =>
  db
    .selectFrom('units')
    .select('id')
    .where('name', '=', name)
    .where((eb) => (parentId !== null ? eb('parent_id', '=', parentId) : eb('parent_id', 'is', null)))
    .executeTakeFirst();

/** A new unit under its parent, its path written once its id is known. */
export async function insertUnit(db: DB, u: { parentId: number | null; parentPath: string | null; name: string; kind: string; sortOrder: number }, at: string) {
  const { id } = await db
    .insertInto('units')
    .values({ parent_id: u.parentId, name: u.name, kind: u.kind, path: '', sort_order: u.sortOrder, created_at: at, updated_at: at, version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('units').set({ path: `${u.parentPath ?? '/'}${id}/` }).where('id', '=', id).execute();
  return id;
}

/** 1 when the unit was at that version, else 0. */
export async function updateUnitAt(db: DB, id: number, version: number, set: { name?: string; kind?: string; sort_order?: number }, at: string) {
  const r = await db.updateTable('units').set({ ...set, updated_at: at, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** What still hangs on a unit: a child unit, a member (present or past), a role's scope. */
export async function unitUsage(db: DB, id: number) {
  const child = await db.selectFrom('units').select('id').where('parent_id', '=', id).executeTakeFirst();
  const member = await db.selectFrom('members').select('id').where('unit_id', '=', id).executeTakeFirst();
  const role = await db.selectFrom('user_roles').select('id').where('unit_id', '=', id).executeTakeFirst();
  return { child: Boolean(child), member: Boolean(member), role: Boolean(role) };
}

export async function deleteUnitRow(db: DB, id: number) {
  await db.deleteFrom('units').where('id', '=', id).execute();
}

// ── Writes: members ──

export async function phoneTaken(db: DB, phone: string, exceptId?: number) {
  let q = db.selectFrom('members').select('id').where('phone', '=', phone);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return Boolean(await q.executeTakeFirst());
}

const insertMemberRow = async (db: DB, values: Insertable<Database['members']>) => (await db.insertInto('members').values(values).returning('id').executeTakeFirstOrThrow()).id;

/** 1 when the member was at that version, else 0. */
export async function updateMemberAt(db: DB, id: number, version: number, set: Updateable<Database['members']>, at: string) {
  const r = await db.updateTable('members').set({ ...set, updated_at: at, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export const accountsOfMember = (db: DB, memberId: number) => db.selectFrom('users').select(['id', 'username', 'disabled']).where('member_id', '=', memberId).execute();

export const rolesOfAccounts = (db: DB, userIds: number[]) => db.selectFrom('user_roles').select('role').where('user_id', 'in', userIds).execute();

export async function setAccountDisabled(db: DB, userId: number, disabled: boolean, at: string) {
  await db.updateTable('users').set({ disabled: disabled ? 1 : 0, updated_at: at }).where('id', '=', userId).execute();
}

/** The detail of the member's last leave in the audit log (which accounts it disabled). */
export const lastLeaveDetail = async (db: DB, memberId: number) =>
  (await db.selectFrom('audit_log').select('detail').where('action', '=', 'member.leave').where('entity_id', '=', String(memberId)).orderBy('id', 'desc').limit(1).executeTakeFirst())?.detail ?? null;

/** The phones on the roster, and the active members as `unitId:name`, for checking an import. */
export const rosterPhones = async (db: DB) => new Set((await db.selectFrom('members').select('phone').where('phone', 'is not', null).execute()).map((r) => r.phone as string));
export const activeNames = async (db: DB) => new Set((await db.selectFrom('members').select(['name', 'unit_id']).where('status', '=', 'active').execute()).map((r) => `${r.unit_id}:${r.name}`));

/** A new active member, with the pinyin of their name for the search. */
export async function insertMember(trx: DB, input: MemberCreate): Promise<number> {
  const py = pinyinOf(input.name);
  const now = nowIso();
  return insertMemberRow(trx, {
    unit_id: input.unitId,
    name: input.name.trim(),
    name_initials: py.initials,
    name_pinyin: py.full,
    position: input.position?.trim() ?? '',
    category: input.category,
    party_member: input.partyMember || input.category === 'party' ? 1 : 0,
    phone: input.phone ?? null,
    email: input.email ?? null,
    status: 'active',
    left_at: null,
    leading_group: input.leadingGroup ? 1 : 0,
    leading_group_role: input.leadingGroup ? (input.leadingGroupRole ?? null) : null,
    created_at: now,
    updated_at: now,
    version: 1,
  });
}

/** The active members of these subtrees with their unit, in the tree's order (unit, then member). */
export async function activeMembersWithUnit(db: DB, paths: string[]) {
  if (paths.length === 0) return [];
  return db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.name', 'm.position', 'm.unit_id', 'u.name as unit_name', 'u.path as unit_path', 'u.sort_order'])
    .where('m.status', '=', 'active')
    .where(inSubtrees('u.path', paths))
    .orderBy('u.sort_order')
    .orderBy('u.id')
    .orderBy('m.id')
    .execute();
}
