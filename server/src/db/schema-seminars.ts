import type { Generated } from 'kysely';

// Tables of migration 0030 (seminars and party lectures). Same column conventions as schema.ts.

export interface SeminarFileTable {
  id: Generated<number>;
  owner_user_id: number;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  data_base64: string;
  created_at: string;
}

export interface SeminarTable {
  id: Generated<number>;
  unit_id: number;
  session_id: number;
  month: string;
  theme: string;
  chair_user_id: number;
  chair_name: string;
  /** scheduled | signed | cancelled */
  status: Generated<string>;
  signed_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface SeminarSpeakerTable {
  id: Generated<number>;
  seminar_id: number;
  member_id: number;
  sort_order: Generated<number>;
  volunteered: Generated<number>;
  book_id: number | null;
  book_title: Generated<string>;
  reflection_id: number | null;
  summary: Generated<string>;
  file_id: number | null;
  grade: string | null;
  score: number | null;
  evaluation: string | null;
  evaluated_at: string | null;
  evaluated_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface SeminarCommentTable {
  id: Generated<number>;
  seminar_id: number;
  speaker_id: number;
  member_id: number;
  body: string;
  created_at: string;
}

export interface LectureTable {
  id: Generated<number>;
  unit_id: number;
  member_id: number;
  topic: string;
  outline: Generated<string>;
  /** proposed | scheduled | rejected | cancelled */
  status: Generated<string>;
  session_id: number | null;
  decision_note: string | null;
  decided_by: number | null;
  decided_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface LectureFileTable {
  id: Generated<number>;
  lecture_id: number;
  file_id: number;
  kind: string;
  created_at: string;
}

export interface LectureRatingTable {
  id: Generated<number>;
  lecture_id: number;
  member_id: number;
  stars: number;
  comment: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface SeminarTables {
  seminar_files: SeminarFileTable;
  seminars: SeminarTable;
  seminar_speakers: SeminarSpeakerTable;
  seminar_comments: SeminarCommentTable;
  lectures: LectureTable;
  lecture_files: LectureFileTable;
  lecture_ratings: LectureRatingTable;
}
