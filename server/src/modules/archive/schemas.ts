import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
export const BuildParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
export const MemberParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), memberId: Type.Integer() });
export const BuildBody = Type.Object({ unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false });

export const BuildDto = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  status: Type.Union([Type.Literal('building'), Type.Literal('done'), Type.Literal('failed')]),
  done: Type.Integer(),
  total: Type.Integer(),
  current: Type.String(),
  bytes: Type.Integer(),
  error: Nullable(Type.String()),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  joined: Type.Optional(Type.Boolean()),
});
export type ArchiveBuild = Static<typeof BuildDto>;

export const UnitQuery = Type.Object({ unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false });
export const TagParams = Type.Object({ entity: Type.String({ maxLength: 20 }), id: Type.Integer() });
export const TagBody = Type.Object({ creations: Type.Array(Type.String({ maxLength: 10 }), { maxItems: 6 }) }, { additionalProperties: false });
export const EvidenceQuery = Type.Object({ unitId: Type.Optional(Type.Integer()), creation: Type.String({ maxLength: 10 }) }, { additionalProperties: false });
