import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ChannelTables } from './schema-channels';
import type { ReflectionTables } from './schema-reflections';
import type { StudyTables } from './schema-study';
import type { ExamTables } from './schema-exams';
import type { SecurityTables } from './schema-security';
import type { SeminarTables } from './schema-seminars';
import type { AssessmentTables } from './schema-assessment';
import type { ScorecardTables } from './schema-scorecard';
import type { DisplayTables } from './schema-display';
import type { SummaryTables } from './schema-summary';

/**
 * Column conventions, the same on SQLite and PostgreSQL:
 * timestamps are ISO-8601 UTC text (`toISOString()`), calendar dates are
 * 'YYYY-MM-DD' text in Asia/Shanghai, booleans are integers 0/1.
 */
export interface UnitTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  kind: string;
  /** Materialized path of ids, '/1/4/9/', for subtree queries with a prefix match. */
  path: string;
  sort_order: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface MemberTable {
  id: Generated<number>;
  unit_id: number;
  name: string;
  name_initials: string;
  name_pinyin: string;
  position: string;
  category: string;
  party_member: number;
  phone: string | null;
  /** Added by migration 0008, for e-mail reminders. */
  email: string | null;
  status: string;
  left_at: string | null;
  leading_group: number;
  leading_group_role: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  member_id: number | null;
  display_name: string;
  disabled: number;
  must_change_password: number;
  password_changed_at: string;
  totp_secret: string | null;
  totp_enabled: number;
  /** A new secret awaiting its first code (re-binding keeps the old factor on until then). */
  totp_pending_secret: ColumnType<string | null, string | null | undefined, string | null>;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UserRoleTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  unit_id: number;
}

export interface SessionTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  ip: string;
  user_agent: string;
}

export interface LoginThrottleTable {
  username: string;
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  username: string | null;
  ip: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  outcome: string;
  detail: string | null;
  prev_hash: string;
  hash: string;
  /** Which hash chain the record belongs to (migration 0010); 0 on SQLite. */
  chain: Generated<number>;
}

export interface SettingTable {
  id: Generated<number>;
  key: string;
  /** 0 = every year (the deployment's value); otherwise the year it applies to. */
  year: number;
  value: string;
  updated_at: string;
  updated_by: number | null;
}

/** A unit subtree's own value of a setting (migration 0080): nearer than the district's row in `settings`. */
export interface SettingOverrideTable {
  id: Generated<number>;
  key: string;
  /** 0 = every year; otherwise the year it applies to. */
  year: number;
  unit_id: number;
  /** The unit's materialized path when written (units do not move between towns). */
  unit_path: string;
  value: string;
  updated_at: string;
  updated_by: number | null;
}

export interface JobLeaseTable {
  name: string;
  holder: string;
  expires_at: string;
}

export interface JobRunTable {
  id: Generated<number>;
  job: string;
  run_key: string;
  started_at: string;
  holder: string;
  /** When the claim's lease runs out; an unfinished run past it may be taken over. */
  expires_at: string | null;
  finished_at: string | null;
}

export interface LocationTable {
  id: Generated<number>;
  unit_id: number;
  name: string;
  kind: string;
  created_at: string;
  version: number;
}

export interface BookTable {
  id: Generated<number>;
  title: string;
  subtitle: string | null;
  authors: string;
  publisher: string | null;
  pub_year: number | null;
  pages: number | null;
  isbn13: string | null;
  isbn10: string | null;
  clc: string | null;
  clc_class: string | null;
  category: string;
  series: string | null;
  tags: string;
  summary: string | null;
  cover_url: string | null;
  online_url: string | null;
  title_initials: string;
  search_text: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CopyTable {
  id: Generated<number>;
  book_id: number;
  barcode: string;
  location_id: number;
  shelf: string | null;
  status: string;
  source: string;
  donor: string | null;
  acquired_on: string | null;
  price_cents: number | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface LoanTable {
  id: Generated<number>;
  copy_id: number;
  member_id: number;
  loaned_at: string;
  due_on: string;
  returned_at: string | null;
  renewals: number;
  last_reminded_on: string | null;
  created_by: number | null;
}

export interface HoldTable {
  id: Generated<number>;
  book_id: number;
  member_id: number;
  placed_at: string;
  status: string;
  copy_id: number | null;
  ready_at: string | null;
  expires_on: string | null;
  closed_at: string | null;
}

export interface StocktakeTable {
  id: Generated<number>;
  location_id: number;
  status: string;
  started_at: string;
  started_by: number;
  finished_at: string | null;
  lost_marked: number;
}

export interface StocktakeScanTable {
  id: Generated<number>;
  stocktake_id: number;
  barcode: string;
  copy_id: number | null;
  scanned_at: string;
}

export interface CirculationRuleTable {
  id: Generated<number>;
  /** The unit whose subtree the rule applies to; null: the district's (migration 0081). */
  unit_id: number | null;
  /** That unit's path, '' for the district's: the nearest scope's rules win. */
  unit_path: Generated<string>;
  book_category: string | null;
  member_category: string | null;
  loan_days: number | null;
  renewals: number | null;
  renew_days: number | null;
  max_loans: number | null;
  updated_at: string;
  updated_by: number | null;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  dedupe_key: string | null;
  created_at: string;
  read_at: string | null;
}

export interface Database extends StudyTables, ChannelTables, ReflectionTables, SecurityTables, SeminarTables, AssessmentTables, ScorecardTables, ExamTables, DisplayTables, SummaryTables {
  notifications: NotificationTable;
  circulation_rules: CirculationRuleTable;
  stocktakes: StocktakeTable;
  stocktake_scans: StocktakeScanTable;
  locations: LocationTable;
  books: BookTable;
  copies: CopyTable;
  loans: LoanTable;
  holds: HoldTable;
  units: UnitTable;
  members: MemberTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  settings: SettingTable;
  setting_overrides: SettingOverrideTable;
  job_leases: JobLeaseTable;
  job_runs: JobRunTable;
}

export type Unit = Selectable<UnitTable>;
export type Member = Selectable<MemberTable>;
export type NewMember = Insertable<MemberTable>;
export type MemberUpdate = Updateable<MemberTable>;
export type User = Selectable<UserTable>;
export type Session = Selectable<SessionTable>;
