import type { AuthContext } from '../../platform/auth/context';
import { hashPassword, passwordProblem } from '../../platform/auth/password';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import type { FastifyReply } from 'fastify';
import { checkpointDir, verifyCheckpoints, writeCheckpoint } from '../../platform/audit-checkpoint';
import { AUDIT_OUTCOMES, auditActionLabel, auditEntityLabel } from '../../platform/audit-labels';
import { ADMIN_ROLES, isRole, ROLE_LABELS, ROLES, type Role } from '../../platform/roles';
import { buildXlsx, sendXlsx } from '../../platform/xlsx';
import { AdminPolicy } from './policy';
import type { Services } from '../../platform/services';
import { currentYear, formatLocal, nowIso, todayLocal } from '../../platform/time';
import { lockedAccounts, passwordPolicy, unlockAccount } from '../auth/service';
import {
  accountOfMember,
  actorsOf,
  allAudit,
  clearTotp,
  deleteRoles,
  existingUnits,
  grantsOf,
  insertRoles,
  insertUser,
  listUserRows,
  memberForAccount,
  rolesHeld,
  searchAudit,
  setResetPassword,
  updateUserAt,
  userBrief,
  userExists,
  userIdByName,
  type AuditFilter,
} from './repository';

export async function listUsers(svc: Services, q?: string) {
  const users = await listUserRows(svc.db, q);
  const grants = await grantsOf(svc.db, users.map((u) => u.id));
  const locked = await lockedAccounts(svc.db);
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    memberId: u.member_id,
    memberName: u.member_name ?? null,
    unitName: u.unit_name ?? null,
    disabled: Boolean(u.disabled),
    mustChangePassword: Boolean(u.must_change_password),
    totpEnabled: Boolean(u.totp_enabled),
    locked: locked.has(u.username),
    version: u.version,
    roles: grants
      .filter((g) => g.user_id === u.id)
      .map((g) => ({ role: g.role, roleLabel: ROLE_LABELS[g.role as Role] ?? g.role, unitId: g.unit_id, unitName: g.name })),
  }));
}

/**
 * 三员分立 (issue 12 defect 4): no administrator changes another administrator's credentials,
 * state or roles through the web (a system administrator could otherwise reset the audit
 * administrator's password and read the log as them). That is done on the server itself with
 * `shuxiang reset-admin` / `shuxiang create-admin`, which needs shell access to the machine.
 */
async function refuseAdminTarget(svc: Services, id: number, what: string) {
  const held = await rolesHeld(svc.db, id);
  if (held.some((r) => ADMIN_ROLES.includes(r.role as Role))) {
    throw forbidden(`三员分立：管理员账号的${what}不能在网页上修改，须在服务器上执行 shuxiang reset-admin 或 shuxiang create-admin`);
  }
}

async function checkPassword(svc: Services, password: string, username: string) {
  const problem = passwordProblem(password, await passwordPolicy(svc), username);
  if (problem) throw badRequest(problem);
}

export async function createUser(
  svc: Services,
  auth: AuthContext,
  input: { username: string; displayName: string; memberId?: number | null; password: string },
) {
  await svc.guard.authorize(auth, AdminPolicy.manageUsers);
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9_.-]{2,32}$/.test(username)) throw badRequest('用户名只能包含小写字母、数字、下划线、点和短横线，2 到 32 位');
  await checkPassword(svc, input.password, username);
  const taken = await userIdByName(svc.db, username);
  if (taken) throw badRequest(`用户名 ${username} 已被使用`);
  let member: { id: number; unit_id: number } | undefined;
  if (input.memberId) {
    member = await memberForAccount(svc.db, input.memberId);
    if (!member) throw badRequest('找不到要关联的干部');
    const linked = await accountOfMember(svc.db, member.id);
    if (linked) throw badRequest(`该干部已有账号 ${linked.username}`);
  }
  const hash = await hashPassword(input.password);
  return svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const { id } = await insertUser(trx, {
        username,
        password_hash: hash,
        member_id: member?.id ?? null,
        display_name: input.displayName.trim(),
        disabled: 0,
        must_change_password: 1,
        password_changed_at: now,
        totp_secret: null,
        totp_enabled: 0,
        is_demo: 0,
        created_at: now,
        updated_at: now,
        version: 1,
      });
    // A cadre's own account starts as a member of their unit; other roles are the security admin's to grant.
    if (member) await insertRoles(trx, [{ user_id: id, role: 'member', unit_id: member.unit_id }]);
    await svc.audit.record(trx, auth.actor(), { action: 'user.create', entity: 'user', entityId: id, detail: { username, memberId: member?.id ?? null } });
    return id;
  });
}

