import { Type, type Static } from 'typebox';

const Iso = Type.String({ format: 'date-time' });

export const AnnouncementImageDto = Type.Object({ id: Type.Integer(), url: Type.String(), filename: Type.String(), size: Type.Integer() });

export const AnnouncementDto = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  title: Type.String(),
  bodyHtml: Type.String(),
  pinned: Type.Boolean(),
  public: Type.Boolean(),
  publishFrom: Type.String(),
  publishUntil: Type.Union([Type.String(), Type.Null()]),
  withdrawnAt: Type.Union([Type.String(), Type.Null()]),
  /** scheduled | live | ended | withdrawn */
  state: Type.String(),
  targets: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  images: Type.Array(AnnouncementImageDto),
  reads: Type.Integer(),
  /** For a member: whether they have opened it. */
  read: Type.Boolean(),
  createdAt: Type.String(),
  version: Type.Integer(),
});
export type AnnouncementView = Static<typeof AnnouncementDto>;
export const AnnouncementList = Type.Object({ items: Type.Array(AnnouncementDto) });

export const AnnouncementCreateBody = Type.Object(
  {
    unitId: Type.Integer(),
    title: Type.String({ minLength: 1, maxLength: 80 }),
    bodyHtml: Type.String({ maxLength: 50_000 }),
    pinned: Type.Optional(Type.Boolean()),
    public: Type.Optional(Type.Boolean()),
    publishFrom: Type.Optional(Iso),
    publishUntil: Type.Optional(Type.Union([Iso, Type.Null()])),
    /** Empty: everyone in the publishing unit. */
    targetUnitIds: Type.Optional(Type.Array(Type.Integer(), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type AnnouncementCreate = Static<typeof AnnouncementCreateBody>;

export const AnnouncementUpdateBody = Type.Object(
  {
    version: Type.Integer(),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    bodyHtml: Type.Optional(Type.String({ maxLength: 50_000 })),
    pinned: Type.Optional(Type.Boolean()),
    public: Type.Optional(Type.Boolean()),
    publishFrom: Type.Optional(Iso),
    publishUntil: Type.Optional(Type.Union([Iso, Type.Null()])),
    targetUnitIds: Type.Optional(Type.Array(Type.Integer(), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type AnnouncementUpdate = Static<typeof AnnouncementUpdateBody>;

export const ReadStats = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  totalMembers: Type.Integer(),
  totalReads: Type.Integer(),
  units: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), members: Type.Integer(), reads: Type.Integer() })),
});
export type ReadStatsView = Static<typeof ReadStats>;

export const ListQuery = Type.Object({ state: Type.Optional(Type.Union(['all', 'live', 'scheduled', 'ended', 'withdrawn'].map((s) => Type.Literal(s)))) });
