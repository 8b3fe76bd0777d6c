import type { DB } from '../db';
import { nowIso } from './time';

export interface Notice {
  kind: string;
  title: string;
  body?: string;
  link?: string;
  /** Same key, same notice: written once however many nodes or runs try. */
  dedupeKey?: string;
}

/** Puts a notice in the inbox of every account of a member; returns how many were new. */
export async function notifyMember(db: DB, memberId: number, n: Notice): Promise<number> {
  const users = await db.selectFrom('users').select('id').where('member_id', '=', memberId).where('disabled', '=', 0).execute();
  let added = 0;
  for (const u of users) added += await notifyUser(db, u.id, { ...n, dedupeKey: n.dedupeKey ? `${n.dedupeKey}:u${u.id}` : undefined });
  return added;
}

export async function notifyUser(db: DB, userId: number, n: Notice): Promise<number> {
  const r = await db
    .insertInto('notifications')
    .values({ user_id: userId, kind: n.kind, title: n.title, body: n.body ?? '', link: n.link ?? null, dedupe_key: n.dedupeKey ?? null, created_at: nowIso(), read_at: null })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? 1 : 0;
}
