import { Type, type Static } from 'typebox';

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const UnitParams = Type.Object({ id: Type.Integer({ minimum: 1 }), unitId: Type.Integer({ minimum: 1 }) });

export const INSPECTION_KINDS = { random: '随机抽查', onsite: '实地督查' } as const;
export const INSPECTION_STATUS = { planned: '待抽签', drawn: '检查中', closed: '已结束' } as const;

export const InspectionItemDto = Type.Object({ key: Type.String(), label: Type.String(), maxScore: Type.Integer(), metrics: Type.Array(Type.String()) });
export type InspectionItem = Static<typeof InspectionItemDto>;

export const InspectionCreateBody = Type.Object(
  {
    scopeUnitId: Type.Integer({ minimum: 1 }),
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    quarter: Type.Integer({ minimum: 1, maximum: 4 }),
    title: Type.Optional(Type.String({ maxLength: 60 })),
    kind: Type.Union([Type.Literal('random'), Type.Literal('onsite')]),
    itemKeys: Type.Optional(Type.Array(Type.String({ maxLength: 30 }), { maxItems: 20 })),
    unitCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    membersPerUnit: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
    teamUserIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type InspectionCreate = Static<typeof InspectionCreateBody>;

export const DrawBody = Type.Object({ seed: Type.Optional(Type.String({ maxLength: 200 })), version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

const Person = Type.Object({ id: Type.Integer(), name: Type.String() });

export const DrawnUnitDto = Type.Object({
  unitId: Type.Integer(),
  unitName: Type.String(),
  order: Type.Integer(),
  members: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), position: Type.String() })),
  findingCount: Type.Integer(),
});

export const InspectionDto = Type.Object({
  id: Type.Integer(),
  scopeUnitId: Type.Integer(),
  scopeName: Type.String(),
  year: Type.Integer(),
  quarter: Type.Integer(),
  title: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  items: Type.Array(InspectionItemDto),
  unitCount: Type.Integer(),
  membersPerUnit: Type.Integer(),
  seed: Type.Union([Type.String(), Type.Null()]),
  algorithm: Type.Union([Type.String(), Type.Null()]),
  drawnAt: Type.Union([Type.String(), Type.Null()]),
  team: Type.Array(Person),
  units: Type.Array(DrawnUnitDto),
  version: Type.Integer(),
});
export type InspectionView = Static<typeof InspectionDto>;

export const InspectionSummaryDto = Type.Object({
  id: Type.Integer(),
  scopeName: Type.String(),
  year: Type.Integer(),
  quarter: Type.Integer(),
  title: Type.String(),
  kindLabel: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  unitsDrawn: Type.Integer(),
  findingCount: Type.Integer(),
  drawnAt: Type.Union([Type.String(), Type.Null()]),
});
export type InspectionSummary = Static<typeof InspectionSummaryDto>;

export const ListQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false });

export const PublicDrawDto = Type.Object({
  inspectionId: Type.Integer(),
  title: Type.String(),
  seed: Type.String(),
  algorithm: Type.String(),
  algorithmDescription: Type.String(),
  drawnAt: Type.String(),
  unitCount: Type.Integer(),
  membersPerUnit: Type.Integer(),
  candidates: Type.Object({ units: Type.Array(Type.Integer()), members: Type.Record(Type.String(), Type.Array(Type.Integer())) }),
  units: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), memberIds: Type.Array(Type.Integer()), memberNames: Type.Array(Type.String()) })),
});
export type PublicDraw = Static<typeof PublicDrawDto>;

export const RedrawBody = Type.Object({ seed: Type.String({ maxLength: 200 }), algorithm: Type.String({ maxLength: 40 }) }, { additionalProperties: false });
export const RedrawDto = Type.Object({ matches: Type.Boolean(), draw: PublicDrawDto });

export const FactDto = Type.Object({
  metric: Type.String(),
  label: Type.String(),
  text: Type.String(),
  value: Type.Number(),
  of: Type.Union([Type.Number(), Type.Null()]),
  ratio: Type.Union([Type.Number(), Type.Null()]),
  link: Type.String(),
  adverse: Type.Boolean(),
});
export type Fact = Static<typeof FactDto>;

export const FindingDto = Type.Object({
  id: Type.Integer(),
  inspectionId: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  itemKey: Type.String(),
  itemLabel: Type.String(),
  score: Type.Integer(),
  maxScore: Type.Integer(),
  text: Type.String(),
  photoFileId: Type.Union([Type.Integer(), Type.Null()]),
  memberId: Type.Union([Type.Integer(), Type.Null()]),
  memberName: Type.Union([Type.String(), Type.Null()]),
  clientId: Type.String(),
  observedAt: Type.String(),
  byName: Type.String(),
  rectificationId: Type.Union([Type.Integer(), Type.Null()]),
  rectificationStatus: Type.Union([Type.String(), Type.Null()]),
});
export type FindingView = Static<typeof FindingDto>;

export const UnitSheetDto = Type.Object({
  inspectionId: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  items: Type.Array(Type.Intersect([InspectionItemDto, Type.Object({ facts: Type.Array(FactDto) })])),
  members: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), position: Type.String() })),
  findings: Type.Array(FindingDto),
  canRecord: Type.Boolean(),
});
export type UnitSheet = Static<typeof UnitSheetDto>;

export const FindingBody = Type.Object(
  {
    clientId: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }),
    unitId: Type.Integer({ minimum: 1 }),
    itemKey: Type.String({ maxLength: 30 }),
    score: Type.Integer({ minimum: 0, maximum: 1000 }),
    text: Type.String({ maxLength: 2000 }),
    photoFileId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    /** The cadre the finding is against (counted in their year score), or none for the unit as a whole. */
    memberId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    observedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type FindingInput = Static<typeof FindingBody>;

export const FindingSaved = Type.Object({ finding: FindingDto, created: Type.Boolean() });

export const CloseBody = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const TeamCandidateDto = Type.Object({ id: Type.Integer(), name: Type.String() });
