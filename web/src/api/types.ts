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
