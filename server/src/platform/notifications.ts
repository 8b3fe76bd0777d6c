import crypto from 'node:crypto';
import type { DB } from '../db';
import { nowIso } from './time';

export interface Notice {
  kind: string;
  title: string;
  body?: string;
  link?: string;
  /** Same key, same notice: written once however many nodes or runs try. */
  dedupeKey?: string;
  /**
   * false: no message to the group robots (WeCom / DingTalk) for this notice,
   * because the caller sends one group message for the whole batch with
   * notifyGroups (the daily study reminders). E-mail still goes per member.
   */
  robots?: boolean;
}

/** Outgoing channel kinds that post into a group chat rather than to one person. */
export const ROBOT_KINDS = ['wecom', 'dingtalk'];

/** Puts a notice in the inbox of every account of a member and queues it for the outgoing channels; returns how many inbox notices were new. */
export async function notifyMember(db: DB, memberId: number, n: Notice): Promise<number> {
  const users = await db.selectFrom('users').select('id').where('member_id', '=', memberId).where('disabled', '=', 0).execute();
  let added = 0;
  for (const u of users) added += await insertNotice(db, u.id, { ...n, dedupeKey: n.dedupeKey ? `${n.dedupeKey}:u${u.id}` : undefined });
  await enqueueForMember(db, memberId, n);
  return added;
}

/** Puts a notice in one account's inbox; an account that belongs to a member also gets it through the outgoing channels. */
export async function notifyUser(db: DB, userId: number, n: Notice): Promise<number> {
  const added = await insertNotice(db, userId, n);
  const user = await db.selectFrom('users').select('member_id').where('id', '=', userId).executeTakeFirst();
  if (user?.member_id) await enqueueForMember(db, user.member_id, n.dedupeKey ? { ...n, dedupeKey: `${n.dedupeKey}:u${userId}` } : n);
  return added;
}

async function insertNotice(db: DB, userId: number, n: Notice): Promise<number> {
  const r = await db
    .insertInto('notifications')
    .values({ user_id: userId, kind: n.kind, title: n.title, body: n.body ?? '', link: n.link ?? null, dedupe_key: n.dedupeKey ?? null, created_at: nowIso(), read_at: null })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? 1 : 0;
}

interface ChannelScope {
  id: number;
  kind: string;
  events: string;
  unit_path: string;
}

/** Enabled channels that carry this kind of notice. */
async function channelsFor(db: DB, kind: string): Promise<ChannelScope[]> {
  const rows = await db
    .selectFrom('notification_channels')
    .innerJoin('units', 'units.id', 'notification_channels.unit_id')
    .select(['notification_channels.id', 'notification_channels.kind', 'notification_channels.events', 'units.path as unit_path'])
    .where('notification_channels.enabled', '=', 1)
    .execute();
  return rows.filter((c) => carriesKind(c.events, kind));
}

/** Whether a channel's events (a JSON array of kinds, "*" for all) include this kind. */
export function carriesKind(events: string, kind: string): boolean {
  try {
    const list = JSON.parse(events) as unknown;
    return Array.isArray(list) && (list.includes('*') || list.includes(kind));
  } catch {
    return false;
  }
}

interface DeliveryInput {
  channelId: number;
  dedupeKey: string;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  extra: { mentions?: string[]; link?: string; names?: string[] };
}

/** Adds a row to the outbox; the same (channel, key) twice is stored once. Returns whether it was new. */
export async function enqueueDelivery(db: DB, d: DeliveryInput): Promise<boolean> {
  const now = nowIso();
  const r = await db
    .insertInto('notification_deliveries')
    .values({
      channel_id: d.channelId,
      dedupe_key: d.dedupeKey,
      kind: d.kind,
      recipient: d.recipient,
      subject: d.subject,
      body: d.body,
      extra: JSON.stringify(d.extra),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      claimed_by: null,
      claimed_until: null,
      sent_at: null,
      last_error: null,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['channel_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return Boolean(r);
}

/**
 * Fan-out of one member's notice: one e-mail per SMTP channel (when the member
 * has an address) and, unless the caller batches them, one group message per
 * robot channel, for every enabled channel whose unit subtree holds the
 * member's unit and whose events include the notice's kind.
 */
async function enqueueForMember(db: DB, memberId: number, n: Notice) {
  const channels = await channelsFor(db, n.kind);
  if (channels.length === 0) return;
  const m = await db
    .selectFrom('members')
    .innerJoin('units', 'units.id', 'members.unit_id')
    .select(['members.name', 'members.phone', 'members.email', 'members.status', 'units.path'])
    .where('members.id', '=', memberId)
    .executeTakeFirst();
  if (!m || m.status !== 'active') return;
  // Without a caller's key a notice is not deduplicated anywhere, so neither is its delivery.
  const key = `${n.dedupeKey ?? `notice:${crypto.randomUUID()}`}:m${memberId}`;
  for (const c of channels) {
    if (!m.path.startsWith(c.unit_path)) continue;
    if (c.kind === 'smtp') {
      if (!m.email) continue;
      await enqueueDelivery(db, { channelId: c.id, dedupeKey: key, kind: n.kind, recipient: m.email, subject: n.title, body: n.body ?? '', extra: { link: n.link } });
    } else if (ROBOT_KINDS.includes(c.kind) && n.robots !== false) {
      await enqueueDelivery(db, {
        channelId: c.id,
        dedupeKey: key,
        kind: n.kind,
        recipient: m.name,
        subject: `${m.name}：${n.title}`,
        body: n.body ?? '',
        extra: { link: n.link, mentions: m.phone ? [m.phone] : [] },
      });
    }
  }
}

export interface GroupNotice {
  kind: string;
  title: string;
  body?: string;
  link?: string;
  /** One message per channel and key (e.g. 'reminder-evening:2026-11-28'). */
  dedupeKey: string;
}

/**
 * One message per group-robot channel for a batch of members (a daily
 * reminder): the names of the members inside the channel's unit subtree, each
 * @-mentioned by phone. Returns how many messages were queued.
 */
export async function notifyGroups(db: DB, memberIds: number[], n: GroupNotice): Promise<number> {
  if (memberIds.length === 0) return 0;
  const channels = (await channelsFor(db, n.kind)).filter((c) => ROBOT_KINDS.includes(c.kind));
  if (channels.length === 0) return 0;
  const members: { id: number; name: string; phone: string | null; path: string }[] = [];
  // Chunked so the IN list stays small on either database.
  for (let i = 0; i < memberIds.length; i += 500) {
    members.push(
      ...(await db
        .selectFrom('members')
        .innerJoin('units', 'units.id', 'members.unit_id')
        .select(['members.id', 'members.name', 'members.phone', 'units.path'])
        .where('members.id', 'in', memberIds.slice(i, i + 500))
        .where('members.status', '=', 'active')
        .orderBy('units.path')
        .orderBy('members.id')
        .execute()),
    );
  }
  let queued = 0;
  for (const c of channels) {
    const inScope = members.filter((m) => m.path.startsWith(c.unit_path));
    if (inScope.length === 0) continue;
    const names = inScope.map((m) => m.name);
    const mentions = inScope.flatMap((m) => (m.phone ? [m.phone] : []));
    if (await enqueueDelivery(db, { channelId: c.id, dedupeKey: n.dedupeKey, kind: n.kind, recipient: `${names.length}人`, subject: n.title, body: n.body ?? '', extra: { link: n.link, mentions, names } })) queued++;
  }
  return queued;
}
