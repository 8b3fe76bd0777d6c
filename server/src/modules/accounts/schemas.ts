import { Type, type Static } from 'typebox';

export const PendingQuery = Type.Object({ unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false });

export const PendingMember = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  /** The username the rule would give now (before clashes inside the batch are numbered). */
  username: Type.String(),
});
export type PendingMemberView = Static<typeof PendingMember>;

export const PendingDto = Type.Object({ total: Type.Integer(), withAccount: Type.Integer(), items: Type.Array(PendingMember) });

export const BulkBody = Type.Object(
  {
    /** all: every active member without an account in reach; unit: those of one unit's subtree; members: these. */
    scope: Type.Union([Type.Literal('all'), Type.Literal('unit'), Type.Literal('members')]),
    unitId: Type.Optional(Type.Integer()),
    memberIds: Type.Optional(Type.Array(Type.Integer(), { maxItems: 5000 })),
  },
  { additionalProperties: false },
);
export type BulkInput = Static<typeof BulkBody>;

export const CreatedAccount = Type.Object({
  userId: Type.Integer(),
  memberId: Type.Integer(),
  name: Type.String(),
  unitName: Type.String(),
  username: Type.String(),
  /** Shown once: only its hash is kept. */
  password: Type.String(),
});
export type CreatedAccountView = Static<typeof CreatedAccount>;

export const RowProblem = Type.Object({ row: Type.Integer(), memberId: Type.Integer(), name: Type.String(), unitName: Type.String(), problems: Type.Array(Type.String()) });
export type RowProblemView = Static<typeof RowProblem>;

export const BulkResult = Type.Object({
  ok: Type.Boolean(),
  created: Type.Array(CreatedAccount),
  /** Members in the selection who already had an account (nothing made for them). */
  skipped: Type.Integer(),
  errors: Type.Array(RowProblem),
  signInUrl: Type.String(),
});
export type BulkResultView = Static<typeof BulkResult>;

export const SlipsBody = Type.Object(
  {
    format: Type.Union([Type.Literal('pdf'), Type.Literal('xlsx')]),
    accounts: Type.Array(Type.Object({ userId: Type.Integer(), password: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 5000 }),
  },
  { additionalProperties: false },
);
export type SlipsInput = Static<typeof SlipsBody>;
