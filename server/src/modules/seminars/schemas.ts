// The API contract of the seminars area; the web imports these types.
import { Type, type Static } from 'typebox';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Type.Integer() });
export const SpeakerParams = Type.Object({ id: Type.Integer(), speakerId: Type.Integer() });
export const Ok = Type.Object({ ok: Type.Boolean() });
export const NewId = Type.Object({ id: Type.Integer() });

export const ScheduleBody = Type.Object(
  {
    unitId: Type.Integer(),
    theme: Type.String({ minLength: 1, maxLength: 200 }),
    date: Day,
    start: Time,
    end: Time,
    place: Type.String({ maxLength: 100 }),
    unitIds: Type.Array(Type.Integer(), { minItems: 1, maxItems: 200 }),
    chairUserId: Type.Integer(),
    speakerMemberIds: Type.Array(Type.Integer(), { maxItems: 50 }),
    confirm: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ScheduleBody = Static<typeof ScheduleBody>;

export const Counts = Type.Object({
  expected: Type.Integer(),
  present: Type.Integer(),
  late: Type.Integer(),
  leave: Type.Integer(),
  absent: Type.Integer(),
  pending: Type.Integer(),
  checkedIn: Type.Integer(),
});

export const SeminarItem = Type.Object({
  id: Type.Integer(),
  theme: Type.String(),
  month: Type.String(),
  unitName: Type.String(),
  date: Type.String(),
  start: Type.String(),
  end: Type.String(),
  place: Type.String(),
  chairName: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  sessionStatus: Type.String(),
  sessionStatusLabel: Type.String(),
  speakerCount: Type.Integer(),
  evaluatedCount: Type.Integer(),
  commentCount: Type.Integer(),
});
export type SeminarItem = Static<typeof SeminarItem>;

export const Comment = Type.Object({
  id: Type.Integer(),
  speakerId: Type.Integer(),
  memberId: Type.Integer(),
  name: Type.String(),
  unitName: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
  time: Type.String(),
});
export type Comment = Static<typeof Comment>;

export const Speaker = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  name: Type.String(),
  position: Type.String(),
  unitName: Type.String(),
  volunteered: Type.Boolean(),
  bookId: Nullable(Type.Integer()),
  bookTitle: Type.String(),
  reflectionId: Nullable(Type.Integer()),
  reflectionTitle: Nullable(Type.String()),
  summary: Type.String(),
  file: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), mime: Type.String() })),
  grade: Nullable(Type.String()),
  score: Nullable(Type.Integer()),
  evaluation: Nullable(Type.String()),
  evaluatedAt: Nullable(Type.String()),
  version: Type.Integer(),
  comments: Type.Array(Comment),
});
export type Speaker = Static<typeof Speaker>;

export const SheetRow = Type.Object({
  no: Type.Integer(),
  memberId: Type.Integer(),
  name: Type.String(),
  unitName: Type.String(),
  position: Type.String(),
  checkedAt: Nullable(Type.String()),
  method: Nullable(Type.String()),
  status: Type.String(),
  statusLabel: Type.String(),
  leaveStatus: Nullable(Type.String()),
  leaveReason: Nullable(Type.String()),
});

export const Grading = Type.Object({ byScore: Type.Boolean(), scoreMax: Type.Integer(), grades: Type.Array(Type.String()) });

export const SeminarDetail = Type.Object({
  id: Type.Integer(),
  theme: Type.String(),
  month: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  sessionId: Type.Integer(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  date: Type.String(),
  start: Type.String(),
  end: Type.String(),
  place: Type.String(),
  minutes: Type.Integer(),
  chairUserId: Type.Integer(),
  chairName: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  sessionStatus: Type.String(),
  sessionStatusLabel: Type.String(),
  signedAt: Nullable(Type.String()),
  version: Type.Integer(),
  commentUntil: Type.String(),
  commentWindowDays: Type.Integer(),
  grading: Grading,
  speakers: Type.Array(Speaker),
  counts: Counts,
  sheet: Type.Array(SheetRow),
  me: Type.Object({
    memberId: Nullable(Type.Integer()),
    attending: Type.Boolean(),
    checkedIn: Type.Boolean(),
    attendance: Nullable(Type.String()),
    leaveStatus: Nullable(Type.String()),
    speakerId: Nullable(Type.Integer()),
    canComment: Type.Boolean(),
    canVolunteer: Type.Boolean(),
    isChair: Type.Boolean(),
    canEvaluate: Type.Boolean(),
    canSchedule: Type.Boolean(),
  }),
});
export type SeminarDetail = Static<typeof SeminarDetail>;

export const YearPlan = Type.Object({
  unitId: Type.Integer(),
  unitName: Type.String(),
  year: Type.Integer(),
  held: Type.Integer(),
  months: Type.Array(
    Type.Object({
      month: Type.Integer(),
      state: Type.String(),
      label: Type.String(),
      seminarId: Nullable(Type.Integer()),
      theme: Nullable(Type.String()),
      date: Nullable(Type.String()),
      count: Type.Integer(),
    }),
  ),
});
export type YearPlan = Static<typeof YearPlan>;

export const MyItem = Type.Object({
  id: Type.Integer(),
  theme: Type.String(),
  month: Type.String(),
  date: Type.String(),
  start: Type.String(),
  end: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  upcoming: Type.Boolean(),
  speaking: Type.Boolean(),
  speakers: Type.Array(Type.String()),
});
export const MySeminars = Type.Object({ next: Nullable(MyItem), items: Type.Array(MyItem) });
export type MySeminars = Static<typeof MySeminars>;

export const Candidates = Type.Object({
  chairs: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String(), roles: Type.Array(Type.String()) })),
  members: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), position: Type.String(), unitName: Type.String() })),
});
export type Candidates = Static<typeof Candidates>;

export const SpeechBody = Type.Object(
  {
    bookId: Type.Integer(),
    reflectionId: Type.Optional(Nullable(Type.Integer())),
    summary: Type.String({ maxLength: 5000 }),
    version: Type.Integer(),
  },
  { additionalProperties: false },
);
export type SpeechBody = Static<typeof SpeechBody>;

export const SpeechChoices = Type.Object({
  books: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), authors: Type.String() })),
  reflections: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), bookId: Nullable(Type.Integer()), bookTitle: Type.String() })),
});
export type SpeechChoices = Static<typeof SpeechChoices>;

export const CommentBody = Type.Object({ speakerId: Type.Integer(), body: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

export const EvaluationBody = Type.Object(
  {
    grade: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
    score: Type.Optional(Nullable(Type.Integer())),
    words: Type.String({ maxLength: 1000 }),
    version: Type.Integer(),
  },
  { additionalProperties: false },
);
export type EvaluationBody = Static<typeof EvaluationBody>;

export const FileInfo = Type.Object({ id: Type.Integer(), name: Type.String(), mime: Type.String(), size: Type.Integer() });

export const Live = Type.Object({
  id: Type.Integer(),
  theme: Type.String(),
  date: Type.String(),
  start: Type.String(),
  end: Type.String(),
  place: Type.String(),
  chairName: Type.String(),
  sessionStatus: Type.String(),
  code: Nullable(Type.Object({ token: Type.String(), url: Type.String(), rotateSeconds: Type.Integer(), secondsLeft: Type.Integer() })),
  qrSvg: Nullable(Type.String()),
  counts: Counts,
  speakers: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), unitName: Type.String(), bookTitle: Type.String() })),
  comments: Type.Array(Comment),
  lastId: Type.Integer(),
});
export type Live = Static<typeof Live>;
