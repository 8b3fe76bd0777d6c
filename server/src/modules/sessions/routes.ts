import { Type } from 'typebox';
import { authOf, type Module } from '../../platform/http';
import { publicBase } from '../../platform/publicurl';
import { currentYear } from '../../platform/time';
import { sendXlsx } from '../../platform/xlsx';
import { sendDocx } from '../../platform/docx';
import {
  addRequiredBook,
  askLeave,
  changeStatus,
  createSession,
  decideLeave,
  type ExportFile,
  issueScanPass,
  leaveFile,
  leaveRequests,
  listSessions,
  manualCheckIn,
  mySessions,
  myYearPlan,
  planFile,
  planOfUnit,
  planReaders,
  planReadersFile,
  planUnits,
  removeCheckIn,
  removeRequiredBook,
  savePlan,
  SCAN_PASS_COOKIE,
  SCAN_PASS_SECONDS,
  scanCheckIn,
  screenView,
  sessionDetail,
  sheetFile,
  updateSession,
} from './service';
import { CheckInDto, Counts, IdParams, LeaveDto, LeaveQuery, MyBook, MySession, Ok, Person, PlanDto, PlanQuery, SessionBody, SessionDto, SheetRowDto, tags, Time } from './schemas';
import { SessionPolicy } from './policy';

