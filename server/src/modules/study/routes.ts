import { Type } from 'typebox';
import { authOf, type Module } from '../../platform/http';
import { StudyPolicy } from './policy';
import { BookRef, CalendarYearDto, DateRange, HomeDto, IdParams, LogDto, MonthQuery, Nullable, Ok, PlanDto, ScopeQuery, TimerDto, UnitMonthQuery, UnitSummaryDto, UnitViewDto } from './schemas';
import {
  addPlanItem,
  addReadingLog,
  calendarOf,
  calendarTemplateXlsx,
  cancelTimerOf,
  deleteLog,
  dropPlanItem,
  finishPlanItem,
  heatmapOf,
  homeOf,
  importCalendarFile,
  logsOf,
  missingPlansOf,
  planOf,
  remindPlans,
  removeCalendarDayOf,
  setCalendarDayOf,
  startTimer,
  stopTimer,
  timerFor,
  unitSummaryOf,
  unitViewOf,
  unitViewXlsx,
} from './service';

const tags = ['study'];


const routes: Module = async (app, { svc }) => {
  // ---- the member ----
  app.get('/study/home', { config: { policy: StudyPolicy.own }, schema: { tags, summary: '我的学习概况：今日、本月、进度、连续达标、计划、下次集中学习', response: { 200: HomeDto } } }, async (req) => homeOf(svc, authOf(req)));

  app.get(
    '/study/heatmap',
    { config: { policy: StudyPolicy.own },
      schema: {
        tags,
        summary: '学习日历热力图：每天计入的分钟数',
        querystring: DateRange,
      },
    },
    async (req) => heatmapOf(svc, authOf(req), req.query),
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
    async (req) => logsOf(svc, authOf(req), req.query),
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

  app.delete('/study/logs/:id', { config: { policy: StudyPolicy.own }, schema: { tags, summary: '删除自己的一条读书记录（补录期限内）', params: IdParams, response: { 200: Ok } } }, async (req) => deleteLog(svc, authOf(req), req.params.id));

  app.get('/study/timer', { config: { policy: StudyPolicy.own }, schema: { tags, summary: '读书计时器状态', response: { 200: TimerDto } } }, async (req) => timerFor(svc, authOf(req)));

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

  app.post('/study/timer/cancel', { config: { policy: StudyPolicy.own }, schema: { tags, summary: '放弃本次计时（不记录）', response: { 200: Ok } } }, async (req) => cancelTimerOf(svc, authOf(req)));

  app.get('/study/plan', { config: { policy: StudyPolicy.own }, schema: { tags, summary: '我的月度阅读计划', querystring: MonthQuery, response: { 200: PlanDto } } }, async (req) => planOf(svc, authOf(req), req.query.month));

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

  app.delete('/study/plan/items/:id', { config: { policy: StudyPolicy.own }, schema: { tags, summary: '从计划中删除一本未读完的书', params: IdParams, response: { 200: Ok } } }, async (req) => dropPlanItem(svc, authOf(req), req.params.id));

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
    async (req) => missingPlansOf(svc, authOf(req), req.query),
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
    async (req) => remindPlans(svc, authOf(req), req.body),
  );

  app.get('/study/units/view', { config: { policy: StudyPolicy.viewUnits }, schema: { tags, summary: '单位月度学习情况：读书、每日达标率、计划、集中学习出勤', querystring: UnitMonthQuery, response: { 200: UnitViewDto } } }, async (req) => unitViewOf(svc, authOf(req), req.query));

  app.get(
    '/study/units/summary',
    { config: { policy: StudyPolicy.viewUnits }, schema: { tags, summary: '单位月度学习情况按单位汇总（区、省整体：读每晚更新的汇总表，asOf 为更新时间；尚无汇总的月份实时计算，asOf 为空）', querystring: UnitMonthQuery, response: { 200: UnitSummaryDto } } },
    async (req) => unitSummaryOf(svc, authOf(req), req.query),
  );

  app.get('/study/units/view.xlsx', { config: { policy: StudyPolicy.viewUnits }, schema: { tags, summary: '导出单位月度学习情况 .xlsx', querystring: UnitMonthQuery } }, async (req, reply) => unitViewXlsx(svc, authOf(req), req.query, reply));

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
    async (req) => calendarOf(svc, authOf(req), req.query),
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
    async (req) => setCalendarDayOf(svc, authOf(req), req.params.day, req.body),
  );

  app.delete(
    '/study/calendar-days/:day',
    { config: { policy: StudyPolicy.editCalendar }, schema: { tags, summary: '删除本级手工录入的一天（上级的不能删除）', params: Type.Object({ day: Type.String({ maxLength: 10 }) }), querystring: ScopeQuery, response: { 200: Ok } } },
    async (req) => removeCalendarDayOf(svc, authOf(req), req.params.day, req.query.unitId),
  );

  app.post(
    '/study/calendar-days/import',
    { config: { policy: StudyPolicy.editCalendar }, schema: { tags, summary: '导入节假日安排 .xlsx（日期、放假/上班、名称），逐行报告；导入到本人的范围（或 unitId 所指的单位）', querystring: ScopeQuery, consumes: ['multipart/form-data'] } },
    async (req) => importCalendarFile(svc, authOf(req), req, req.query.unitId),
  );

  app.get('/study/calendar-days/template.xlsx', { config: { policy: StudyPolicy.editCalendar }, schema: { tags, summary: '节假日安排导入模板' } }, async (_req, reply) => calendarTemplateXlsx(reply));
};

export default routes;
