import { Type } from 'typebox';
import { authOf, type App } from '../../../platform/http';
import type { Services } from '../../../platform/services';
import { ExamPolicy } from '../policy';
import * as S from '../schemas';
import * as attempts from './service';

const tags = ['exams'];

export async function attemptRoutes(app: App, svc: Services) {
  app.get('/exams/my/papers', { config: { policy: ExamPolicy.take }, schema: { tags, summary: '我的测试', response: { 200: Type.Array(S.MyPaperDto) } } }, async (req) => attempts.myPapers(svc, authOf(req)));
  app.post('/exams/papers/:id/attempts', { config: { policy: ExamPolicy.take }, schema: { tags, summary: '开始作答（同一测试同时只能有一次作答）', params: S.IdParams, response: { 200: Type.Object({ id: Type.Integer() }) } } }, async (req) =>
    attempts.startAttempt(svc, authOf(req), req.params.id),
  );
  app.get('/exams/attempts/:id', { config: { policy: ExamPolicy.take }, schema: { tags, summary: '作答（剩余时间以服务器为准；交卷前不含答案与解析）', params: S.IdParams, response: { 200: S.AttemptDto } } }, async (req) =>
    attempts.getAttempt(svc, authOf(req), req.params.id),
  );
  app.put(
    '/exams/attempts/:id/items/:itemId',
    { config: { policy: ExamPolicy.take }, schema: { tags, summary: '保存一道题的答案（离线时在手机上排队，重连后补交）', params: S.AnswerParams, body: S.AnswerBody, response: { 200: S.AnswerResult } } },
    async (req) => attempts.saveAnswer(svc, authOf(req), req.params.id, req.params.itemId, req.body),
  );
  app.post('/exams/attempts/:id/submit', { config: { policy: ExamPolicy.take }, schema: { tags, summary: '交卷', params: S.IdParams, response: { 200: S.AttemptDto } } }, async (req) =>
    attempts.submitAttempt(svc, authOf(req), req.params.id),
  );
  app.get('/exams/grading', { config: { policy: ExamPolicy.grade }, schema: { tags, summary: '待阅卷的简答题（可隐藏姓名）', response: { 200: Type.Array(S.GradingItemDto) } } }, async (req) => attempts.gradingQueue(svc, authOf(req)));
  app.post(
    '/exams/grading/:itemId',
    { config: { policy: ExamPolicy.grade }, schema: { tags, summary: '给一道简答题评分', params: S.GradingParams, body: S.GradeBody, response: { 200: Type.Object({ attemptScore: Type.Number(), pending: Type.Integer() }) } } },
    async (req) => attempts.gradeItem(svc, authOf(req), req.params.itemId, req.body),
  );
  app.post(
    '/exams/questions/:id/correct-key',
    { config: { policy: ExamPolicy.manageBank }, schema: { tags, summary: '更正答案并重新评分所有受影响的答卷（题库的“更正答案”）', params: S.IdParams, body: S.KeyCorrectionBody, response: { 200: S.RegradeResult } } },
    async (req) => attempts.correctKey(svc, authOf(req), req.params.id, req.body),
  );
}
