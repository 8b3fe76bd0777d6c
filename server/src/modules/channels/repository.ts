// The channels module's SQL: the outbox's claims and outcomes (decision 005).
import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '../../db';
import type { Database } from '../../db/schema';

/**
 * Claims up to `limit` due deliveries with `token`: pending ones whose time has come, and ones
 * whose lease ran out (the node that claimed them stopped or hung). Returns the ids this claim won.
 */
export async function claimDeliveries(db: DB, token: string, nowS: string, leaseUntil: string, limit: number): Promise<number[]> {
  const due = (eb: ExpressionBuilder<Database, 'notification_deliveries'>) =>
    eb.or([
      eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', nowS)]),
      // An expired lease: the node that claimed it stopped or hung.
      eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<', nowS)]),
    ]);
  const candidates = await db.selectFrom('notification_deliveries').select('id').where(due).orderBy('id').limit(limit).execute();
  if (candidates.length === 0) return [];
  await db
    .updateTable('notification_deliveries')
    .set({ status: 'sending', claimed_by: token, claimed_until: leaseUntil, attempts: sql<number>`attempts + 1` })
    .where(
      'id',
      'in',
      candidates.map((c) => c.id),
    )
    // The same condition again: of two nodes that picked the same row, one update wins.
    .where(due)
    .execute();
  const won = await db.selectFrom('notification_deliveries').select('id').where('claimed_by', '=', token).execute();
  return won.map((r) => r.id);
}

/** Records a claimed delivery's outcome; false when the claim was lost to another node meanwhile. */
export async function finishDelivery(db: DB, id: number, claimedBy: string, change: { status: string; last_error: string | null; next_attempt_at?: string; sent_at?: string }) {
  const r = await db
    .updateTable('notification_deliveries')
    .set({ ...change, claimed_until: null })
    .where('id', '=', id)
    .where('claimed_by', '=', claimedBy)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A claimed delivery with its channel. */
export const claimedDelivery = (db: DB, id: number) =>
  db
    .selectFrom('notification_deliveries')
    .innerJoin('notification_channels', 'notification_channels.id', 'notification_deliveries.channel_id')
    .select([
      'notification_deliveries.id',
      'notification_deliveries.claimed_by',
      'notification_deliveries.attempts',
      'notification_deliveries.recipient',
      'notification_deliveries.subject',
      'notification_deliveries.body',
      'notification_deliveries.extra',
      'notification_deliveries.created_at',
      'notification_channels.kind as channel_kind',
      'notification_channels.config',
      'notification_channels.enabled',
    ])
    .where('notification_deliveries.id', '=', id)
    .executeTakeFirst();
