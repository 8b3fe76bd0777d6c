// The exams API contract: the web imports its types from here.
import { Type, type Static } from 'typebox';

const Id = Type.Integer({ minimum: 1 });
const QType = Type.Union([Type.Literal('single'), Type.Literal('multiple'), Type.Literal('truefalse'), Type.Literal('fill'), Type.Literal('short')]);
const StemFormat = Type.Union([Type.Literal('plain'), Type.Literal('html'), Type.Literal('markdown')]);
export const IdParams = Type.Object({ id: Id });
export const Ok = Type.Object({ ok: Type.Boolean() });

// ---- the bank ----

export const CategoryDto = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.String(),
  path: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  questionCount: Type.Integer(),
});
export type Category = Static<typeof CategoryDto>;
export const CategoryBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 40 }), parentId: Type.Optional(Type.Union([Id, Type.Null()])), unitId: Type.Optional(Type.Union([Id, Type.Null()])) },
  { additionalProperties: false },
);

const OptionSchema = Type.Object({ key: Type.String({ maxLength: 2 }), text: Type.String({ maxLength: 1000 }), fraction: Type.Number({ minimum: -1, maximum: 1 }), feedback: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });
const AcceptedSchema = Type.Object({ text: Type.String({ maxLength: 200 }), fraction: Type.Number({ minimum: 0, maximum: 1 }), feedback: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });

export const DraftSchema = Type.Object(
  {
    type: QType,
    name: Type.String({ maxLength: 200 }),
    stem: Type.String({ minLength: 1, maxLength: 5000 }),
    stemFormat: StemFormat,
    options: Type.Array(OptionSchema, { maxItems: 10 }),
    truth: Type.Union([Type.Boolean(), Type.Null()]),
    accepted: Type.Array(AcceptedSchema, { maxItems: 20 }),
    reference: Type.String({ maxLength: 5000 }),
    explanation: Type.String({ maxLength: 5000 }),
    difficulty: Type.Integer({ minimum: 1, maximum: 5 }),
    tags: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 }),
    source: Type.String({ maxLength: 200 }),
    category: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type Draft = Static<typeof DraftSchema>;

// Answers that extend another schema are one object (Type.Evaluate of the intersection), not an allOf:
// DraftSchema forbids extra properties (it checks request bodies), and an allOf of parts that each do
// so admits no object at all under a strict OpenAPI validator (the route fuzzer validates answers).
export const QuestionDto = Type.Evaluate(
  Type.Intersect([
    DraftSchema,
    Type.Object({ id: Type.Integer(), categoryId: Type.Integer(), categoryName: Type.String(), version: Type.Integer(), updatedAt: Type.String(), versionId: Type.Integer(), versionNo: Type.Integer() }),
  ]),
);
export type Question = Static<typeof QuestionDto>;
export const QuestionDetailDto = Type.Evaluate(
  Type.Intersect([QuestionDto, Type.Object({ versions: Type.Array(Type.Object({ id: Type.Integer(), versionNo: Type.Integer(), createdAt: Type.String(), answered: Type.Integer() })) })]),
);
export type QuestionDetail = Static<typeof QuestionDetailDto>;

export const QuestionQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  categoryId: Type.Optional(Id),
  type: Type.Optional(QType),
  difficulty: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});
export const QuestionPage = Type.Object({ total: Type.Integer(), items: Type.Array(QuestionDto) });
export type QuestionList = Static<typeof QuestionPage>;
export const QuestionCreateBody = Type.Object({ categoryId: Id, draft: DraftSchema }, { additionalProperties: false });
export const QuestionUpdateBody = Type.Object({ categoryId: Id, version: Type.Integer(), draft: DraftSchema }, { additionalProperties: false });
export const QuestionUpdateResult = Type.Object({ newVersion: Type.Boolean(), versionId: Type.Integer() });
export const VersionQuery = Type.Object({ version: Type.Integer() });

