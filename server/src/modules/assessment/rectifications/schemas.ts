import { Type, type Static } from 'typebox';

export const RECTIFICATION_STATUS = { open: '整改中', submitted: '待验收', accepted: '已销号', overdue: '已逾期' } as const;

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const AssignBody = Type.Object(
  {
    findingId: Type.Integer({ minimum: 1 }),
    ownerMemberId: Type.Integer({ minimum: 1 }),
    deadline: Type.Optional(Day),
    requirement: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type AssignInput = Static<typeof AssignBody>;

export const EvidenceBody = Type.Object({ fileId: Type.Integer({ minimum: 1 }), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export const SubmitBody = Type.Object({ response: Type.String({ maxLength: 2000 }), version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const ReviewBody = Type.Object({ accept: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 1000 })), version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const ListQuery = Type.Object(
  {
    unitId: Type.Optional(Type.Integer({ minimum: 1 })),
    inspectionId: Type.Optional(Type.Integer({ minimum: 1 })),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('submitted'), Type.Literal('accepted'), Type.Literal('overdue')])),
  },
  { additionalProperties: false },
);

export const MineSummaryDto = Type.Object({
  /** Open tasks (to rectify), those of them past the deadline, and those submitted and waiting for acceptance. */
  open: Type.Integer(),
  overdue: Type.Integer(),
  submitted: Type.Integer(),
});
export type MineSummary = Static<typeof MineSummaryDto>;

export const RectificationDto = Type.Object({
  id: Type.Integer(),
  findingId: Type.Integer(),
  inspectionId: Type.Integer(),
  inspectionTitle: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  ownerMemberId: Type.Integer(),
  ownerName: Type.String(),
  itemLabel: Type.String(),
  findingText: Type.String(),
  findingScore: Type.Integer(),
  findingMaxScore: Type.Integer(),
  findingPhotoId: Type.Union([Type.Integer(), Type.Null()]),
  requirement: Type.String(),
  deadline: Type.String(),
  status: Type.String(),
  /** open | submitted | accepted | overdue, as shown. */
  shownStatus: Type.String(),
  statusLabel: Type.String(),
  response: Type.String(),
  reviewNote: Type.String(),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  acceptedAt: Type.Union([Type.String(), Type.Null()]),
  evidenceCount: Type.Integer(),
  evidence: Type.Array(Type.Object({ id: Type.Integer(), fileId: Type.Integer(), note: Type.String(), by: Type.String(), at: Type.String(), filename: Type.String() })),
  canRespond: Type.Boolean(),
  canReview: Type.Boolean(),
  version: Type.Integer(),
});
export type RectificationView = Static<typeof RectificationDto>;
