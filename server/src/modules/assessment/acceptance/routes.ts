import { Type } from 'typebox';
import { authOf, type Module } from '../../../platform/http';
import { sendDocx } from '../../../platform/docx';
import { sendXlsx } from '../../../platform/xlsx';
import { AssessmentPolicy } from '../policy';
import { ChecklistBody, ChecklistDto, ResultsDto, ScoreBody, ScoringDto, TeamBody, TeamDto, UnlockBody, YearParams, YearUnitParams } from './schemas';
import * as s from './service';

const tags = ['assessment'];

const routes: Module = async (app, { svc }) => {
  app.get('/assessment/acceptance/:year/checklist', { config: { policy: AssessmentPolicy.viewChecklist }, schema: { tags, summary: '验收细则清单', params: YearParams, response: { 200: ChecklistDto } } }, (req) =>
    s.getChecklist(svc, authOf(req), req.params.year),
  );
  app.put(
    '/assessment/acceptance/:year/checklist',
    { config: { policy: AssessmentPolicy.editChecklist }, schema: { tags, summary: '保存本年度细则清单', params: YearParams, body: ChecklistBody, response: { 200: ChecklistDto } } },
    (req) => s.saveChecklist(svc, authOf(req), req.params.year, req.body.items),
  );
  app.get('/assessment/acceptance/:year/teams', { config: { policy: AssessmentPolicy.viewChecklist }, schema: { tags, summary: '联合验收组', params: YearParams, response: { 200: Type.Array(TeamDto) } } }, (req) =>
    s.listTeams(svc, authOf(req), req.params.year),
  );
  app.post(
    '/assessment/acceptance/:year/teams',
    { config: { policy: AssessmentPolicy.nameTeam }, schema: { tags, summary: '组建联合验收组（党建办、效能办、党政办）', params: YearParams, body: TeamBody, response: { 200: TeamDto } } },
    (req) => s.createTeam(svc, authOf(req), req.params.year, req.body),
  );
  app.get('/assessment/acceptance/:year/results', { config: { policy: AssessmentPolicy.viewResults }, schema: { tags, summary: '验收结果与排名', params: YearParams, response: { 200: ResultsDto } } }, async (req) => {
    const { units: _u, ...r } = await s.results(svc, authOf(req), req.params.year);
    return r;
  });
  app.get(
    '/assessment/acceptance/:year/units/:unitId',
    { config: { policy: AssessmentPolicy.viewEvidence }, schema: { tags, summary: '单位验收：细则、自动佐证与建议分、评分（提交前看不到他人评分）', params: YearUnitParams, response: { 200: ScoringDto } } },
    (req) => s.scoring(svc, authOf(req), req.params.year, req.params.unitId),
  );
  app.post(
    '/assessment/acceptance/:year/units/:unitId/scores',
    { config: { policy: AssessmentPolicy.score }, schema: { tags, summary: '提交本人对该单位的评分（每人一次）', params: YearUnitParams, body: ScoreBody, response: { 200: ScoringDto } } },
    (req) => s.submitScore(svc, authOf(req), req.params.year, req.params.unitId, req.body),
  );
  app.delete(
    '/assessment/acceptance/:year/units/:unitId/scores/mine',
    { config: { policy: AssessmentPolicy.score }, schema: { tags, summary: '解除锁定后撤回本人评分', params: YearUnitParams, response: { 200: ScoringDto } } },
    (req) => s.withdrawScore(svc, authOf(req), req.params.year, req.params.unitId),
  );
  app.post(
    '/assessment/acceptance/:year/units/:unitId/signoff',
    { config: { policy: AssessmentPolicy.signOff }, schema: { tags, summary: '组长签字确认并锁定', params: YearUnitParams, response: { 200: ScoringDto } } },
    (req) => s.signOff(svc, authOf(req), req.params.year, req.params.unitId),
  );
  app.post(
    '/assessment/acceptance/:year/units/:unitId/unlock',
    { config: { policy: AssessmentPolicy.unlock }, schema: { tags, summary: '解除锁定（须说明理由，记入审计）', params: YearUnitParams, body: UnlockBody, response: { 200: ScoringDto } } },
    (req) => s.unlock(svc, authOf(req), req.params.year, req.params.unitId, req.body.reason),
  );
  app.get('/assessment/acceptance/:year/report.docx', { config: { policy: AssessmentPolicy.exportResults }, schema: { tags, summary: '验收报告（Word）', params: YearParams } }, async (req, reply) => {
    const { filename, buf } = await s.exportAcceptance(svc, authOf(req), req.params.year, 'docx');
    return sendDocx(reply, filename, buf);
  });
  app.get('/assessment/acceptance/:year/scores.xlsx', { config: { policy: AssessmentPolicy.exportResults }, schema: { tags, summary: '验收评分表（Excel）', params: YearParams } }, async (req, reply) => {
    const { filename, buf } = await s.exportAcceptance(svc, authOf(req), req.params.year, 'xlsx');
    return sendXlsx(reply, filename, buf);
  });
};

export default routes;
