import { Type } from 'typebox';
import { authOf, type Module } from '../../../platform/http';
import { AssessmentPolicy } from '../policy';
import { sendDocx } from '../../../platform/docx';
import {
  CloseBody,
  DrawBody,
  FindingBody,
  FindingDto,
  FindingSaved,
  IdParams,
  InspectionCreateBody,
  InspectionDto,
  InspectionSummaryDto,
  ListQuery,
  PublicDrawDto,
  RedrawBody,
  RedrawDto,
  TeamCandidateDto,
  UnitParams,
  UnitSheetDto,
} from './schemas';
import * as svcFns from './service';

const tags = ['assessment'];

const routes: Module = async (app, { svc }) => {
  app.get('/assessment/inspections', { config: { policy: AssessmentPolicy.viewInspections }, schema: { tags, summary: '督查列表', querystring: ListQuery, response: { 200: Type.Array(InspectionSummaryDto) } } }, (req) =>
    svcFns.listInspections(svc, authOf(req), req.query.year),
  );
  app.post(
    '/assessment/inspections',
    { config: { policy: AssessmentPolicy.planInspection }, schema: { tags, summary: '安排督查', body: InspectionCreateBody, response: { 200: Type.Object({ id: Type.Integer() }) } } },
    async (req) => ({ id: await svcFns.createInspection(svc, authOf(req), req.body) }),
  );
  app.get(
    '/assessment/inspections/team-candidates',
    { config: { policy: AssessmentPolicy.planInspection }, schema: { tags, summary: '可选的督查组成员', querystring: Type.Object({ scopeUnitId: Type.Integer({ minimum: 1 }) }), response: { 200: Type.Array(TeamCandidateDto) } } },
    (req) => svcFns.teamCandidates(svc, authOf(req), req.query.scopeUnitId),
  );
  app.get('/assessment/inspections/:id', { config: { policy: AssessmentPolicy.viewInspections }, schema: { tags, summary: '督查详情', params: IdParams, response: { 200: InspectionDto } } }, (req) =>
    svcFns.getInspection(svc, authOf(req), req.params.id),
  );
  app.post(
    '/assessment/inspections/:id/draw',
    { config: { policy: AssessmentPolicy.planInspection }, schema: { tags, summary: '随机抽签（种子与算法版本留档，可公开复核）', params: IdParams, body: DrawBody, response: { 200: InspectionDto } } },
    (req) => svcFns.drawInspection(svc, authOf(req), req.params.id, req.body),
  );
  app.post(
    '/assessment/inspections/:id/close',
    { config: { policy: AssessmentPolicy.planInspection }, schema: { tags, summary: '结束督查', params: IdParams, body: CloseBody, response: { 200: InspectionDto } } },
    (req) => svcFns.closeInspection(svc, authOf(req), req.params.id, req.body.version),
  );
  app.get(
    '/assessment/inspections/:id/findings',
    { config: { policy: AssessmentPolicy.viewInspections }, schema: { tags, summary: '检查发现', params: IdParams, response: { 200: Type.Array(FindingDto) } } },
    (req) => svcFns.listFindings(svc, authOf(req), req.params.id),
  );
  app.get(
    '/assessment/inspections/:id/units/:unitId',
    { config: { policy: AssessmentPolicy.viewInspections }, schema: { tags, summary: '现场检查表：平台已掌握的情况、抽中的干部、已记录的发现', params: UnitParams, response: { 200: UnitSheetDto } } },
    (req) => svcFns.unitSheet(svc, authOf(req), req.params.id, req.params.unitId),
  );
  app.post(
    '/assessment/inspections/:id/findings',
    { config: { policy: AssessmentPolicy.recordFinding }, schema: { tags, summary: '记录检查发现（照片、得分、文字；同一记录编号重发只记一次）', params: IdParams, body: FindingBody, response: { 200: FindingSaved } } },
    (req) => svcFns.addFinding(svc, authOf(req), req.params.id, req.body),
  );

  app.get(
    '/assessment/inspections/:id/report.docx',
    { config: { policy: AssessmentPolicy.viewInspections }, schema: { tags, summary: '季度督查报告（Word，公文格式）', params: IdParams } },
    async (req, reply) => {
      const { filename, buf } = await svcFns.inspectionReport(svc, authOf(req), req.params.id);
      return sendDocx(reply, filename, buf);
    },
  );

  // Public: anyone re-draws with the published seed and gets the same units and members.
  app.get(
    '/assessment/public/draws/:id',
    { config: { public: true }, schema: { tags, summary: '公开的抽签记录：种子、算法、候选名单与结果', params: IdParams, response: { 200: PublicDrawDto } } },
    (req) => svcFns.publicDraw(svc, req.params.id),
  );
  app.post(
    '/assessment/public/draws/:id/redraw',
    { config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } }, schema: { tags, summary: '用公布的种子复核抽签', params: IdParams, body: RedrawBody, response: { 200: RedrawDto } } },
    (req) => svcFns.redraw(svc, req.params.id, req.body),
  );
};

export default routes;
