import type { AuthContext } from '../../platform/auth/context';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import { pinyinOf } from '../../platform/pinyin';
import { rolesOf, type Action } from '../../platform/policy';
import type { FastifyReply } from 'fastify';
import { buildXlsx, sendXlsx } from '../../platform/xlsx';
import { ROLE_LABELS, type Role } from '../../platform/roles';
import type { Services } from '../../platform/services';
import { nowIso, todayLocal } from '../../platform/time';
import { OrgPolicy } from './policy';
import {
  accountsOfMember,
  activeGrants,
  activeMembersWithUnit,
  allMembers,
  deleteUnitRow,
  getMember,
  getUnit,
  insertMember,
  insertUnit,
  lastLeaveDetail,
  listUnits,
  phoneTaken,
  rolesOfAccounts,
  searchMembers,
  setAccountDisabled,
  siblingNamed,
  unitUsage,
  updateMemberAt,
  updateUnitAt,
  type MemberRow,
} from './repository';
import { CATEGORIES, type MemberCreate, type MemberFilter, type MemberUpdate, type MemberView, type UnitView } from './schemas';
import { ROSTER_COLUMNS, rosterTemplate } from './import';
export { importRoster } from './import';


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
  return svc.db.transaction().execute(async (trx) => {
    const dup = await siblingNamed(trx, parent?.id ?? null, input.name.trim());
    if (dup) throw badRequest(`同一上级单位下已有名为“${input.name}”的单位`);
    const id = await insertUnit(trx, { parentId: parent?.id ?? null, parentPath: parent?.path ?? null, name: input.name.trim(), kind: input.kind, sortOrder: input.sortOrder ?? 0 }, nowIso());
    await svc.audit.record(trx, auth.actor(), { action: 'unit.create', entity: 'unit', entityId: id, detail: { name: input.name, parentId: input.parentId } });
    return id;
  }).finally(() => svc.guard.forgetTowns());
}

export async function updateUnit(svc: Services, auth: AuthContext, id: number, input: { version: number; name?: string; kind?: string; sortOrder?: number }) {
  const unit = await unitInScope(svc, auth, id, OrgPolicy.manageUnits);
  await svc.db.transaction().execute(async (trx) => {
    const set = {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
    };
    if ((await updateUnitAt(trx, id, input.version, set, nowIso())) === 0) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'unit.update', entity: 'unit', entityId: id, detail: { before: { name: unit.name, kind: unit.kind }, after: input } });
  });
  svc.guard.forgetTowns();
}

