import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DB } from '../../db';
import QRCode from 'qrcode';
import { burnVerify, hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/password';
import type { AuthContext } from '../../platform/auth/context';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../platform/auth/sessions';
import { newTotpSecret, otpauthUrl, verifyTotp } from '../../platform/auth/totp';
import { AppError, badRequest } from '../../platform/errors';
import { ADMIN_ROLES, ROLE_LABELS } from '../../platform/roles';
import type { Services } from '../../platform/services';
import { clock, nowIso } from '../../platform/time';
import { clearAttempts, confirmTotp, deleteSession, hitRate, lockAccount, lockedNames, lockedUntil, memberCard, releaseAttempt, reserveAttempt, setPassword, setPendingTotp, userById, userByName } from './repository';

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

/**
 * Sign-in rate per account and address pair, with a generous ceiling per address (issue 11
 * item 8): a town's cadres behind one NAT address all sign in at 08:30 without meeting 429,
 * while one account guessed from one address is slowed. Counted in the database, so the
 * ceilings hold across app nodes. The lockout stays per account (below).
 */
async function rateLimited(svc: Services, username: string, ip: string): Promise<boolean> {
  const perPair = svc.config.loginRateLimit ?? (await svc.settings.int('security.loginPerAccountAddressPerMinute'));
  const perAddress = svc.config.loginRateLimit ?? (await svc.settings.int('security.loginPerAddressPerMinute'));
  const minute = Math.floor(clock.now().getTime() / 60_000);
  const [pair, address] = await hitRate(svc.db, [`p:${ip}|${username}`, `a:${ip}`], minute);
  return pair > perPair || address > perAddress;
}

export async function login(svc: Services, input: { username: string; password: string; totp?: string }, ip: string, userAgent: string): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const now = clock.now().getTime();
  const anon = { userId: null, username, ip };
  if (await rateLimited(svc, username, ip)) {
    await svc.audit.recordAlone(anon, { action: 'auth.login', outcome: 'denied', detail: { reason: 'rate_limited' } });
    return { ok: false, status: 429, code: 'RATE_LIMITED', message: '登录尝试过于频繁，请稍后再试' };
  }
  const max = await svc.settings.int('security.maxFailedLogins');
  const lockMs = (await svc.settings.int('security.lockoutMinutes')) * 60_000;
  const locked = async (reason: string): Promise<LoginResult> => {
    await svc.audit.recordAlone(anon, { action: 'auth.login', outcome: 'denied', detail: { reason } });
    return { ok: false, status: 429, code: 'LOCKED', message: await lockedMessage(svc) };
  };

  // The attempt is counted before the password is checked (issue 12 defect 3): 25 parallel
  // attempts get 25 numbers, and only the first `max` are ever checked.
  const attempt = await reserveAttempt(svc.db, username, new Date(now).toISOString());
  if (attempt.lockedUntil && Date.parse(attempt.lockedUntil) > now) return locked('locked');
  if (attempt.failures > max) {
    await lockAccount(svc.db, username, new Date(now + lockMs).toISOString(), nowIso());
    return locked('over_limit');
  }

  const user = await userByName(svc.db, username);
  const passwordOk = user ? await verifyPassword(user.password_hash, input.password) : (await burnVerify(input.password), false);

  const fail = async (reason: string, code = 'LOGIN_FAILED', message = LOGIN_FAILED): Promise<LoginResult> => {
    // This attempt's failure is already counted; the one that reaches the limit locks.
    const lockedNow = attempt.failures >= max;
    if (lockedNow) await lockAccount(svc.db, username, new Date(now + lockMs).toISOString(), nowIso());
    await svc.audit.recordAlone({ userId: user?.id ?? null, username, ip }, { action: 'auth.login', outcome: 'failure', detail: { reason, locked: lockedNow } });
    if (lockedNow) return { ok: false, status: 429, code: 'LOCKED', message: await lockedMessage(svc) };
    return { ok: false, status: 401, code, message };
  };

  if (!user || !passwordOk) return fail(user ? 'bad_password' : 'unknown_user');
  if (user.disabled) return fail('disabled', 'DISABLED', '该账号已停用，请联系系统管理员');
  if (user.totp_enabled && user.totp_secret) {
    if (!input.totp) {
      await releaseAttempt(svc.db, username);
      return { ok: false, status: 401, code: 'TOTP_REQUIRED', message: '请输入动态口令' };
    }
    if (!verifyTotp(user.totp_secret, input.totp, now)) return fail('bad_totp', 'TOTP_INVALID', '动态口令不正确');
  }
  // Checked again after the password: a parallel wrong attempt may have locked the account meanwhile.
  const until = await lockedUntil(svc.db, username);
  if (until && Date.parse(until) > now) return locked('locked_during_check');

  return svc.db.transaction().execute(async (trx) => {
    await clearAttempts(trx, username);
    const { token, csrfToken } = await svc.sessions.create(trx, user.id, ip, userAgent);
    await svc.audit.record(trx, { userId: user.id, username, ip }, { action: 'auth.login', entity: 'user', entityId: user.id });
    return { ok: true as const, token, csrfToken, userId: user.id };
  });
}

