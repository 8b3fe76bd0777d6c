import { Type } from 'typebox';
import { badRequest } from '../../platform/errors';
import { authOf, type Module } from '../../platform/http';
import { OrgPolicy } from './policy';
import { ImportReport, MemberCreateBody, MemberDto, MemberPage, MemberQuery, MemberUpdateBody, UnitCreateBody, UnitDto, UnitUpdateBody } from './schemas';
import { createMember, createUnit, deleteUnit, exportMembers, importRoster, importTemplate, listMembers, memberView, setMemberStatus, updateMemberView, updateUnit, visibleUnits } from './service';

const IdParams = Type.Object({ id: Type.Integer() });
const Created = Type.Object({ id: Type.Integer() });
const Ok = Type.Object({ ok: Type.Boolean() });
const tags = ['org'];

const routes: Module = async (app, { svc }) => {
  app.get('/units', { config: { policy: OrgPolicy.viewUnits }, schema: { tags, summary: '可见的单位（平铺，按 parentId 组成树）', response: { 200: Type.Array(UnitDto) } } }, async (req) =>
    visibleUnits(svc, authOf(req)),
  );

  app.post('/units', { config: { policy: OrgPolicy.manageUnits }, schema: { tags, summary: '新建单位', body: UnitCreateBody, response: { 200: Created } } }, async (req) => ({
    id: await createUnit(svc, authOf(req), req.body),
  }));

  app.patch('/units/:id', { config: { policy: OrgPolicy.manageUnits }, schema: { tags, summary: '修改单位', params: IdParams, body: UnitUpdateBody, response: { 200: Ok } } }, async (req) => {
    await updateUnit(svc, authOf(req), req.params.id, req.body);
    return { ok: true };
  });

  app.delete('/units/:id', { config: { policy: OrgPolicy.manageUnits }, schema: { tags, summary: '删除空单位', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await deleteUnit(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  app.get('/members', { config: { policy: OrgPolicy.viewRoster }, schema: { tags, summary: '干部名册（按姓名、拼音首字母、手机号、单位查找）', querystring: MemberQuery, response: { 200: MemberPage } } }, async (req) =>
    listMembers(svc, authOf(req), req.query),
  );

  app.get('/members/export', { config: { policy: OrgPolicy.viewRoster }, schema: { tags, summary: '导出干部名册 .xlsx', querystring: MemberQuery } }, async (req, reply) =>
    exportMembers(svc, authOf(req), req.query, reply),
  );

  app.get('/members/import-template', { config: { policy: OrgPolicy.editRoster }, schema: { tags, summary: '下载干部名册导入模板 .xlsx' } }, async (req, reply) =>
    importTemplate(authOf(req), reply),
  );

  app.post(
    '/members/import',
    { config: { policy: OrgPolicy.editRoster }, schema: { tags, summary: '导入干部名册 .xlsx（整表校验，全部无误才导入）', consumes: ['multipart/form-data'], response: { 200: ImportReport } } },
    async (req) => {
      const file = await req.file();
      if (!file) throw badRequest('请上传 .xlsx 文件');
      return importRoster(svc, authOf(req), await file.toBuffer());
    },
  );

  app.get('/members/:id', { config: { policy: OrgPolicy.viewMember }, schema: { tags, summary: '干部详情', params: IdParams, response: { 200: MemberDto } } }, async (req) =>
    memberView(svc, authOf(req), req.params.id),
  );

  app.post('/members', { config: { policy: OrgPolicy.editRoster }, schema: { tags, summary: '新增干部', body: MemberCreateBody, response: { 200: Created } } }, async (req) => ({
    id: await createMember(svc, authOf(req), req.body),
  }));

  app.patch('/members/:id', { config: { policy: OrgPolicy.editRoster }, schema: { tags, summary: '修改干部信息（带 version，冲突时 409）', params: IdParams, body: MemberUpdateBody, response: { 200: MemberDto } } }, async (req) =>
    updateMemberView(svc, authOf(req), req.params.id, req.body),
  );

  const StatusBody = Type.Object({ version: Type.Integer() }, { additionalProperties: false });
  // What the change did to the member's accounts, in words (rejoining says what it did not restore).
  const StatusResult = Type.Object({ ok: Type.Boolean(), message: Type.String() });
  app.post('/members/:id/leave', { config: { policy: OrgPolicy.editRoster }, schema: { tags, summary: '登记离开（保留全部历史记录；担任领导等角色的须先由安全管理员收回角色）', params: IdParams, body: StatusBody, response: { 200: StatusResult } } }, async (req) => {
    const r = await setMemberStatus(svc, authOf(req), req.params.id, 'left', req.body.version);
    return { ok: true, message: r.message };
  });
  app.post('/members/:id/rejoin', { config: { policy: OrgPolicy.editRoster }, schema: { tags, summary: '恢复在职（恢复因离开而停用的账号）', params: IdParams, body: StatusBody, response: { 200: StatusResult } } }, async (req) => {
    const r = await setMemberStatus(svc, authOf(req), req.params.id, 'active', req.body.version);
    return { ok: true, message: r.message };
  });
};

export default routes;
