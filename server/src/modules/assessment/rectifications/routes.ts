import { Type } from 'typebox';
import { authOf, type Module } from '../../../platform/http';
import { AssessmentPolicy } from '../policy';
import { AssignBody, EvidenceBody, ListQuery, MineSummaryDto, RectificationDto, ReviewBody, SubmitBody } from './schemas';
import * as s from './service';

const tags = ['assessment'];
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const routes: Module = async (app, { svc }) => {
  app.get(
    '/assessment/rectifications',
    { config: { policy: AssessmentPolicy.viewRectifications }, schema: { tags, summary: '整改任务（本人负责的、管辖范围内的）', querystring: ListQuery, response: { 200: Type.Array(RectificationDto) } } },
    (req) => s.listRectifications(svc, authOf(req), req.query),
  );
  app.get(
    '/assessment/rectifications/mine',
    { config: { policy: AssessmentPolicy.viewRectifications }, schema: { tags, summary: '本人负责、尚未销号的整改任务数（手机首页与“我的”）', response: { 200: MineSummaryDto } } },
    (req) => s.myTaskSummary(svc, authOf(req)),
  );
  app.post(
    '/assessment/rectifications',
    { config: { policy: AssessmentPolicy.assignRectification }, schema: { tags, summary: '把检查发现下达为整改任务', body: AssignBody, response: { 200: RectificationDto } } },
    (req) => s.assignRectification(svc, authOf(req), req.body),
  );
  app.get(
    '/assessment/rectifications/:id',
    { config: { policy: AssessmentPolicy.viewRectifications }, schema: { tags, summary: '整改任务详情', params: IdParams, response: { 200: RectificationDto } } },
    (req) => s.getRectification(svc, authOf(req), req.params.id),
  );
  app.post(
    '/assessment/rectifications/:id/evidence',
    { config: { policy: AssessmentPolicy.respondRectification }, schema: { tags, summary: '上传整改佐证', params: IdParams, body: EvidenceBody, response: { 200: RectificationDto } } },
    (req) => s.addEvidence(svc, authOf(req), req.params.id, req.body),
  );
  app.post(
    '/assessment/rectifications/:id/submit',
    { config: { policy: AssessmentPolicy.respondRectification }, schema: { tags, summary: '提交整改情况', params: IdParams, body: SubmitBody, response: { 200: RectificationDto } } },
    (req) => s.submitRectification(svc, authOf(req), req.params.id, req.body),
  );
  app.post(
    '/assessment/rectifications/:id/review',
    { config: { policy: AssessmentPolicy.acceptRectification }, schema: { tags, summary: '验收销号或退回整改', params: IdParams, body: ReviewBody, response: { 200: RectificationDto } } },
    (req) => s.reviewRectification(svc, authOf(req), req.params.id, req.body),
  );
};

export default routes;
