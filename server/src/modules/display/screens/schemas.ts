import { Type, type Static } from 'typebox';

/** The slides a screen can show, in the order the console offers them. */
export const SLIDE_KINDS = ['month', 'leaderboard', 'books', 'reflections', 'events', 'announcements', 'quote', 'join'] as const;
export type SlideKind = (typeof SLIDE_KINDS)[number];
export const SLIDE_LABELS: Record<SlideKind, string> = {
  month: '本月读书概况',
  leaderboard: '读书排行榜',
  books: '新书推荐',
  reflections: '优秀心得摘录',
  events: '近期学习活动',
  announcements: '宣传栏公告',
  quote: '每日一句',
  join: '扫码加入',
};
export const THEMES = ['default', 'contrast'] as const;

const SlideKindT = Type.Union([
  Type.Literal('month'),
  Type.Literal('leaderboard'),
  Type.Literal('books'),
  Type.Literal('reflections'),
  Type.Literal('events'),
  Type.Literal('announcements'),
  Type.Literal('quote'),
  Type.Literal('join'),
]);
export const PlaylistItem = Type.Object({ kind: SlideKindT, seconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 600 })) }, { additionalProperties: false });
export type PlaylistEntry = Static<typeof PlaylistItem>;
const Playlist = Type.Array(PlaylistItem, { minItems: 1, maxItems: 30 });
const Theme = Type.Union([Type.Literal('default'), Type.Literal('contrast')]);

export const ScreenDto = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  name: Type.String(),
  place: Type.String(),
  theme: Type.String(),
  playlist: Type.Array(PlaylistItem),
  revoked: Type.Boolean(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  lastSize: Type.Union([Type.String(), Type.Null()]),
  lastAgent: Type.Union([Type.String(), Type.Null()]),
  /** never | online | dark | revoked */
  state: Type.String(),
  version: Type.Integer(),
});
export type ScreenView = Static<typeof ScreenDto>;

export const ScreenList = Type.Object({ items: Type.Array(ScreenDto), darkAfterMinutes: Type.Integer() });

export const ScreenCreateBody = Type.Object(
  {
    unitId: Type.Integer(),
    name: Type.String({ minLength: 1, maxLength: 40 }),
    place: Type.Optional(Type.String({ maxLength: 60 })),
    theme: Type.Optional(Theme),
    playlist: Type.Optional(Playlist),
  },
  { additionalProperties: false },
);
export type ScreenCreate = Static<typeof ScreenCreateBody>;

export const ScreenUpdateBody = Type.Object(
  {
    version: Type.Integer(),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    place: Type.Optional(Type.String({ maxLength: 60 })),
    theme: Type.Optional(Theme),
    playlist: Type.Optional(Playlist),
  },
  { additionalProperties: false },
);
export type ScreenUpdate = Static<typeof ScreenUpdateBody>;

/** The secret URL, shown once when the screen is registered or its link is renewed. */
export const ScreenSecret = Type.Object({ id: Type.Integer(), url: Type.String(), path: Type.String() });

export const QuoteDto = Type.Object({ id: Type.Integer(), unitId: Type.Integer(), unitName: Type.String(), text: Type.String(), source: Type.String(), createdAt: Type.String() });
export type QuoteView = Static<typeof QuoteDto>;
export const QuoteCreateBody = Type.Object(
  { unitId: Type.Integer(), text: Type.String({ minLength: 1, maxLength: 200 }), source: Type.Optional(Type.String({ maxLength: 60 })) },
  { additionalProperties: false },
);
export type QuoteCreate = Static<typeof QuoteCreateBody>;

// ---- what the screen reads ----

const Book = Type.Object({ id: Type.Integer(), title: Type.String(), authors: Type.String(), category: Type.String(), cover: Type.Union([Type.String(), Type.Null()]), recommended: Type.Boolean() });
const Event = Type.Object({ kind: Type.String(), kindLabel: Type.String(), title: Type.String(), startsAt: Type.String(), endsAt: Type.String(), place: Type.String(), host: Type.String() });
const Excerpt = Type.Object({ id: Type.Integer(), title: Type.String(), bookTitle: Type.String(), excerpt: Type.String(), author: Type.Union([Type.String(), Type.Null()]), unitName: Type.String(), month: Type.String() });
const Notice = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  text: Type.String(),
  pinned: Type.Boolean(),
  publishFrom: Type.String(),
  images: Type.Array(Type.Object({ id: Type.Integer(), url: Type.String() })),
});
export type ScreenNotice = Static<typeof Notice>;

export const FeedData = Type.Object({
  month: Type.Object({
    month: Type.String(),
    members: Type.Integer(),
    booksFinished: Type.Integer(),
    minutes: Type.Integer(),
    /** Share of required days met so far (达标率), null before the first required day. */
    compliance: Type.Union([Type.Number(), Type.Null()]),
    /** Collective sessions: attended / expected. */
    attendance: Type.Union([Type.Number(), Type.Null()]),
    booksPerMonth: Type.Integer(),
  }),
  leaderboard: Type.Object({
    units: Type.Array(Type.Object({ name: Type.String(), members: Type.Integer(), avgMinutes: Type.Integer(), compliance: Type.Union([Type.Number(), Type.Null()]) })),
    /** Empty unless the privacy setting names a number of members. */
    members: Type.Array(Type.Object({ name: Type.String(), unitName: Type.String(), minutes: Type.Integer(), books: Type.Integer() })),
  }),
  books: Type.Array(Book),
  reflections: Type.Array(Excerpt),
  events: Type.Array(Event),
  announcements: Type.Array(Notice),
  quote: Type.Union([Type.Object({ text: Type.String(), source: Type.String() }), Type.Null()]),
  join: Type.Object({ url: Type.String(), svg: Type.String() }),
});
export type Feed = Static<typeof FeedData>;

export const ScreenFeed = Type.Object({
  screen: Type.Object({ name: Type.String(), unitName: Type.String(), theme: Type.String() }),
  playlist: Type.Array(Type.Object({ kind: Type.String(), title: Type.String(), seconds: Type.Integer() })),
  heartbeatSeconds: Type.Integer(),
  refreshSeconds: Type.Integer(),
  generatedAt: Type.String(),
  data: FeedData,
});
export type ScreenFeedView = Static<typeof ScreenFeed>;

export const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });
export const PingQuery = Type.Object({ w: Type.Optional(Type.Integer({ minimum: 0, maximum: 20000 })), h: Type.Optional(Type.Integer({ minimum: 0, maximum: 20000 })) });
export const PingDto = Type.Object({ ok: Type.Boolean(), heartbeatSeconds: Type.Integer(), refreshSeconds: Type.Integer(), stamp: Type.String() });
