import { Type } from 'typebox';
import { authOf, type App } from '../../../platform/http';
import type { Services } from '../../../platform/services';
import { ExamPolicy } from '../policy';
import * as S from '../schemas';
import * as papers from './service';

const tags = ['exams'];

export async function papersRoutes(app: App, svc: Services) {
  app.get('/exams/papers', { config: { policy: ExamPolicy.viewPapers }, schema: { tags, summary: '测试列表', querystring: S.PaperListQuery, response: { 200: Type.Array(S.PaperDto) } } }, async (req) =>
    papers.listPapers(svc, authOf(req), req.query.quarter),
  );
  app.post('/exams/papers', { config: { policy: ExamPolicy.managePapers }, schema: { tags, summary: '组卷（草稿）', body: S.PaperBody, response: { 200: Type.Object({ id: Type.Integer() }) } } }, async (req) =>
    papers.createPaper(svc, authOf(req), req.body),
  );
  app.get('/exams/papers/:id', { config: { policy: ExamPolicy.viewPapers }, schema: { tags, summary: '测试详情', params: S.IdParams, response: { 200: S.PaperDto } } }, async (req) =>
    papers.getPaper(svc, authOf(req), req.params.id),
  );
  app.put('/exams/papers/:id', { config: { policy: ExamPolicy.managePapers }, schema: { tags, summary: '修改测试', params: S.IdParams, body: S.PaperUpdateBody, response: { 200: S.Ok } } }, async (req) => {
    await papers.updatePaper(svc, authOf(req), req.params.id, req.body);
    return { ok: true };
  });
  app.post(
    '/exams/papers/:id/publish',
    { config: { policy: ExamPolicy.managePapers }, schema: { tags, summary: '发布测试（检查题量是否够抽）', params: S.IdParams, body: Type.Object({ version: Type.Integer() }, { additionalProperties: false }), response: { 200: S.Ok } } },
    async (req) => {
      await papers.setPaperStatus(svc, authOf(req), req.params.id, req.body.version, 'published');
      return { ok: true };
    },
  );
  app.post(
    '/exams/papers/:id/unpublish',
    { config: { policy: ExamPolicy.managePapers }, schema: { tags, summary: '撤回测试（尚无人作答时）', params: S.IdParams, body: Type.Object({ version: Type.Integer() }, { additionalProperties: false }), response: { 200: S.Ok } } },
    async (req) => {
      await papers.setPaperStatus(svc, authOf(req), req.params.id, req.body.version, 'draft');
      return { ok: true };
    },
  );
}
