import { Type } from 'typebox';
import { badRequest } from '../../platform/errors';
import { authOf, type Module } from '../../platform/http';
import { todayLocal } from '../../platform/time';
import { addDays, isIsoDay } from '../../platform/workcalendar';
import { buildXlsx, sendXlsx } from '../../platform/xlsx';
import { calendarTemplate, importCalendar, listCalendar, removeCalendarDay, setCalendarDay } from './calendar';
import { addReadingLog, backfillWindow, cancelTimer, deleteReadingLog, recentLogs, requireMember, startTimer, stopTimer, timerOf } from './log';
import { addPlanItem, checkMonth, finishPlanItem, memberPlan, missingPlans, remindMissing, removePlanItem } from './plans';
import { heatmap, memberHome, scopeUnit, unitView } from './progress';
import { unitSummary } from './summary';
import { StudyPolicy } from './policy';
import { CalendarYearDto, ScopeQuery } from './schemas';

const tags = ['study'];
const Ok = Type.Object({ ok: Type.Boolean() });
const IdParams = Type.Object({ id: Type.Integer() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const MonthQuery = Type.Object({ month: Type.Optional(Type.String({ maxLength: 7 })) }, { additionalProperties: false });
const UnitMonthQuery = Type.Object({ month: Type.Optional(Type.String({ maxLength: 7 })), unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false });

const TimerDto = Type.Object({
  running: Type.Boolean(),
  startedAt: Nullable(Type.String()),
  bookId: Nullable(Type.Integer()),
  bookTitle: Nullable(Type.String()),
  elapsedSeconds: Type.Integer(),
  /** The most one run credits (study.timerMaxMinutes). */
  maxMinutes: Type.Integer(),
});

const PlanItemDto = Type.Object({
  id: Type.Integer(),
  month: Type.String(),
  bookId: Nullable(Type.Integer()),
  title: Type.String(),
  author: Type.String(),
  ownBook: Type.Boolean(),
  targetOn: Type.String(),
  status: Type.String(),
  finishedOn: Nullable(Type.String()),
  createdOn: Type.String(),
  late: Type.Boolean(),
  minutes: Type.Integer(),
  progress: Type.String(),
  reflectionLink: Type.String(),
});

const PlanDto = Type.Object({
  month: Type.String(),
  deadline: Type.String(),
  booksPerMonth: Type.Integer(),
  items: Type.Array(PlanItemDto),
  finished: Type.Integer(),
  madeOn: Nullable(Type.String()),
  late: Type.Boolean(),
  overdue: Type.Boolean(),
  editable: Type.Boolean(),
});

const DateRange = Type.Object({ from: Type.Optional(Type.String({ format: 'date' })), to: Type.Optional(Type.String({ format: 'date' })) }, { additionalProperties: false });

/** from–to of a query, to defaulting to today and from to `days` before it. */
function dateRange(q: { from?: string; to?: string }, days: number) {
  const to = q.to ?? todayLocal();
  const from = q.from ?? addDays(to, -days);
  if (!isIsoDay(from) || !isIsoDay(to)) throw badRequest('日期格式应为 YYYY-MM-DD');
  return { from, to };
}

const HomeDto = Type.Object({
  today: Type.String(),
  month: Type.String(),
  target: Type.Integer(),
  todayMinutes: Type.Integer(),
  todayRequired: Type.Boolean(),
  todayKind: Type.String(),
  todayName: Type.String(),
  monthMinutes: Type.Integer(),
  monthTarget: Type.Integer(),
  requiredDaysMonth: Type.Integer(),
  daysMet: Type.Integer(),
  requiredDaysSoFar: Type.Integer(),
  expectedSoFar: Type.Integer(),
  aheadBy: Type.Integer(),
  streak: Type.Integer(),
  backfillFrom: Type.String(),
  plan: Type.Object({
    deadline: Type.String(),
    booksPerMonth: Type.Integer(),
    items: Type.Array(PlanItemDto),
    finished: Type.Integer(),
    late: Type.Boolean(),
    overdue: Type.Boolean(),
  }),
  nextSession: Nullable(
    Type.Object({ id: Type.Integer(), topic: Type.String(), place: Type.String(), host: Type.String(), startsAt: Type.String(), endsAt: Type.String(), status: Type.String() }),
  ),
  timer: TimerDto,
});

const LogDto = Type.Object({
  id: Type.Integer(),
  day: Type.String(),
  kind: Type.String(),
  minutes: Type.Integer(),
  bookId: Nullable(Type.Integer()),
  bookTitle: Nullable(Type.String()),
  progress: Type.String(),
  note: Type.String(),
  source: Type.String(),
  createdAt: Type.String(),
});

const UnitRowDto = Type.Object({
  memberId: Type.Integer(),
  name: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  position: Type.String(),
  hasPlan: Type.Boolean(),
  planLate: Type.Boolean(),
  booksFinished: Type.Integer(),
  booksMet: Type.Boolean(),
  daysMet: Type.Integer(),
  requiredDays: Type.Integer(),
  compliance: Nullable(Type.Number()),
  minutes: Type.Integer(),
  sessionsAttended: Type.Integer(),
  sessionsExpected: Type.Integer(),
  sessionsExcused: Type.Integer(),
  sessionsLate: Type.Integer(),
});

const TotalsDto = Type.Object({
  members: Type.Integer(),
  withPlan: Type.Integer(),
  latePlans: Type.Integer(),
  booksMet: Type.Integer(),
  booksFinished: Type.Integer(),
  daysMet: Type.Integer(),
  requiredDays: Type.Integer(),
  compliance: Nullable(Type.Number()),
  minutes: Type.Integer(),
  sessionsAttended: Type.Integer(),
  sessionsExpected: Type.Integer(),
  sessionsExcused: Type.Integer(),
  sessionsLate: Type.Integer(),
});

const UnitViewDto = Type.Object({
  month: Type.String(),
  unit: Type.Object({ id: Type.Integer(), name: Type.String() }),
  through: Nullable(Type.String()),
  deadline: Type.String(),
  target: Type.Integer(),
  booksPerMonth: Type.Integer(),
  requiredDaysSoFar: Type.Integer(),
  sessionsHeld: Type.Integer(),
  lowCompliance: Type.Number(),
  rows: Type.Array(UnitRowDto),
  totals: TotalsDto,
  /** 按单位汇总: one row per unit with members in the view; the totals row is `totals`. */
  units: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), ...TotalsDto.properties })),
});
const UnitSummaryDto = Type.Object({
  month: Type.String(),
  unit: Type.Object({ id: Type.Integer(), name: Type.String() }),
  /** When the nightly summary was refreshed; null when computed now (the month has no summary yet). */
  asOf: Nullable(Type.String()),
  through: Nullable(Type.String()),
  requiredDaysSoFar: Type.Integer(),
  target: Type.Integer(),
  booksPerMonth: Type.Integer(),
  lowCompliance: Type.Number(),
  units: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), ...TotalsDto.properties })),
  totals: TotalsDto,
});
const BookRef = {
  bookId: Type.Optional(Nullable(Type.Integer())),
  bookTitle: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
};

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

