// The API contract of party lectures; the web imports these types.
import { Type, type Static } from 'typebox';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Type.Integer() });
export const Ok = Type.Object({ ok: Type.Boolean() });
export const NewId = Type.Object({ id: Type.Integer() });

export const ProposeBody = Type.Object({ topic: Type.String({ maxLength: 200 }), outline: Type.String({ maxLength: 5000 }) }, { additionalProperties: false });
const slot = {
  date: Day,
  start: Time,
  end: Time,
  place: Type.String({ maxLength: 100 }),
  unitIds: Type.Array(Type.Integer(), { minItems: 1, maxItems: 200 }),
};
export const SlotBody = Type.Object(slot, { additionalProperties: false });
export type SlotBody = Static<typeof SlotBody>;
export const DirectBody = Type.Object({ ...slot, memberId: Type.Integer(), topic: Type.String({ maxLength: 200 }), outline: Type.String({ maxLength: 5000 }) }, { additionalProperties: false });
export type DirectBody = Static<typeof DirectBody>;
export const RejectBody = Type.Object({ note: Type.String({ maxLength: 500 }) }, { additionalProperties: false });
export const RateBody = Type.Object({ stars: Type.Integer(), comment: Type.String({ maxLength: 500 }) }, { additionalProperties: false });

export const LectureItem = Type.Object({
  id: Type.Integer(),
  topic: Type.String(),
  outline: Type.String(),
  lecturerId: Type.Integer(),
  lecturerName: Type.String(),
  lecturerPosition: Type.String(),
  unitName: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  held: Type.Boolean(),
  sessionId: Nullable(Type.Integer()),
  sessionStatus: Nullable(Type.String()),
  sessionStatusLabel: Nullable(Type.String()),
  date: Nullable(Type.String()),
  start: Nullable(Type.String()),
  end: Nullable(Type.String()),
  place: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  average: Nullable(Type.Number()),
  ratings: Type.Integer(),
});
export type LectureItem = Static<typeof LectureItem>;

export const LectureDetail = Type.Object({
  ...LectureItem.properties,
  files: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), mime: Type.String(), size: Type.Integer(), kind: Type.String(), kindLabel: Type.String() })),
  rateUntil: Nullable(Type.String()),
  rateWindowDays: Type.Integer(),
  counts: Nullable(Type.Object({ expected: Type.Integer(), checkedIn: Type.Integer() })),
  feedback: Nullable(Type.Array(Type.Object({ stars: Type.Integer(), comment: Type.String(), name: Nullable(Type.String()), unitName: Nullable(Type.String()), time: Type.String() }))),
  anonymous: Type.Boolean(),
  me: Type.Object({
    lecturer: Type.Boolean(),
    attending: Type.Boolean(),
    checkedIn: Type.Boolean(),
    attendance: Nullable(Type.String()),
    myRating: Nullable(Type.Object({ stars: Type.Integer(), comment: Type.String() })),
    canRate: Type.Boolean(),
    canUpload: Type.Boolean(),
    canSchedule: Type.Boolean(),
  }),
});
export type LectureDetail = Static<typeof LectureDetail>;

export const MyLectures = Type.Object({ mine: Type.Array(LectureItem), attending: Type.Array(LectureItem) });
export type MyLectures = Static<typeof MyLectures>;

export const LectureReport = Type.Object({
  year: Type.Integer(),
  total: Type.Integer(),
  units: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), members: Type.Integer(), held: Type.Integer(), lecturers: Type.Array(Type.String()), never: Type.Array(Type.String()) })),
});
export type LectureReport = Static<typeof LectureReport>;
export const FileInfo = Type.Object({ id: Type.Integer(), name: Type.String(), mime: Type.String(), size: Type.Integer() });
