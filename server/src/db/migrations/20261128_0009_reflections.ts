import type { Kysely } from 'kysely';

// Reflections (读书心得): placeholder until the reflections tables land.
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
