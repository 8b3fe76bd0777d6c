// The auth module's SQL: sign-in counters that must hold across parallel requests and app nodes.
import { sql } from 'kysely';
import type { DB } from '../../db';

export interface Attempt {
  /** Failures on the account counting this attempt (reserved before the password is checked). */
  failures: number;
  lockedUntil: string | null;
}

/**
 * Counts one attempt on the account, atomically, before the password is checked: parallel
 * attempts each get their own number, so no more than the limit are ever checked. A lock that
 * has run out starts the count again.
 */
export async function reserveAttempt(db: DB, username: string, nowIsoText: string): Promise<Attempt> {
  const expired = sql<boolean>`login_throttle.locked_until IS NOT NULL AND login_throttle.locked_until <= ${nowIsoText}`;
  const row = await db
    .insertInto('login_throttle')
    .values({ username, failures: 1, locked_until: null, updated_at: nowIsoText })
    .onConflict((oc) =>
      oc.column('username').doUpdateSet({
        failures: sql<number>`CASE WHEN ${expired} THEN 1 ELSE login_throttle.failures + 1 END`,
        locked_until: sql<string | null>`CASE WHEN ${expired} THEN NULL ELSE login_throttle.locked_until END`,
        updated_at: nowIsoText,
      }),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirstOrThrow();
  return { failures: Number(row.failures), lockedUntil: row.locked_until };
}

/** Locks the account until `until` (a lock already further out stays), and starts the count again. */
export async function lockAccount(db: DB, username: string, until: string, nowIsoText: string) {
  await db
    .updateTable('login_throttle')
    .set({
      failures: 0,
      locked_until: sql<string>`CASE WHEN locked_until IS NOT NULL AND locked_until > ${until} THEN locked_until ELSE ${until} END`,
      updated_at: nowIsoText,
    })
    .where('username', '=', username)
    .execute();
}

/** Gives back an attempt that turned out not to be a failure (a second factor still to come). */
export async function releaseAttempt(db: DB, username: string) {
  await db
    .updateTable('login_throttle')
    .set({ failures: sql<number>`CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END` })
    .where('username', '=', username)
    .execute();
}

export async function lockedUntil(db: DB, username: string): Promise<string | null> {
  const row = await db.selectFrom('login_throttle').select('locked_until').where('username', '=', username).executeTakeFirst();
  return row?.locked_until ?? null;
}

export async function clearAttempts(db: DB, username: string) {
  await db.deleteFrom('login_throttle').where('username', '=', username).execute();
}

/**
 * Counts one hit in each bucket for the current minute and returns the counts, atomically
 * (one statement per bucket), so every app node sees the same numbers.
 */
export async function hitRate(db: DB, buckets: string[], minute: number): Promise<number[]> {
  const out: number[] = [];
  for (const bucket of buckets) {
    const row = await db
      .insertInto('login_rate')
      .values({ bucket, window_start: minute, hits: 1 })
      .onConflict((oc) =>
        oc.column('bucket').doUpdateSet({
          hits: sql<number>`CASE WHEN login_rate.window_start = ${minute} THEN login_rate.hits + 1 ELSE 1 END`,
          window_start: minute,
        }),
      )
      .returning('hits')
      .executeTakeFirstOrThrow();
    out.push(Number(row.hits));
  }
  // Old windows are of no use: cleared now and then, by whichever node happens to be here.
  if (Math.random() < 0.01) await db.deleteFrom('login_rate').where('window_start', '<', minute - 1).execute();
  return out;
}

// ── The accounts, as the sign-in and the user's own security changes read and write them ──

export const userByName = (db: DB, username: string) => db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();

export const userById = (db: DB, id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

export async function setPassword(db: DB, id: number, hash: string, version: number, at: string) {
  await db.updateTable('users').set({ password_hash: hash, must_change_password: 0, password_changed_at: at, updated_at: at, version }).where('id', '=', id).execute();
}

export async function setPendingTotp(db: DB, id: number, secret: string, at: string) {
  await db.updateTable('users').set({ totp_pending_secret: secret, updated_at: at }).where('id', '=', id).execute();
}

export async function confirmTotp(db: DB, id: number, secret: string, at: string) {
  await db.updateTable('users').set({ totp_secret: secret, totp_pending_secret: null, totp_enabled: 1, updated_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: DB, sessionId: string) {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** The member an account belongs to, with their unit's name (for /api/me). */
export const memberCard = (db: DB, memberId: number) =>
  db
    .selectFrom('members')
    .innerJoin('units', 'units.id', 'members.unit_id')
    .select(['members.id', 'members.name', 'members.unit_id', 'units.name as unit_name', 'members.position', 'members.category'])
    .where('members.id', '=', memberId)
    .executeTakeFirst();

/** The accounts locked now. */
export const lockedNames = async (db: DB, nowIsoText: string) => (await db.selectFrom('login_throttle').select('username').where('locked_until', '>', nowIsoText).execute()).map((r) => r.username);
