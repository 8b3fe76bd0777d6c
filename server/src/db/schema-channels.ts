import type { Generated } from 'kysely';

// Tables of migration 0008 (outgoing notification channels). members.email is
// declared on MemberTable in schema.ts.

export interface NotificationChannelTable {
  id: Generated<number>;
  /** wecom | dingtalk | smtp */
  kind: string;
  name: string;
  unit_id: number;
  /** JSON */
  config: string;
  /** JSON array of notification kinds, or ["*"] */
  events: Generated<string>;
  enabled: Generated<number>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface NotificationDeliveryTable {
  id: Generated<number>;
  channel_id: number;
  dedupe_key: string;
  kind: string;
  recipient: Generated<string>;
  subject: string;
  body: string;
  /** JSON */
  extra: Generated<string>;
  /** pending | sending | sent | failed */
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  sent_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface ChannelTables {
  notification_channels: NotificationChannelTable;
  notification_deliveries: NotificationDeliveryTable;
}