export async function updateUser(svc: Services, auth: AuthContext, id: number, input: { version: number; displayName?: string; disabled?: boolean }) {
  await svc.guard.authorize(auth, AdminPolicy.manageUsers);
  if (id === auth.userId && input.disabled) throw badRequest('不能停用自己的账号');
  if (id !== auth.userId) await refuseAdminTarget(svc, id, '停用和资料');
  await svc.db.transaction().execute(async (trx) => {
    const set = {
      ...(input.displayName !== undefined ? { display_name: input.displayName.trim() } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled ? 1 : 0 } : {}),
    };
    if ((await updateUserAt(trx, id, input.version, set, nowIso())) === 0) {
      throw (await userExists(trx, id)) ? conflict() : notFound('找不到该账号');
    }
    // Disabling an account ends every session it has, at once.
    if (input.disabled) await svc.sessions.destroyAllFor(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: input.disabled === undefined ? 'user.update' : input.disabled ? 'user.disable' : 'user.enable', entity: 'user', entityId: id, detail: input });
  });
}

export async function resetPassword(svc: Services, auth: AuthContext, id: number, password: string) {
  await svc.guard.authorize(auth, AdminPolicy.manageUsers);
  const user = await userBrief(svc.db, id);
  if (!user) throw notFound('找不到该账号');
  await refuseAdminTarget(svc, id, '密码');
  await checkPassword(svc, password, user.username);
  const hash = await hashPassword(password);
  await svc.db.transaction().execute(async (trx) => {
    await setResetPassword(trx, id, hash, nowIso());
    await unlockAccount(trx, user.username);
    await svc.sessions.destroyAllFor(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'user.password.reset', entity: 'user', entityId: id });
  });
}

export async function unlockUser(svc: Services, auth: AuthContext, id: number) {
  await svc.guard.authorize(auth, AdminPolicy.unlockUser);
  const user = await userBrief(svc.db, id);
  if (!user) throw notFound('找不到该账号');
  await svc.db.transaction().execute(async (trx) => {
    await unlockAccount(trx, user.username);
    await svc.audit.record(trx, auth.actor(), { action: 'user.unlock', entity: 'user', entityId: id });
  });
}

export async function resetTotp(svc: Services, auth: AuthContext, id: number) {
  await svc.guard.authorize(auth, AdminPolicy.resetTotp);
  await refuseAdminTarget(svc, id, '动态口令');
  await svc.db.transaction().execute(async (trx) => {
    if ((await clearTotp(trx, id, nowIso())) === 0) throw notFound('找不到该账号');
    await svc.sessions.destroyAllFor(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'user.totp.reset', entity: 'user', entityId: id });
  });
}

