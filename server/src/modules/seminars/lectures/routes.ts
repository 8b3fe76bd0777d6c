import { Type } from 'typebox';
import { authOf, type Module } from '../../../platform/http';
import { currentYear } from '../../../platform/time';
import { SeminarPolicy } from '../policy';
import { LecturePolicy } from './policy';
import * as S from './schemas';
import * as L from './service';

const tags = ['lectures'];
const Year = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) });

const routes: Module = async (app, { svc }) => {
  app.post('/lectures', { config: { policy: LecturePolicy.propose }, schema: { tags, summary: '申报党课（题目与提纲）', body: S.ProposeBody, response: { 200: S.NewId } } }, async (req) => ({
    id: await L.propose(svc, authOf(req), req.body),
  }));

  app.get('/lectures/mine', { config: { policy: LecturePolicy.mine }, schema: { tags, summary: '我的党课：我讲的与我听的', response: { 200: S.MyLectures } } }, async (req) => L.myLectures(svc, authOf(req)));

  app.get('/lectures', { config: { policy: LecturePolicy.list }, schema: { tags, summary: '党课列表（管理范围内）', querystring: Year, response: { 200: Type.Array(S.LectureItem) } } }, async (req) =>
    L.listLectures(svc, authOf(req), req.query.year ?? currentYear()),
  );

  app.get('/lectures/report', { config: { policy: LecturePolicy.report }, schema: { tags, summary: '党课统计：各单位本年讲课次数、讲过与从未讲过的干部', querystring: Year, response: { 200: S.LectureReport } } }, async (req) =>
    L.lectureReport(svc, authOf(req), req.query.year ?? currentYear()),
  );

  app.post('/lectures/direct', { config: { policy: LecturePolicy.schedule }, schema: { tags, summary: '直接安排党课（指定讲课人）', body: S.DirectBody, response: { 200: S.NewId } } }, async (req) => ({
    id: await L.scheduleDirect(svc, authOf(req), req.body),
  }));

  app.post('/lectures/:id/schedule', { config: { policy: LecturePolicy.schedule }, schema: { tags, summary: '审批通过并安排党课', params: S.IdParams, body: S.SlotBody, response: { 200: S.Ok } } }, async (req) => {
    await L.schedule(svc, authOf(req), req.params.id, req.body);
    return { ok: true };
  });

  app.post('/lectures/:id/reject', { config: { policy: LecturePolicy.schedule }, schema: { tags, summary: '退回党课申报', params: S.IdParams, body: S.RejectBody, response: { 200: S.Ok } } }, async (req) => {
    await L.reject(svc, authOf(req), req.params.id, req.body.note);
    return { ok: true };
  });

  for (const action of ['open', 'close', 'cancel'] as const) {
    app.post(
      `/lectures/:id/${action}`,
      { config: { policy: LecturePolicy.schedule }, schema: { tags, summary: { open: '开启签到', close: '结束签到', cancel: '取消党课' }[action], params: S.IdParams, response: { 200: S.Ok } } },
      async (req) => {
        await L.lectureAction(svc, authOf(req), req.params.id, action);
        return { ok: true };
      },
    );
  }

  app.post(
    '/lectures/:id/files',
    {
      config: { policy: LecturePolicy.upload },
      schema: { tags, summary: '上传课件或讲义（PDF、PPTX、DOCX，按内容识别类型）', consumes: ['multipart/form-data'], params: S.IdParams, querystring: Type.Object({ kind: Type.String({ maxLength: 20 }) }), response: { 200: S.FileInfo } },
    },
    async (req) => L.uploadFile(svc, authOf(req), req.params.id, req.query.kind, req),
  );

  app.get('/lectures/:id', { config: { policy: LecturePolicy.read }, schema: { tags, summary: '党课详情（讲课人与党建办可见评分和意见）', params: S.IdParams, response: { 200: S.LectureDetail } } }, async (req) =>
    L.lectureDetail(svc, authOf(req), req.params.id),
  );

  app.post('/lectures/:id/ratings', { config: { policy: LecturePolicy.rate }, schema: { tags, summary: '给党课评分（1–5 星与意见，听课签到后）', params: S.IdParams, body: S.RateBody, response: { 200: S.NewId } } }, async (req) => ({
    id: await L.rate(svc, authOf(req), req.params.id, req.body),
  }));

  // The seminars' file route serves speeches' and lectures' files alike; it is registered with this part because the
  // lectures' service knows who may read a lecture and builds on the seminars' service (not the other way round).
  app.get('/seminar-files/:id', { config: { policy: SeminarPolicy.file }, schema: { tags: ['seminars'], summary: '下载研讨会发言材料、党课课件', params: S.IdParams } }, async (req, reply) =>
    L.sendFile(svc, authOf(req), req.params.id, reply),
  );
};

export default routes;
