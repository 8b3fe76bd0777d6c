// The study module's API contract (TypeBox); the web imports its types from here.
import { Type } from 'typebox';

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

// ---- the member's log, timer, plan and home; the clerk's unit view ----

export const Ok = Type.Object({ ok: Type.Boolean() });
export const IdParams = Type.Object({ id: Type.Integer() });
export const MonthQuery = Type.Object({ month: Type.Optional(Type.String({ maxLength: 7 })) }, { additionalProperties: false });
export const UnitMonthQuery = Type.Object({ month: Type.Optional(Type.String({ maxLength: 7 })), unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false });

export const TimerDto = Type.Object({
  running: Type.Boolean(),
  startedAt: Nullable(Type.String()),
  bookId: Nullable(Type.Integer()),
  bookTitle: Nullable(Type.String()),
  elapsedSeconds: Type.Integer(),
  /** The most one run credits (study.timerMaxMinutes). */
  maxMinutes: Type.Integer(),
});

export const PlanItemDto = Type.Object({
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

export const PlanDto = Type.Object({
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

export const DateRange = Type.Object({ from: Type.Optional(Type.String({ format: 'date' })), to: Type.Optional(Type.String({ format: 'date' })) }, { additionalProperties: false });

export const HomeDto = Type.Object({
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

export const LogDto = Type.Object({
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

/** A person's or a unit's daily target days and collective sessions of the month, in the unit view. */
const DaysAndSessions = {
  daysMet: Type.Integer(),
  requiredDays: Type.Integer(),
  compliance: Nullable(Type.Number()),
  minutes: Type.Integer(),
  sessionsAttended: Type.Integer(),
  sessionsExpected: Type.Integer(),
  sessionsExcused: Type.Integer(),
  sessionsLate: Type.Integer(),
};

export const UnitRowDto = Type.Object({
  memberId: Type.Integer(),
  name: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  position: Type.String(),
  hasPlan: Type.Boolean(),
  planLate: Type.Boolean(),
  booksFinished: Type.Integer(),
  booksMet: Type.Boolean(),
  ...DaysAndSessions,
});

export const TotalsDto = Type.Object({
  members: Type.Integer(),
  withPlan: Type.Integer(),
  latePlans: Type.Integer(),
  booksMet: Type.Integer(),
  booksFinished: Type.Integer(),
  ...DaysAndSessions,
});

export const UnitViewDto = Type.Object({
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
export const UnitSummaryDto = Type.Object({
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
export const BookRef = {
  bookId: Type.Optional(Nullable(Type.Integer())),
  bookTitle: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
};

// ---- the holiday calendar ----

/** A write's or a view's scope: the unit (a town) whose own calendar entries it is; omitted: the user's own. */
export const ScopeQuery = Type.Object({ unitId: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
export const CalendarYearDto = Type.Object({
  year: Type.Integer(),
  bundled: Type.Boolean(),
  bundledLastYear: Type.Integer(),
  overrides: Type.Integer(),
  /** Whose calendar this is: a unit's (its own entries, else its town's, else the district's) or the district's. */
  scope: Type.Object({ unitId: Nullable(Type.Integer()), unitName: Type.String() }),
  /** Whether the viewer may enter days for this scope. */
  canEdit: Type.Boolean(),
  days: Type.Array(
    Type.Object({
      day: Type.String(),
      kind: Type.String(),
      name: Type.String(),
      makeUp: Type.Boolean(),
      source: Type.String(),
      /** For an entered day: the unit whose entry it is (null: the district's), and its name ('全区'). */
      scopeUnitId: Nullable(Type.Integer()),
      scopeName: Nullable(Type.String()),
      /** Entered above the scope shown (the district's, seen from a town). */
      inherited: Type.Boolean(),
      /** The viewer may change or delete it here. */
      editable: Type.Boolean(),
    }),
  ),
});
