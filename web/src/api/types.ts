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
import type { addCopy, BookInput } from '../../../server/src/modules/library/catalog/service';
import type { BookFilter as ServerBookFilter } from '../../../server/src/modules/library/catalog/repository';
import type { CATEGORIES as BOOK_CATEGORIES, CLC_CLASSES } from '../../../server/src/modules/library/catalog/clc';
import type { COPY_STATUS } from '../../../server/src/modules/library/circulation/service';
import type * as L from '../../../server/src/modules/library/schemas';
import type { AuditDto, AuditQuery } from '../../../server/src/modules/admin/schemas';
import type { CheckpointReport } from '../../../server/src/platform/audit-checkpoint';

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
/** The chain walk and the signed checkpoints outside the database (platform/audit-checkpoint.ts). */
export type AuditVerify = Awaited<ReturnType<AuditService['verify']>> & { checkpoints: CheckpointReport };

export interface RoleOption {
  role: Role;
  label: string;
}

/** One row of GET /api/audit. */
export type AuditEntry = Static<typeof AuditDto>;
export interface AuditPageDto {
  items: AuditEntry[];
  total: number;
}
export type AuditFilter = Static<typeof AuditQuery>;

/** The error body every API failure carries. */
export interface ApiErrorBody {
  error: string;
  message: string;
  details?: unknown;
}

// ——— Library (图书借阅) ———
// Response shapes come from server/src/modules/library/schemas.ts; request bodies and
// enumerations from the server's own code.
export type CopyStatus = keyof typeof COPY_STATUS;
export type BookCategory = (typeof BOOK_CATEGORIES)[number];
export type BookCreate = BookInput;
export type CopyCreate = Parameters<typeof addCopy>[3];
export type BookFilter = ServerBookFilter;
export type RenewResult = Static<typeof L.RenewDto>;

/** The server sends a copy's status as text; it is one of COPY_STATUS's keys. */
type WithStatus<T extends { status: string }> = Omit<T, 'status'> & { status: CopyStatus };

export type Loan = Static<typeof L.LoanDto>;
export type CopyPageDto = WithStatus<Static<typeof L.CopyPageDto>>;
export type BorrowResult = Static<typeof L.BorrowDto>;
export type Hold = Static<typeof L.HoldDto>;
export type BookSummary = Static<typeof L.BookSummaryDto>;
export type BookPage = Static<typeof L.BookPageDto>;
export type BookCopy = WithStatus<Static<typeof L.CopyDto>>;
export type BookDetailDto = Omit<Static<typeof L.BookDetailDto>, 'copies'> & { copies: BookCopy[] };
export type LibraryCategories = Omit<Static<typeof L.CategoriesDto>, 'categories' | 'clcClasses'> & { categories: BookCategory[]; clcClasses: typeof CLC_CLASSES };
export type LibraryLocation = Static<typeof L.LocationDto>;
export type OverdueLoan = Static<typeof L.OverdueDto>;
export type DeskCheckoutResult = Static<typeof L.DeskCheckoutDto>;
export type DeskCheckinResult = Static<typeof L.DeskCheckinDto>;
export type CirculationRule = Static<typeof L.RuleDto>;
export type BookImportResult = Static<typeof L.BookImportDto>;
export type BookImportRecord = Static<typeof L.RecordReportDto>;
export type CoverageReport = Static<typeof L.CoverageDto>;
export type PopularityReport = Static<typeof L.PopularityDto>;
export type LoansReport = Static<typeof L.LoansReportDto>;
export type StocktakeSummary = Static<typeof L.StocktakeSummaryDto>;
export type StocktakeScan = Static<typeof L.StocktakeScanDto>;
export type StocktakeReport = Static<typeof L.StocktakeReportDto>;
export type StocktakeFinish = Static<typeof L.StocktakeFinishDto>;