export async function deleteUnit(svc: Services, auth: AuthContext, id: number) {
  const unit = await unitInScope(svc, auth, id, OrgPolicy.manageUnits);
  if ((await svc.guard.reach(auth, OrgPolicy.manageUnits)).paths.includes(unit.path) && !auth.has('sysadmin')) throw forbidden('不能删除自己所管理的顶层单位');
  await svc.db.transaction().execute(async (trx) => {
    const usage = await unitUsage(trx, id);
    if (usage.child) throw badRequest('该单位下还有下级单位，不能删除');
    if (usage.member) throw badRequest('该单位下还有干部（含已离职人员的历史记录），不能删除');
    if (usage.role) throw badRequest('还有账号的角色范围指向该单位，不能删除');
    await deleteUnitRow(trx, id);
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

async function phoneInUse(svc: Services, phone: string | null | undefined, exceptId?: number) {
  if (!phone) return false;
  return phoneTaken(svc.db, phone, exceptId);
}

export async function createMember(svc: Services, auth: AuthContext, input: MemberCreate): Promise<number> {
  await unitInScope(svc, auth, input.unitId, OrgPolicy.editRoster);
  if (await phoneInUse(svc, input.phone)) throw badRequest(`手机号 ${input.phone} 已登记在其他干部名下`);
  input = { ...input, email: normalizeEmail(input.email) };
  return svc.db.transaction().execute(async (trx) => {
    const id = await insertMember(trx, input);
    await svc.audit.record(trx, auth.actor(), { action: 'member.create', entity: 'member', entityId: id, detail: { name: input.name, unitId: input.unitId } });
    return id;
  });
}

export async function updateMember(svc: Services, auth: AuthContext, id: number, input: MemberUpdate) {
  const m = await getMember(svc.db, id);
  if (!m) throw notFound('找不到该干部');
  await svc.guard.authorize(auth, OrgPolicy.editRoster, { unitPath: m.unit_path }, '该干部不在您的管理范围内');
  if (input.unitId !== undefined && input.unitId !== m.unit_id) await unitInScope(svc, auth, input.unitId, OrgPolicy.editRoster);
  if (input.phone && (await phoneInUse(svc, input.phone, id))) throw badRequest(`手机号 ${input.phone} 已登记在其他干部名下`);
  input = { ...input, email: normalizeEmail(input.email) };
  await svc.db.transaction().execute(async (trx) => {
    const py = input.name ? pinyinOf(input.name) : null;
    const set = {
        ...(input.name !== undefined && py ? { name: input.name.trim(), name_initials: py.initials, name_pinyin: py.full } : {}),
        ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
        ...(input.position !== undefined ? { position: input.position.trim() } : {}),
        ...(input.category !== undefined ? { category: input.category } : {}),
        ...(input.partyMember !== undefined ? { party_member: input.partyMember ? 1 : 0 } : {}),
        ...(input.phone !== undefined ? { phone: input.phone } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.leadingGroup !== undefined ? { leading_group: input.leadingGroup ? 1 : 0 } : {}),
        ...(input.leadingGroupRole !== undefined ? { leading_group_role: input.leadingGroupRole } : {}),
    };
    if ((await updateMemberAt(trx, id, input.version, set, nowIso())) === 0) throw conflict();
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
  const users = await accountsOfMember(svc.db, id);
  if (status === 'left' && users.length) {
    const roles = await rolesOfAccounts(svc.db, users.map((u) => u.id));
    const staff = [...new Set(roles.map((r) => r.role).filter((r) => r !== 'member'))];
    if (staff.length) {
      throw forbidden(`该干部的账号担任${staff.map((r) => ROLE_LABELS[r as Role] ?? r).join('、')}，须先由安全管理员收回这些角色，才能登记离开`);
    }
  }
  let message = status === 'left' ? '已登记离开' : '已恢复在职';
  await svc.db.transaction().execute(async (trx) => {
    if ((await updateMemberAt(trx, id, version, { status, left_at: status === 'left' ? nowIso() : null }, nowIso())) === 0) throw conflict();
    const changed: string[] = [];
    if (status === 'left') {
      for (const u of users) {
        if (!u.disabled) changed.push(u.username);
        await setAccountDisabled(trx, u.id, true, nowIso());
        await svc.sessions.destroyAllFor(trx, u.id);
      }
      if (changed.length) message += `，账号 ${changed.join('、')} 已停用`;
    } else {
      // What leaving took away: the accounts it disabled (found in the audit of the leave).
      const leave = await lastLeaveDetail(trx, id);
      const disabledByLeave = new Set<string>(leave ? ((JSON.parse(leave) as { disabled?: string[] }).disabled ?? []) : []);
      const kept: string[] = [];
      for (const u of users) {
        if (!u.disabled) continue;
        if (disabledByLeave.has(u.username)) {
          await setAccountDisabled(trx, u.id, false, nowIso());
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

/** For other modules (a session's expected attendance, who has lectured): the active members of these subtrees with their unit, in tree order. */
export const activeMembersUnder = (db: Services['db'], paths: string[]) => activeMembersWithUnit(db, paths);

export const categoryLabel = (c: string) => CATEGORIES[c as keyof typeof CATEGORIES] ?? c;

/** The roster reader's reach, narrowed to one unit's subtree when asked (a unit out of reach is refused). */
async function rosterScope(svc: Services, auth: AuthContext, unitId?: number) {
  const unit = unitId ? await unitInScope(svc, auth, unitId, OrgPolicy.viewRoster) : undefined;
  return { paths: (await svc.guard.reach(auth, OrgPolicy.viewRoster)).paths, unitPath: unit?.path };
}

/** A page of the roster, as far as the reader reaches. */
export async function listMembers(svc: Services, auth: AuthContext, query: MemberFilter) {
  const { paths, unitPath } = await rosterScope(svc, auth, query.unitId);
  const r = await searchMembers(svc.db, query, paths, unitPath);
  return { items: r.items.map(presentMember), total: r.total };
}

/** The roster as a workbook, in the import's columns plus the status (the export is audited). */
export async function exportMembers(svc: Services, auth: AuthContext, query: MemberFilter, reply: FastifyReply) {
  const { paths, unitPath } = await rosterScope(svc, auth, query.unitId);
  const rows = await allMembers(svc.db, query, paths, unitPath);
  const buf = await buildXlsx([
    {
      name: '干部名册',
      title: `干部名册（导出日期 ${todayLocal()}）`,
      columns: [...ROSTER_COLUMNS.map((h) => ({ header: h, key: h })), { header: '状态', key: '状态' }],
      rows: rows.map((r) => ({
        姓名: r.name,
        所属单位: r.unit_name,
        职务: r.position,
        人员类别: categoryLabel(r.category),
        是否党员: r.party_member ? '是' : '否',
        手机号: r.phone ?? '',
        领导小组成员: r.leading_group ? '是' : '否',
        领导小组职务: r.leading_group_role ?? '',
        状态: r.status === 'left' ? '已离开' : '在职',
      })),
    },
  ]);
  await svc.audit.recordAlone(auth.actor(), { action: 'member.export', entity: 'member', detail: { count: rows.length } });
  return sendXlsx(reply, `干部名册-${todayLocal()}.xlsx`, buf);
}

/** The empty roster workbook, its example naming the importer's own unit. */
export async function importTemplate(auth: AuthContext, reply: FastifyReply) {
  const grant = auth.grants(rolesOf(OrgPolicy.editRoster))[0];
  return sendXlsx(reply, '干部名册导入模板.xlsx', await rosterTemplate(grant?.unitName ?? 'X镇/党政办'));
}

/** Changes a member and answers with the record as it now stands. */
export async function updateMemberView(svc: Services, auth: AuthContext, id: number, input: MemberUpdate) {
  await updateMember(svc, auth, id, input);
  return presentMember((await getMember(svc.db, id))!);
}

/** A member's record for one who may read it. */
export const memberView = async (svc: Services, auth: AuthContext, id: number) => presentMember(await readableMember(svc, auth, id));
