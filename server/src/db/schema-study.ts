import type { Generated } from 'kysely';

// Tables of migration 0007 (the study system). Same column conventions as schema.ts.

export interface StudyPlanTable {
  id: Generated<number>;
  unit_id: number;
  year: number;
  title: string;
  notes: Generated<string>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface StudyPlanMonthTable {
  id: Generated<number>;
  plan_id: number;
  month: number;
  theme: Generated<string>;
  content: Generated<string>;
}

export interface RequiredBookTable {
  id: Generated<number>;
  plan_id: number;
  book_id: number;
  month: number | null;
  note: Generated<string>;
}

export interface StudySessionTable {
  id: Generated<number>;
  unit_id: number;
  plan_id: number | null;
  topic: string;
  place: Generated<string>;
  host: Generated<string>;
  /** ISO UTC. */
  starts_at: string;
  ends_at: string;
  /** Study minutes credited to each attendee. */
  minutes: number;
  /** scheduled | open | closed | cancelled */
  status: Generated<string>;
  /** Key of the rotating check-in code's HMAC; never leaves the server. */
  qr_secret: string;
  opened_at: string | null;
  closed_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface StudySessionUnitTable {
  id: Generated<number>;
  session_id: number;
  unit_id: number;
}

export interface CheckInTable {
  id: Generated<number>;
  session_id: number;
  member_id: number;
  checked_at: string;
  /** qr | manual */
  method: string;
  recorded_by: number | null;
}

export interface LeaveRequestTable {
  id: Generated<number>;
  session_id: number;
  member_id: number;
  reason: string;
  /** pending | approved | rejected */
  status: Generated<string>;
  requested_at: string;
  decided_at: string | null;
  decided_by: number | null;
  decision_note: string | null;
}

export interface ReadingPlanItemTable {
  id: Generated<number>;
  member_id: number;
  /** 'YYYY-MM' */
  month: string;
  book_id: number | null;
  own_title: string | null;
  own_author: string | null;
  target_on: string;
  /** reading | finished | dropped */
  status: Generated<string>;
  finished_on: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface StudyLogTable {
  id: Generated<number>;
  member_id: number;
  day: string;
  /** reading | session | online | practice */
  kind: string;
  minutes: number;
  book_id: number | null;
  book_title: string | null;
  progress: Generated<string>;
  note: Generated<string>;
  /** manual | timer | checkin | online | practice | import */
  source: Generated<string>;
  /** The record this entry was derived from (check-in id, online record id…), unique per source. */
  source_ref: string | null;
  created_at: string;
}

export interface StudyTimerTable {
  member_id: number;
  started_at: string;
  kind: string;
  book_id: number | null;
  book_title: string | null;
}

export interface NoteTable {
  id: Generated<number>;
  member_id: number;
  book_id: number | null;
  book_title: string | null;
  chapter: Generated<string>;
  page: Generated<string>;
  quote: Generated<string>;
  thought: Generated<string>;
  /** private | unit */
  visibility: Generated<string>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface FileTable {
  id: Generated<number>;
  owner_user_id: number | null;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  data_base64: string;
  created_at: string;
}

export interface OnlineLearningTable {
  id: Generated<number>;
  member_id: number;
  day: string;
  platform: string;
  content: Generated<string>;
  minutes: number | null;
  /** 学时 in tenths (1.5 学时 = 15). */
  credit_tenths: number | null;
  points: number | null;
  evidence_file_id: number | null;
  /** self | import */
  source: Generated<string>;
  /** For imported rows: a key that makes importing the same list twice add nothing. */
  import_key: string | null;
  created_by: number | null;
  created_at: string;
}

export interface PracticeActivityTable {
  id: Generated<number>;
  member_id: number;
  day: string;
  /** volunteer | research | service | other */
  kind: string;
  title: string;
  description: Generated<string>;
  minutes: number;
  /** JSON array of files.id */
  photo_file_ids: Generated<string>;
  created_at: string;
}

export interface CalendarDayTable {
  id: Generated<number>;
  /** The unit whose own entry it is (a town's override); null: the district's (migration 0082). */
  unit_id: number | null;
  /** That unit's path, '' for the district's, for the nearest-scope lookup. */
  unit_path: Generated<string>;
  day: string;
  /** holiday | workday */
  kind: string;
  name: Generated<string>;
  updated_at: string;
  updated_by: number | null;
}

export interface UserPreferenceTable {
  id: Generated<number>;
  user_id: number;
  key: string;
  value: string;
}

export interface StudyTables {
  study_plans: StudyPlanTable;
  study_plan_months: StudyPlanMonthTable;
  required_books: RequiredBookTable;
  study_sessions: StudySessionTable;
  study_session_units: StudySessionUnitTable;
  check_ins: CheckInTable;
  leave_requests: LeaveRequestTable;
  reading_plan_items: ReadingPlanItemTable;
  study_logs: StudyLogTable;
  study_timers: StudyTimerTable;
  notes: NoteTable;
  files: FileTable;
  online_learning: OnlineLearningTable;
  practice_activities: PracticeActivityTable;
  calendar_days: CalendarDayTable;
  user_preferences: UserPreferenceTable;
}
