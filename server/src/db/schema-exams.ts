import type { Generated } from 'kysely';

// Tables of migration 0040 (季度测试 and 每日一练, modules/exams).

export interface ExamCategoryTable {
  id: Generated<number>;
  unit_id: number;
  parent_id: number | null;
  name: string;
  sort_order: Generated<number>;
  created_at: string;
}

export interface ExamQuestionTable {
  id: Generated<number>;
  unit_id: number;
  category_id: number;
  current_version_id: number | null;
  /** active | deleted */
  status: Generated<string>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ExamQuestionVersionTable {
  id: Generated<number>;
  question_id: number;
  version_no: number;
  /** single | multiple | truefalse | fill | short */
  type: string;
  name: string;
  stem: string;
  /** plain | html | markdown */
  stem_format: string;
  /** JSON: [{ key, text, fraction, feedback }] */
  options: string;
  /** JSON: truefalse → boolean; fill → [{ text, fraction }]; short → reference answer text */
  answer: string;
  explanation: string;
  difficulty: number;
  /** Comma-separated. */
  tags: string;
  source: string;
  fingerprint: string;
  created_by: number | null;
  created_at: string;
}

export interface ExamPaperTable {
  id: Generated<number>;
  unit_id: number;
  title: string;
  description: string;
  /** e.g. 2026Q4 */
  quarter: string;
  opens_at: string;
  closes_at: string;
  time_limit_minutes: number;
  max_attempts: number;
  /** highest | last | average */
  grading_method: string;
  shuffle_questions: number;
  shuffle_options: number;
  /** JSON ReviewOptions */
  review_after_submit: string;
  review_after_close: string;
  /** draft | published */
  status: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ExamPaperSectionTable {
  id: Generated<number>;
  paper_id: number;
  position: number;
  /** fixed | random */
  kind: string;
  question_id: number | null;
  category_id: number | null;
  qtype: string | null;
  difficulty: number | null;
  count: number;
  points: number;
}

export interface ExamPaperUnitTable {
  paper_id: number;
  unit_id: number;
}

export interface ExamAttemptTable {
  id: Generated<number>;
  paper_id: number;
  member_id: number;
  unit_id: number;
  attempt_no: number;
  open_slot: number | null;
  /** in_progress | submitted (short answers wait for grading) | graded */
  status: string;
  started_at: string;
  deadline_at: string;
  submitted_at: string | null;
  /** manual | timeout */
  submitted_how: string | null;
  score: number | null;
  max_score: number;
  pending_items: Generated<number>;
}

export interface ExamAttemptItemTable {
  id: Generated<number>;
  attempt_id: number;
  position: number;
  section_id: number | null;
  question_id: number;
  version_id: number;
  points: number;
  /** JSON array of option keys in the order this person sees them. */
  option_order: string;
  /** JSON Response */
  response: string | null;
  /** When the person gave the answer (server-estimated time of the device). */
  answered_at: string | null;
  saved_at: string | null;
  score: number | null;
  needs_grading: Generated<number>;
  grader_comment: string | null;
  graded_by: number | null;
  graded_at: string | null;
}

export interface ExamPracticeItemTable {
  id: Generated<number>;
  member_id: number;
  day: string;
  position: number;
  question_id: number;
  version_id: number;
  option_order: string;
  response: string | null;
  correct: number | null;
  answered_at: string | null;
}

export interface ExamTables {
  exam_categories: ExamCategoryTable;
  exam_questions: ExamQuestionTable;
  exam_question_versions: ExamQuestionVersionTable;
  exam_papers: ExamPaperTable;
  exam_paper_sections: ExamPaperSectionTable;
  exam_paper_units: ExamPaperUnitTable;
  exam_attempts: ExamAttemptTable;
  exam_attempt_items: ExamAttemptItemTable;
  exam_practice_items: ExamPracticeItemTable;
}
