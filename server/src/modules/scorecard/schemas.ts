// What both parts of the year score ask for: the year in the path, the unit (optional, default the caller's) in the query.
import { Type } from 'typebox';

export const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
export const UnitQuery = Type.Object({ unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false });
