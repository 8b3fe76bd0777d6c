// The channels module's SQL (issue 10, module shape): the outbox's claims and outcomes
// (decision 005), the channels and their deliveries, the user's preferences, and the members
// the reminders go to (org's reference tables, read here as decision 012 allows).
import { sql, type ExpressionBuilder, type Insertable, type Updateable } from 'kysely';
import type { DB } from '../../db';
import type { Database } from '../../db/schema';
import { withinReach } from '../../db/subtree';
import type { Reach } from '../../platform/policy';

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

// ---- the channels ----

const channelBase = (db: DB) =>
  db
    .selectFrom('notification_channels as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.kind', 'c.name', 'c.unit_id', 'c.config', 'c.events', 'c.enabled', 'c.created_at', 'c.updated_at', 'c.version', 'u.name as unit_name', 'u.path as unit_path']);
export type ChannelRow = Awaited<ReturnType<ReturnType<typeof channelBase>['executeTakeFirstOrThrow']>>;

/** One channel with its unit's name and path. */
export const channelById = (db: DB, id: number): Promise<ChannelRow | undefined> => channelBase(db).where('c.id', '=', id).executeTakeFirst();

/** The channels an action's reach admits, by unit path and id. */
export const channelsWithin = (db: DB, reach: Reach): Promise<ChannelRow[]> =>
  channelBase(db).where(withinReach(reach, { unitPath: 'u.path' })).orderBy('u.path').orderBy('c.id').execute();

export const unitById = (db: DB, id: number) => db.selectFrom('units').select(['id', 'path', 'name']).where('id', '=', id).executeTakeFirst();

export async function insertChannel(db: DB, values: Insertable<Database['notification_channels']>): Promise<number> {
  const { id } = await db.insertInto('notification_channels').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Updates a channel if its version is still `version`; whether it did. */
export async function updateChannelIf(db: DB, id: number, version: number, change: Updateable<Database['notification_channels']>): Promise<boolean> {
  const r = await db.updateTable('notification_channels').set(change).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes a channel and its deliveries; how many deliveries went. */
export async function deleteChannelRows(db: DB, id: number): Promise<number> {
  const d = await db.deleteFrom('notification_deliveries').where('channel_id', '=', id).executeTakeFirst();
  await db.deleteFrom('notification_channels').where('id', '=', id).execute();
  return Number(d.numDeletedRows);
}

export const memberEmail = async (db: DB, memberId: number) => (await db.selectFrom('members').select('email').where('id', '=', memberId).executeTakeFirst())?.email;

// ---- the deliveries ----

/** Deliveries per channel and status. */
export const deliveryCounts = (db: DB, ids: number[]) =>
  db
    .selectFrom('notification_deliveries')
    .select(['channel_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('channel_id', 'in', ids)
    .groupBy(['channel_id', 'status'])
    .execute();

/** The newest delivery with an error per channel. */
export const lastDeliveryErrors = (db: DB, ids: number[]) =>
  db
    .selectFrom('notification_deliveries as d')
    .select(['d.channel_id', 'd.last_error'])
    .where('d.channel_id', 'in', ids)
    .where('d.last_error', 'is not', null)
    .where('d.id', '=', (eb) =>
      eb
        .selectFrom('notification_deliveries as e')
        .select((e) => e.fn.max('e.id').as('m'))
        .whereRef('e.channel_id', '=', 'd.channel_id')
        .where('e.last_error', 'is not', null),
    )
    .execute();

export async function insertDelivery(db: DB, values: Insertable<Database['notification_deliveries']>): Promise<number> {
  const { id } = await db.insertInto('notification_deliveries').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** One page of a channel's deliveries, newest first, and how many there are. */
export async function deliveryPage(db: DB, channelId: number, status: string | undefined, limit: number, offset: number) {
  let base = db.selectFrom('notification_deliveries').where('channel_id', '=', channelId);
  if (status) base = base.where('status', '=', status);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Puts a failed (not test) delivery of the channel back in the queue; whether there was one. */
export async function requeueFailed(db: DB, channelId: number, deliveryId: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('notification_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, claimed_by: null, claimed_until: null, created_at: now })
    .where('id', '=', deliveryId)
    .where('channel_id', '=', channelId)
    .where('status', '=', 'failed')
    .where('kind', '!=', 'test')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---- preferences (user_preferences rows; absent = the default) ----

export const preferencesOf = (db: DB, userId: number) => db.selectFrom('user_preferences').select(['key', 'value']).where('user_id', '=', userId).execute();

export async function upsertPreference(db: DB, userId: number, key: string, value: string) {
  await db
    .insertInto('user_preferences')
    .values({ user_id: userId, key, value })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doUpdateSet({ value }))
    .execute();
}

/** Members with a preference set to `value` on any of their accounts. */
export async function membersWithPreference(db: DB, key: string, value: string): Promise<number[]> {
  const rows = await db
    .selectFrom('user_preferences as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select('u.member_id')
    .where('p.key', '=', key)
    .where('p.value', '=', value)
    .where('u.member_id', 'is not', null)
    .execute();
  return rows.map((r) => Number(r.member_id));
}

// ---- the reminders' recipients ----

/** Active members with their unit's path, by id. */
export const activeMembers = (db: DB) =>
  db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select(['m.id', 'm.name', 'u.path']).where('m.status', '=', 'active').orderBy('m.id').execute();
