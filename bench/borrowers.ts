// The borrowers of the borrow benchmarks (borrow.bench.ts, borrow-ab.ts): one member a connection,
// each with a copy of their own town's room, and the reset that puts those copies back on the shelf.
import { sql } from 'kysely';
import { openDatabase } from '../server/src/db';
import type { District } from './generate';

export interface Borrower {
  username: string;
  memberId: number;
  barcode: string;
}

/** The first `count` members of the district, each given the next unused copy of their town. */
export async function borrowers(d: District, count: number): Promise<Borrower[]> {
  const h = openDatabase(d);
  const used = new Map<number, number>();
  const out: Borrower[] = [];
  for (const u of d.memberUsers.slice(0, count)) {
    const k = used.get(u.town) ?? 0;
    used.set(u.town, k + 1);
    const { member_id } = await h.db.selectFrom('users').select('member_id').where('username', '=', u.username).executeTakeFirstOrThrow();
    out.push({ username: u.username, memberId: member_id!, barcode: d.towns[u.town]!.copies[k]! });
  }
  await h.destroy();
  return out;
}

/** Every bench copy back on the shelf, between runs (a run can stop between a borrow and its return). */
export async function resetCopies(d: District, barcodes: string[]) {
  const h = openDatabase(d);
  const ids = (await h.db.selectFrom('copies').select('id').where('barcode', 'in', barcodes).execute()).map((r) => r.id);
  await h.db.updateTable('loans').set({ returned_at: new Date().toISOString() }).where('copy_id', 'in', ids).where('returned_at', 'is', null).execute();
  await h.db.updateTable('copies').set({ status: 'available' }).where('id', 'in', ids).execute();
  if (h.dialect === 'postgres') await sql`VACUUM ANALYZE copies, loans, audit_log`.execute(h.db);
  await h.destroy();
}
