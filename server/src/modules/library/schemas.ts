// Response schemas of the library routes (图书借阅). The routes validate and
// serialize with them; the web app derives its types from them (Static<typeof …>).
import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NStr = () => Nullable(Type.String());
const NInt = () => Nullable(Type.Integer());

export const Ok = Type.Object({ ok: Type.Boolean() });
export const IdDto = Type.Object({ id: Type.Integer() });

// ——— circulation (routes.ts) ———
export const LoanDto = Type.Object({
  id: Type.Integer(),
  barcode: Type.String(),
  title: Type.String(),
  bookId: Type.Integer(),
  loanedAt: Type.String(),
  dueOn: Type.String(),
  renewals: Type.Integer(),
  overdue: Type.Boolean(),
  canRenew: Type.Boolean(),
});

export const CopyPageDto = Type.Object({
  barcode: Type.String(),
  title: Type.String(),
  authors: Type.String(),
  bookId: Type.Integer(),
  status: Type.String(),
  statusLabel: Type.String(),
  location: Type.String(),
  shelf: NStr(),
  myLoan: Nullable(LoanDto),
  heldForMe: Type.Boolean(),
  canBorrow: Type.Boolean(),
  canReturn: Type.Boolean(),
  /** Whether 预约 would be accepted now (the same rule placing a hold applies). */
  canHold: Type.Boolean(),
  loanDays: Type.Integer(),
});

export const BorrowDto = Type.Object({ loanId: Type.Integer(), dueOn: Type.String(), again: Type.Boolean() });
export const RenewDto = Type.Object({ dueOn: Type.String() });

/** One of the member's active holds (GET /library/my-holds). */
export const HoldDto = Type.Object({
  id: Type.Integer(),
  bookId: Type.Integer(),
  title: Type.String(),
  authors: Type.String(),
  /** waiting: in the queue; ready: a copy is kept for the member. */
  status: Type.Union([Type.Literal('waiting'), Type.Literal('ready')]),
  /** Place in the title's queue (1 = next; a ready hold is 1). */
  position: Type.Integer(),
  placedAt: Type.String(),
  /** Pick up before this date (ready holds). */
  expiresOn: NStr(),
  /** The kept copy and where it waits (ready holds). */
  barcode: NStr(),
  location: NStr(),
});

export const RuleDto = Type.Object({
  id: Type.Integer(),
  /** The unit whose subtree the rule applies to; null: the district's. */
  unitId: NInt(),
  unitName: NStr(),
  bookCategory: NStr(),
  memberCategory: NStr(),
  loanDays: NInt(),
  renewals: NInt(),
  renewDays: NInt(),
  maxLoans: NInt(),
  /** A rule of a scope above the viewer's reach (the district's, for a town clerk): theirs to override, not to change or delete. */
  inherited: Type.Boolean(),
});

export const DeskCheckoutDto = Type.Object({ loanId: Type.Integer(), dueOn: Type.String(), title: Type.String() });
export const DeskCheckinDto = Type.Object({
  title: Type.String(),
  /** The member the copy is now kept for (a waiting hold), if any. */
  heldFor: NInt(),
  /** Who had borrowed it. */
  memberName: NStr(),
  unitName: NStr(),
});

// ——— catalog (catalog-routes.ts) ———
export const BookSummaryDto = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  subtitle: NStr(),
  authors: Type.String(),
  publisher: NStr(),
  year: NInt(),
  isbn13: NStr(),
  clc: NStr(),
  category: Type.String(),
  tags: Type.Array(Type.String()),
  coverUrl: NStr(),
  copies: Type.Integer(),
  available: Type.Integer(),
  version: Type.Integer(),
});

export const BookPageDto = Type.Object({ items: Type.Array(BookSummaryDto), total: Type.Integer(), capped: Type.Boolean() });

export const CopyDto = Type.Object({
  id: Type.Integer(),
  barcode: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  location: Type.String(),
  locationId: Type.Integer(),
  shelf: NStr(),
  source: Type.String(),
  donor: NStr(),
  dueOn: NStr(),
});

export const BookDetailDto = Type.Object({
  book: Type.Intersect([BookSummaryDto, Type.Object({ series: NStr(), summary: NStr(), onlineUrl: NStr(), isbn10: NStr(), pages: NInt() })]),
  copies: Type.Array(CopyDto),
  queue: Type.Integer(),
  myHold: Nullable(Type.Object({ id: Type.Integer(), status: Type.String(), position: Type.Integer(), expiresOn: NStr() })),
  /** The caller's open loan of a copy of this book. */
  myLoan: Nullable(Type.Object({ barcode: Type.String(), dueOn: Type.String() })),
  /** Whether 预约 would be accepted now (the same rule placing a hold applies). */
  canHold: Type.Boolean(),
});

