import { authOf, type App } from '../../../platform/http';
import type { Services } from '../../../platform/services';
import { ExamPolicy } from '../policy';
import * as S from '../schemas';
import * as practice from './service';

const tags = ['exams'];

export async function practiceRoutes(app: App, svc: Services) {
  app.get('/exams/practice/today', { config: { policy: ExamPolicy.practice }, schema: { tags, summary: '每日一练：今天的题目、连续天数、计入的学习时间', response: { 200: S.PracticeDto } } }, async (req) => practice.today(svc, authOf(req)));
  app.post(
    '/exams/practice/today/:position',
    { config: { policy: ExamPolicy.practice }, schema: { tags, summary: '回答今天的一道题（立即给出对错与解析）', params: S.PracticeAnswerParams, body: S.PracticeAnswerBody, response: { 200: S.PracticeItemDto } } },
    async (req) => practice.answerToday(svc, authOf(req), req.params.position, req.body),
  );
}