export async function logout(svc: Services, auth: AuthContext) {
  await svc.db.transaction().execute(async (trx) => {
    await deleteSession(trx, auth.session.sessionId);
    await svc.audit.record(trx, auth.actor(), { action: 'auth.logout', entity: 'user', entityId: auth.userId });
  });
}

/**
 * Checks the password of the signed-in user for a security change, counted like a sign-in
 * (issue 12 defect 3): wrong guesses lock the account after the same limit, and the lock
 * also ends the account's sessions, so a stolen session cannot go on guessing.
 */
export async function confirmPassword(svc: Services, auth: AuthContext, password: string, action: string) {
  const user = await userById(svc.db, auth.userId);
  const now = clock.now().getTime();
  const max = await svc.settings.int('security.maxFailedLogins');
  const lockMs = (await svc.settings.int('security.lockoutMinutes')) * 60_000;
  const lockOut = async (reason: string) => {
    await lockAccount(svc.db, user.username, new Date(now + lockMs).toISOString(), nowIso());
    await svc.db.transaction().execute(async (trx) => {
      await svc.sessions.destroyAllFor(trx, user.id);
      await svc.audit.record(trx, auth.actor(), { action, entity: 'user', entityId: user.id, outcome: 'denied', detail: { reason, locked: true } });
    });
    return new AppError(429, 'LOCKED', await lockedMessage(svc));
  };
  const attempt = await reserveAttempt(svc.db, user.username, new Date(now).toISOString());
  if (attempt.lockedUntil && Date.parse(attempt.lockedUntil) > now) throw await lockOut('locked');
  if (attempt.failures > max) throw await lockOut('over_limit');
  if (!(await verifyPassword(user.password_hash, password))) {
    if (attempt.failures >= max) throw await lockOut('bad_password');
    throw new AppError(400, 'OLD_PASSWORD', `密码不正确（再错 ${max - attempt.failures} 次账号将被锁定）`);
  }
  const until = await lockedUntil(svc.db, user.username);
  if (until && Date.parse(until) > now) throw await lockOut('locked_during_check');
  await clearAttempts(svc.db, user.username);
}

export async function changePassword(svc: Services, auth: AuthContext, oldPassword: string, newPassword: string, totpCode?: string) {
  const user = await userById(svc.db, auth.userId);
  await reauthenticate(svc, auth, { password: oldPassword, code: totpCode }, 'user.password.change');
  const problem = passwordProblem(newPassword, await passwordPolicy(svc), user.username);
  if (problem) throw badRequest(problem);
  if (await verifyPassword(user.password_hash, newPassword)) throw badRequest('新密码不能与原密码相同');
  const hash = await hashPassword(newPassword);
  await svc.db.transaction().execute(async (trx) => {
    await setPassword(trx, user.id, hash, user.version + 1, nowIso());
    // Other devices signed in with the old password are signed out.
    await svc.sessions.destroyAllFor(trx, user.id, auth.session.sessionId);
    await svc.audit.record(trx, auth.actor(), { action: 'user.password.change', entity: 'user', entityId: user.id });
  });
}

/**
 * Re-authentication for a security change (issue 12 defect 5): the password, and the current
 * second-factor code when one is on. A session alone changes nothing.
 */
