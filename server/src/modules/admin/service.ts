import type { AuthContext } from '../../platform/auth/context';
import { hashPassword, passwordProblem } from '../../platform/auth/password';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import { ADMIN_ROLES, isRole, ROLE_LABELS, type Role } from '../../platform/roles';
import type { Services } from '../../platform/services';
import { nowIso } from '../../platform/time';
import { passwordPolicy } from '../auth/service';

export async function listUsers(svc: Services, q?: string) {
  let query = svc.db
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
  const users = await query.limit(500).execute();
  const ids = users.map((u) => u.id);
  const grants = ids.length
    ? await svc.db
        .selectFrom('user_roles')
        .innerJoin('units', 'units.id', 'user_roles.unit_id')
        .select(['user_roles.user_id', 'user_roles.role', 'user_roles.unit_id', 'units.name'])
        .where('user_roles.user_id', 'in', ids)
        .execute()
    : [];
  const locks = await svc.db.selectFrom('login_throttle').select(['username', 'locked_until']).where('locked_until', '>', nowIso()).execute();
  const locked = new Set(locks.map((l) => l.username));
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
  const held = await svc.db.selectFrom('user_roles').select('role').where('user_id', '=', id).execute();
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
  auth.require('sysadmin');
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9_.-]{2,32}$/.test(username)) throw badRequest('用户名只能包含小写字母、数字、下划线、点和短横线，2 到 32 位');
  await checkPassword(svc, input.password, username);
  const taken = await svc.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (taken) throw badRequest(`用户名 ${username} 已被使用`);
  let member: { id: number; unit_id: number } | undefined;
  if (input.memberId) {
    member = await svc.db.selectFrom('members').select(['id', 'unit_id']).where('id', '=', input.memberId).executeTakeFirst();
    if (!member) throw badRequest('找不到要关联的干部');
    const linked = await svc.db.selectFrom('users').select('username').where('member_id', '=', member.id).executeTakeFirst();
    if (linked) throw badRequest(`该干部已有账号 ${linked.username}`);
  }
  const hash = await hashPassword(input.password);
  return svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const { id } = await trx
      .insertInto('users')
      .values({
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
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A cadre's own account starts as a member of their unit; other roles are the security admin's to grant.
    if (member) await trx.insertInto('user_roles').values({ user_id: id, role: 'member', unit_id: member.unit_id }).execute();
    await svc.audit.record(trx, auth.actor(), { action: 'user.create', entity: 'user', entityId: id, detail: { username, memberId: member?.id ?? null } });
    return id;
  });
}

export async function updateUser(svc: Services, auth: AuthContext, id: number, input: { version: number; displayName?: string; disabled?: boolean }) {
  auth.require('sysadmin');
  if (id === auth.userId && input.disabled) throw badRequest('不能停用自己的账号');
  if (id !== auth.userId) await refuseAdminTarget(svc, id, '停用和资料');
  await svc.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('users')
      .set({
        ...(input.displayName !== undefined ? { display_name: input.displayName.trim() } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled ? 1 : 0 } : {}),
        updated_at: nowIso(),
        version: input.version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
      const exists = await trx.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
      throw exists ? conflict() : notFound('找不到该账号');
    }
    // Disabling an account ends every session it has, at once.
    if (input.disabled) await svc.sessions.destroyAllFor(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: input.disabled === undefined ? 'user.update' : input.disabled ? 'user.disable' : 'user.enable', entity: 'user', entityId: id, detail: input });
  });
}

export async function resetPassword(svc: Services, auth: AuthContext, id: number, password: string) {
  auth.require('sysadmin');
  const user = await svc.db.selectFrom('users').select(['id', 'username']).where('id', '=', id).executeTakeFirst();
  if (!user) throw notFound('找不到该账号');
  await refuseAdminTarget(svc, id, '密码');
  await checkPassword(svc, password, user.username);
  const hash = await hashPassword(password);
  await svc.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, must_change_password: 1, password_changed_at: nowIso(), updated_at: nowIso() }).where('id', '=', id).execute();
    await trx.deleteFrom('login_throttle').where('username', '=', user.username).execute();
    await svc.sessions.destroyAllFor(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'user.password.reset', entity: 'user', entityId: id });
  });
}

export async function unlockUser(svc: Services, auth: AuthContext, id: number) {
  auth.require('sysadmin', 'secadmin');
  const user = await svc.db.selectFrom('users').select(['username']).where('id', '=', id).executeTakeFirst();
  if (!user) throw notFound('找不到该账号');
  await svc.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('login_throttle').where('username', '=', user.username).execute();
    await svc.audit.record(trx, auth.actor(), { action: 'user.unlock', entity: 'user', entityId: id });
  });
}

export async function resetTotp(svc: Services, auth: AuthContext, id: number) {
  auth.require('secadmin');
  await refuseAdminTarget(svc, id, '动态口令');
  await svc.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('users').set({ totp_enabled: 0, totp_secret: null, totp_pending_secret: null, updated_at: nowIso() }).where('id', '=', id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound('找不到该账号');
    await svc.sessions.destroyAllFor(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'user.totp.reset', entity: 'user', entityId: id });
  });
}

/** Roles are the security administrator's alone, and one account never holds two of the 三员. */
export async function setRoles(svc: Services, auth: AuthContext, id: number, grants: { role: string; unitId: number }[]) {
  auth.require('secadmin');
  if (id === auth.userId) throw forbidden('不能修改自己的角色');
  const user = await svc.db.selectFrom('users').select(['id', 'member_id']).where('id', '=', id).executeTakeFirst();
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
    const found = await svc.db.selectFrom('units').select('id').where('id', 'in', unitIds).execute();
    if (found.length !== unitIds.length) throw badRequest('角色范围中有不存在的单位');
  }
  const unique = [...new Map(grants.map((g) => [`${g.role}:${g.unitId}`, g])).values()];
  await svc.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('user_roles').select(['role', 'unit_id']).where('user_id', '=', id).execute();
    await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
    if (unique.length) await trx.insertInto('user_roles').values(unique.map((g) => ({ user_id: id, role: g.role, unit_id: g.unitId }))).execute();
    // A change of rights takes effect at once: the user signs in again.
    await svc.sessions.destroyAllFor(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'user.roles.set', entity: 'user', entityId: id, detail: { before, after: unique } });
  });
}