export const CategoriesDto = Type.Object({ categories: Type.Array(Type.String()), clcClasses: Type.Record(Type.String(), Type.String()) });

export const LocationDto = Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String(), unitId: Type.Integer(), unitName: Type.String(), copies: Type.Integer() });

export const OverdueDto = Type.Object({
  loanId: Type.Integer(),
  memberId: Type.Integer(),
  memberName: Type.String(),
  unitName: Type.String(),
  title: Type.String(),
  barcode: Type.String(),
  dueOn: Type.String(),
  daysOverdue: Type.Integer(),
});

export const RecordReportDto = Type.Object({
  index: Type.Integer(),
  outcome: Type.String(),
  title: Type.Optional(Type.String()),
  isbn13: Type.Optional(Type.String()),
  bookId: Type.Optional(Type.Integer()),
  copiesAdded: Type.Integer(),
  reason: Type.Optional(Type.String()),
  warnings: Type.Array(Type.String()),
});

export const BookImportDto = Type.Object({
  format: Type.String(),
  total: Type.Integer(),
  taken: Type.Integer(),
  merged: Type.Integer(),
  unchanged: Type.Integer(),
  refused: Type.Integer(),
  copiesAdded: Type.Integer(),
  records: Type.Array(RecordReportDto),
});

// ——— reports (report-routes.ts) ———
const CountsDto = Type.Object({ titles: Type.Integer(), copies: Type.Integer(), loans: Type.Integer() });
const CoverageRow = Type.Object({ key: Type.String(), label: Type.String(), titles: Type.Integer(), copies: Type.Integer(), loans: Type.Integer() });
export const CoverageDto = Type.Object({
  year: Type.Integer(),
  byCategory: Type.Array(Type.Intersect([CoverageRow, Type.Object({ state: Type.Union([Type.Literal('ok'), Type.Literal('empty'), Type.Literal('thin')]) })])),
  byClass: Type.Array(CoverageRow),
  unclassified: CountsDto,
  /** Plan categories with no copy. */
  empty: Type.Array(Type.String()),
  /** Plan categories under half an even share of copies. */
  thin: Type.Array(Type.String()),
});

const PopularBook = Type.Object({ id: Type.Integer(), title: Type.String(), authors: Type.String(), category: Type.String() });
export const PopularityDto = Type.Object({
  most: Type.Array(Type.Intersect([PopularBook, Type.Object({ loans: Type.Integer() })])),
  never: Type.Array(Type.Intersect([PopularBook, Type.Object({ copies: Type.Integer() })])),
});

export const LoansReportDto = Type.Object({
  year: Type.Integer(),
  units: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), months: Type.Array(Type.Integer()), total: Type.Integer() })),
  members: Type.Array(Type.Object({ memberId: Type.Integer(), name: Type.String(), unitName: Type.String(), months: Type.Array(Type.Integer()), total: Type.Integer() })),
});

// ——— stocktake (stocktake-routes.ts) ———
export const StocktakeSummaryDto = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  started_at: Type.String(),
  finished_at: NStr(),
  location: Type.String(),
  scanned: Type.Integer(),
});

export const StocktakeScanDto = Type.Object({
  barcode: Type.String(),
  known: Type.Boolean(),
  title: NStr(),
  duplicate: Type.Boolean(),
  /** The location the copy belongs to, when it is not this one. */
  wrongPlace: NStr(),
  onLoan: Type.Boolean(),
});

const ShelfRow = Type.Object({ barcode: Type.String(), title: Type.String(), shelf: NStr(), status: NStr() });
export const StocktakeReportDto = Type.Object({
  id: Type.Integer(),
  location: Type.String(),
  locationId: Type.Integer(),
  status: Type.String(),
  startedAt: Type.String(),
  finishedAt: NStr(),
  lostMarked: Type.Boolean(),
  scanned: Type.Integer(),
  present: Type.Array(ShelfRow),
  missing: Type.Array(ShelfRow),
  wrongPlace: Type.Array(Type.Intersect([ShelfRow, Type.Object({ belongsTo: Type.String() })])),
  onLoan: Type.Array(Type.Intersect([ShelfRow, Type.Object({ scanned: Type.Boolean() })])),
  unknown: Type.Array(Type.String()),
  alreadyLost: Type.Array(ShelfRow),
});

export const StocktakeFinishDto = Type.Object({ marked: Type.Integer() });

export type HoldView = Static<typeof HoldDto>;
export type CoverageView = Static<typeof CoverageDto>;
export type StocktakeReportView = Static<typeof StocktakeReportDto>;