export async function reauthenticate(svc: Services, auth: AuthContext, input: { password: string; code?: string }, action: string) {
  await confirmPassword(svc, auth, input.password, action);
  const user = await userById(svc.db, auth.userId);
  if (user.totp_enabled && user.totp_secret) {
    if (!input.code) throw new AppError(400, 'TOTP_REQUIRED', '请输入当前的动态口令');
    if (!verifyTotp(user.totp_secret, input.code, clock.now().getTime())) throw new AppError(400, 'TOTP_INVALID', '动态口令不正确');
  }
}

/** A new secret, kept aside until its first code is confirmed: the factor in use stays on meanwhile. */
export async function beginTotp(svc: Services, auth: AuthContext, input: { password: string; code?: string }) {
  await reauthenticate(svc, auth, input, 'user.totp.begin');
  const secret = newTotpSecret();
  await svc.db.transaction().execute(async (trx) => {
    await setPendingTotp(trx, auth.userId, secret, nowIso());
    await svc.audit.record(trx, auth.actor(), { action: 'user.totp.begin', entity: 'user', entityId: auth.userId });
  });
  return { secret, otpauthUrl: otpauthUrl(secret, auth.user.username) };
}

export async function enableTotp(svc: Services, auth: AuthContext, code: string) {
  const user = await userById(svc.db, auth.userId);
  const pending = user.totp_pending_secret;
  if (!pending) throw badRequest('请先获取动态口令密钥');
  if (!verifyTotp(pending, code, clock.now().getTime())) throw badRequest('动态口令不正确，请核对手机上的六位数字');
  await svc.db.transaction().execute(async (trx) => {
    await confirmTotp(trx, auth.userId, pending, nowIso());
    await svc.audit.record(trx, auth.actor(), { action: 'user.totp.enable', entity: 'user', entityId: auth.userId });
  });
}

/** What /api/me answers: the account, its grants, its member, and what it must do and may do. */
export async function me(svc: Services, auth: AuthContext) {
  const member = auth.user.memberId ? await memberCard(svc.db, auth.user.memberId) : undefined;
  return {
    user: {
      id: auth.user.id,
      username: auth.user.username,
      displayName: auth.user.displayName,
      memberId: auth.user.memberId,
      totpEnabled: auth.user.totpEnabled,
      isDemo: auth.user.isDemo,
    },
    roles: auth.session.roles.map((g) => ({ role: g.role, roleLabel: ROLE_LABELS[g.role], unitId: g.unitId, unitName: g.unitName })),
    member: member ? { id: member.id, name: member.name, unitId: member.unit_id, unitName: member.unit_name, position: member.position, category: member.category } : null,
    csrfToken: auth.session.csrfToken,
    restriction: await restriction(svc, auth),
    passwordPolicy: await passwordPolicy(svc),
    permissions: await svc.guard.permissions(auth),
  };
}

/** Signs in (the cookies of a session this browser already had are replaced), or throws the refusal. */
export async function signIn(svc: Services, req: FastifyRequest, reply: FastifyReply, input: { username: string; password: string; totp?: string }) {
  const result = await login(svc, input, req.ip, req.headers['user-agent'] ?? '');
  if (!result.ok) throw new AppError(result.status, result.code, result.message);
  if (req.auth) await svc.sessions.destroy(req.auth.session.sessionId);
  setSessionCookies(svc, reply, result.token, result.csrfToken);
}

/** Signs out and clears the cookies. */
export async function signOut(svc: Services, auth: AuthContext, reply: FastifyReply) {
  await logout(svc, auth);
  clearSessionCookies(reply);
}

/** A new second-factor secret, with its QR code for the phone. */
export async function beginTotpWithQr(svc: Services, auth: AuthContext, input: { password: string; code?: string }) {
  const r = await beginTotp(svc, auth, input);
  return { ...r, qrDataUrl: await QRCode.toDataURL(r.otpauthUrl, { margin: 1, width: 220 }) };
}

/** Lifts an account's lockout and forgets its failed attempts (an administrator's unlock or password reset). */
export const unlockAccount = (db: DB, username: string) => clearAttempts(db, username);

/** The usernames locked out right now. */
export const lockedAccounts = async (db: DB) => new Set(await lockedNames(db, nowIso()));
