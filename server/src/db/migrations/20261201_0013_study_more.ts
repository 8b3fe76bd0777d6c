import type { Kysely } from 'kysely';

// Daily jobs claim their day with a lease (decision 008): the claim row
// records its holder (already there) and when the lease runs out; a finished
// run is marked done. An unfinished claim whose lease has run out is taken
// over by another node, so a node that dies after claiming does not leave the
// day's reminders unsent.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('job_runs').addColumn('expires_at', 'text').execute();
  await db.schema.alterTable('job_runs').addColumn('finished_at', 'text').execute();
  // Runs claimed before leases existed were run (or are running) to the end.
  await db.updateTable('job_runs').set((eb) => ({ finished_at: eb.ref('started_at'), expires_at: eb.ref('started_at') })).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
