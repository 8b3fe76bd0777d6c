import { Type, type Static } from 'typebox';

const Rate = Type.Union([Type.Number(), Type.Null()]);

export const TrendPoint = Type.Object({
  month: Type.String(),
  members: Type.Integer(),
  /** Share of members who logged any study in the month. */
  participation: Rate,
  /** Required days met / required days (每日学习达标率). */
  compliance: Rate,
  /** Members who finished the month's books / members. */
  booksMet: Rate,
  /** Collective sessions attended / expected. */
  attendance: Rate,
  avgMinutes: Type.Integer(),
});

export const TierRow = Type.Object({
  tier: Type.String(),
  label: Type.String(),
  members: Type.Integer(),
  avgMinutes: Type.Integer(),
  compliance: Rate,
  booksMet: Rate,
  attendance: Rate,
});

export const UnitRow = Type.Object({ unitId: Type.Integer(), unitName: Type.String(), members: Type.Integer(), avgMinutes: Type.Integer(), compliance: Rate, booksMet: Rate });

export const CoverageRow = Type.Object({ category: Type.String(), titles: Type.Integer(), copies: Type.Integer(), loans: Type.Integer(), state: Type.String() });

export const QuotaPoint = Type.Object({ month: Type.String(), units: Type.Integer(), met: Type.Integer(), submitted: Type.Integer(), approved: Type.Integer(), required: Type.Integer() });

export const Dashboard = Type.Object({
  unit: Type.Object({ id: Type.Integer(), name: Type.String() }),
  month: Type.String(),
  trend: Type.Array(TrendPoint),
  tiers: Type.Array(TierRow),
  /** Whether 领导干部 lead the other tiers this month (by average counted minutes and compliance). */
  leadersAhead: Type.Union([Type.Boolean(), Type.Null()]),
  units: Type.Array(UnitRow),
  top: Type.Array(UnitRow),
  bottom: Type.Array(UnitRow),
  coverage: Type.Array(CoverageRow),
  quota: Type.Array(QuotaPoint),
});
export type DashboardView = Static<typeof Dashboard>;

export const DashboardQuery = Type.Object({ unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false });
export const CHARTS = ['trend', 'tiers', 'units', 'coverage', 'quota'] as const;
export const ExportQuery = Type.Object(
  {
    unitId: Type.Optional(Type.Integer()),
    chart: Type.Union([Type.Literal('trend'), Type.Literal('tiers'), Type.Literal('units'), Type.Literal('coverage'), Type.Literal('quota')]),
  },
  { additionalProperties: false },
);
