import { checkpointDir, verifyCheckpoints, writeCheckpoint } from '../../platform/audit-checkpoint';
import { Type } from 'typebox';
import { authOf, type Module } from '../../platform/http';
import { ROLE_LABELS, ROLES } from '../../platform/roles';
import { SETTINGS } from '../../platform/settings';
import { currentYear, formatLocal, todayLocal } from '../../platform/time';
import { buildXlsx, sendXlsx } from '../../platform/xlsx';
import { actorsOf, allAudit, searchAudit } from './audit';
import { AUDIT_OUTCOMES, auditActionLabel, auditEntityLabel } from '../../platform/audit-labels';
import { AdminPolicy } from './policy';
import { AuditDto, AuditQuery, SettingDto, UserDto } from './schemas';
import { createUser, listUsers, resetPassword, resetTotp, setRoles, unlockUser, updateUser } from './service';

const IdParams = Type.Object({ id: Type.Integer() });
const Ok = Type.Object({ ok: Type.Boolean() });
const OUTCOME_LABELS: Record<string, string> = { success: '成功', failure: '失败', denied: '拒绝' };

const routes: Module = async (app, { svc }) => {
  const tags = ['admin'];

  app.get('/roles', { config: { policy: AdminPolicy.listRoles }, schema: { tags, summary: '角色列表', response: { 200: Type.Array(Type.Object({ role: Type.String(), label: Type.String() })) } } }, async () =>
    ROLES.map((r) => ({ role: r, label: ROLE_LABELS[r] })),
  );

  app.get(
    '/admin/users',
    { config: { policy: AdminPolicy.listUsers }, schema: { tags, summary: '账号列表（系统管理员、安全管理员）', querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }), response: { 200: Type.Array(UserDto) } } },
    async (req) => {
      return listUsers(svc, req.query.q);
    },
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
    async (req) => {
      const auth = authOf(req);
      const year = req.query.year ?? currentYear();
      // As the settings apply in the unit asked for, else in the unit the viewer edits for (a town
      // clerk sees their town's values), else the district's.
      const unitPath = req.query.unitId ? await svc.guard.unitPath(req.query.unitId) : (auth.grants(['clerk'])[0]?.unitPath ?? null);
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
    },
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
      const auth = authOf(req);
      await svc.db.transaction().execute(async (trx) => {
        const r = await svc.settings.setFor(trx, auth, req.params.key, req.body.year ?? currentYear(), req.body.value, req.body.unitId);
        // The audit names the scope: the unit whose value changed, or the whole district.
        const scope = r.scope ? { unitId: r.scope.unitId, unit: r.scope.unitName } : { unit: '全区' };
        await svc.audit.record(trx, auth.actor(), { action: 'setting.update', entity: 'setting', entityId: `${r.key}@${r.year}${r.scope ? `@u${r.scope.unitId}` : ''}`, detail: { before: r.previous, after: r.value, scope } });
      });
      return { ok: true };
    },
  );

  // The audit log is the audit administrator's alone (等保 三员分立).
  app.get('/audit', { config: { policy: AdminPolicy.viewAudit }, schema: { tags: ['audit'], summary: '查询审计日志（审计管理员）', querystring: AuditQuery, response: { 200: Type.Object({ items: Type.Array(AuditDto), total: Type.Integer() }) } } }, async (req) => {
    const r = await searchAudit(svc.db, req.query);
    const actors = await actorsOf(svc.db, r.items.flatMap((a) => (a.user_id === null ? [] : [a.user_id])));
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
  });

  app.get('/audit/export', { config: { policy: AdminPolicy.viewAudit }, schema: { tags: ['audit'], summary: '导出审计日志 .xlsx（审计管理员）', querystring: AuditQuery } }, async (req, reply) => {
    const auth = authOf(req);
    const rows = await allAudit(svc.db, req.query, 100_000);
    const actors = await actorsOf(svc.db, rows.flatMap((a) => (a.user_id === null ? [] : [a.user_id])));
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
    await svc.audit.recordAlone(auth.actor(), { action: 'audit.export', entity: 'audit_log', detail: { count: rows.length, filter: req.query } });
    return sendXlsx(reply, `审计日志-${todayLocal()}.xlsx`, buf);
  });

  app.get('/audit/verify', { config: { policy: AdminPolicy.viewAudit }, schema: { tags: ['audit'], summary: '校验审计日志哈希链（审计管理员）' } }, async () => {
    const chain = await svc.audit.verify();
    // The signed checkpoints outside the database: truncation and re-chaining (platform/audit-checkpoint.ts).
    const dir = checkpointDir(svc);
    const checkpoints = await verifyCheckpoints(svc.db, dir);
    if (chain.ok && checkpoints.ok) await writeCheckpoint(svc.db, dir);
    return { ...chain, ok: chain.ok && checkpoints.ok, checkpoints };
  });
};

export default routes;

export const settingKeys = SETTINGS.map((s) => s.key);
