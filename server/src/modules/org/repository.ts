import type { SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db';
import type { Database } from '../../db/schema';
import type { Role } from '../../platform/roles';
import type { MemberFilter } from './schemas';
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
  if (unitPath) q = q.where('units.path', 'like', `${unitPath}%`);
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
