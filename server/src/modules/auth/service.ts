import type { FastifyReply } from 'fastify';
import { burnVerify, hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/password';
import type { AuthContext } from '../../platform/auth/context';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../platform/auth/sessions';
import { newTotpSecret, otpauthUrl, verifyTotp } from '../../platform/auth/totp';
import { AppError, badRequest } from '../../platform/errors';
import { ADMIN_ROLES } from '../../platform/roles';
import type { Services } from '../../platform/services';
import { clock, nowIso } from '../../platform/time';

// Don't leak which part of the sign-in failed, nor whether the username exists.
export const LOGIN_FAILED = '用户名或密码错误';

export async function lockedMessage(svc: Services) {
  return `登录失败次数过多，账号已被锁定，请 ${await svc.settings.int('security.lockoutMinutes')} 分钟后再试`;
}

export interface Restriction {
  code: 'PASSWORD_CHANGE_REQUIRED' | 'PASSWORD_EXPIRED' | 'TOTP_SETUP_REQUIRED';
  message: string;
}

/** What the user must do before anything else, if anything. */
export async function restriction(svc: Services, auth: AuthContext): Promise<Restriction | null> {
  const u = auth.user;
  if (u.mustChangePassword) return { code: 'PASSWORD_CHANGE_REQUIRED', message: '首次登录或密码被重置后，请先修改密码' };
  if (!u.isDemo && (await svc.settings.bool('security.passwordExpiryEnabled'))) {
    const maxAge = await svc.settings.int('security.passwordMaxAgeDays');
    if (clock.now().getTime() - Date.parse(u.passwordChangedAt) > maxAge * 86_400_000) {
      return { code: 'PASSWORD_EXPIRED', message: `密码已超过 ${maxAge} 天未更换，请修改密码` };
    }
  }
  if (!u.totpEnabled && auth.has(...ADMIN_ROLES) && (await svc.settings.bool('security.totpRequiredForAdmins'))) {
    return { code: 'TOTP_SETUP_REQUIRED', message: '管理员账号须先绑定动态口令（双因素认证）' };
  }
  return null;
}

export async function passwordPolicy(svc: Services) {
  return {
    minLength: await svc.settings.int('security.passwordMinLength'),
    complexity: await svc.settings.bool('security.passwordComplexity'),
  };
}

export function setSessionCookies(svc: Services, reply: FastifyReply, token: string, csrfToken: string) {
  const secure = svc.config.secureCookies;
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
  // Readable by the web app, which echoes it in the x-csrf-token header.
  reply.setCookie(CSRF_COOKIE, csrfToken, { path: '/', httpOnly: false, sameSite: 'strict', secure });
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

type LoginResult = { ok: true; token: string; csrfToken: string; userId: number } | { ok: false; status: number; code: string; message: string };

export async function login(svc: Services, input: { username: string; password: string; totp?: string }, ip: string, userAgent: string): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const now = clock.now().getTime();
  const throttle = await svc.db.selectFrom('login_throttle').selectAll().where('username', '=', username).executeTakeFirst();
  const anon = { userId: null, username, ip };
  if (throttle?.locked_until && Date.parse(throttle.locked_until) > now) {
    await svc.audit.recordAlone(anon, { action: 'auth.login', outcome: 'denied', detail: { reason: 'locked' } });
    return { ok: false, status: 429, code: 'LOCKED', message: await lockedMessage(svc) };
  }

  const user = await svc.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const passwordOk = user ? await verifyPassword(user.password_hash, input.password) : (await burnVerify(input.password), false);

  const fail = async (reason: string, code = 'LOGIN_FAILED', message = LOGIN_FAILED): Promise<LoginResult> => {
    const max = await svc.settings.int('security.maxFailedLogins');
    const lockMs = (await svc.settings.int('security.lockoutMinutes')) * 60_000;
    let lockedNow = false;
    await svc.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('login_throttle').selectAll().where('username', '=', username).executeTakeFirst();
      const failures = (row && !(row.locked_until && Date.parse(row.locked_until) <= now) ? row.failures : 0) + 1;
      lockedNow = failures >= max;
      const values = {
        failures: lockedNow ? 0 : failures,
        locked_until: lockedNow ? new Date(now + lockMs).toISOString() : null,
        updated_at: nowIso(),
      };
      if (row) await trx.updateTable('login_throttle').set(values).where('username', '=', username).execute();
      else await trx.insertInto('login_throttle').values({ username, ...values }).execute();
      await svc.audit.record(trx, { userId: user?.id ?? null, username, ip }, { action: 'auth.login', outcome: 'failure', detail: { reason, locked: lockedNow } });
    });
    if (lockedNow) return { ok: false, status: 429, code: 'LOCKED', message: await lockedMessage(svc) };
    return { ok: false, status: 401, code, message };
  };

  if (!user || !passwordOk) return fail(user ? 'bad_password' : 'unknown_user');
  if (user.disabled) return fail('disabled', 'DISABLED', '该账号已停用，请联系系统管理员');
  if (user.totp_enabled && user.totp_secret) {
    if (!input.totp) return { ok: false, status: 401, code: 'TOTP_REQUIRED', message: '请输入动态口令' };
    if (!verifyTotp(user.totp_secret, input.totp, now)) return fail('bad_totp', 'TOTP_INVALID', '动态口令不正确');
  }

  return svc.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('login_throttle').where('username', '=', username).execute();
    const { token, csrfToken } = await svc.sessions.create(trx, user.id, ip, userAgent);
    await svc.audit.record(trx, { userId: user.id, username, ip }, { action: 'auth.login', entity: 'user', entityId: user.id });
    return { ok: true as const, token, csrfToken, userId: user.id };
  });
}

