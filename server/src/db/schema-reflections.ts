import type { Generated } from 'kysely';

// Tables of migration 0009 (reflections). Same column conventions as schema.ts.

export interface ReflectionTable {
  id: Generated<number>;
  member_id: number;
  unit_id: number;
  book_id: number | null;
  book_title: Generated<string>;
  plan_item_id: number | null;
  title: string;
  body_html: Generated<string>;
  body_text: Generated<string>;
  char_count: Generated<number>;
  /** draft | submitted | returned | approved | excellent | reported */
  status: Generated<string>;
  /** 'YYYY-MM' of the first submission. */
  month: string | null;
  submitted_at: string | null;
  similarity_percent: number | null;
  /** Share of the text inside quotation marks or blockquotes (migration 0011); null before. */
  similarity_quoted_percent: number | null;
  similarity_top_id: number | null;
  similarity_json: Generated<string>;
  flagged: Generated<number>;
  scores_json: string | null;
  score: number | null;
  review_comment: string | null;
  passages_json: Generated<string>;
  reviewed_by: number | null;
  reviewed_at: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ReflectionEventTable {
  id: Generated<number>;
  reflection_id: number;
  at: string;
  user_id: number | null;
  actor_name: Generated<string>;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  passages_json: string | null;
}

export interface ReferenceTextTable {
  id: Generated<number>;
  unit_id: number;
  title: string;
  /** copied | excerpt */
  kind: string;
  book_id: number | null;
  body_text: string;
  chars: number;
  created_by: number | null;
  created_at: string;
}

export interface ReflectionBandTable {
  /** 'r' reflection, 't' reference text */
  source: string;
  ref_id: number;
  /** Window of the text (migration 0011): 0 for a text signed whole. */
  part: Generated<number>;
  band: number;
  hash: number;
}

export interface ReflectionLikeTable {
  id: Generated<number>;
  reflection_id: number;
  member_id: number;
  created_at: string;
}

export interface ReflectionCommentTable {
  id: Generated<number>;
  reflection_id: number;
  member_id: number;
  body: string;
  created_at: string;
}

export interface UpwardReportTable {
  id: Generated<number>;
  unit_id: number;
  title: string;
  recipient: string;
  reported_at: string;
  created_by: number | null;
}

export interface UpwardReportItemTable {
  id: Generated<number>;
  report_id: number;
  reflection_id: number;
  sort_order: number;
  /** 待反馈 | 采用 | 未采用 */
  feedback: Generated<string>;
  note: Generated<string>;
  feedback_at: string | null;
  feedback_by: number | null;
}

export interface ReflectionTables {
  reflections: ReflectionTable;
  reflection_events: ReflectionEventTable;
  reference_texts: ReferenceTextTable;
  reflection_bands: ReflectionBandTable;
  reflection_likes: ReflectionLikeTable;
  reflection_comments: ReflectionCommentTable;
  upward_reports: UpwardReportTable;
  upward_report_items: UpwardReportItemTable;
}