export const ImportFormatSchema = Type.Union([Type.Literal('gift'), Type.Literal('aiken'), Type.Literal('xlsx')]);
export const ImportQuery = Type.Object({ categoryId: Type.Optional(Id), format: Type.Optional(ImportFormatSchema) });
export const ImportReportDto = Type.Object({ taken: Type.Integer(), refused: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() })), ids: Type.Array(Type.Integer()) });
export type ImportReport = Static<typeof ImportReportDto>;
export const ExportQuery = Type.Object({ format: ImportFormatSchema, categoryId: Type.Optional(Id), q: Type.Optional(Type.String({ maxLength: 100 })), type: Type.Optional(QType) });

/** A key correction: the right options (by key), the truth, or the accepted answers of the version people answered. */
export const KeyCorrectionBody = Type.Object(
  {
    version: Type.Integer(),
    options: Type.Optional(Type.Array(Type.Object({ key: Type.String({ maxLength: 2 }), fraction: Type.Number({ minimum: -1, maximum: 1 }) }, { additionalProperties: false }), { maxItems: 10 })),
    truth: Type.Optional(Type.Boolean()),
    accepted: Type.Optional(Type.Array(AcceptedSchema, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export const RegradeResult = Type.Object({
  attempts: Type.Integer(),
  changed: Type.Integer(),
  practiceItems: Type.Integer(),
  /** Versions whose key was corrected: the current one and the older ones that carried the same key. */
  versions: Type.Integer(),
  /** Older versions with answers that were not corrected, and why. */
  skipped: Type.Array(Type.Object({ versionNo: Type.Integer(), attempts: Type.Integer(), practiceItems: Type.Integer(), reason: Type.String() })),
});
export type Regrade = Static<typeof RegradeResult>;

// ---- papers ----

export const ReviewOptionsSchema = Type.Object(
  {
    /** The total score. */
    score: Type.Boolean(),
    /** Whether each answer was right. */
    correctness: Type.Boolean(),
    /** The correct answers. */
    key: Type.Boolean(),
    /** The explanations. */
    explanation: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ReviewOptions = Static<typeof ReviewOptionsSchema>;

export const SectionSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('fixed'), Type.Literal('random')]),
    questionId: Type.Optional(Type.Union([Id, Type.Null()])),
    categoryId: Type.Optional(Type.Union([Id, Type.Null()])),
    qtype: Type.Optional(Type.Union([QType, Type.Null()])),
    difficulty: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()])),
    count: Type.Integer({ minimum: 1, maximum: 200 }),
    /** Points of each question of the section. */
    points: Type.Number({ minimum: 0.5, maximum: 100 }),
  },
  { additionalProperties: false },
);
export type Section = Static<typeof SectionSchema>;

export const PaperBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.String({ maxLength: 2000 }),
    quarter: Type.String({ pattern: '^\\d{4}Q[1-4]$' }),
    opensAt: Type.String({ format: 'date-time' }),
    closesAt: Type.String({ format: 'date-time' }),
    timeLimitMinutes: Type.Integer({ minimum: 1, maximum: 600 }),
    maxAttempts: Type.Integer({ minimum: 1, maximum: 10 }),
    gradingMethod: Type.Union([Type.Literal('highest'), Type.Literal('last'), Type.Literal('average')]),
    shuffleQuestions: Type.Boolean(),
    shuffleOptions: Type.Boolean(),
    reviewAfterSubmit: ReviewOptionsSchema,
    reviewAfterClose: ReviewOptionsSchema,
    unitIds: Type.Array(Id, { minItems: 1, maxItems: 200 }),
    sections: Type.Array(SectionSchema, { minItems: 1, maxItems: 50 }),
    unitId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);
export type PaperInput = Static<typeof PaperBody>;
export const PaperUpdateBody = Type.Object({ ...PaperBody.properties, version: Type.Integer() }, { additionalProperties: false });

