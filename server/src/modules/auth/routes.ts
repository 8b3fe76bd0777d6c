import { AuthPolicy } from './policy';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import { authOf, type Module } from '../../platform/http';
import { ROLE_LABELS } from '../../platform/roles';
import { AppError } from '../../platform/errors';
import { ChangePasswordBody, LoginBody, MeDto, Ok, ReauthBody, TotpCodeBody } from './schemas';
import { beginTotp, changePassword, clearSessionCookies, enableTotp, login, logout, passwordPolicy, restriction, setSessionCookies } from './service';

const routes: Module = async (app, { svc }) => {
  app.post(
    '/auth/login',
    {
      // Rate limits per account and address, and the lockout, are counted in the database (service.ts).
      config: { public: true, auditsItself: true },
      schema: { tags: ['auth'], summary: '登录', body: LoginBody, response: { 200: Ok } },
    },
    async (req, reply) => {
      const result = await login(svc, req.body, req.ip, req.headers['user-agent'] ?? '');
      if (!result.ok) throw new AppError(result.status, result.code, result.message);
      if (req.auth) await svc.sessions.destroy(req.auth.session.sessionId);
      setSessionCookies(svc, reply, result.token, result.csrfToken);
      return { ok: true };
    },
  );

  app.post('/auth/logout', { config: { restricted: true, policy: AuthPolicy.logout }, schema: { tags: ['auth'], summary: '退出登录', response: { 200: Ok } } }, async (req, reply) => {
    await logout(svc, authOf(req));
    clearSessionCookies(reply);
    return { ok: true };
  });

  app.get('/me', { config: { restricted: true, policy: AuthPolicy.me }, schema: { tags: ['auth'], summary: '当前用户', response: { 200: MeDto } } }, async (req) => {
    const auth = authOf(req);
    const member = auth.user.memberId
      ? await svc.db
          .selectFrom('members')
          .innerJoin('units', 'units.id', 'members.unit_id')
          .select(['members.id', 'members.name', 'members.unit_id', 'units.name as unit_name', 'members.position', 'members.category'])
          .where('members.id', '=', auth.user.memberId)
          .executeTakeFirst()
      : undefined;
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
      member: member
        ? { id: member.id, name: member.name, unitId: member.unit_id, unitName: member.unit_name, position: member.position, category: member.category }
        : null,
      csrfToken: auth.session.csrfToken,
      restriction: await restriction(svc, auth),
      passwordPolicy: await passwordPolicy(svc),
      permissions: await svc.guard.permissions(auth),
    };
  });

  app.post('/auth/password', { config: { restricted: true, policy: AuthPolicy.changePassword }, schema: { tags: ['auth'], summary: '修改密码', body: ChangePasswordBody, response: { 200: Ok } } }, async (req) => {
    await changePassword(svc, authOf(req), req.body.oldPassword, req.body.newPassword, req.body.totp);
    return { ok: true };
  });

  app.post(
    '/auth/totp/setup',
    {
      config: { restricted: true, policy: AuthPolicy.totp },
      schema: { tags: ['auth'], summary: '生成动态口令密钥（须再次输入密码；已启用时还须当前动态口令）', body: ReauthBody, response: { 200: Type.Object({ secret: Type.String(), otpauthUrl: Type.String(), qrDataUrl: Type.String() }) } },
    },
    async (req) => {
      const r = await beginTotp(svc, authOf(req), req.body);
      return { ...r, qrDataUrl: await QRCode.toDataURL(r.otpauthUrl, { margin: 1, width: 220 }) };
    },
  );

  app.post('/auth/totp/enable', { config: { restricted: true, policy: AuthPolicy.totp }, schema: { tags: ['auth'], summary: '启用动态口令', body: TotpCodeBody, response: { 200: Ok } } }, async (req) => {
    await enableTotp(svc, authOf(req), req.body.code);
    return { ok: true };
  });
};

export default routes;
