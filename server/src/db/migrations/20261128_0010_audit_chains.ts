import type { Kysely } from 'kysely';

// The audit log becomes several hash chains side by side. On PostgreSQL each
// chain has its own advisory lock, so concurrent writes no longer queue behind
// one lock; every record still links to the previous record of its chain, so
// a changed, inserted or deleted record breaks a chain as before. Existing
// records form chain 0.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('chain', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('audit_log_chain').on('audit_log').columns(['chain', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