export const PaperDto = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  title: Type.String(),
  description: Type.String(),
  quarter: Type.String(),
  opensAt: Type.String(),
  closesAt: Type.String(),
  timeLimitMinutes: Type.Integer(),
  maxAttempts: Type.Integer(),
  gradingMethod: Type.String(),
  shuffleQuestions: Type.Boolean(),
  shuffleOptions: Type.Boolean(),
  reviewAfterSubmit: ReviewOptionsSchema,
  reviewAfterClose: ReviewOptionsSchema,
  status: Type.String(),
  version: Type.Integer(),
  questionCount: Type.Integer(),
  totalPoints: Type.Number(),
  attempts: Type.Integer(),
  units: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  sections: Type.Array(Type.Evaluate(Type.Intersect([SectionSchema, Type.Object({ id: Type.Integer(), label: Type.String() })]))),
});
export type Paper = Static<typeof PaperDto>;
export const PaperListQuery = Type.Object({ quarter: Type.Optional(Type.String({ maxLength: 6 })) });

/** A paper as a member sees it in their list. */
export const MyPaperDto = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  quarter: Type.String(),
  opensAt: Type.String(),
  closesAt: Type.String(),
  timeLimitMinutes: Type.Integer(),
  maxAttempts: Type.Integer(),
  questionCount: Type.Integer(),
  totalPoints: Type.Number(),
  state: Type.Union([Type.Literal('upcoming'), Type.Literal('open'), Type.Literal('closed')]),
  attemptsUsed: Type.Integer(),
  openAttemptId: Type.Union([Type.Integer(), Type.Null()]),
  /** Counted score by the paper's grading method, when the review options show scores. */
  score: Type.Union([Type.Number(), Type.Null()]),
  lastAttemptId: Type.Union([Type.Integer(), Type.Null()]),
  pendingGrading: Type.Boolean(),
});
export type MyPaper = Static<typeof MyPaperDto>;

// ---- attempts ----

export const ResponseSchema = Type.Object(
  { choices: Type.Optional(Type.Array(Type.String({ maxLength: 8 }), { maxItems: 10 })), text: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);
export type AnswerResponse = Static<typeof ResponseSchema>;

/** An item of an attempt or of the daily practice as the phone sees it: never the key before submission. */
export const ItemDto = Type.Object({
  id: Type.Integer(),
  position: Type.Integer(),
  type: QType,
  stem: Type.String(),
  stemFormat: StemFormat,
  /** In the order this person sees them, labelled A, B, C… for them. */
  options: Type.Array(Type.Object({ key: Type.String(), text: Type.String() })),
  points: Type.Number(),
  response: Type.Union([ResponseSchema, Type.Null()]),
  answeredAt: Type.Union([Type.String(), Type.Null()]),
  /** After submission, as far as the review options allow. */
  review: Type.Optional(
    Type.Object({
      score: Type.Union([Type.Number(), Type.Null()]),
      correct: Type.Union([Type.Boolean(), Type.Null()]),
      key: Type.Optional(Type.String()),
      explanation: Type.Optional(Type.String()),
      comment: Type.Optional(Type.String()),
    }),
  ),
});
export type Item = Static<typeof ItemDto>;

export const AttemptDto = Type.Object({
  id: Type.Integer(),
  paperId: Type.Integer(),
  title: Type.String(),
  attemptNo: Type.Integer(),
  status: Type.String(),
  startedAt: Type.String(),
  deadlineAt: Type.String(),
  /** The server's clock at the time of the answer: the phone counts down from deadlineAt − serverNow. */
  serverNow: Type.String(),
  remainingSeconds: Type.Integer(),
  graceSeconds: Type.Integer(),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  submittedHow: Type.Union([Type.String(), Type.Null()]),
  score: Type.Union([Type.Number(), Type.Null()]),
  maxScore: Type.Number(),
  pendingItems: Type.Integer(),
  items: Type.Array(ItemDto),
});
export type Attempt = Static<typeof AttemptDto>;

export const AnswerParams = Type.Object({ id: Id, itemId: Id });
export const AnswerBody = Type.Object(
  {
    response: ResponseSchema,
    /** When the person answered, on the server's clock as the phone estimates it (queued answers are sent later). */
    answeredAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const AnswerResult = Type.Object({ saved: Type.Boolean(), savedAt: Type.String(), serverNow: Type.String(), remainingSeconds: Type.Integer() });
export type AnswerSaved = Static<typeof AnswerResult>;

// ---- grading ----

export const GradingItemDto = Type.Object({
  itemId: Type.Integer(),
  attemptId: Type.Integer(),
  paperId: Type.Integer(),
  paperTitle: Type.String(),
  /** Hidden (null) when the anonymous-grading setting is on. */
  memberName: Type.Union([Type.String(), Type.Null()]),
  unitName: Type.Union([Type.String(), Type.Null()]),
  stem: Type.String(),
  reference: Type.String(),
  answer: Type.String(),
  points: Type.Number(),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
});
export type GradingItem = Static<typeof GradingItemDto>;
export const GradeBody = Type.Object({ score: Type.Number({ minimum: 0 }), comment: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });
export const GradingParams = Type.Object({ itemId: Id });

// ---- results ----

export const ResultsQuery = Type.Object({ quarter: Type.Optional(Type.String({ pattern: '^\\d{4}Q[1-4]$' })), paperId: Type.Optional(Id) });
export const ResultsDto = Type.Object({
  papers: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), quarter: Type.String(), totalPoints: Type.Number() })),
  people: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      memberId: Type.Integer(),
      name: Type.String(),
      unitName: Type.String(),
      papers: Type.Integer(),
      score: Type.Number(),
      maxScore: Type.Number(),
      percent: Type.Number(),
      pending: Type.Boolean(),
    }),
  ),
  units: Type.Array(Type.Object({ rank: Type.Integer(), unitId: Type.Integer(), unitName: Type.String(), people: Type.Integer(), meanPercent: Type.Number() })),
  award: Type.Object({ rule: Type.String(), count: Type.Integer() }),
});
export type Results = Static<typeof ResultsDto>;

