import { publicBase } from '../../platform/publicurl';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import { badRequest, forbidden } from '../../platform/errors';
import { authOf, type Module } from '../../platform/http';
import { clock, currentYear, formatLocal } from '../../platform/time';
import { sendXlsx } from '../../platform/xlsx';
import { sendDocx } from '../../platform/docx';
import { SCAN_PASS_COOKIE, SCAN_PASS_SECONDS } from './qr';
import { leaveXlsx, planDocx, planXlsx, readersXlsx, sheetDocx, sheetTitle, sheetXlsx } from './export';
import { addRequiredBook, loadPlan, memberYearPlan, planById, planUnit, removeRequiredBook, savePlan, whoHasRead } from './plan';
import {
  askLeave,
  attendanceOf,
  changeStatus,
  createSession,
  decideLeave,
  issueScanPass,
  leaveRequests,
  LEAVE_STATUS_LABEL,
  manualCheckIn,
  removeCheckIn,
  scanCheckIn,
  screenCode,
  SESSION_STATUS_LABEL,
  sessionInScope,
  sheetCounts,
  signInSheet,
  STATUS_LABEL,
  timing,
  attendingUnits,
  type SessionRow,
  updateSession,
} from './service';
import { SessionPolicy } from './policy';
import { inSubtrees, withinReach } from '../../db/subtree';

const tags = ['sessions'];
const IdParams = Type.Object({ id: Type.Integer() });
const Ok = Type.Object({ ok: Type.Boolean() });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });

