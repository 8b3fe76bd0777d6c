import { authOf, type App } from '../../../platform/http';
import type { Services } from '../../../platform/services';
import { sendXlsx } from '../../../platform/xlsx';
import { ExamPolicy } from '../policy';
import * as S from '../schemas';
import * as analysis from './service';

const tags = ['exams'];

export async function analysisRoutes(app: App, svc: Services) {
  app.get('/exams/results', { config: { policy: ExamPolicy.viewResults }, schema: { tags, summary: '成绩：按人、按单位，按季度或按测试，含排名', querystring: S.ResultsQuery, response: { 200: S.ResultsDto } } }, async (req) =>
    analysis.results(svc, authOf(req), req.query),
  );
  app.get('/exams/results/awards.xlsx', { config: { policy: ExamPolicy.exportAwards }, schema: { tags, summary: '获奖名单 .xlsx（前 N 名或分数线，见设置）', querystring: S.ResultsQuery } }, async (req, reply) => {
    const r = await analysis.awardsXlsx(svc, authOf(req), req.query);
    return sendXlsx(reply, r.filename, r.buf);
  });
  app.get('/exams/papers/:id/analysis', { config: { policy: ExamPolicy.viewResults }, schema: { tags, summary: '试题分析：得分率、区分度、选项分布、信度', params: S.IdParams, response: { 200: S.AnalysisDto } } }, async (req) =>
    analysis.analysis(svc, authOf(req), req.params.id),
  );
}
