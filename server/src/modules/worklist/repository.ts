// Counts of the clerk's pending work over the units they reach; each count is what the
// linked console list shows with its filter.
import type { DB } from '../../db';
import { withinReach } from '../../db/subtree';
import type { Reach } from '../../platform/policy';

const n = (r: { n: number | string | bigint } | undefined) => Number(r?.n ?? 0);

export async function countReflectionsToReview(db: DB, reach: Reach) {
  return n(
    await db
      .selectFrom('reflections as r')
      .innerJoin('members as m', 'm.id', 'r.member_id')
      .innerJoin('units as u', 'u.id', 'm.unit_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('r.status', '=', 'submitted')
      .where(withinReach(reach, { unitPath: 'u.path' }))
      .executeTakeFirst(),
  );
}

export async function countLeaveRequests(db: DB, reach: Reach) {
  return n(
    await db
      .selectFrom('leave_requests as l')
      .innerJoin('members as m', 'm.id', 'l.member_id')
      .innerJoin('units as u', 'u.id', 'm.unit_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('l.status', '=', 'pending')
      .where(withinReach(reach, { unitPath: 'u.path' }))
      .executeTakeFirst(),
  );
}

export async function countOverdueLoans(db: DB, reach: Reach, today: string) {
  return n(
    await db
      .selectFrom('loans as l')
      .innerJoin('members as m', 'm.id', 'l.member_id')
      .innerJoin('units as u', 'u.id', 'm.unit_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('l.returned_at', 'is', null)
      .where('l.due_on', '<', today)
      .where(withinReach(reach, { unitPath: 'u.path' }))
      .executeTakeFirst(),
  );
}
