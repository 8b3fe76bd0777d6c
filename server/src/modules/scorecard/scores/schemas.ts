import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const MemberYearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), memberId: Type.Integer() });

export const EvidenceDto = Type.Object({
  day: Nullable(Type.String()),
  label: Type.String(),
  detail: Type.String(),
  link: Nullable(Type.String()),
  consoleLink: Nullable(Type.String()),
});

export const SetupDto = Type.Object({
  key: Type.String(),
  name: Type.String(),
  module: Type.String(),
  kind: Type.Union([Type.Literal('weighted'), Type.Literal('deduction')]),
  weight: Type.Number(),
  target: Type.Number(),
  cap: Type.Number(),
  included: Type.Boolean(),
  dropped: Nullable(Type.String()),
  valueUnit: Type.String(),
  formula: Type.String(),
});
export type IndicatorSetupView = Static<typeof SetupDto>;

export const IndicatorBreakdownDto = Type.Object({
  key: Type.String(),
  name: Type.String(),
  module: Type.String(),
  kind: Type.Union([Type.Literal('weighted'), Type.Literal('deduction')]),
  included: Type.Boolean(),
  dropped: Nullable(Type.String()),
  formula: Type.String(),
  weight: Type.Number(),
  effectiveWeight: Type.Number(),
  target: Type.Number(),
  cap: Type.Number(),
  value: Nullable(Type.Number()),
  valueUnit: Type.String(),
  achievedPercent: Nullable(Type.Number()),
  points: Type.Number(),
  records: Type.Array(EvidenceDto),
});

export const BreakdownDto = Type.Object({
  year: Type.Integer(),
  asOf: Type.String(),
  member: Type.Object({ id: Type.Integer(), name: Type.String(), unitId: Type.Integer(), unitName: Type.String() }),
  total: Type.Number(),
  unitRank: Type.Integer(),
  unitSize: Type.Integer(),
  townRank: Type.Integer(),
  townSize: Type.Integer(),
  countedWeight: Type.Number(),
  tieRule: Type.String(),
  indicators: Type.Array(IndicatorBreakdownDto),
});
export type Breakdown = Static<typeof BreakdownDto>;

export const ScoreRowDto = Type.Object({
  memberId: Type.Integer(),
  name: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  total: Type.Number(),
  unitRank: Type.Integer(),
  unitSize: Type.Integer(),
  townRank: Type.Integer(),
  townSize: Type.Integer(),
  indicators: Type.Array(Type.Object({ key: Type.String(), value: Nullable(Type.Number()), points: Type.Number() })),
});

export const UnitScoresDto = Type.Object({
  year: Type.Integer(),
  asOf: Type.String(),
  unit: Type.Object({ id: Type.Integer(), name: Type.String(), path: Type.String() }),
  countedWeight: Type.Number(),
  tieRule: Type.String(),
  setups: Type.Array(SetupDto),
  rows: Type.Array(ScoreRowDto),
});
export type UnitScores = Static<typeof UnitScoresDto>;

export const WeightsDto = Type.Object({
  year: Type.Integer(),
  renormalise: Type.Boolean(),
  tieRule: Type.String(),
  warning: Type.Optional(Nullable(Type.String())),
  indicators: Type.Array(SetupDto),
});
export type Weights = Static<typeof WeightsDto>;

export const WeightsBody = Type.Object(
  {
    indicators: Type.Array(
      Type.Object(
        { key: Type.String({ maxLength: 20 }), weight: Type.Integer({ minimum: 0, maximum: 100 }), target: Type.Integer({ minimum: 1, maximum: 10000 }), cap: Type.Integer({ minimum: 0, maximum: 200 }) },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);
export type WeightsInput = Static<typeof WeightsBody>;
