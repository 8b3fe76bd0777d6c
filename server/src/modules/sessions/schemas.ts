// The API contract of collective sessions, attendance, leave and the annual plan (the web imports its types from here).
import { Type } from 'typebox';

export const tags = ['sessions'];
export const IdParams = Type.Object({ id: Type.Integer() });
export const Ok = Type.Object({ ok: Type.Boolean() });
export const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });

export const SessionBody = Type.Object(
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

export const Counts = Type.Object({
  expected: Type.Integer(),
  present: Type.Integer(),
  late: Type.Integer(),
  leave: Type.Integer(),
  absent: Type.Integer(),
  pending: Type.Integer(),
  checkedIn: Type.Integer(),
});

export const SessionDto = Type.Object({
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

export const SheetRowDto = Type.Object({
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

export const CheckInDto = Type.Object({
  checkInId: Type.Integer(),
  checkedAt: Type.String(),
  time: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  topic: Type.String(),
  minutes: Type.Integer(),
});

export const LeaveDto = Type.Object({
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

export const LeaveQuery = Type.Object({ status: Type.Optional(Type.String({ maxLength: 20 })) });

export const PlanDto = Type.Object({
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

export const PlanQuery = Type.Object({ unitId: Type.Integer(), year: Type.Integer({ minimum: 2000, maximum: 2100 }) });

export const MyBook = Type.Object({
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

export const MySession = Type.Object({
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

export const Person = Type.Object({ memberId: Type.Integer(), name: Type.String(), unitName: Type.String() });
