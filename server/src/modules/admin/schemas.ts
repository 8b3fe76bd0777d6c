import { Type, type Static } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const UserDto = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  memberId: Type.Union([Type.Integer(), Type.Null()]),
  memberName: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  disabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  locked: Type.Boolean(),
  version: Type.Integer(),
  roles: Type.Array(Type.Object({ role: Type.String(), roleLabel: Type.String(), unitId: Type.Integer(), unitName: Type.String() })),
});

export const SettingDto = Type.Object({
  key: Type.String(),
  label: Type.String(),
  group: Type.String(),
  kind: Type.String(),
  unit: Type.Optional(Type.String()),
  source: Type.Optional(Type.String()),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  perYear: Type.Boolean(),
  // kind 'json' (the reflection rubric) is a list of {name, points}.
  value: Type.Union([Type.Number(), Type.Boolean(), Type.String(), Type.Array(Type.Object({ name: Type.String(), points: Type.Number() }))]),
  default: Type.Union([Type.Number(), Type.Boolean(), Type.String(), Type.Array(Type.Object({ name: Type.String(), points: Type.Number() }))]),
  overriddenForYear: Type.Boolean(),
  editable: Type.Boolean(),
  updatedAt: Nullable(Type.String()),
});

export const AuditQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    username: Type.Optional(Type.String({ maxLength: 64 })),
    action: Type.Optional(Type.String({ maxLength: 64 })),
    outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')])),
    entity: Type.Optional(Type.String({ maxLength: 32 })),
    /** With entity: one object's history (the audit page's link from a row's object). */
    entityId: Type.Optional(Type.String({ maxLength: 100 })),
    page: Type.Optional(Type.Integer({ minimum: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const AuditDto = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  userId: Type.Union([Type.Integer(), Type.Null()]),
  username: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  action: Type.String(),
  entity: Nullable(Type.String()),
  entityId: Nullable(Type.String()),
  outcome: Type.String(),
  detail: Nullable(Type.String()),
  hash: Type.String(),
  /** The action in Chinese (audit-labels.ts); the code itself when none is known. */
  actionLabel: Type.String(),
  /** The kind of object in Chinese. */
  entityLabel: Nullable(Type.String()),
  outcomeLabel: Type.String(),
  /** Who: the member's name (or the account's) and unit, as they are now. */
  actorName: Nullable(Type.String()),
  actorUnit: Nullable(Type.String()),
});

export type UserView = Static<typeof UserDto>;
export type SettingView = Static<typeof SettingDto>;
export type AuditView = Static<typeof AuditDto>;
export type AuditFilterView = Static<typeof AuditQuery>;
