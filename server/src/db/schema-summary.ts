import type { Generated } from 'kysely';

/** Per unit and month: the totals of the unit's own members in the clerk's unit view (migration 0084). */
export interface StudyUnitMonthTable {
  id: Generated<number>;
  unit_id: number;
  month: string;
  /** The last day the figures count (the view's `through`), null for a month not begun. */
  through: string | null;
  required_days_so_far: number;
  members: number;
  with_plan: number;
  late_plans: number;
  books_met: number;
  books_finished: number;
  days_met: number;
  required_days: number;
  minutes: number;
  sessions_attended: number;
  sessions_expected: number;
  sessions_excused: number;
  sessions_late: number;
  refreshed_at: string;
}

export interface SummaryTables {
  study_unit_months: StudyUnitMonthTable;
}
