import { CreatedAccount } from '../accounts/schemas';
import { Type, type Static } from 'typebox';

export const CATEGORIES = { leader: '领导干部', party: '党员', staff: '普通职工' } as const;
export const UNIT_KINDS = { district: '区', town: '镇', office: '部门', village: '村', other: '其他' } as const;

const Category = Type.Union([Type.Literal('leader'), Type.Literal('party'), Type.Literal('staff')]);
const UnitKind = Type.Union([Type.Literal('district'), Type.Literal('town'), Type.Literal('office'), Type.Literal('village'), Type.Literal('other')]);

export const UnitDto = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.String(),
  kind: Type.String(),
  sortOrder: Type.Integer(),
  version: Type.Integer(),
  memberCount: Type.Integer(),
});
export type UnitView = Static<typeof UnitDto>;

export const UnitCreateBody = Type.Object(
  { parentId: Type.Union([Type.Integer(), Type.Null()]), name: Type.String({ minLength: 1, maxLength: 60 }), kind: UnitKind, sortOrder: Type.Optional(Type.Integer()) },
  { additionalProperties: false },
);
export const UnitUpdateBody = Type.Object(
  { version: Type.Integer(), name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })), kind: Type.Optional(UnitKind), sortOrder: Type.Optional(Type.Integer()) },
  { additionalProperties: false },
);

export const MemberDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  position: Type.String(),
  category: Type.String(),
  partyMember: Type.Boolean(),
  phone: Type.Union([Type.String(), Type.Null()]),
  /** For e-mail reminders (notification channels). */
  email: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  leftAt: Type.Union([Type.String(), Type.Null()]),
  leadingGroup: Type.Boolean(),
  leadingGroupRole: Type.Union([Type.String(), Type.Null()]),
  username: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
});
export type MemberView = Static<typeof MemberDto>;

const phone = Type.Union([Type.String({ pattern: '^1\\d{10}$' }), Type.Null()]);
// The format is checked in the service, with a message in Chinese.
const email = Type.Union([Type.String({ maxLength: 120 }), Type.Null()]);

export const MemberCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 30 }),
    unitId: Type.Integer(),
    position: Type.Optional(Type.String({ maxLength: 60 })),
    category: Category,
    partyMember: Type.Boolean(),
    phone: Type.Optional(phone),
    email: Type.Optional(email),
    leadingGroup: Type.Optional(Type.Boolean()),
    leadingGroupRole: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export const MemberUpdateBody = Type.Object(
  {
    version: Type.Integer(),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    unitId: Type.Optional(Type.Integer()),
    position: Type.Optional(Type.String({ maxLength: 60 })),
    category: Type.Optional(Category),
    partyMember: Type.Optional(Type.Boolean()),
    phone: Type.Optional(phone),
    email: Type.Optional(email),
    leadingGroup: Type.Optional(Type.Boolean()),
    leadingGroupRole: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type MemberCreate = Static<typeof MemberCreateBody>;
export type MemberUpdate = Static<typeof MemberUpdateBody>;

export const MemberQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 30 })),
    unitId: Type.Optional(Type.Integer()),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('left'), Type.Literal('all')])),
    category: Type.Optional(Category),
    leadingGroup: Type.Optional(Type.Boolean()),
    page: Type.Optional(Type.Integer({ minimum: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type MemberFilter = Static<typeof MemberQuery>;

export const MemberPage = Type.Object({ items: Type.Array(MemberDto), total: Type.Integer() });

export const ImportRowProblem = Type.Object({ row: Type.Integer(), problems: Type.Array(Type.String()) });
export const ImportReport = Type.Object({
  ok: Type.Boolean(),
  taken: Type.Integer(),
  total: Type.Integer(),
  errors: Type.Array(ImportRowProblem),
  /** Accounts opened in the same step (setting accounts.createOnRosterImport): passwords shown once. */
  accounts: Type.Optional(Type.Array(CreatedAccount)),
});
export type ImportReportView = Static<typeof ImportReport>;
