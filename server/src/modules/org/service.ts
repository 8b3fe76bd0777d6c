import type { AuthContext } from '../../platform/auth/context';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import { pinyinOf } from '../../platform/pinyin';
import type { Action } from '../../platform/policy';
import { ROLE_LABELS, type Role } from '../../platform/roles';
import type { Services } from '../../platform/services';
import { nowIso } from '../../platform/time';
import { OrgPolicy } from './policy';
import { activeGrants, getMember, getUnit, listUnits, type MemberRow } from './repository';
import { CATEGORIES, type MemberCreate, type MemberUpdate, type MemberView, type UnitView } from './schemas';


export function presentMember(r: MemberRow): MemberView {
  return {
    id: r.id,
    name: r.name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    position: r.position,
    category: r.category,
    partyMember: Boolean(r.party_member),
    phone: r.phone,
    email: r.email ?? null,
    status: r.status,
    leftAt: r.left_at,
    leadingGroup: Boolean(r.leading_group),
    leadingGroupRole: r.leading_group_role,
    username: r.username ?? null,
    version: r.version,
  };
}

export async function visibleUnits(svc: Services, auth: AuthContext): Promise<UnitView[]> {
  const reach = await svc.guard.reach(auth, OrgPolicy.viewUnits);
  let paths = reach.paths;
  if (paths.length === 0 && reach.own && auth.user.memberId) {
    const m = await getMember(svc.db, auth.user.memberId);
    if (m) paths = [m.unit_path];
  }
  const rows = await listUnits(svc.db, paths);
  // A subtree's root keeps its parent id only when that parent is visible too.
  const ids = new Set(rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id !== null && ids.has(r.parent_id) ? r.parent_id : null,
    name: r.name,
    kind: r.kind,
    sortOrder: r.sort_order,
    version: r.version,
    memberCount: Number(r.member_count ?? 0),
  }));
}

export async function unitInScope(svc: Services, auth: AuthContext, unitId: number, action: Action) {
  const unit = await getUnit(svc.db, unitId);
  if (!unit) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, action, { unitPath: unit.path }, '该单位不在您的管理范围内');
  return unit;
}

export async function createUnit(svc: Services, auth: AuthContext, input: { parentId: number | null; name: string; kind: string; sortOrder?: number }) {
  await svc.guard.authorize(auth, OrgPolicy.manageUnits);
  if (input.parentId === null) {
    // A new top of the tree (a district or a town on its own) is the system administrator's call.
    auth.require('sysadmin');
    if (!auth.scopePaths(['sysadmin']).some((p) => p.split('/').filter(Boolean).length === 1)) throw forbidden();
  }
  const parent = input.parentId === null ? null : await unitInScope(svc, auth, input.parentId, OrgPolicy.manageUnits);
  const now = nowIso();
  return svc.db.transaction().execute(async (trx) => {
    const dup = await trx
      .selectFrom('units')
      .select('id')
      .where('name', '=', input.name.trim())
      .where((eb) => (parent ? eb('parent_id', '=', parent.id) : eb('parent_id', 'is', null)))
      .executeTakeFirst();
    if (dup) throw badRequest(`同一上级单位下已有名为“${input.name}”的单位`);
    const { id } = await trx
      .insertInto('units')
      .values({ parent_id: parent?.id ?? null, name: input.name.trim(), kind: input.kind, path: '', sort_order: input.sortOrder ?? 0, created_at: now, updated_at: now, version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `${parent?.path ?? '/'}${id}/`;
    await trx.updateTable('units').set({ path }).where('id', '=', id).execute();
    await svc.audit.record(trx, auth.actor(), { action: 'unit.create', entity: 'unit', entityId: id, detail: { name: input.name, parentId: input.parentId } });
    return id;
  }).finally(() => svc.guard.forgetTowns());
}

export async function updateUnit(svc: Services, auth: AuthContext, id: number, input: { version: number; name?: string; kind?: string; sortOrder?: number }) {
  const unit = await unitInScope(svc, auth, id, OrgPolicy.manageUnits);
  await svc.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('units')
      .set({
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.kind !== undefined ? { kind: input.kind } : {}),
        ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
        updated_at: nowIso(),
        version: input.version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'unit.update', entity: 'unit', entityId: id, detail: { before: { name: unit.name, kind: unit.kind }, after: input } });
  });
  svc.guard.forgetTowns();
}

