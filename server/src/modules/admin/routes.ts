import { Type } from 'typebox';
import { authOf, type Module } from '../../platform/http';
import { SETTINGS } from '../../platform/settings';
import { AdminPolicy } from './policy';
import { AuditDto, AuditQuery, SettingDto, UserDto } from './schemas';
import { auditPage, createUser, exportAudit, listUsers, resetPassword, resetTotp, roleList, setRoles, settingsFor, unlockUser, updateSetting, updateUser, verifyAudit } from './service';

const IdParams = Type.Object({ id: Type.Integer() });
const Ok = Type.Object({ ok: Type.Boolean() });

const routes: Module = async (app, { svc }) => {
  const tags = ['admin'];

  app.get('/roles', { config: { policy: AdminPolicy.listRoles }, schema: { tags, summary: '角色列表', response: { 200: Type.Array(Type.Object({ role: Type.String(), label: Type.String() })) } } }, async () => roleList());

  app.get(
    '/admin/users',
    { config: { policy: AdminPolicy.listUsers }, schema: { tags, summary: '账号列表（系统管理员、安全管理员）', querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }), response: { 200: Type.Array(UserDto) } } },
    async (req) => listUsers(svc, req.query.q),
  );

  app.post(
    '/admin/users',
    {
      config: { policy: AdminPolicy.manageUsers },
      schema: {
        tags,
        summary: '新建账号（系统管理员）',
        body: Type.Object(
          {
            username: Type.String({ minLength: 2, maxLength: 32 }),
            displayName: Type.String({ minLength: 1, maxLength: 30 }),
            memberId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
            password: Type.String({ minLength: 1, maxLength: 128 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.Integer() }) },
      },
    },
    async (req) => ({ id: await createUser(svc, authOf(req), req.body) }),
  );

  app.patch(
    '/admin/users/:id',
    {
      config: { policy: AdminPolicy.manageUsers },
      schema: {
        tags,
        summary: '修改、停用或启用账号（系统管理员）',
        params: IdParams,
        body: Type.Object({ version: Type.Integer(), displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })), disabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Ok },
      },
    },
    async (req) => {
      await updateUser(svc, authOf(req), req.params.id, req.body);
      return { ok: true };
    },
  );

  app.post(
    '/admin/users/:id/reset-password',
    { config: { policy: AdminPolicy.manageUsers }, schema: { tags, summary: '重置密码（系统管理员；用户下次登录须修改）', params: IdParams, body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }), response: { 200: Ok } } },
    async (req) => {
      await resetPassword(svc, authOf(req), req.params.id, req.body.password);
      return { ok: true };
    },
  );

  app.post('/admin/users/:id/unlock', { config: { policy: AdminPolicy.unlockUser }, schema: { tags, summary: '解除登录锁定', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await unlockUser(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  app.post('/admin/users/:id/reset-totp', { config: { policy: AdminPolicy.resetTotp }, schema: { tags, summary: '解绑动态口令（安全管理员）', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await resetTotp(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  app.put(
    '/admin/users/:id/roles',
    {
      config: { policy: AdminPolicy.setRoles },
      schema: {
        tags,
        summary: '设置账号的角色与管辖范围（安全管理员）',
        params: IdParams,
        body: Type.Object({ roles: Type.Array(Type.Object({ role: Type.String(), unitId: Type.Integer() }, { additionalProperties: false }), { maxItems: 50 }) }, { additionalProperties: false }),
        response: { 200: Ok },
      },
    },
    async (req) => {
      await setRoles(svc, authOf(req), req.params.id, req.body.roles);
      return { ok: true };
    },
  );

  app.get(
    '/settings',
    { config: { policy: AdminPolicy.viewSettings }, schema: { tags: ['settings'], summary: '设置项（方案中的各项数字），按年度', querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })), unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false }), response: { 200: Type.Object({ year: Type.Integer(), items: Type.Array(SettingDto) }) } } },
    async (req) => settingsFor(svc, authOf(req), req.query),
  );

  app.put(
    '/settings/:key',
    {
      config: { policy: AdminPolicy.editSettings },
      schema: {
        tags: ['settings'],
        summary: '修改设置项（每项有各自的可修改角色；按年度的项写入该年度）',
        params: Type.Object({ key: Type.String({ maxLength: 64 }) }),
        // value is not typed here: coercion would turn true into 1; validateSetting checks its kind.
        // unitId: the town or unit the value is for (scoped settings; default: the editor's own unit).
        body: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })), value: Type.Unknown(), unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
        response: { 200: Ok },
      },
    },
    async (req) => {
      await updateSetting(svc, authOf(req), req.params.key, req.body);
      return { ok: true };
    },
  );

  // The audit log is the audit administrator's alone (等保 三员分立).
  app.get('/audit', { config: { policy: AdminPolicy.viewAudit }, schema: { tags: ['audit'], summary: '查询审计日志（审计管理员）', querystring: AuditQuery, response: { 200: Type.Object({ items: Type.Array(AuditDto), total: Type.Integer() }) } } }, async (req) => auditPage(svc, req.query));

  app.get('/audit/export', { config: { policy: AdminPolicy.viewAudit }, schema: { tags: ['audit'], summary: '导出审计日志 .xlsx（审计管理员）', querystring: AuditQuery } }, async (req, reply) => exportAudit(svc, authOf(req), req.query, reply));

  app.get('/audit/verify', { config: { policy: AdminPolicy.viewAudit }, schema: { tags: ['audit'], summary: '校验审计日志哈希链（审计管理员）' } }, async () => verifyAudit(svc));
};

export default routes;

export const settingKeys = SETTINGS.map((s) => s.key);
