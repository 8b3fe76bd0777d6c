import type { Generated } from 'kysely';

/** Lobby screens and LED boards (issue 18). */
export interface DisplayScreenTable {
  id: Generated<number>;
  unit_id: number;
  name: string;
  place: Generated<string>;
  /** SHA-256 (hex) of the secret in the screen's URL. */
  token_hash: string;
  /** default | contrast */
  theme: Generated<string>;
  /** JSON array of { kind, seconds? }. */
  playlist_json: Generated<string>;
  revoked_at: string | null;
  last_seen_at: string | null;
  last_ip: string | null;
  last_agent: string | null;
  /** 'WIDTHxHEIGHT' the screen reported. */
  last_size: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface AnnouncementTable {
  id: Generated<number>;
  unit_id: number;
  title: string;
  body_html: Generated<string>;
  body_text: Generated<string>;
  pinned: Generated<number>;
  public: Generated<number>;
  /** ISO UTC. */
  publish_from: string;
  publish_until: string | null;
  withdrawn_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface AnnouncementTargetTable {
  id: Generated<number>;
  announcement_id: number;
  unit_id: number;
}

export interface AnnouncementImageTable {
  id: Generated<number>;
  announcement_id: number;
  sort_order: Generated<number>;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  data_base64: string;
  created_at: string;
}

export interface AnnouncementReadTable {
  id: Generated<number>;
  announcement_id: number;
  member_id: number;
  unit_id: number;
  read_at: string;
}

export interface DisplayQuoteTable {
  id: Generated<number>;
  unit_id: number;
  text: string;
  source: Generated<string>;
  created_by: number | null;
  created_at: string;
}

export interface DisplayTables {
  display_screens: DisplayScreenTable;
  announcements: AnnouncementTable;
  announcement_targets: AnnouncementTargetTable;
  announcement_images: AnnouncementImageTable;
  announcement_reads: AnnouncementReadTable;
  display_quotes: DisplayQuoteTable;
}
