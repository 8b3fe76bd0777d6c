import { Type, type Static } from 'typebox';
import { FactDto } from '../inspections/schemas';

export const OFFICES = ['党建办', '效能办', '党政办'] as const;

export const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
export const YearUnitParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), unitId: Type.Integer({ minimum: 1 }) });

export const ChecklistItemDto = Type.Object({
  key: Type.String({ maxLength: 30 }),
  section: Type.String({ maxLength: 10 }),
  category: Type.String({ maxLength: 30 }),
  title: Type.String({ maxLength: 100 }),
  maxPoints: Type.Integer({ minimum: 1, maximum: 100 }),
  guidance: Type.String({ maxLength: 500 }),
  source: Type.String({ maxLength: 60 }),
});
export type ChecklistItemView = Static<typeof ChecklistItemDto>;

export const ChecklistDto = Type.Object({
  year: Type.Integer(),
  items: Type.Array(ChecklistItemDto),
  stored: Type.Boolean(),
  scoringStarted: Type.Boolean(),
  totalPoints: Type.Integer(),
  sources: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), section: Type.String() })),
});
export const ChecklistBody = Type.Object({ items: Type.Array(ChecklistItemDto, { maxItems: 60 }) }, { additionalProperties: false });

export const TeamBody = Type.Object(
  {
    name: Type.String({ maxLength: 40 }),
    scopeUnitId: Type.Integer({ minimum: 1 }),
    leadUserId: Type.Integer({ minimum: 1 }),
    members: Type.Array(Type.Object({ userId: Type.Integer({ minimum: 1 }), office: Type.String({ maxLength: 10 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 15 }),
  },
  { additionalProperties: false },
);
export type TeamInput = Static<typeof TeamBody>;

export const TeamDto = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  name: Type.String(),
  scopeUnitId: Type.Integer(),
  scopeName: Type.String(),
  leadUserId: Type.Integer(),
  leadName: Type.String(),
  members: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String(), office: Type.String() })),
});
export type TeamView = Static<typeof TeamDto>;

export const EvidenceItemDto = Type.Object({ key: Type.String(), facts: Type.Array(FactDto), suggested: Type.Union([Type.Number(), Type.Null()]) });

export const SheetItemDto = Type.Object({ key: Type.String(), points: Type.Number(), note: Type.String(), photoFileId: Type.Union([Type.Integer(), Type.Null()]) });
export const SheetDto = Type.Object({ userId: Type.Integer(), name: Type.String(), total: Type.Number(), submittedAt: Type.String(), items: Type.Array(SheetItemDto) });
export type SheetView = Static<typeof SheetDto>;

export const ConsolidatedDto = Type.Object({
  score: Type.Number(),
  spread: Type.Number(),
  method: Type.String(),
  methodLabel: Type.String(),
  count: Type.Integer(),
  flagged: Type.Boolean(),
  grade: Type.String(),
});

export const ScoringDto = Type.Object({
  year: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  team: Type.Union([TeamDto, Type.Null()]),
  items: Type.Array(ChecklistItemDto),
  evidence: Type.Array(EvidenceItemDto),
  mine: Type.Union([SheetDto, Type.Null()]),
  /** Others' sheets: shown once the viewer has submitted (or is not on the team). */
  sheets: Type.Array(SheetDto),
  submittedCount: Type.Integer(),
  teamSize: Type.Integer(),
  consolidated: Type.Union([ConsolidatedDto, Type.Null()]),
  locked: Type.Boolean(),
  signedBy: Type.Union([Type.String(), Type.Null()]),
  signedAt: Type.Union([Type.String(), Type.Null()]),
  unlocks: Type.Array(Type.Object({ reason: Type.String(), by: Type.String(), at: Type.String() })),
  canScore: Type.Boolean(),
  canSignOff: Type.Boolean(),
  canUnlock: Type.Boolean(),
  canWithdraw: Type.Boolean(),
});
export type ScoringView = Static<typeof ScoringDto>;

export const ScoreBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          key: Type.String({ maxLength: 30 }),
          points: Type.Number({ minimum: 0, maximum: 1000 }),
          note: Type.Optional(Type.String({ maxLength: 500 })),
          photoFileId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
      { maxItems: 60 },
    ),
  },
  { additionalProperties: false },
);
export type ScoreInput = Static<typeof ScoreBody>;

export const UnlockBody = Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false });

export const ResultRowDto = Type.Object({
  rank: Type.Union([Type.Integer(), Type.Null()]),
  unitId: Type.Integer(),
  unitName: Type.String(),
  teamName: Type.String(),
  score: Type.Union([Type.Number(), Type.Null()]),
  spread: Type.Union([Type.Number(), Type.Null()]),
  flagged: Type.Boolean(),
  grade: Type.Union([Type.String(), Type.Null()]),
  submittedCount: Type.Integer(),
  teamSize: Type.Integer(),
  locked: Type.Boolean(),
  mySubmitted: Type.Boolean(),
});
export type ResultRow = Static<typeof ResultRowDto>;

export const ResultsDto = Type.Object({
  year: Type.Integer(),
  rows: Type.Array(ResultRowDto),
  thresholds: Type.Object({ excellent: Type.Integer(), good: Type.Integer(), pass: Type.Integer() }),
  method: Type.String(),
  canExport: Type.Boolean(),
});
export type ResultsView = Static<typeof ResultsDto>;
