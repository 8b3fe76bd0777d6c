import type { Generated } from 'kysely';

// Tables of migration 0050 (inspections, rectifications, acceptance). Same column conventions as schema.ts.

export interface AssessmentFileTable {
  id: Generated<number>;
  /** finding | evidence | acceptance */
  purpose: string;
  uploaded_by: number;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  data_base64: string;
  /** 1 once a finding, an evidence row or a score sheet refers to it. */
  attached: Generated<number>;
  created_at: string;
}

export interface InspectionTable {
  id: Generated<number>;
  scope_unit_id: number;
  year: number;
  quarter: number;
  title: string;
  /** random (随机抽查) | onsite (实地督查) */
  kind: string;
  /** JSON: [{ key, label, maxScore }] */
  items: string;
  unit_count: number;
  members_per_unit: number;
  /** planned | drawn | closed */
  status: string;
  seed: string | null;
  algorithm: string | null;
  /** JSON: { units: number[], members: Record<unitId, number[]> } as they stood at the draw. */
  candidates: string | null;
  drawn_at: string | null;
  drawn_by: number | null;
  created_by: number;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface InspectionTeamTable {
  inspection_id: number;
  user_id: number;
}

export interface InspectionUnitTable {
  id: Generated<number>;
  inspection_id: number;
  unit_id: number;
  draw_order: number;
  /** JSON array of member ids, in the order drawn. */
  member_ids: string;
}

export interface InspectionFindingTable {
  id: Generated<number>;
  inspection_id: number;
  unit_id: number;
  item_key: string;
  score: number;
  max_score: number;
  text: string;
  photo_file_id: number | null;
  /** The member the finding is against (migration 0071), or null for the unit as a whole. */
  member_id: number | null;
  client_id: string;
  observed_at: string;
  created_by: number;
  created_at: string;
}

export interface RectificationTable {
  id: Generated<number>;
  finding_id: number;
  unit_id: number;
  owner_member_id: number;
  requirement: string;
  /** YYYY-MM-DD (Asia/Shanghai). */
  deadline: string;
  /** open | submitted | accepted (overdue is open or submitted past the deadline) */
  status: string;
  response: Generated<string>;
  review_note: Generated<string>;
  submitted_at: string | null;
  accepted_at: string | null;
  accepted_by: number | null;
  created_by: number;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface RectificationEvidenceTable {
  id: Generated<number>;
  rectification_id: number;
  file_id: number;
  note: Generated<string>;
  created_by: number;
  created_at: string;
}

export interface AcceptanceItemTable {
  id: Generated<number>;
  year: number;
  item_key: string;
  section: string;
  category: string;
  title: string;
  max_points: number;
  guidance: Generated<string>;
  /** 'manual' or an evidence provider's metric key. */
  source: string;
  sort_order: number;
}

export interface AcceptanceTeamTable {
  id: Generated<number>;
  year: number;
  name: string;
  scope_unit_id: number;
  lead_user_id: number;
  created_by: number;
  created_at: string;
}

export interface AcceptanceTeamMemberTable {
  team_id: number;
  user_id: number;
  /** 党建办 | 效能办 | 党政办 */
  office: string;
}

export interface AcceptanceScoreTable {
  id: Generated<number>;
  year: number;
  unit_id: number;
  team_id: number;
  user_id: number;
  /** JSON: [{ key, tenths, note, photoFileId }] */
  items: string;
  total_tenths: number;
  submitted_at: string;
}

export interface AcceptanceResultTable {
  id: Generated<number>;
  year: number;
  unit_id: number;
  team_id: number;
  locked: Generated<number>;
  score_x100: number | null;
  spread_x100: number | null;
  grade: string | null;
  method: string | null;
  signed_by: number | null;
  signed_at: string | null;
  version: Generated<number>;
}

export interface AcceptanceUnlockTable {
  id: Generated<number>;
  result_id: number;
  reason: string;
  user_id: number;
  created_at: string;
}

export interface AssessmentTables {
  assessment_files: AssessmentFileTable;
  inspections: InspectionTable;
  inspection_team: InspectionTeamTable;
  inspection_units: InspectionUnitTable;
  inspection_findings: InspectionFindingTable;
  rectifications: RectificationTable;
  rectification_evidence: RectificationEvidenceTable;
  acceptance_items: AcceptanceItemTable;
  acceptance_teams: AcceptanceTeamTable;
  acceptance_team_members: AcceptanceTeamMemberTable;
  acceptance_scores: AcceptanceScoreTable;
  acceptance_results: AcceptanceResultTable;
  acceptance_unlocks: AcceptanceUnlockTable;
}