const routes: Module = async (app, { svc }) => {
  // ---- the member ----
  app.get('/study/home', { config: { policy: StudyPolicy.own }, schema: { tags, summary: '我的学习概况：今日、本月、进度、连续达标、计划、下次集中学习', response: { 200: HomeDto } } }, async (req) => {
    const memberId = requireMember(authOf(req));
    const [home, w] = await Promise.all([memberHome(svc, memberId), backfillWindow(svc)]);
    return { ...home, backfillFrom: w.earliest };
  });

  app.get(
    '/study/heatmap',
    { config: { policy: StudyPolicy.own },
      schema: {
        tags,
        summary: '学习日历热力图：每天计入的分钟数',
        querystring: DateRange,
      },
    },
    async (req) => {
      const memberId = requireMember(authOf(req));
      const { from, to } = dateRange(req.query, 181);
      return heatmap(svc, memberId, from, to);
    },
  );

  app.get(
    '/study/logs',
    { config: { policy: StudyPolicy.own },
      schema: {
        tags,
        summary: '我的学习记录',
        querystring: DateRange,
        response: { 200: Type.Array(LogDto) },
      },
    },
    async (req) => {
      const memberId = requireMember(authOf(req));
      const { from, to } = dateRange(req.query, 30);
      return recentLogs(svc, memberId, from, to);
    },
  );

  app.post(
    '/study/logs',
    { config: { policy: StudyPolicy.own },
      schema: {
        tags,
        summary: '记一笔读书时间（可补录最近几天）',
        body: Type.Object(
          {
            day: Type.String({ maxLength: 10 }),
            minutes: Type.Number(),
            ...BookRef,
            progress: Type.Optional(Type.String({ maxLength: 200 })),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.Integer() }) },
      },
    },
    async (req) => addReadingLog(svc, authOf(req), req.body),
  );

  app.delete('/study/logs/:id', { config: { policy: StudyPolicy.own }, schema: { tags, summary: '删除自己的一条读书记录（补录期限内）', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await deleteReadingLog(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  app.get('/study/timer', { config: { policy: StudyPolicy.own }, schema: { tags, summary: '读书计时器状态', response: { 200: TimerDto } } }, async (req) => timerOf(svc, requireMember(authOf(req))));

  app.post(
    '/study/timer/start',
    { config: { policy: StudyPolicy.own }, schema: { tags, summary: '开始计时（服务器记录开始时间，关闭页面不丢失）', body: Type.Object(BookRef, { additionalProperties: false }), response: { 200: TimerDto } } },
    async (req) => startTimer(svc, authOf(req), req.body ?? {}),
  );

  app.post(
    '/study/timer/stop',
    { config: { policy: StudyPolicy.own },
      schema: {
        tags,
        summary: '停止计时，记入读书时间（单次最多记入设置的上限，超出的部分不计并在 message 中说明）',
        body: Type.Object({ progress: Type.Optional(Type.String({ maxLength: 200 })), note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            minutes: Type.Integer(),
            dropped: Type.Integer(),
            capped: Type.Integer(),
            maxMinutes: Type.Integer(),
            message: Nullable(Type.String()),
            entries: Type.Array(Type.Object({ day: Type.String(), minutes: Type.Integer() })),
          }),
        },
      },
    },
    async (req) => stopTimer(svc, authOf(req), req.body ?? {}),
  );

  app.post('/study/timer/cancel', { config: { policy: StudyPolicy.own }, schema: { tags, summary: '放弃本次计时（不记录）', response: { 200: Ok } } }, async (req) => {
    await cancelTimer(svc, authOf(req));
    return { ok: true };
  });

  app.get('/study/plan', { config: { policy: StudyPolicy.own }, schema: { tags, summary: '我的月度阅读计划', querystring: MonthQuery, response: { 200: PlanDto } } }, async (req) => {
    const memberId = requireMember(authOf(req));
    return memberPlan(svc, memberId, checkMonth(req.query.month));
  });

  app.post(
    '/study/plan/items',
    { config: { policy: StudyPolicy.own },
      schema: {
        tags,
        summary: '在月度阅读计划中加一本书（书目中的书或自己的书）',
        body: Type.Object(
          {
            month: Type.Optional(Type.String({ maxLength: 7 })),
            bookId: Type.Optional(Nullable(Type.Integer())),
            ownTitle: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            ownAuthor: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            targetOn: Type.String({ maxLength: 10 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.Integer() }) },
      },
    },
    async (req) => addPlanItem(svc, authOf(req), req.body),
  );

  app.post(
    '/study/plan/items/:id/finish',
    { config: { policy: StudyPolicy.own }, schema: { tags, summary: '读完了（一键），返回写心得的链接', params: IdParams, response: { 200: Type.Object({ finishedOn: Type.String(), reflectionLink: Type.String() }) } } },
    async (req) => finishPlanItem(svc, authOf(req), req.params.id),
  );

  app.delete('/study/plan/items/:id', { config: { policy: StudyPolicy.own }, schema: { tags, summary: '从计划中删除一本未读完的书', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await removePlanItem(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  // ---- the clerk and leaders: their subtree ----
  app.get(
    '/study/units/missing-plans',
    { config: { policy: StudyPolicy.viewUnits },
      schema: {
        tags,
        summary: '未制定月度阅读计划的干部',
        querystring: UnitMonthQuery,
        response: { 200: Type.Object({ month: Type.String(), unit: Type.Object({ id: Type.Integer(), name: Type.String() }), members: Type.Array(Type.Object({ memberId: Type.Integer(), name: Type.String(), unitName: Type.String(), position: Type.String() })) }) },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const month = checkMonth(req.query.month);
      const unit = await scopeUnit(svc, auth, req.query.unitId);
      return { month, unit: { id: unit.id, name: unit.name }, members: await missingPlans(svc, unit.path, month) };
    },
  );

  app.post(
    '/study/units/remind-plans',
    { config: { policy: StudyPolicy.remind },
      schema: {
        tags,
        summary: '一键提醒未制定计划的干部（站内消息，并经通知通道发邮件、群机器人名单；同一天重复点击只发一次）',
        body: Type.Object({ month: Type.Optional(Type.String({ maxLength: 7 })), unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
        response: { 200: Type.Object({ members: Type.Integer(), sent: Type.Integer() }) },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const month = checkMonth(req.body.month);
      const unit = await svc.db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', req.body.unitId ?? -1).executeTakeFirst();
      const scoped = unit ?? (await scopeUnit(svc, auth, undefined, StudyPolicy.remind));
      await svc.guard.authorize(auth, StudyPolicy.remind, { unitPath: scoped.path }, '该单位不在您的管理范围内');
      return remindMissing(svc, auth, scoped, month);
    },
  );

  app.get('/study/units/view', { config: { policy: StudyPolicy.viewUnits }, schema: { tags, summary: '单位月度学习情况：读书、每日达标率、计划、集中学习出勤', querystring: UnitMonthQuery, response: { 200: UnitViewDto } } }, async (req) => {
    const auth = authOf(req);
    const month = checkMonth(req.query.month);
    const unit = await scopeUnit(svc, auth, req.query.unitId);
    return unitView(svc, unit, month);
  });

  app.get(
    '/study/units/summary',
    { config: { policy: StudyPolicy.viewUnits }, schema: { tags, summary: '单位月度学习情况按单位汇总（区、省整体：读每晚更新的汇总表，asOf 为更新时间；尚无汇总的月份实时计算，asOf 为空）', querystring: UnitMonthQuery, response: { 200: UnitSummaryDto } } },
    async (req) => {
      const month = checkMonth(req.query.month);
      const unit = await scopeUnit(svc, authOf(req), req.query.unitId);
      return unitSummary(svc, unit, month);
    },
  );

  app.get('/study/units/view.xlsx', { config: { policy: StudyPolicy.viewUnits }, schema: { tags, summary: '导出单位月度学习情况 .xlsx', querystring: UnitMonthQuery } }, async (req, reply) => {
    const auth = authOf(req);
    const month = checkMonth(req.query.month);
    const unit = await scopeUnit(svc, auth, req.query.unitId);
    const v = await unitView(svc, unit, month);
    const [y, m] = month.split('-').map(Number);
    const personRows: Record<string, unknown>[] = v.rows.map((r) => ({
      name: r.name,
      unit: r.unitName,
      position: r.position,
      plan: r.hasPlan ? (r.planLate ? '已制定（逾期）' : '已制定') : '未制定',
      books: r.booksFinished,
      booksMet: r.booksMet ? '是' : '否',
      daysMet: r.daysMet,
      requiredDays: r.requiredDays,
      compliance: pct(r.compliance),
      minutes: r.minutes,
      attended: r.sessionsAttended,
      late: r.sessionsLate,
      expected: r.sessionsExpected,
      excused: r.sessionsExcused,
    }));
    personRows.push({
      name: '合计',
      unit: `${v.totals.members} 人`,
      position: '',
      plan: `${v.totals.withPlan} 人已制定`,
      books: v.totals.booksFinished,
      booksMet: `${v.totals.booksMet} 人达标`,
      daysMet: v.totals.daysMet,
      requiredDays: v.totals.requiredDays,
      compliance: pct(v.totals.compliance),
      minutes: v.totals.minutes,
      attended: v.totals.sessionsAttended,
      late: v.totals.sessionsLate,
      expected: v.totals.sessionsExpected,
      excused: v.totals.sessionsExcused,
    });
    // 按单位汇总: one row per unit, then the totals row (the same sums as the per-person sheet's).
    const unitRow = (name: string, t: (typeof v)['totals']) => ({
      unit: name,
      members: t.members,
      withPlan: t.withPlan,
      latePlans: t.latePlans,
      books: t.booksFinished,
      booksMet: t.booksMet,
      daysMet: t.daysMet,
      requiredDays: t.requiredDays,
      compliance: pct(t.compliance),
      minutes: t.minutes,
      avgMinutes: t.members ? Math.round(t.minutes / t.members) : 0,
      attended: t.sessionsAttended,
      expected: t.sessionsExpected,
      late: t.sessionsLate,
      excused: t.sessionsExcused,
    });
    const unitSheetRows = [...v.units.map((u) => unitRow(u.unitName, u)), unitRow('合计', v.totals)];
    const heading = `${v.unit.name} ${y}年${m}月学习情况（每日不少于${v.target}分钟，每月不少于${v.booksPerMonth}本）`;
    const buf = await buildXlsx([
      {
        name: '按人员',
        title: heading,
        columns: [
          { header: '姓名', key: 'name', width: 10 },
          { header: '单位', key: 'unit', width: 14 },
          { header: '职务', key: 'position', width: 12 },
          { header: '月度计划', key: 'plan', width: 14 },
          { header: '本月读完（本）', key: 'books', width: 14 },
          { header: '读书达标', key: 'booksMet', width: 10 },
          { header: '达标天数', key: 'daysMet', width: 10 },
          { header: '应学天数', key: 'requiredDays', width: 10 },
          { header: '每日达标率', key: 'compliance', width: 12 },
          { header: '本月学习（分钟）', key: 'minutes', width: 16 },
          { header: '集中学习出勤', key: 'attended', width: 14 },
          { header: '其中迟到', key: 'late', width: 10 },
          { header: '应出勤', key: 'expected', width: 10 },
          { header: '请假', key: 'excused', width: 8 },
        ],
        rows: personRows,
      },
      {
        name: '按单位汇总',
        title: heading,
        columns: [
          { header: '单位', key: 'unit', width: 16 },
          { header: '人数', key: 'members', width: 8 },
          { header: '已制定计划', key: 'withPlan', width: 12 },
          { header: '其中逾期制定', key: 'latePlans', width: 12 },
          { header: '本月读完（本）', key: 'books', width: 14 },
          { header: '读书达标人数', key: 'booksMet', width: 12 },
          { header: '达标天数', key: 'daysMet', width: 10 },
          { header: '应学天数', key: 'requiredDays', width: 10 },
          { header: '每日达标率', key: 'compliance', width: 12 },
          { header: '学习总时长（分钟）', key: 'minutes', width: 18 },
          { header: '人均（分钟）', key: 'avgMinutes', width: 12 },
          { header: '集中学习出勤', key: 'attended', width: 14 },
          { header: '应出勤', key: 'expected', width: 10 },
          { header: '其中迟到', key: 'late', width: 10 },
          { header: '请假', key: 'excused', width: 8 },
        ],
        rows: unitSheetRows,
      },
    ]);
    await svc.audit.recordAlone(auth.actor(), { action: 'study.export', entity: 'unit', entityId: v.unit.id, detail: { month, members: v.rows.length, units: v.units.length } });
    return sendXlsx(reply, `${v.unit.name}${y}年${m}月学习情况.xlsx`, buf);
  });

  // ---- the official calendar ----
  app.get(
    '/study/calendar-days',
    { config: { policy: StudyPolicy.viewCalendar },
      schema: {
        tags,
        summary: '法定节假日与调休安排（内置数据与手工录入合并），按单位：全区的与本镇自己的，近的优先；标明继承与否、能否修改',
        querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })), unitId: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
        response: { 200: CalendarYearDto },
      },
    },
    async (req) => listCalendar(svc, authOf(req), req.query.year ?? Number(todayLocal().slice(0, 4)), req.query.unitId),
  );

  app.put(
    '/study/calendar-days/:day',
    { config: { policy: StudyPolicy.editCalendar },
      schema: {
        tags,
        summary: '录入或修改一天的安排（放假/上班）：区级党建办录入全区的，镇党建办录入本镇的（覆盖全区的）',
        params: Type.Object({ day: Type.String({ maxLength: 10 }) }),
        body: Type.Object(
          {
            kind: Type.String({ maxLength: 10 }),
            name: Type.Optional(Type.String({ maxLength: 40 })),
            /** The unit (a town) whose entry it is; omitted: the editor's own (the district's for the district clerk). */
            unitId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Ok },
      },
    },
    async (req) => {
      await setCalendarDay(svc, authOf(req), req.params.day, req.body.kind, req.body.name ?? '', req.body.unitId);
      return { ok: true };
    },
  );

  app.delete(
    '/study/calendar-days/:day',
    { config: { policy: StudyPolicy.editCalendar }, schema: { tags, summary: '删除本级手工录入的一天（上级的不能删除）', params: Type.Object({ day: Type.String({ maxLength: 10 }) }), querystring: ScopeQuery, response: { 200: Ok } } },
    async (req) => {
      await removeCalendarDay(svc, authOf(req), req.params.day, req.query.unitId);
      return { ok: true };
    },
  );

  app.post(
    '/study/calendar-days/import',
    { config: { policy: StudyPolicy.editCalendar }, schema: { tags, summary: '导入节假日安排 .xlsx（日期、放假/上班、名称），逐行报告；导入到本人的范围（或 unitId 所指的单位）', querystring: ScopeQuery, consumes: ['multipart/form-data'] } },
    async (req) => {
      const auth = authOf(req);
      const file = await req.file();
      if (!file) throw badRequest('请上传文件');
      return importCalendar(svc, auth, await file.toBuffer(), req.query.unitId);
    },
  );

  app.get('/study/calendar-days/template.xlsx', { config: { policy: StudyPolicy.editCalendar }, schema: { tags, summary: '节假日安排导入模板' } }, async (req, reply) => {
    return sendXlsx(reply, '节假日安排导入模板.xlsx', await calendarTemplate());
  });
};

export default routes;
