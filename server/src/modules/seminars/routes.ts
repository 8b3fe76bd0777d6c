import { Type } from 'typebox';
import { authOf, type Module } from '../../platform/http';
import { currentYear } from '../../platform/time';
import { SeminarPolicy } from './policy';
import * as S from './schemas';
import * as svcFns from './service';

const tags = ['seminars'];

const routes: Module = async (app, { svc }) => {
  app.get(
    '/seminars',
    { config: { policy: SeminarPolicy.list }, schema: { tags, summary: '研讨会列表（管理范围内）', querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }), response: { 200: Type.Array(S.SeminarItem) } } },
    async (req) => svcFns.listSeminars(svc, authOf(req), req.query.year ?? currentYear()),
  );

  app.get(
    '/seminars/year',
    {
      config: { policy: SeminarPolicy.list },
      schema: { tags, summary: '年度研讨进度：各月是否召开研讨会', querystring: Type.Object({ unitId: Type.Integer(), year: Type.Integer({ minimum: 2000, maximum: 2100 }) }), response: { 200: S.YearPlan } },
    },
    async (req) => svcFns.yearPlan(svc, authOf(req), req.query.unitId, req.query.year),
  );

  app.get(
    '/seminars/candidates',
    { config: { policy: SeminarPolicy.schedule }, schema: { tags, summary: '可选的主持人与发言人', querystring: Type.Object({ unitId: Type.Integer() }), response: { 200: S.Candidates } } },
    async (req) => svcFns.chairCandidates(svc, authOf(req), req.query.unitId),
  );

  app.get('/seminars/mine', { config: { policy: SeminarPolicy.mine }, schema: { tags, summary: '我的研讨会：下一次研讨会、我是否发言', response: { 200: S.MySeminars } } }, async (req) => svcFns.mySeminars(svc, authOf(req)));

  app.get('/seminars/speech-choices', { config: { policy: SeminarPolicy.speak }, schema: { tags, summary: '填写个人说时可选的书目与本人心得', response: { 200: S.SpeechChoices } } }, async (req) =>
    svcFns.speechChoices(svc, authOf(req)),
  );

  app.post(
    '/seminars',
    { config: { policy: SeminarPolicy.schedule }, schema: { tags, summary: '安排研讨会（同月同单位已有研讨会时先提示，确认后再安排）', body: S.ScheduleBody, response: { 200: Type.Object({ id: Type.Integer(), sessionId: Type.Integer() }) } } },
    async (req) => svcFns.scheduleSeminar(svc, authOf(req), req.body),
  );

  for (const action of ['open', 'close', 'cancel'] as const) {
    app.post(
      `/seminars/:id/${action}`,
      { config: { policy: SeminarPolicy.schedule }, schema: { tags, summary: { open: '开启签到', close: '结束签到', cancel: '取消研讨会' }[action], params: S.IdParams, response: { 200: S.Ok } } },
      async (req) => {
        await svcFns.seminarAction(svc, authOf(req), req.params.id, action);
        return { ok: true };
      },
    );
  }

  app.post(
    '/seminars/:id/speakers',
    { config: { policy: SeminarPolicy.schedule }, schema: { tags, summary: '增加发言人', params: S.IdParams, body: Type.Object({ memberId: Type.Integer() }, { additionalProperties: false }), response: { 200: S.Ok } } },
    async (req) => {
      await svcFns.addSpeaker(svc, authOf(req), req.params.id, req.body.memberId);
      return { ok: true };
    },
  );

  app.delete('/seminars/:id/speakers/:speakerId', { config: { policy: SeminarPolicy.schedule }, schema: { tags, summary: '移除发言人', params: S.SpeakerParams, response: { 200: S.Ok } } }, async (req) => {
    await svcFns.removeSpeaker(svc, authOf(req), req.params.id, req.params.speakerId);
    return { ok: true };
  });

  app.get('/seminars/:id', { config: { policy: SeminarPolicy.read }, schema: { tags, summary: '研讨会详情：发言、同事议、书记评与签到', params: S.IdParams, response: { 200: S.SeminarDetail } } }, async (req) =>
    svcFns.seminarDetail(svc, authOf(req), req.params.id),
  );

  app.post('/seminars/:id/volunteer', { config: { policy: SeminarPolicy.volunteer }, schema: { tags, summary: '报名发言', params: S.IdParams, response: { 200: S.NewId } } }, async (req) => ({
    id: await svcFns.volunteer(svc, authOf(req), req.params.id),
  }));

  app.put('/seminars/:id/speakers/:speakerId/speech', { config: { policy: SeminarPolicy.speak }, schema: { tags, summary: '填写个人说：所读书目、心得、发言摘要', params: S.SpeakerParams, body: S.SpeechBody, response: { 200: S.Ok } } }, async (req) => {
    await svcFns.saveSpeech(svc, authOf(req), req.params.id, req.params.speakerId, req.body);
    return { ok: true };
  });

  app.post(
    '/seminars/:id/speakers/:speakerId/file',
    { config: { policy: SeminarPolicy.speak }, schema: { tags, summary: '上传发言材料（照片、PDF、PPTX，按内容识别类型）', consumes: ['multipart/form-data'], params: S.SpeakerParams, response: { 200: S.FileInfo } } },
    async (req) => svcFns.uploadSpeechFile(svc, authOf(req), req.params.id, req.params.speakerId, req),
  );

  app.post('/seminars/:id/comments', { config: { policy: SeminarPolicy.comment }, schema: { tags, summary: '发表同事议', params: S.IdParams, body: S.CommentBody, response: { 200: S.NewId } } }, async (req) => ({
    id: await svcFns.addComment(svc, authOf(req), req.params.id, req.body.speakerId, req.body.body),
  }));

  app.get(
    '/seminars/:id/live',
    {
      config: { policy: SeminarPolicy.live },
      schema: { tags, summary: '会场大屏：签到二维码、签到人数与新到的同事议（按编号增量取）', params: S.IdParams, querystring: Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })) }), response: { 200: S.Live } },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return svcFns.liveView(svc, authOf(req), req.params.id, req.query.after ?? 0, req);
    },
  );

  app.put(
    '/seminars/:id/speakers/:speakerId/evaluation',
    { config: { policy: SeminarPolicy.evaluate }, schema: { tags, summary: '书记评：等次或分数与评语（仅主持人）', params: S.SpeakerParams, body: S.EvaluationBody, response: { 200: S.Ok } } },
    async (req) => {
      await svcFns.evaluate(svc, authOf(req), req.params.id, req.params.speakerId, req.body);
      return { ok: true };
    },
  );

  app.post('/seminars/:id/sign-off', { config: { policy: SeminarPolicy.signOff }, schema: { tags, summary: '签发会议纪要（书记评随之锁定）', params: S.IdParams, response: { 200: S.Ok } } }, async (req) => {
    await svcFns.signOff(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  app.get('/seminars/:id/minutes.docx', { config: { policy: SeminarPolicy.minutes }, schema: { tags, summary: '导出会议纪要 .docx', params: S.IdParams } }, async (req, reply) =>
    svcFns.sendMinutes(svc, authOf(req), req.params.id, reply),
  );
};

export default routes;