const SessionBody = Type.Object(
  {
    unitId: Type.Integer(),
    planId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    topic: Type.String({ minLength: 1, maxLength: 200 }),
    place: Type.String({ maxLength: 100 }),
    host: Type.String({ maxLength: 50 }),
    date: Day,
    start: Time,
    end: Time,
    minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    unitIds: Type.Array(Type.Integer(), { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
);

const Counts = Type.Object({
  expected: Type.Integer(),
  present: Type.Integer(),
  late: Type.Integer(),
  leave: Type.Integer(),
  absent: Type.Integer(),
  pending: Type.Integer(),
  checkedIn: Type.Integer(),
});

const SessionDto = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  planId: Type.Union([Type.Integer(), Type.Null()]),
  topic: Type.String(),
  place: Type.String(),
  host: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  date: Type.String(),
  start: Type.String(),
  end: Type.String(),
  minutes: Type.Integer(),
  status: Type.String(),
  statusLabel: Type.String(),
  version: Type.Integer(),
  units: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
});

const SheetRowDto = Type.Object({
  no: Type.Integer(),
  memberId: Type.Integer(),
  name: Type.String(),
  unitName: Type.String(),
  position: Type.String(),
  checkedAt: Type.Union([Type.String(), Type.Null()]),
  method: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  statusLabel: Type.String(),
  leaveStatus: Type.Union([Type.String(), Type.Null()]),
  leaveReason: Type.Union([Type.String(), Type.Null()]),
});

const CheckInDto = Type.Object({
  checkInId: Type.Integer(),
  checkedAt: Type.String(),
  time: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  topic: Type.String(),
  minutes: Type.Integer(),
});

const LeaveDto = Type.Object({
  id: Type.Integer(),
  sessionId: Type.Integer(),
  topic: Type.String(),
  startsAt: Type.String(),
  memberId: Type.Integer(),
  name: Type.String(),
  unitName: Type.String(),
  reason: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  requestedAt: Type.String(),
  decisionNote: Type.Union([Type.String(), Type.Null()]),
});

async function present(db: Parameters<typeof attendingUnits>[0], s: SessionRow) {
  const units = await attendingUnits(db, s.id);
  return {
    id: s.id,
    unitId: s.unit_id,
    unitName: s.unit_name,
    planId: s.plan_id,
    topic: s.topic,
    place: s.place,
    host: s.host,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    date: formatLocal(s.starts_at, 'YYYY-MM-DD'),
    start: formatLocal(s.starts_at, 'HH:mm'),
    end: formatLocal(s.ends_at, 'HH:mm'),
    minutes: s.minutes,
    status: s.status,
    statusLabel: SESSION_STATUS_LABEL[s.status] ?? s.status,
    version: s.version,
    units: units.map((u) => ({ id: u.id, name: u.name })),
  };
}

const routes: Module = async (app, { svc }) => {
  // Every QR code carries the public address (setting site.publicBaseUrl, else the environment, else this request's).
  const baseUrl = (req: { protocol: string; host: string }) => publicBase(svc, req);

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
    async (req) => {
      const auth = authOf(req);
      const reach = await svc.guard.reach(auth, SessionPolicy.view);
      const year = req.query.year ?? currentYear();
      let q = svc.db
        .selectFrom('study_sessions as s')
        .innerJoin('units as u', 'u.id', 's.unit_id')
        .select(['s.id', 's.unit_id', 'u.name as unit_name', 'u.path as unit_path', 's.plan_id', 's.topic', 's.place', 's.host', 's.starts_at', 's.ends_at', 's.minutes', 's.status', 's.qr_secret', 's.opened_at', 's.closed_at', 's.version'])
        .where(withinReach(reach, { unitPath: 'u.path' }))
        .where('s.starts_at', '>=', `${year - 1}-12-31T16:00:00.000Z`)
        .where('s.starts_at', '<', `${year}-12-31T16:00:00.000Z`);
      if (req.query.status) q = q.where('s.status', '=', req.query.status);
      const rows = await q.orderBy('s.starts_at', 'desc').execute();
      const out = [];
      for (const s of rows) out.push({ ...(await present(svc.db, s)), counts: sheetCounts(await signInSheet(svc, s)) });
      return out;
    },
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
    async (req) => {
      const s = await sessionInScope(svc, authOf(req), req.params.id, SessionPolicy.view);
      const sheet = await signInSheet(svc, s);
      return { ...(await present(svc.db, s)), counts: sheetCounts(sheet), sheet };
    },
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
    async (req) => {
      const s = await sessionInScope(svc, authOf(req), req.params.id);
      const code = await screenCode(svc, s, await baseUrl(req));
      const sheet = await signInSheet(svc, s);
      const showCode = s.status === 'open';
      const recent = sheet
        .filter((r) => r.checkedAt)
        .sort((a, b) => (b.checkedAt ?? '').localeCompare(a.checkedAt ?? ''))
        .slice(0, 8)
        .map((r) => ({ name: r.name, time: formatLocal(r.checkedAt ?? '', 'HH:mm') }));
      return {
        session: await present(svc.db, s),
        url: showCode ? code.url : null,
        qrSvg: showCode ? await QRCode.toString(code.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) : null,
        rotateSeconds: code.rotateSeconds,
        secondsLeft: code.secondsLeft,
        counts: sheetCounts(sheet),
        recent,
      };
    },
  );

  app.get('/sessions/:id/sheet.xlsx', { config: { policy: SessionPolicy.view }, schema: { tags, summary: '导出签到表 .xlsx', params: IdParams } }, async (req, reply) => {
    const s = await sessionInScope(svc, authOf(req), req.params.id, SessionPolicy.view);
    return sendXlsx(reply, `${sheetTitle(s)}-${formatLocal(s.starts_at, 'YYYYMMDD')}.xlsx`, await sheetXlsx(s, await signInSheet(svc, s)));
  });
  app.get('/sessions/:id/sheet.docx', { config: { policy: SessionPolicy.view }, schema: { tags, summary: '导出签到表 .docx', params: IdParams } }, async (req, reply) => {
    const s = await sessionInScope(svc, authOf(req), req.params.id, SessionPolicy.view);
    return sendDocx(reply, `${sheetTitle(s)}-${formatLocal(s.starts_at, 'YYYYMMDD')}.docx`, await sheetDocx(s, await signInSheet(svc, s)));
  });

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
    async (req) => {
      const auth = authOf(req);
      const memberId = auth.user.memberId;
      const empty = { upcoming: [], past: [], year: { present: 0, late: 0, leave: 0, absent: 0, total: 0 } };
      if (!memberId) return empty;
      const me = await svc.db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select('u.path').where('m.id', '=', memberId).executeTakeFirst();
      if (!me) return empty;
      // Every ancestor path of my unit ('/1/', '/1/4/', '/1/4/9/'): sessions attended by any of them include me.
      const parts = me.path.split('/').filter(Boolean);
      const ancestors = parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
      const year = currentYear();
      const rows = await svc.db
        .selectFrom('study_sessions as s')
        .innerJoin('units as u', 'u.id', 's.unit_id')
        .select(['s.id', 's.unit_id', 'u.name as unit_name', 'u.path as unit_path', 's.plan_id', 's.topic', 's.place', 's.host', 's.starts_at', 's.ends_at', 's.minutes', 's.status', 's.qr_secret', 's.opened_at', 's.closed_at', 's.version'])
        .where('s.status', '!=', 'cancelled')
        .where('s.starts_at', '>=', `${year - 1}-12-31T16:00:00.000Z`)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('study_session_units as su')
              .innerJoin('units as au', 'au.id', 'su.unit_id')
              .select('su.id')
              .whereRef('su.session_id', '=', 's.id')
              .where('au.path', 'in', ancestors),
          ),
        )
        .orderBy('s.starts_at')
        .execute();
      const ids = rows.map((r) => r.id);
      const checks = ids.length ? await svc.db.selectFrom('check_ins').select(['session_id', 'checked_at']).where('member_id', '=', memberId).where('session_id', 'in', ids).execute() : [];
      const leaves = ids.length ? await svc.db.selectFrom('leave_requests').select(['session_id', 'status', 'reason', 'decision_note']).where('member_id', '=', memberId).where('session_id', 'in', ids).execute() : [];
      const t = await timing(svc);
      const now = clock.now().getTime();
      const upcoming = [];
      const past = [];
      const tally = { present: 0, late: 0, leave: 0, absent: 0, total: 0 };
      for (const s of rows) {
        const c = checks.find((x) => x.session_id === s.id);
        const l = leaves.find((x) => x.session_id === s.id);
        const st = attendanceOf(s, c?.checked_at ?? null, l?.status ?? null, t, now);
        const item = {
          ...(await present(svc.db, s)),
          myStatus: st,
          myStatusLabel: STATUS_LABEL[st],
          checkedAt: c?.checked_at ?? null,
          leave: l ? { status: l.status, statusLabel: LEAVE_STATUS_LABEL[l.status] ?? l.status, reason: l.reason, note: l.decision_note } : null,
        };
        if (Date.parse(s.ends_at) >= now && s.status !== 'closed') upcoming.push(item);
        else {
          past.push(item);
          if (st !== 'pending') {
            tally[st]++;
            tally.total++;
          }
        }
      }
      past.reverse();
      return { upcoming, past, year: tally };
    },
  );

  app.post(
    '/sessions/:id/leave',
    { config: { policy: SessionPolicy.attend }, schema: { tags, summary: '请假', params: IdParams, body: Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }), response: { 200: Type.Object({ id: Type.Integer() }) } } },
    async (req) => ({ id: await askLeave(svc, authOf(req), req.params.id, req.body.reason) }),
  );

  const LeaveQuery = Type.Object({ status: Type.Optional(Type.String({ maxLength: 20 })) });
  app.get('/sessions/leave-requests', { config: { policy: SessionPolicy.manage }, schema: { tags, summary: '请假审批列表', querystring: LeaveQuery, response: { 200: Type.Array(LeaveDto) } } }, async (req) =>
    leaveRequests(svc, authOf(req), req.query.status),
  );

  app.get('/sessions/leave-requests.xlsx', { config: { policy: SessionPolicy.manage }, schema: { tags, summary: '导出请假名单 .xlsx', querystring: LeaveQuery } }, async (req, reply) => {
    const status = req.query.status;
    const rows = await leaveRequests(svc, authOf(req), status);
    const label = status ? (LEAVE_STATUS_LABEL[status] ?? status) : '全部';
    return sendXlsx(reply, `集中学习请假名单（${label}）.xlsx`, await leaveXlsx(rows, label));
  });

  app.post(
    '/sessions/leave-requests/:id/decide',
    { config: { policy: SessionPolicy.manage }, schema: { tags, summary: '审批请假', params: IdParams, body: Type.Object({ approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }), response: { 200: Ok } } },
    async (req) => {
      await decideLeave(svc, authOf(req), req.params.id, req.body.approve, req.body.note);
      return { ok: true };
    },
  );

  // ---- The annual plan ----
  const PlanDto = Type.Object({
    id: Type.Integer(),
    unitId: Type.Integer(),
    year: Type.Integer(),
    title: Type.String(),
    notes: Type.String(),
    version: Type.Integer(),
    months: Type.Array(Type.Object({ month: Type.Integer(), theme: Type.String(), content: Type.String() })),
    books: Type.Array(
      Type.Object({ id: Type.Integer(), bookId: Type.Integer(), month: Type.Union([Type.Integer(), Type.Null()]), note: Type.String(), title: Type.String(), authors: Type.String(), publisher: Type.String(), category: Type.String() }),
    ),
    sessions: Type.Array(
      Type.Object({
        id: Type.Integer(),
        topic: Type.String(),
        place: Type.String(),
        host: Type.String(),
        startsAt: Type.String(),
        endsAt: Type.String(),
        month: Type.Integer(),
        when: Type.String(),
        minutes: Type.Integer(),
        status: Type.String(),
        statusLabel: Type.String(),
        units: Type.Array(Type.String()),
      }),
    ),
  });
  const PlanQuery = Type.Object({ unitId: Type.Integer(), year: Type.Integer({ minimum: 2000, maximum: 2100 }) });

  app.get('/study-plans/units', { config: { policy: SessionPolicy.viewPlan }, schema: { tags, summary: '可编制年度学习计划的单位', response: { 200: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), path: Type.String(), depth: Type.Integer() })) } } }, async (req) => {
    const auth = authOf(req);
    const reach = await svc.guard.reach(auth, SessionPolicy.viewPlan);
    const rows = await svc.db
      .selectFrom('units')
      .select(['id', 'name', 'path'])
      .where(inSubtrees('units.path', reach.paths))
      .orderBy('path')
      .execute();
    const top = Math.min(...rows.map((r) => r.path.split('/').length));
    return rows.map((r) => ({ ...r, depth: r.path.split('/').length - top }));
  });

  const MyBook = Type.Object({
    bookId: Type.Integer(),
    title: Type.String(),
    authors: Type.String(),
    month: Type.Union([Type.Integer(), Type.Null()]),
    note: Type.String(),
    /** finished: read (a finished item of a monthly plan); reading: in a monthly plan; none: not yet planned. */
    status: Type.Union([Type.Literal('finished'), Type.Literal('reading'), Type.Literal('none')]),
    finishedOn: Type.Union([Type.String(), Type.Null()]),
    plannedMonth: Type.Union([Type.String(), Type.Null()]),
  });
  const MySession = Type.Object({
    id: Type.Integer(),
    topic: Type.String(),
    place: Type.String(),
    host: Type.String(),
    startsAt: Type.String(),
    endsAt: Type.String(),
    month: Type.Integer(),
    when: Type.String(),
    status: Type.String(),
    statusLabel: Type.String(),
    upcoming: Type.Boolean(),
    attending: Type.Boolean(),
  });
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
    async (req) => {
      const memberId = authOf(req).user.memberId;
      if (!memberId) throw forbidden('您的账号未关联干部信息，没有本人的学习计划');
      return memberYearPlan(svc, memberId, req.query.year ?? currentYear());
    },
  );

  app.get('/study-plans', { config: { policy: SessionPolicy.viewPlan }, schema: { tags, summary: '年度学习计划安排表', querystring: PlanQuery, response: { 200: Type.Union([PlanDto, Type.Null()]) } } }, async (req) => {
    const auth = authOf(req);
    await planUnit(svc, auth, req.query.unitId, false);
    return loadPlan(svc, req.query.unitId, req.query.year);
  });

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

  const Person = Type.Object({ memberId: Type.Integer(), name: Type.String(), unitName: Type.String() });
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
    async (req) => {
      const { plan, unit } = await planById(svc, authOf(req), req.params.id, false);
      return whoHasRead(svc, plan.id, unit.path);
    },
  );

  app.get('/study-plans/:id/readers.xlsx', { config: { policy: SessionPolicy.viewPlan }, schema: { tags, summary: '导出必学书目阅读情况 .xlsx（汇总与逐人名单）', params: IdParams } }, async (req, reply) => {
    const { plan, unit } = await planById(svc, authOf(req), req.params.id, false);
    const readers = await whoHasRead(svc, plan.id, unit.path);
    return sendXlsx(reply, `${unit.name}${plan.year}年必学书目阅读情况.xlsx`, await readersXlsx(plan, unit.name, readers));
  });

  const planFile = async (id: number, req: Parameters<typeof authOf>[0]) => {
    const { plan } = await planById(svc, authOf(req), id, false);
    const view = await loadPlan(svc, plan.unit_id, plan.year);
    if (!view) throw badRequest('年度学习计划不存在');
    return view;
  };
  app.get('/study-plans/:id/export.xlsx', { config: { policy: SessionPolicy.viewPlan }, schema: { tags, summary: '导出年度学习计划 .xlsx', params: IdParams } }, async (req, reply) => {
    const view = await planFile(req.params.id, req);
    return sendXlsx(reply, `${view.title}.xlsx`, await planXlsx(view));
  });
  app.get('/study-plans/:id/export.docx', { config: { policy: SessionPolicy.viewPlan }, schema: { tags, summary: '导出年度学习计划 .docx', params: IdParams } }, async (req, reply) => {
    const view = await planFile(req.params.id, req);
    return sendDocx(reply, `${view.title}.docx`, await planDocx(view));
  });
};

export default routes;