export const AnalysisDto = Type.Object({
  paperId: Type.Integer(),
  title: Type.String(),
  attempts: Type.Integer(),
  maxScore: Type.Number(),
  mean: Type.Number(),
  median: Type.Number(),
  sd: Type.Number(),
  alpha: Type.Union([Type.Number(), Type.Null()]),
  /** How α was computed: over questions (everyone had the same ones) or over the draw's slots (random draws). */
  alphaBasis: Type.Union([Type.Literal('questions'), Type.Literal('slots')]),
  minAttempts: Type.Integer(),
  questions: Type.Array(
    Type.Object({
      questionId: Type.Integer(),
      versionNo: Type.Integer(),
      type: QType,
      stem: Type.String(),
      n: Type.Integer(),
      facility: Type.Number(),
      discrimination: Type.Union([Type.Number(), Type.Null()]),
      options: Type.Array(Type.Object({ key: Type.String(), text: Type.String(), right: Type.Boolean(), count: Type.Integer() })),
      flags: Type.Array(Type.String()),
    }),
  ),
});
export type Analysis = Static<typeof AnalysisDto>;

// ---- daily practice ----

export const PracticeItemDto = Type.Evaluate(
  Type.Intersect([
    ItemDto,
    Type.Object({
      feedback: Type.Union([
        Type.Object({ correct: Type.Boolean(), key: Type.String(), explanation: Type.String(), optionFeedback: Type.String() }),
        Type.Null(),
      ]),
    }),
  ]),
);
export type PracticeItem = Static<typeof PracticeItemDto>;
export const PracticeDto = Type.Object({
  day: Type.String(),
  items: Type.Array(PracticeItemDto),
  answered: Type.Integer(),
  correct: Type.Integer(),
  streak: Type.Integer(),
  bestStreak: Type.Integer(),
  minutesToday: Type.Integer(),
  capMinutes: Type.Integer(),
});
export type Practice = Static<typeof PracticeDto>;
export const PracticeAnswerParams = Type.Object({ position: Type.Integer({ minimum: 1, maximum: 50 }) });
export const PracticeAnswerBody = Type.Object({ response: ResponseSchema }, { additionalProperties: false });
