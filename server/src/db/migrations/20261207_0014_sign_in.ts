import type { Kysely } from 'kysely';

// Sign-in rate counters in the database, so every app node sees the same counts (issue 11
// item 8): one row per bucket ("p:<address>|<username>" for an account from an address,
// "a:<address>" for all accounts from an address), counting hits in the current minute.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_rate')
    .addColumn('bucket', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'integer', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_rate_window').on('login_rate').column('window_start').execute();
  // A new second factor waits here until its first code is confirmed; the one in use stays on
  // meanwhile (issue 12 defect 5).
  await db.schema.alterTable('users').addColumn('totp_pending_secret', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
