import { Type } from 'typebox';
import { badRequest } from '../../platform/errors';
import { authOf, type Module } from '../../platform/http';
import { buildXlsx, sendXlsx } from '../../platform/xlsx';
import { todayLocal } from '../../platform/time';
import { allMembers, getMember, searchMembers } from './repository';
import { importRoster, ROSTER_COLUMNS, rosterTemplate } from './import';
import { ImportReport, MemberCreateBody, MemberDto, MemberPage, MemberQuery, MemberUpdateBody, UnitCreateBody, UnitDto, UnitUpdateBody } from './schemas';
import {
  categoryLabel,
  createMember,
  createUnit,
  deleteUnit,
  presentMember,
  readableMember,
  ROSTER_READERS,
  ROSTER_WRITERS,
  setMemberStatus,
  unitInScope,
  updateMember,
  updateUnit,
  visibleUnits,
} from './service';

const IdParams = Type.Object({ id: Type.Integer() });
const Created = Type.Object({ id: Type.Integer() });
const Ok = Type.Object({ ok: Type.Boolean() });
const tags = ['org'];

const routes: Module = async (app, { svc }) => {
  app.get('/units', { schema: { tags, summary: '可见的单位（平铺，按 parentId 组成树）', response: { 200: Type.Array(UnitDto) } } }, async (req) =>
    visibleUnits(svc, authOf(req)),
  );

  app.post('/units', { schema: { tags, summary: '新建单位', body: UnitCreateBody, response: { 200: Created } } }, async (req) => ({
    id: await createUnit(svc, authOf(req), req.body),
  }));

  app.patch('/units/:id', { schema: { tags, summary: '修改单位', params: IdParams, body: UnitUpdateBody, response: { 200: Ok } } }, async (req) => {
    await updateUnit(svc, authOf(req), req.params.id, req.body);
    return { ok: true };
  });

  app.delete('/units/:id', { schema: { tags, summary: '删除空单位', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await deleteUnit(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  const scopeOf = async (auth: ReturnType<typeof authOf>, unitId?: number) => {
    auth.require(...ROSTER_READERS);
    const unit = unitId ? await unitInScope(svc, auth, unitId, ROSTER_READERS) : undefined;
    return { paths: auth.scopePaths(ROSTER_READERS), unitPath: unit?.path };
  };

  app.get('/members', { schema: { tags, summary: '干部名册（按姓名、拼音首字母、手机号、单位查找）', querystring: MemberQuery, response: { 200: MemberPage } } }, async (req) => {
    const { paths, unitPath } = await scopeOf(authOf(req), req.query.unitId);
    const r = await searchMembers(svc.db, req.query, paths, unitPath);
    return { items: r.items.map(presentMember), total: r.total };
  });

  app.get('/members/export', { schema: { tags, summary: '导出干部名册 .xlsx', querystring: MemberQuery } }, async (req, reply) => {
    const auth = authOf(req);
    const { paths, unitPath } = await scopeOf(auth, req.query.unitId);
    const rows = await allMembers(svc.db, req.query, paths, unitPath);
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
  });

  app.get('/members/import-template', { schema: { tags, summary: '下载干部名册导入模板 .xlsx' } }, async (req, reply) => {
    const auth = authOf(req);
    auth.require(...ROSTER_WRITERS);
    const grant = auth.grants(ROSTER_WRITERS)[0];
    return sendXlsx(reply, '干部名册导入模板.xlsx', await rosterTemplate(grant?.unitName ?? 'X镇/党政办'));
  });

  app.post(
    '/members/import',
    { schema: { tags, summary: '导入干部名册 .xlsx（整表校验，全部无误才导入）', consumes: ['multipart/form-data'], response: { 200: ImportReport } } },
    async (req) => {
      const file = await req.file();
      if (!file) throw badRequest('请上传 .xlsx 文件');
      return importRoster(svc, authOf(req), await file.toBuffer());
    },
  );

  app.get('/members/:id', { schema: { tags, summary: '干部详情', params: IdParams, response: { 200: MemberDto } } }, async (req) =>
    presentMember(await readableMember(svc, authOf(req), req.params.id)),
  );

  app.post('/members', { schema: { tags, summary: '新增干部', body: MemberCreateBody, response: { 200: Created } } }, async (req) => ({
    id: await createMember(svc, authOf(req), req.body),
  }));

  app.patch('/members/:id', { schema: { tags, summary: '修改干部信息（带 version，冲突时 409）', params: IdParams, body: MemberUpdateBody, response: { 200: MemberDto } } }, async (req) => {
    await updateMember(svc, authOf(req), req.params.id, req.body);
    return presentMember((await getMember(svc.db, req.params.id))!);
  });

  const StatusBody = Type.Object({ version: Type.Integer() }, { additionalProperties: false });
  // What the change did to the member's accounts, in words (rejoining says what it did not restore).
  const StatusResult = Type.Object({ ok: Type.Boolean(), message: Type.String() });
  app.post('/members/:id/leave', { schema: { tags, summary: '登记离开（保留全部历史记录；担任领导等角色的须先由安全管理员收回角色）', params: IdParams, body: StatusBody, response: { 200: StatusResult } } }, async (req) => {
    const r = await setMemberStatus(svc, authOf(req), req.params.id, 'left', req.body.version);
    return { ok: true, message: r.message };
  });
  app.post('/members/:id/rejoin', { schema: { tags, summary: '恢复在职（恢复因离开而停用的账号）', params: IdParams, body: StatusBody, response: { 200: StatusResult } } }, async (req) => {
    const r = await setMemberStatus(svc, authOf(req), req.params.id, 'active', req.body.version);
    return { ok: true, message: r.message };
  });
};

export default routes;