/** Roles are the security administrator's alone, and one account never holds two of the 三员. */
export async function setRoles(svc: Services, auth: AuthContext, id: number, grants: { role: string; unitId: number }[]) {
  await svc.guard.authorize(auth, AdminPolicy.setRoles);
  if (id === auth.userId) throw forbidden('不能修改自己的角色');
  const user = await userBrief(svc.db, id);
  if (!user) throw notFound('找不到该账号');
  for (const g of grants) if (!isRole(g.role)) throw badRequest(`未知角色 ${g.role}`);
  await refuseAdminTarget(svc, id, '角色');
  if (grants.some((g) => ADMIN_ROLES.includes(g.role as Role))) {
    throw forbidden('三员分立：系统管理员、安全管理员、审计管理员的任命须在服务器上执行 shuxiang create-admin');
  }
  const admins = new Set(grants.map((g) => g.role).filter((r) => ADMIN_ROLES.includes(r as Role)));
  if (admins.size > 1) throw badRequest('三员分立：系统管理员、安全管理员、审计管理员不能由同一账号兼任');
  if (admins.size === 1 && grants.some((g) => !ADMIN_ROLES.includes(g.role as Role))) {
    throw badRequest('三员分立：管理员账号不能同时担任业务角色，请为其本人另开干部账号');
  }
  if (grants.some((g) => g.role === 'member') && !user.member_id) throw badRequest('该账号未关联干部，不能授予“干部”角色');
  const unitIds = [...new Set(grants.map((g) => g.unitId))];
  if (unitIds.length) {
    const found = await existingUnits(svc.db, unitIds);
    if (found.length !== unitIds.length) throw badRequest('角色范围中有不存在的单位');
  }
  const unique = [...new Map(grants.map((g) => [`${g.role}:${g.unitId}`, g])).values()];
  await svc.db.transaction().execute(async (trx) => {
    const before = await rolesHeld(trx, id);
    await deleteRoles(trx, id);
    await insertRoles(trx, unique.map((g) => ({ user_id: id, role: g.role, unit_id: g.unitId })));
    // A change of rights takes effect at once: the user signs in again.
    await svc.sessions.destroyAllFor(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'user.roles.set', entity: 'user', entityId: id, detail: { before, after: unique } });
  });
}

/** The roles there are, with their Chinese names. */
export const roleList = () => ROLES.map((r) => ({ role: r, label: ROLE_LABELS[r] }));

/** The settings as they apply in a unit, each marked editable or not for this user. */
export async function settingsFor(svc: Services, auth: AuthContext, query: { year?: number; unitId?: number }) {
  const year = query.year ?? currentYear();
  // As the settings apply in the unit asked for, else in the unit the viewer edits for (a town
  // clerk sees their town's values), else in the viewer's own unit (a cadre's 我的借阅 reads
  // library.overdueMayBorrow of their town), else the district's.
  const unitPath = query.unitId ? await svc.guard.unitPath(query.unitId) : (auth.grants(['clerk'])[0]?.unitPath ?? auth.grants(['member'])[0]?.unitPath ?? null);
  const list = await svc.settings.list(year, unitPath);
  const wholeTree = new Set(await svc.settings.wholeTreePaths(auth.grants([...new Set(list.flatMap((s) => s.editors))]).map((g) => g.unitPath)));
  return {
    year,
    items: list.map((s) => ({
      key: s.key,
      label: s.label,
      group: s.group,
      kind: s.kind,
      unit: s.unit,
      source: s.source,
      min: s.min,
      max: s.max,
      perYear: s.perYear,
      value: s.value,
      default: s.default,
      overriddenForYear: s.overriddenForYear,
      // A district-wide setting is editable only with a grant over the whole tree (issue 12 item 7).
      editable: s.scoped ? s.editors.some((r) => auth.has(r)) : auth.grants(s.editors).some((g) => wholeTree.has(g.unitPath)),
      scoped: s.scoped,
      scopeUnitName: s.scopeUnitName,
      updatedAt: s.updatedAt,
    })),
  };
}

/** Changes one setting for a year (and a unit, for a scoped one), audited with its scope. */
export async function updateSetting(svc: Services, auth: AuthContext, key: string, input: { year?: number; value: unknown; unitId?: number }) {
  await svc.db.transaction().execute(async (trx) => {
    const r = await svc.settings.setFor(trx, auth, key, input.year ?? currentYear(), input.value, input.unitId);
    // The audit names the scope: the unit whose value changed, or the whole district.
    const scope = r.scope ? { unitId: r.scope.unitId, unit: r.scope.unitName } : { unit: '全区' };
    await svc.audit.record(trx, auth.actor(), { action: 'setting.update', entity: 'setting', entityId: `${r.key}@${r.year}${r.scope ? `@u${r.scope.unitId}` : ''}`, detail: { before: r.previous, after: r.value, scope } });
  });
}

