import type { Generated } from 'kysely';

// Tables of migration 0070 (the year score's outcome: the ten, certificates, creations).

export interface HonorListTable {
  id: Generated<number>;
  year: number;
  unit_id: number;
  title: string;
  status: string;
  confirmed_by: number | null;
  confirmed_at: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface HonorEntryTable {
  id: Generated<number>;
  list_id: number;
  member_id: number;
  included: number;
  position: number | null;
  score_hundredths: number;
  rank: number;
  reason: string | null;
}

export interface CertificateKeyTable {
  id: Generated<number>;
  key_id: string;
  public_key_pem: string;
  private_key_pem: string;
  created_at: string;
}

export interface CertificateTable {
  id: Generated<number>;
  number: string;
  year: number;
  list_id: number;
  member_id: number;
  unit_id: number;
  name: string;
  unit_name: string;
  title: string;
  issued_on: string;
  key_id: string;
  signature: string;
  /** valid | revoked */
  status: string;
  revoked_at: string | null;
  revoked_by: number | null;
  revoke_reason: string | null;
  created_by: number | null;
  created_at: string;
}

export interface CertificateSealTable {
  id: Generated<number>;
  unit_id: number;
  mime: string;
  sha256: string;
  data_base64: string;
  uploaded_by: number | null;
  uploaded_at: string;
}

export interface CreationTagTable {
  id: Generated<number>;
  entity: string;
  entity_id: number;
  creation: string;
  created_by: number | null;
  created_at: string;
}

export interface ArchiveBuildTable {
  id: string;
  unit_id: number;
  year: number;
  running_key: string | null;
  status: 'building' | 'done' | 'failed';
  done: Generated<number>;
  total: Generated<number>;
  current: Generated<string>;
  bytes: Generated<number>;
  chunks: Generated<number>;
  error: string | null;
  lease_until: string;
  created_by: number | null;
  started_at: string;
  finished_at: string | null;
}

export interface ArchiveBuildChunkTable {
  build_id: string;
  seq: number;
  data_base64: string;
}

export interface ScorecardTables {
  archive_builds: ArchiveBuildTable;
  archive_build_chunks: ArchiveBuildChunkTable;
  honor_lists: HonorListTable;
  honor_entries: HonorEntryTable;
  certificate_keys: CertificateKeyTable;
  certificates: CertificateTable;
  certificate_seals: CertificateSealTable;
  creation_tags: CreationTagTable;
}
