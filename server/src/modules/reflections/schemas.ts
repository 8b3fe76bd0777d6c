import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const StatusT = Type.Union(['draft', 'submitted', 'returned', 'approved', 'excellent', 'reported'].map((s) => Type.Literal(s)));

export const SummaryDto = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  bookId: Nullable(Type.Integer()),
  bookTitle: Type.String(),
  planItemId: Nullable(Type.Integer()),
  status: Type.String(),
  charCount: Type.Integer(),
  month: Nullable(Type.String()),
  submittedAt: Nullable(Type.String()),
  similarityPercent: Nullable(Type.Integer()),
  flagged: Type.Boolean(),
  score: Nullable(Type.Integer()),
  memberId: Type.Integer(),
  memberName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
  likes: Type.Integer(),
  comments: Type.Integer(),
  /** Waiting for review again after a return (重新提交). */
  resubmitted: Type.Boolean(),
});

const PassageComment = Type.Object({ quote: Type.String({ maxLength: 2000 }), comment: Type.String({ maxLength: 2000 }) }, { additionalProperties: false });
const Range = Type.Object({ start: Type.Integer(), end: Type.Integer() });

export const DetailDto = Type.Intersect([
  SummaryDto,
  Type.Object({
    bodyHtml: Type.String(),
    bodyText: Type.String(),
    scores: Nullable(Type.Array(Type.Object({ name: Type.String(), points: Type.Integer(), max: Type.Integer() }))),
    reviewComment: Nullable(Type.String()),
    passageComments: Type.Array(PassageComment),
    events: Type.Array(
      Type.Object({
        id: Type.Integer(),
        at: Type.String(),
        actorName: Type.String(),
        action: Type.String(),
        fromStatus: Nullable(Type.String()),
        toStatus: Type.String(),
        comment: Nullable(Type.String()),
        passages: Nullable(Type.Array(PassageComment)),
      }),
    ),
    canEdit: Type.Boolean(),
    likedByMe: Type.Boolean(),
  }),
]);

export const MatchDto = Type.Object({
  kind: Type.String(),
  id: Type.Integer(),
  title: Type.String(),
  author: Type.String(),
  unitName: Nullable(Type.String()),
  percent: Type.Integer(),
  mine: Type.Array(Range),
  theirs: Type.Array(Range),
  theirsText: Type.String(),
  /** When the matched reflection was first handed in (ISO time); null for a reference text. */
  firstSubmittedAt: Nullable(Type.String()),
  /**
   * The other reflection lies outside the viewer's scope: theirsText holds only
   * the overlapping passages (joined by a line of “……”), theirs points into it.
   */
  outOfScope: Type.Boolean(),
});

export const Criterion = Type.Object({ name: Type.String(), points: Type.Integer() });

export const DraftBody = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    // The raw request is capped by bodyLimit; the text by MAX_CHARS after cleaning.
    bodyHtml: Type.String(),
    planItemId: Type.Optional(Nullable(Type.Integer())),
    bookId: Type.Optional(Nullable(Type.Integer())),
    bookTitle: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const UpdateBody = Type.Object({ ...DraftBody.properties, version: Type.Integer() }, { additionalProperties: false });

export const ReviewBody = Type.Object(
  {
    comment: Type.Optional(Type.String({ maxLength: 5000 })),
    passages: Type.Optional(Type.Array(PassageComment, { maxItems: 50 })),
    scores: Type.Optional(Type.Array(Type.Object({ name: Type.String(), points: Type.Integer() }, { additionalProperties: false }), { maxItems: 20 })),
    version: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

export const ReportDto = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  recipient: Type.String(),
  reportedAt: Type.String(),
  createdByName: Type.String(),
  unitName: Type.String(),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      reflectionId: Type.Integer(),
      title: Type.String(),
      memberName: Type.String(),
      unitName: Type.String(),
      bookTitle: Type.String(),
      charCount: Type.Integer(),
      feedback: Type.String(),
      note: Type.String(),
      feedbackAt: Nullable(Type.String()),
    }),
  ),
});

export const ReferenceDto = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  kind: Type.String(),
  bookId: Nullable(Type.Integer()),
  bookTitle: Nullable(Type.String()),
  chars: Type.Integer(),
  createdAt: Type.String(),
});

export const QuotaDto = Type.Object({
  month: Type.String(),
  percent: Type.Integer(),
  items: Type.Array(
    Type.Object({ unitId: Type.Integer(), unitName: Type.String(), headcount: Type.Integer(), required: Type.Integer(), submitted: Type.Integer(), approved: Type.Integer(), met: Type.Boolean() }),
  ),
});

export const CommentDto = Type.Object({ id: Type.Integer(), memberName: Type.String(), body: Type.String(), at: Type.String(), mine: Type.Boolean(), canDelete: Type.Boolean() });
