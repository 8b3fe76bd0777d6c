import { authOf, type Module } from '../../../platform/http';
import { ScorecardPolicy } from '../policy';
import { UnitQuery, YearParams } from '../schemas';
import { BreakdownDto, MemberYearParams, UnitScoresDto, WeightsBody, WeightsDto } from './schemas';
import { memberBreakdown, saveWeights, sendScoresXlsx, unitScores, weightsOf } from './service';

const tags = ['scorecard'];

const routes: Module = async (app, { svc }) => {
  app.get(
    '/scorecard/:year/indicators',
    { config: { policy: ScorecardPolicy.viewWeights }, schema: { tags, summary: '年度考核指标、权重与计算方法', params: YearParams, response: { 200: WeightsDto } } },
    async (req) => weightsOf(svc, req.params.year),
  );

  app.put(
    '/scorecard/:year/indicators',
    { config: { policy: ScorecardPolicy.setWeights }, schema: { tags, summary: '设置年度考核指标权重（合计须为 100，或按设置折算）', params: YearParams, body: WeightsBody, response: { 200: WeightsDto } } },
    async (req) => saveWeights(svc, authOf(req), req.params.year, req.body.indicators),
  );

  app.get(
    '/scorecard/:year/scores',
    { config: { policy: ScorecardPolicy.listScores }, schema: { tags, summary: '单位年度考核得分与排名', params: YearParams, querystring: UnitQuery, response: { 200: UnitScoresDto } } },
    async (req) => unitScores(svc, authOf(req), req.params.year, req.query.unitId),
  );

  app.get(
    '/scorecard/:year/scores.xlsx',
    { config: { policy: ScorecardPolicy.exportScores }, schema: { tags, summary: '导出年度考核得分（.xlsx）', params: YearParams, querystring: UnitQuery } },
    async (req, reply) => sendScoresXlsx(svc, authOf(req), req.params.year, req.query.unitId, reply),
  );

  app.get(
    '/scorecard/:year/members/:memberId',
    { config: { policy: ScorecardPolicy.viewScore }, schema: { tags, summary: '干部年度考核得分明细（逐项及其依据）', params: MemberYearParams, response: { 200: BreakdownDto } } },
    async (req) => memberBreakdown(svc, authOf(req), req.params.year, req.params.memberId),
  );
};

export default routes;
