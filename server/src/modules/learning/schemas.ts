// The API contract of online learning and practice activities (the web app reads these types).
import { Type, type Static } from 'typebox';

export const tags = ['learning'];
export const IdParams = Type.Object({ id: Type.Integer() });
export const Ok = Type.Object({ ok: Type.Boolean() });
export const Created = Type.Object({ id: Type.Integer() });
/** The study minutes a saved online record counts for. */
export const Counted = Type.Object({ minutes: Type.Integer() });
export const CreatedOnline = Type.Object({ id: Type.Integer(), minutes: Type.Integer() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Month = Type.String({ pattern: '^\\d{4}-\\d{2}$' });

export const Options = Type.Object({
  platforms: Type.Array(Type.String()),
  practiceKinds: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
  minutesPerCreditHour: Type.Integer(),
  minutesPerPoint: Type.Integer(),
  backfillDays: Type.Integer(),
  maxPhotos: Type.Integer(),
  maxFileBytes: Type.Integer(),
  today: Type.String(),
});

export const StoredFile = Type.Object({ id: Type.Integer(), mime: Type.String(), size: Type.Integer() });

// Numbers are checked by the service, which says in Chinese what is wrong (negative, over a day…).
export const OnlineBody = Type.Object(
  {
    day: Type.String({ maxLength: 10 }),
    platform: Type.String({ maxLength: 20 }),
    content: Type.Optional(Type.String({ maxLength: 500 })),
    minutes: Type.Optional(Nullable(Type.Number())),
    credits: Type.Optional(Nullable(Type.Number())),
    points: Type.Optional(Nullable(Type.Number())),
    evidenceFileId: Type.Optional(Nullable(Type.Integer())),
  },
  { additionalProperties: false },
);
/** An online record as the member enters it: exactly one of minutes, credits (学时, one decimal) or points. */
export type OnlineInput = Static<typeof OnlineBody>;

export const PracticeBody = Type.Object(
  {
    day: Type.String({ maxLength: 10 }),
    kind: Type.String({ maxLength: 20 }),
    title: Type.String({ maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    minutes: Type.Number(),
    photoFileIds: Type.Optional(Type.Array(Type.Integer(), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type PracticeInput = Static<typeof PracticeBody>;

const OnlineDto = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  day: Type.String(),
  platform: Type.String(),
  content: Type.String(),
  minutes: Nullable(Type.Integer()),
  credits: Nullable(Type.Number()),
  points: Nullable(Type.Integer()),
  /** Minutes the record counts for in the study log. */
  studyMinutes: Type.Integer(),
  evidenceFileId: Nullable(Type.Integer()),
  source: Type.String(),
  createdAt: Type.String(),
});

const PracticeDto = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  day: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  title: Type.String(),
  description: Type.String(),
  minutes: Type.Integer(),
  photoFileIds: Type.Array(Type.Integer()),
  createdAt: Type.String(),
});

const WithMember = Type.Object({ memberName: Type.String(), unitName: Type.String() });

export const MineQuery = Type.Object({ month: Type.Optional(Month) }, { additionalProperties: false });
export const Mine = Type.Object({ online: Type.Array(OnlineDto), practice: Type.Array(PracticeDto), onlineMinutes: Type.Integer(), practiceMinutes: Type.Integer() });

export const UnitQuery = Type.Object(
  {
    unitId: Type.Optional(Type.Integer()),
    month: Type.Optional(Month),
    platform: Type.Optional(Type.String({ maxLength: 20 })),
    practiceKind: Type.Optional(Type.String({ maxLength: 20 })),
    q: Type.Optional(Type.String({ maxLength: 40 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type UnitFilter = Static<typeof UnitQuery>;

export const UnitRecords = Type.Object({
  online: Type.Array(Type.Intersect([OnlineDto, WithMember])),
  practice: Type.Array(Type.Intersect([PracticeDto, WithMember])),
  onlineTotal: Type.Integer(),
  onlineMinutes: Type.Integer(),
  practiceTotal: Type.Integer(),
  practiceMinutes: Type.Integer(),
});

export const ImportQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean()), platform: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false });

const RowDto = Type.Object({
  row: Type.Integer(),
  name: Type.String(),
  phone: Type.String(),
  day: Type.String(),
  platform: Type.String(),
  outcome: Type.String(),
  reason: Type.Optional(Type.String()),
  memberId: Type.Optional(Type.Integer()),
  memberName: Type.Optional(Type.String()),
  unitName: Type.Optional(Type.String()),
  minutes: Type.Optional(Type.Integer()),
});

export const ImportReport = Type.Object({
  format: Type.String(),
  encoding: Type.Optional(Type.String()),
  dryRun: Type.Boolean(),
  total: Type.Integer(),
  taken: Type.Integer(),
  duplicate: Type.Integer(),
  refused: Type.Integer(),
  rows: Type.Array(RowDto),
});
