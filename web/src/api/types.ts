// Types of the API, taken from the server's own schemas and services (type-only:
// nothing of the server ends up in the bundle). Never copy a server type by hand.
import type { Static } from 'typebox';
import type { MeDto } from '../../../server/src/modules/auth/schemas';
import type { ImportReport, MemberCreateBody, MemberDto, MemberPage, MemberQuery, MemberUpdateBody, UnitCreateBody, UnitDto, UnitUpdateBody } from '../../../server/src/modules/org/schemas';
import type { CATEGORIES, UNIT_KINDS } from '../../../server/src/modules/org/schemas';
import type { listUsers } from '../../../server/src/modules/admin/service';
import type { AuditService } from '../../../server/src/platform/audit';
import type { SettingsService } from '../../../server/src/platform/settings';
import type { Role as ServerRole } from '../../../server/src/platform/roles';
import type { addCopy, BookInput } from '../../../server/src/modules/library/catalog-service';
import type { BookFilter as ServerBookFilter } from '../../../server/src/modules/library/catalog-repository';
import type { CATEGORIES as BOOK_CATEGORIES, CLC_CLASSES } from '../../../server/src/modules/library/catalog/clc';
import type { COPY_STATUS, renew } from '../../../server/src/modules/library/circulation';

export type Me = Static<typeof MeDto>;
export type RoleGrant = Me['roles'][number];
export type Role = ServerRole;

export type Unit = Static<typeof UnitDto>;
export type UnitKind = keyof typeof UNIT_KINDS;
// The server builds its kind union from Object.keys(UNIT_KINDS), which TypeBox
// cannot see statically (Static gives never); kind is restated from UNIT_KINDS.
export type UnitCreate = Omit<Static<typeof UnitCreateBody>, 'kind'> & { kind: UnitKind };
export type UnitUpdate = Omit<Static<typeof UnitUpdateBody>, 'kind'> & { kind?: UnitKind };

export type Member = Static<typeof MemberDto>;
export type MemberPageDto = Static<typeof MemberPage>;
export type MemberFilter = Static<typeof MemberQuery>;
export type MemberCreate = Static<typeof MemberCreateBody>;
export type MemberUpdate = Static<typeof MemberUpdateBody>;
export type Category = keyof typeof CATEGORIES;
export type ImportReportDto = Static<typeof ImportReport>;

// The admin routes declare their response schemas inline (not exported), so these
// come from the services that produce them. TODO: switch to Static<typeof …> once
// server/src/modules/admin exports UserDto / SettingDto / AuditDto.
export type AdminUser = Awaited<ReturnType<typeof listUsers>>[number];
type SettingRow = Awaited<ReturnType<SettingsService['list']>>[number];
export type Setting = Omit<SettingRow, 'editors'> & { editable: boolean };
export interface SettingsDto {
  year: number;
  items: Setting[];
}
export type AuditVerify = Awaited<ReturnType<AuditService['verify']>>;

export interface RoleOption {
  role: Role;
  label: string;
}

/** One row of GET /api/audit (camelCase view of the audit_log row the server maps). */
export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  ip: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  outcome: string;
  detail: string | null;
  hash: string;
}
export interface AuditPageDto {
  items: AuditEntry[];
  total: number;
}
export interface AuditFilter {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  outcome?: 'success' | 'failure' | 'denied';
  page?: number;
  pageSize?: number;
}

/** The error body every API failure carries. */
export interface ApiErrorBody {
  error: string;
  message: string;
  details?: unknown;
}

// ——— Library (图书借阅) ———
// Request bodies and enumerations come from the server's own code. The library routes
// declare their response schemas inline (routes.ts, catalog-routes.ts) and export none,
// so the response shapes below restate them field for field.
// TODO: replace each with Static<typeof …> once server/src/modules/library exports
// LoanDto, CopyPage, BookSummary, CopyDto, BookDetail and the inline location,
// overdue, borrow and desk response schemas (requested from the server owner).
export type CopyStatus = keyof typeof COPY_STATUS;
export type BookCategory = (typeof BOOK_CATEGORIES)[number];
export type BookCreate = BookInput;
export type CopyCreate = Parameters<typeof addCopy>[3];
export type BookFilter = ServerBookFilter;
export type RenewResult = Awaited<ReturnType<typeof renew>>;

/** GET /library/my-loans item (routes.ts LoanDto). */
export interface Loan {
  id: number;
  barcode: string;
  title: string;
  bookId: number;
  loanedAt: string;
  dueOn: string;
  renewals: number;
  overdue: boolean;
  canRenew: boolean;
}

/** GET /library/copies/:barcode (routes.ts CopyPage). */
export interface CopyPageDto {
  barcode: string;
  title: string;
  authors: string;
  bookId: number;
  status: CopyStatus;
  statusLabel: string;
  location: string;
  shelf: string | null;
  myLoan: Loan | null;
  heldForMe: boolean;
  canBorrow: boolean;
  canReturn: boolean;
  loanDays: number;
}

/** POST /library/copies/:barcode/borrow. */
export interface BorrowResult {
  loanId: number;
  dueOn: string;
  again: boolean;
}

/** GET /library/books item (catalog-routes.ts BookSummary). */
export interface BookSummary {
  id: number;
  title: string;
  subtitle: string | null;
  authors: string;
  publisher: string | null;
  year: number | null;
  isbn13: string | null;
  clc: string | null;
  category: string;
  tags: string[];
  coverUrl: string | null;
  copies: number;
  available: number;
  version: number;
}
export interface BookPage {
  items: BookSummary[];
  total: number;
  /** More matches than the server counts: show “1000+”. */
  capped: boolean;
}

/** One copy in GET /library/books/:id (catalog-routes.ts CopyDto). */
export interface BookCopy {
  id: number;
  barcode: string;
  status: CopyStatus;
  statusLabel: string;
  location: string;
  locationId: number;
  shelf: string | null;
  source: string;
  donor: string | null;
  dueOn: string | null;
}

/** GET /library/books/:id (catalog-routes.ts BookDetail). */
export interface BookDetailDto {
  book: BookSummary & { series: string | null; summary: string | null; onlineUrl: string | null; isbn10: string | null; pages: number | null };
  copies: BookCopy[];
  queue: number;
  myHold: { id: number; status: string; position: number; expiresOn: string | null } | null;
}

/** GET /library/categories. */
export interface LibraryCategories {
  categories: BookCategory[];
  clcClasses: typeof CLC_CLASSES;
}

/** GET /library/locations item. */
export interface LibraryLocation {
  id: number;
  name: string;
  kind: string;
  unitId: number;
  unitName: string;
  copies: number;
}

/** GET /library/overdue item. */
export interface OverdueLoan {
  loanId: number;
  memberId: number;
  memberName: string;
  unitName: string;
  title: string;
  barcode: string;
  dueOn: string;
  daysOverdue: number;
}

/** POST /library/desk/checkout and /library/desk/checkin. */
export interface DeskCheckoutResult {
  loanId: number;
  dueOn: string;
  title: string;
}
export interface DeskCheckinResult {
  title: string;
  /** The member the copy is now kept for (a waiting hold), if any. */
  heldFor: number | null;
}
