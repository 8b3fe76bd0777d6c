// The question bank: categories, questions and their versions, import and export, key corrections.
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { authOf, type App } from '../../../platform/http';
import { badRequest } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { sendXlsx } from '../../../platform/xlsx';
import { ExamPolicy } from '../policy';
import * as S from '../schemas';
import * as bank from './service';

const tags = ['exams'];

export async function uploaded(req: FastifyRequest): Promise<Buffer> {
  const file = await req.file({ limits: { fileSize: bank.MAX_IMPORT_BYTES, files: 1 } });
  if (!file) throw badRequest('请选择要上传的文件');
  try {
    return await file.toBuffer();
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw badRequest(`文件不能超过 ${bank.MAX_IMPORT_BYTES / 1024 / 1024} MB`);
    throw e;
  }
}

export async function bankRoutes(app: App, svc: Services) {
  app.get('/exams/categories', { config: { policy: ExamPolicy.viewBank }, schema: { tags, summary: '题库分类（首次进入时为本单位建立 政治理论、党史、业务知识）', response: { 200: Type.Array(S.CategoryDto) } } }, async (req) =>
    bank.listCategories(svc, authOf(req)),
  );
  app.post('/exams/categories', { config: { policy: ExamPolicy.manageBank }, schema: { tags, summary: '新建分类（可嵌套）', body: S.CategoryBody, response: { 200: Type.Object({ id: Type.Integer() }) } } }, async (req) =>
    bank.createCategory(svc, authOf(req), req.body),
  );
  app.get('/exams/questions', { config: { policy: ExamPolicy.viewBank }, schema: { tags, summary: '题目列表（按任意片段搜索）', querystring: S.QuestionQuery, response: { 200: S.QuestionPage } } }, async (req) =>
    bank.listQuestions(svc, authOf(req), req.query),
  );
  app.post('/exams/questions', { config: { policy: ExamPolicy.manageBank }, schema: { tags, summary: '新增题目', body: S.QuestionCreateBody, response: { 200: Type.Object({ id: Type.Integer() }) } } }, async (req) =>
    bank.createQuestion(svc, authOf(req), req.body),
  );
  app.post(
    '/exams/questions/import',
    { config: { policy: ExamPolicy.manageBank }, schema: { tags, summary: '导入题目（GIFT、Aiken、Excel 模板），逐题报告', consumes: ['multipart/form-data'], querystring: S.ImportQuery, response: { 200: S.ImportReportDto } } },
    async (req) => bank.importQuestions(svc, authOf(req), await uploaded(req), { categoryId: req.query.categoryId, format: req.query.format }),
  );
  app.get('/exams/questions/export', { config: { policy: ExamPolicy.viewBank }, schema: { tags, summary: '导出题目（GIFT、Aiken、Excel 模板）', querystring: S.ExportQuery } }, async (req, reply) => {
    const r = await bank.exportQuestions(svc, authOf(req), req.query.format, req.query);
    if (req.query.format === 'xlsx') return sendXlsx(reply, '题库.xlsx', r.body);
    const name = req.query.format === 'gift' ? '题库.gift.txt' : '题库.aiken.txt';
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('x-skipped', String(r.skipped))
      .header('content-disposition', `attachment; filename="questions.txt"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(r.body);
  });
  app.get('/exams/questions/:id', { config: { policy: ExamPolicy.viewBank }, schema: { tags, summary: '题目详情与版本', params: S.IdParams, response: { 200: S.QuestionDetailDto } } }, async (req) =>
    bank.getQuestion(svc, authOf(req), req.params.id),
  );
  app.put(
    '/exams/questions/:id',
    { config: { policy: ExamPolicy.manageBank }, schema: { tags, summary: '修改题目（已有人作答的题目生成新版本，旧答卷保留原版本）', params: S.IdParams, body: S.QuestionUpdateBody, response: { 200: S.QuestionUpdateResult } } },
    async (req) => bank.updateQuestion(svc, authOf(req), req.params.id, req.body),
  );
  app.delete('/exams/questions/:id', { config: { policy: ExamPolicy.manageBank }, schema: { tags, summary: '删除题目（已作答的答卷不受影响）', params: S.IdParams, querystring: S.VersionQuery, response: { 200: S.Ok } } }, async (req) => {
    await bank.deleteQuestion(svc, authOf(req), req.params.id, req.query.version);
    return { ok: true };
  });
}
