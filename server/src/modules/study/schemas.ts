// The study module's API contract (TypeBox); the web imports its types from here.
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

// ---- the holiday calendar ----

/** A write's or a view's scope: the unit (a town) whose own calendar entries it is; omitted: the user's own. */
export const ScopeQuery = Type.Object({ unitId: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
export const CalendarYearDto = Type.Object({
  year: Type.Integer(),
  bundled: Type.Boolean(),
  bundledLastYear: Type.Integer(),
  overrides: Type.Integer(),
  /** Whose calendar this is: a unit's (its own entries, else its town's, else the district's) or the district's. */
  scope: Type.Object({ unitId: Nullable(Type.Integer()), unitName: Type.String() }),
  /** Whether the viewer may enter days for this scope. */
  canEdit: Type.Boolean(),
  days: Type.Array(
    Type.Object({
      day: Type.String(),
      kind: Type.String(),
      name: Type.String(),
      makeUp: Type.Boolean(),
      source: Type.String(),
      /** For an entered day: the unit whose entry it is (null: the district's), and its name ('全区'). */
      scopeUnitId: Nullable(Type.Integer()),
      scopeName: Nullable(Type.String()),
      /** Entered above the scope shown (the district's, seen from a town). */
      inherited: Type.Boolean(),
      /** The viewer may change or delete it here. */
      editable: Type.Boolean(),
    }),
  ),
});