export async function deleteUnit(svc: Services, auth: AuthContext, id: number) {
  const unit = await unitInScope(svc, auth, id, OrgPolicy.manageUnits);
  if ((await svc.guard.reach(auth, OrgPolicy.manageUnits)).paths.includes(unit.path) && !auth.has('sysadmin')) throw forbidden('不能删除自己所管理的顶层单位');
  await svc.db.transaction().execute(async (trx) => {
    const child = await trx.selectFrom('units').select('id').where('parent_id', '=', id).executeTakeFirst();
    if (child) throw badRequest('该单位下还有下级单位，不能删除');
    const member = await trx.selectFrom('members').select('id').where('unit_id', '=', id).executeTakeFirst();
    if (member) throw badRequest('该单位下还有干部（含已离职人员的历史记录），不能删除');
    const role = await trx.selectFrom('user_roles').select('id').where('unit_id', '=', id).executeTakeFirst();
    if (role) throw badRequest('还有账号的角色范围指向该单位，不能删除');
    await trx.deleteFrom('units').where('id', '=', id).execute();
    await svc.audit.record(trx, auth.actor(), { action: 'unit.delete', entity: 'unit', entityId: id, detail: { name: unit.name } });
  });
}

/** A member's record is readable by themselves and by roster readers over their unit. */
export async function readableMember(svc: Services, auth: AuthContext, id: number) {
  const m = await getMember(svc.db, id);
  if (!m) throw notFound('找不到该干部');
  await svc.guard.authorize(auth, OrgPolicy.viewMember, { unitPath: m.unit_path, memberId: m.id }, '您无权查看该干部的信息');
  return m;
}

const EMAIL_RE = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/** An e-mail address as stored: trimmed, lower-case, '' → null; a malformed one is refused. */
function normalizeEmail(email: string | null | undefined): string | null | undefined {
  if (email === undefined || email === null) return email;
  const s = email.trim().toLowerCase();
  if (!s) return null;
  if (!EMAIL_RE.test(s)) throw badRequest(`邮箱 ${email} 格式不正确`);
  return s;
}

async function phoneTaken(svc: Services, phone: string | null | undefined, exceptId?: number) {
  if (!phone) return false;
  let q = svc.db.selectFrom('members').select('id').where('phone', '=', phone);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return Boolean(await q.executeTakeFirst());
}

export async function createMember(svc: Services, auth: AuthContext, input: MemberCreate): Promise<number> {
  await unitInScope(svc, auth, input.unitId, OrgPolicy.editRoster);
  if (await phoneTaken(svc, input.phone)) throw badRequest(`手机号 ${input.phone} 已登记在其他干部名下`);
  input = { ...input, email: normalizeEmail(input.email) };
  return svc.db.transaction().execute(async (trx) => {
    const id = await insertMember(trx, input);
    await svc.audit.record(trx, auth.actor(), { action: 'member.create', entity: 'member', entityId: id, detail: { name: input.name, unitId: input.unitId } });
    return id;
  });
}

