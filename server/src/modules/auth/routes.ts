import { AuthPolicy } from './policy';
import { Type } from 'typebox';
import { authOf, type Module } from '../../platform/http';
import { ChangePasswordBody, LoginBody, MeDto, Ok, ReauthBody, TotpCodeBody } from './schemas';
import { beginTotpWithQr, changePassword, enableTotp, me, signIn, signOut } from './service';

const routes: Module = async (app, { svc }) => {
  app.post(
    '/auth/login',
    {
      // Rate limits per account and address, and the lockout, are counted in the database (service.ts).
      config: { public: true, auditsItself: true },
      schema: { tags: ['auth'], summary: '登录', body: LoginBody, response: { 200: Ok } },
    },
    async (req, reply) => {
      await signIn(svc, req, reply, req.body);
      return { ok: true };
    },
  );

  app.post('/auth/logout', { config: { restricted: true, policy: AuthPolicy.logout }, schema: { tags: ['auth'], summary: '退出登录', response: { 200: Ok } } }, async (req, reply) => {
    await signOut(svc, authOf(req), reply);
    return { ok: true };
  });

  app.get('/me', { config: { restricted: true, policy: AuthPolicy.me }, schema: { tags: ['auth'], summary: '当前用户', response: { 200: MeDto } } }, async (req) => me(svc, authOf(req)));

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
    async (req) => beginTotpWithQr(svc, authOf(req), req.body),
  );

  app.post('/auth/totp/enable', { config: { restricted: true, policy: AuthPolicy.totp }, schema: { tags: ['auth'], summary: '启用动态口令', body: TotpCodeBody, response: { 200: Ok } } }, async (req) => {
    await enableTotp(svc, authOf(req), req.body.code);
    return { ok: true };
  });
};

export default routes;