const OUTCOME_LABELS: Record<string, string> = { success: '成功', failure: '失败', denied: '拒绝' };

const actorIds = (rows: { user_id: number | null }[]) => rows.flatMap((a) => (a.user_id === null ? [] : [a.user_id]));

/** One page of the audit log, in Chinese, with who each actor is. */
export async function auditPage(svc: Services, f: AuditFilter) {
  const r = await searchAudit(svc.db, f);
  const actors = await actorsOf(svc.db, actorIds(r.items));
  return {
    total: r.total,
    items: r.items.map((a) => {
      const who = a.user_id === null ? undefined : actors.get(a.user_id);
      return {
        id: a.id,
        at: a.at,
        userId: a.user_id,
        username: a.username,
        ip: a.ip,
        action: a.action,
        entity: a.entity,
        entityId: a.entity_id,
        outcome: a.outcome,
        detail: a.detail,
        hash: a.hash,
        actionLabel: auditActionLabel(a.action),
        entityLabel: auditEntityLabel(a.entity),
        outcomeLabel: AUDIT_OUTCOMES[a.outcome] ?? a.outcome,
        actorName: who?.name ?? null,
        actorUnit: who?.unit ?? null,
      };
    }),
  };
}

/** The audit log as a workbook (the export itself is audited). */
export async function exportAudit(svc: Services, auth: AuthContext, f: AuditFilter, reply: FastifyReply) {
  const rows = await allAudit(svc.db, f, 100_000);
  const actors = await actorsOf(svc.db, actorIds(rows));
  const buf = await buildXlsx([
    {
      name: '审计日志',
      title: `审计日志（导出时间 ${formatLocal(new Date().toISOString())}）`,
      columns: [
        { header: '序号', key: 'id', width: 8 },
        { header: '时间', key: 'at', width: 20 },
        { header: '用户', key: 'username', width: 14 },
        { header: '姓名', key: 'actorName', width: 10 },
        { header: '单位', key: 'actorUnit', width: 14 },
        { header: '来源地址', key: 'ip', width: 16 },
        { header: '操作', key: 'actionLabel', width: 22 },
        { header: '操作代码', key: 'action', width: 28 },
        { header: '对象', key: 'entity', width: 10 },
        { header: '对象编号', key: 'entityId', width: 10 },
        { header: '结果', key: 'outcome', width: 8 },
        { header: '详情', key: 'detail', width: 60 },
        { header: '哈希', key: 'hash', width: 20 },
      ],
      rows: rows.map((a) => {
        const who = a.user_id === null ? undefined : actors.get(a.user_id);
        return { id: a.id, at: formatLocal(a.at), username: a.username, actorName: who?.name ?? '', actorUnit: who?.unit ?? '', ip: a.ip, actionLabel: auditActionLabel(a.action), action: a.action, entity: auditEntityLabel(a.entity), entityId: a.entity_id, outcome: OUTCOME_LABELS[a.outcome] ?? a.outcome, detail: a.detail, hash: a.hash };
      }),
    },
  ]);
  await svc.audit.recordAlone(auth.actor(), { action: 'audit.export', entity: 'audit_log', detail: { count: rows.length, filter: f } });
  return sendXlsx(reply, `审计日志-${todayLocal()}.xlsx`, buf);
}

/** The hash chain and the signed checkpoints outside the database; a sound log gets a new checkpoint. */
export async function verifyAudit(svc: Services) {
  const chain = await svc.audit.verify();
  // The signed checkpoints outside the database: truncation and re-chaining (platform/audit-checkpoint.ts).
  const dir = checkpointDir(svc);
  const checkpoints = await verifyCheckpoints(svc.db, dir);
  if (chain.ok && checkpoints.ok) await writeCheckpoint(svc.db, dir);
  return { ...chain, ok: chain.ok && checkpoints.ok, checkpoints };
}