export async function insertMember(trx: Services['db'], input: MemberCreate): Promise<number> {
  const py = pinyinOf(input.name);
  const now = nowIso();
  const { id } = await trx
    .insertInto('members')
    .values({
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
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateMember(svc: Services, auth: AuthContext, id: number, input: MemberUpdate) {
  const m = await getMember(svc.db, id);
  if (!m) throw notFound('找不到该干部');
  await svc.guard.authorize(auth, OrgPolicy.editRoster, { unitPath: m.unit_path }, '该干部不在您的管理范围内');
  if (input.unitId !== undefined && input.unitId !== m.unit_id) await unitInScope(svc, auth, input.unitId, OrgPolicy.editRoster);
  if (input.phone && (await phoneTaken(svc, input.phone, id))) throw badRequest(`手机号 ${input.phone} 已登记在其他干部名下`);
  input = { ...input, email: normalizeEmail(input.email) };
  await svc.db.transaction().execute(async (trx) => {
    const py = input.name ? pinyinOf(input.name) : null;
    const r = await trx
      .updateTable('members')
      .set({
        ...(input.name !== undefined && py ? { name: input.name.trim(), name_initials: py.initials, name_pinyin: py.full } : {}),
        ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
        ...(input.position !== undefined ? { position: input.position.trim() } : {}),
        ...(input.category !== undefined ? { category: input.category } : {}),
        ...(input.partyMember !== undefined ? { party_member: input.partyMember ? 1 : 0 } : {}),
        ...(input.phone !== undefined ? { phone: input.phone } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.leadingGroup !== undefined ? { leading_group: input.leadingGroup ? 1 : 0 } : {}),
        ...(input.leadingGroupRole !== undefined ? { leading_group_role: input.leadingGroupRole } : {}),
        updated_at: nowIso(),
        version: input.version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw conflict();
    const { version: _v, ...changes } = input;
    await svc.audit.record(trx, auth.actor(), { action: 'member.update', entity: 'member', entityId: id, detail: { changes } });
  });
}

/**
 * A member who leaves keeps every record; their account is disabled and signed out.
 * An account that holds more than the member role (a leader, secretary, clerk, inspector or
 * administrator) is the security administrator's to change first: a clerk cannot switch off a
 * leader by marking them as left (issue 12 defect 11). Rejoining enables again the accounts that
 * leaving disabled, and says what it did.
 */
export async function setMemberStatus(svc: Services, auth: AuthContext, id: number, status: 'left' | 'active', version: number): Promise<{ message: string }> {
  const m = await getMember(svc.db, id);
  if (!m) throw notFound('找不到该干部');
  await svc.guard.authorize(auth, OrgPolicy.editRoster, { unitPath: m.unit_path }, '该干部不在您的管理范围内');
  await svc.guard.authorize(auth, OrgPolicy.editRoster, { unitPath: m.unit_path }, '该干部不在您的管理范围内');
  const users = await svc.db.selectFrom('users').select(['id', 'username', 'disabled']).where('member_id', '=', id).execute();
  if (status === 'left' && users.length) {
    const roles = await svc.db.selectFrom('user_roles').select('role').where('user_id', 'in', users.map((u) => u.id)).execute();
    const staff = [...new Set(roles.map((r) => r.role).filter((r) => r !== 'member'))];
    if (staff.length) {
      throw forbidden(`该干部的账号担任${staff.map((r) => ROLE_LABELS[r as Role] ?? r).join('、')}，须先由安全管理员收回这些角色，才能登记离开`);
    }
  }
  let message = status === 'left' ? '已登记离开' : '已恢复在职';
  await svc.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('members')
      .set({ status, left_at: status === 'left' ? nowIso() : null, updated_at: nowIso(), version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw conflict();
    const changed: string[] = [];
    if (status === 'left') {
      for (const u of users) {
        if (!u.disabled) changed.push(u.username);
        await trx.updateTable('users').set({ disabled: 1, updated_at: nowIso() }).where('id', '=', u.id).execute();
        await svc.sessions.destroyAllFor(trx, u.id);
      }
      if (changed.length) message += `，账号 ${changed.join('、')} 已停用`;
    } else {
      // What leaving took away: the accounts it disabled (found in the audit of the leave).
      const leave = await trx.selectFrom('audit_log').select('detail').where('action', '=', 'member.leave').where('entity_id', '=', String(id)).orderBy('id', 'desc').limit(1).executeTakeFirst();
      const disabledByLeave = new Set<string>(leave?.detail ? ((JSON.parse(leave.detail) as { disabled?: string[] }).disabled ?? []) : []);
      const kept: string[] = [];
      for (const u of users) {
        if (!u.disabled) continue;
        if (disabledByLeave.has(u.username)) {
          await trx.updateTable('users').set({ disabled: 0, updated_at: nowIso() }).where('id', '=', u.id).execute();
          changed.push(u.username);
        } else kept.push(u.username);
      }
      if (changed.length) message += `，账号 ${changed.join('、')} 已恢复启用`;
      if (kept.length) message += `；账号 ${kept.join('、')} 不是因离开而停用的，仍保持停用，如需启用请联系系统管理员`;
    }
    await svc.audit.record(trx, auth.actor(), {
      action: status === 'left' ? 'member.leave' : 'member.rejoin',
      entity: 'member',
      entityId: id,
      detail: status === 'left' ? { disabled: changed } : { enabled: changed },
    });
  });
  return { message };
}

/**
 * Active accounts holding a role, with the path of the unit each grant reaches (one row per grant).
 * Other modules (leave requests, quota reminders) ask org for this instead of reading its tables.
 */
export const grantHolders = (db: Services['db'], role: Role) => activeGrants(db, role);

export const categoryLabel = (c: string) => CATEGORIES[c as keyof typeof CATEGORIES] ?? c;