const routes: Module = async (app, { svc }) => {
  // Every QR code carries the public address (setting site.publicBaseUrl, else the environment, else this request's).
  const baseUrl = (req: { protocol: string; host: string }) => publicBase(svc, req);
  const send = (reply: Parameters<typeof sendXlsx>[0], f: ExportFile) => (f.kind === 'xlsx' ? sendXlsx(reply, f.name, f.buf) : sendDocx(reply, f.name, f.buf));

  // ---- Sessions (clerk) ----
  app.get(
    '/sessions',
    { config: { policy: SessionPolicy.view },
      schema: {
        tags,
        summary: '集中学习列表（管理范围内）',
        querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })), status: Type.Optional(Type.String()) }),
        response: { 200: Type.Array(Type.Intersect([SessionDto, Type.Object({ counts: Counts })])) },
      },
    },
    async (req) => listSessions(svc, authOf(req), req.query.year ?? currentYear(), req.query.status),
  );

  app.post('/sessions', { config: { policy: SessionPolicy.manage }, schema: { tags, summary: '新建集中学习', body: SessionBody, response: { 200: Type.Object({ id: Type.Integer() }) } } }, async (req) => ({
    id: await createSession(svc, authOf(req), req.body),
  }));

  app.put(
    '/sessions/:id',
    { config: { policy: SessionPolicy.manage }, schema: { tags, summary: '修改集中学习', params: IdParams, body: Type.Object({ ...SessionBody.properties, version: Type.Integer() }, { additionalProperties: false }), response: { 200: Ok } } },
    async (req) => {
      await updateSession(svc, authOf(req), req.params.id, req.body);
      return { ok: true };
    },
  );

  for (const action of ['open', 'close', 'cancel'] as const) {
    app.post(`/sessions/:id/${action}`, { config: { policy: SessionPolicy.manage }, schema: { tags, summary: { open: '开启签到', close: '结束签到', cancel: '取消集中学习' }[action], params: IdParams, response: { 200: Ok } } }, async (req) => {
      await changeStatus(svc, authOf(req), req.params.id, action);
      return { ok: true };
    });
  }

  app.get(
    '/sessions/:id',
    { config: { policy: SessionPolicy.view }, schema: { tags, summary: '集中学习详情与签到表', params: IdParams, response: { 200: Type.Intersect([SessionDto, Type.Object({ counts: Counts, sheet: Type.Array(SheetRowDto) })]) } } },
    async (req) => sessionDetail(svc, authOf(req), req.params.id),
  );

  // The meeting-room screen: the current code (as an image and as text), and the live count.
  app.get(
    '/sessions/:id/screen',
    { config: { policy: SessionPolicy.manage },
      schema: {
        tags,
        summary: '会场大屏：当前签到二维码与实时签到人数',
        params: IdParams,
        response: {
          200: Type.Object({
            session: SessionDto,
            url: Type.Union([Type.String(), Type.Null()]),
            qrSvg: Type.Union([Type.String(), Type.Null()]),
            rotateSeconds: Type.Integer(),
            secondsLeft: Type.Integer(),
            counts: Counts,
            recent: Type.Array(Type.Object({ name: Type.String(), time: Type.String() })),
          }),
        },
      },
    },
    async (req) => screenView(svc, authOf(req), req.params.id, await baseUrl(req)),
  );

  app.get('/sessions/:id/sheet.xlsx', { config: { policy: SessionPolicy.view }, schema: { tags, summary: '导出签到表 .xlsx', params: IdParams } }, async (req, reply) =>
    send(reply, await sheetFile(svc, authOf(req), req.params.id, 'xlsx')),
  );
  app.get('/sessions/:id/sheet.docx', { config: { policy: SessionPolicy.view }, schema: { tags, summary: '导出签到表 .docx', params: IdParams } }, async (req, reply) =>
    send(reply, await sheetFile(svc, authOf(req), req.params.id, 'docx')),
  );

  // ---- Check-in ----
  // Where the screen's QR code points: notes the moment of the scan for this
  // browser (a pass, while the member may still have to sign in), then opens the scan page.
  app.get(
    '/s/:id/:token',
    {
      config: { public: true },
      schema: { tags, summary: '扫码落地：记下扫码时刻（登录后签到用的短时凭证），转到签到页面', params: Type.Object({ id: Type.Integer(), token: Type.String({ maxLength: 100 }) }) },
    },
    async (req, reply) => {
      const { id, token } = req.params;
      const pass = await issueScanPass(svc, id, token);
      if (pass) reply.setCookie(SCAN_PASS_COOKIE, pass, { path: `/api/sessions/${id}`, httpOnly: true, sameSite: 'lax', secure: svc.config.secureCookies, maxAge: SCAN_PASS_SECONDS });
      return reply.header('cache-control', 'no-store').redirect(`/s/${id}/${encodeURIComponent(token)}`);
    },
  );

  app.post(
    '/sessions/:id/scan',
    { config: { policy: SessionPolicy.attend },
      schema: {
        tags,
        summary: '扫码签到（二维码中的签到码）',
        params: IdParams,
        body: Type.Object({ token: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
        response: { 200: CheckInDto },
      },
    },
    async (req) => scanCheckIn(svc, authOf(req), req.params.id, req.body.token, req.cookies[SCAN_PASS_COOKIE]),
  );

  app.post(
    '/sessions/:id/check-ins',
    { config: { policy: SessionPolicy.manage },
      schema: {
        tags,
        summary: '补签（党建办代为登记签到）',
        params: IdParams,
        body: Type.Object({ memberId: Type.Integer(), time: Type.Optional(Time) }, { additionalProperties: false }),
        response: { 200: CheckInDto },
      },
    },
    async (req) => manualCheckIn(svc, authOf(req), req.params.id, req.body.memberId, req.body.time),
  );

  app.delete('/sessions/:id/check-ins/:memberId', { config: { policy: SessionPolicy.manage }, schema: { tags, summary: '撤销一条签到', params: Type.Object({ id: Type.Integer(), memberId: Type.Integer() }), response: { 200: Ok } } }, async (req) => {
    await removeCheckIn(svc, authOf(req), req.params.id, req.params.memberId);
    return { ok: true };
  });

  // ---- The member's side ----
  app.get(
    '/sessions/mine',
    { config: { policy: SessionPolicy.attend },
      schema: {
        tags,
        summary: '我的集中学习：近期安排与出勤',
        response: {
          200: Type.Object({
            upcoming: Type.Array(Type.Object({ ...SessionDto.properties, myStatus: Type.String(), myStatusLabel: Type.String(), checkedAt: Type.Union([Type.String(), Type.Null()]), leave: Type.Union([Type.Object({ status: Type.String(), statusLabel: Type.String(), reason: Type.String(), note: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]) })),
            past: Type.Array(Type.Object({ ...SessionDto.properties, myStatus: Type.String(), myStatusLabel: Type.String(), checkedAt: Type.Union([Type.String(), Type.Null()]), leave: Type.Union([Type.Object({ status: Type.String(), statusLabel: Type.String(), reason: Type.String(), note: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]) })),
            year: Type.Object({ present: Type.Integer(), late: Type.Integer(), leave: Type.Integer(), absent: Type.Integer(), total: Type.Integer() }),
          }),
        },
      },
    },
    async (req) => mySessions(svc, authOf(req)),
  );

  app.post(
    '/sessions/:id/leave',
    { config: { policy: SessionPolicy.attend }, schema: { tags, summary: '请假', params: IdParams, body: Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }), response: { 200: Type.Object({ id: Type.Integer() }) } } },
    async (req) => ({ id: await askLeave(svc, authOf(req), req.params.id, req.body.reason) }),
  );

  app.get('/sessions/leave-requests', { config: { policy: SessionPolicy.manage }, schema: { tags, summary: '请假审批列表', querystring: LeaveQuery, response: { 200: Type.Array(LeaveDto) } } }, async (req) =>
    leaveRequests(svc, authOf(req), req.query.status),
  );

  app.get('/sessions/leave-requests.xlsx', { config: { policy: SessionPolicy.manage }, schema: { tags, summary: '导出请假名单 .xlsx', querystring: LeaveQuery } }, async (req, reply) =>
    send(reply, await leaveFile(svc, authOf(req), req.query.status)),
  );

  app.post(
    '/sessions/leave-requests/:id/decide',
    { config: { policy: SessionPolicy.manage }, schema: { tags, summary: '审批请假', params: IdParams, body: Type.Object({ approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }), response: { 200: Ok } } },
    async (req) => {
      await decideLeave(svc, authOf(req), req.params.id, req.body.approve, req.body.note);
      return { ok: true };
    },
  );

  // ---- The annual plan ----

  app.get('/study-plans/units', { config: { policy: SessionPolicy.viewPlan }, schema: { tags, summary: '可编制年度学习计划的单位', response: { 200: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), path: Type.String(), depth: Type.Integer() })) } } }, async (req) =>
    planUnits(svc, authOf(req)),
  );

  app.get(
    '/study-plans/mine',
    { config: { policy: SessionPolicy.myPlan },
      schema: {
        tags,
        summary: '我的年度学习计划：本单位（或上级单位）当年的逐月主题、必学书目（是否已读）和集中学习安排',
        querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            year: Type.Integer(),
            unit: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
            plan: Type.Union([
              Type.Object({
                id: Type.Integer(),
                title: Type.String(),
                notes: Type.String(),
                months: Type.Array(Type.Object({ month: Type.Integer(), theme: Type.String(), content: Type.String(), books: Type.Array(MyBook), sessions: Type.Array(MySession) })),
                yearBooks: Type.Array(MyBook),
                booksRead: Type.Integer(),
                booksTotal: Type.Integer(),
                nextSession: Type.Union([MySession, Type.Null()]),
              }),
              Type.Null(),
            ]),
          }),
        },
      },
    },
    async (req) => myYearPlan(svc, authOf(req), req.query.year ?? currentYear()),
  );

  app.get('/study-plans', { config: { policy: SessionPolicy.viewPlan }, schema: { tags, summary: '年度学习计划安排表', querystring: PlanQuery, response: { 200: Type.Union([PlanDto, Type.Null()]) } } }, async (req) =>
    planOfUnit(svc, authOf(req), req.query.unitId, req.query.year),
  );

  app.put(
    '/study-plans',
    { config: { policy: SessionPolicy.editPlan },
      schema: {
        tags,
        summary: '保存年度学习计划（按单位与年度，逐月主题与内容）',
        body: Type.Object(
          {
            unitId: Type.Integer(),
            year: Type.Integer({ minimum: 2000, maximum: 2100 }),
            title: Type.Optional(Type.String({ maxLength: 100 })),
            notes: Type.Optional(Type.String({ maxLength: 2000 })),
            version: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
            months: Type.Array(Type.Object({ month: Type.Integer({ minimum: 1, maximum: 12 }), theme: Type.String({ maxLength: 200 }), content: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }), { maxItems: 12 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.Integer() }) },
      },
    },
    async (req) => ({ id: await savePlan(svc, authOf(req), req.body) }),
  );

  app.post(
    '/study-plans/:id/books',
    { config: { policy: SessionPolicy.editPlan },
      schema: {
        tags,
        summary: '添加必学书目（从图书目录选）',
        params: IdParams,
        body: Type.Object({ bookId: Type.Integer(), month: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 12 }), Type.Null()])), note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ id: Type.Integer() }) },
      },
    },
    async (req) => ({ id: await addRequiredBook(svc, authOf(req), req.params.id, req.body) }),
  );

  app.delete('/study-plans/:id/books/:bookId', { config: { policy: SessionPolicy.editPlan }, schema: { tags, summary: '移出必学书目', params: Type.Object({ id: Type.Integer(), bookId: Type.Integer() }), response: { 200: Ok } } }, async (req) => {
    await removeRequiredBook(svc, authOf(req), req.params.id, req.params.bookId);
    return { ok: true };
  });

  app.get(
    '/study-plans/:id/readers',
    { config: { policy: SessionPolicy.viewPlan },
      schema: {
        tags,
        summary: '必学书目阅读情况：谁读完了、谁还没读',
        params: IdParams,
        response: {
          200: Type.Object({
            members: Type.Integer(),
            books: Type.Array(
              Type.Object({
                bookId: Type.Integer(),
                title: Type.String(),
                month: Type.Union([Type.Integer(), Type.Null()]),
                readCount: Type.Integer(),
                total: Type.Integer(),
                read: Type.Array(Type.Object({ ...Person.properties, finishedOn: Type.Union([Type.String(), Type.Null()]) })),
                notRead: Type.Array(Person),
              }),
            ),
          }),
        },
      },
    },
    async (req) => planReaders(svc, authOf(req), req.params.id),
  );

  app.get('/study-plans/:id/readers.xlsx', { config: { policy: SessionPolicy.viewPlan }, schema: { tags, summary: '导出必学书目阅读情况 .xlsx（汇总与逐人名单）', params: IdParams } }, async (req, reply) =>
    send(reply, await planReadersFile(svc, authOf(req), req.params.id)),
  );

  app.get('/study-plans/:id/export.xlsx', { config: { policy: SessionPolicy.viewPlan }, schema: { tags, summary: '导出年度学习计划 .xlsx', params: IdParams } }, async (req, reply) =>
    send(reply, await planFile(svc, authOf(req), req.params.id, 'xlsx')),
  );
  app.get('/study-plans/:id/export.docx', { config: { policy: SessionPolicy.viewPlan }, schema: { tags, summary: '导出年度学习计划 .docx', params: IdParams } }, async (req, reply) =>
    send(reply, await planFile(svc, authOf(req), req.params.id, 'docx')),
  );
};

export default routes;