export async function logout(svc: Services, auth: AuthContext) {
  await svc.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', auth.session.sessionId).execute();
    await svc.audit.record(trx, auth.actor(), { action: 'auth.logout', entity: 'user', entityId: auth.userId });
  });
}

export async function changePassword(svc: Services, auth: AuthContext, oldPassword: string, newPassword: string) {
  const user = await svc.db.selectFrom('users').selectAll().where('id', '=', auth.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, oldPassword))) throw new AppError(400, 'OLD_PASSWORD', '原密码不正确');
  const problem = passwordProblem(newPassword, await passwordPolicy(svc), user.username);
  if (problem) throw badRequest(problem);
  if (await verifyPassword(user.password_hash, newPassword)) throw badRequest('新密码不能与原密码相同');
  const hash = await hashPassword(newPassword);
  await svc.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: 0, password_changed_at: nowIso(), updated_at: nowIso(), version: user.version + 1 })
      .where('id', '=', user.id)
      .execute();
    // Other devices signed in with the old password are signed out.
    await svc.sessions.destroyAllFor(trx, user.id, auth.session.sessionId);
    await svc.audit.record(trx, auth.actor(), { action: 'user.password.change', entity: 'user', entityId: user.id });
  });
}

export async function beginTotp(svc: Services, auth: AuthContext) {
  const secret = newTotpSecret();
  await svc.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ totp_secret: secret, totp_enabled: 0, updated_at: nowIso() }).where('id', '=', auth.userId).execute();
    await svc.audit.record(trx, auth.actor(), { action: 'user.totp.begin', entity: 'user', entityId: auth.userId });
  });
  return { secret, otpauthUrl: otpauthUrl(secret, auth.user.username) };
}

export async function enableTotp(svc: Services, auth: AuthContext, code: string) {
  const user = await svc.db.selectFrom('users').select(['totp_secret']).where('id', '=', auth.userId).executeTakeFirstOrThrow();
  if (!user.totp_secret) throw badRequest('请先获取动态口令密钥');
  if (!verifyTotp(user.totp_secret, code, clock.now().getTime())) throw badRequest('动态口令不正确，请核对手机上的六位数字');
  await svc.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ totp_enabled: 1, updated_at: nowIso() }).where('id', '=', auth.userId).execute();
    await svc.audit.record(trx, auth.actor(), { action: 'user.totp.enable', entity: 'user', entityId: auth.userId });
  });
}
