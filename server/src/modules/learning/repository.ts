// SQL of the learning module's read-outs for other modules (the acceptance's evidence).
import { sql } from 'kysely';
import type { DB } from '../../db';

/** Per unit: active members, and how many of them kept online-learning and practice records in the days from–to (with the records' counts). */
export async function learningPerUnit(db: DB, unitIds: number[], from: string, to: string) {
  if (!unitIds.length) return { heads: [], online: [], practice: [] };
  const onlineQ = db
    .selectFrom('online_learning as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .select(['m.unit_id', sql<number>`COUNT(DISTINCT r.member_id)`.as('members'), sql<number>`COUNT(*)`.as('records')])
    .where('m.status', '=', 'active')
    .where('m.unit_id', 'in', unitIds)
    .where('r.day', '>=', from)
    .where('r.day', '<=', to)
    .groupBy('m.unit_id')
    .execute();
  const practiceQ = db
    .selectFrom('practice_activities as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .select(['m.unit_id', sql<number>`COUNT(DISTINCT r.member_id)`.as('members'), sql<number>`COUNT(*)`.as('records')])
    .where('m.status', '=', 'active')
    .where('m.unit_id', 'in', unitIds)
    .where('r.day', '>=', from)
    .where('r.day', '<=', to)
    .groupBy('m.unit_id')
    .execute();
  const [heads, online, practice] = await Promise.all([
    db.selectFrom('members').select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'active').where('unit_id', 'in', unitIds).groupBy('unit_id').execute(),
    onlineQ,
    practiceQ,
  ]);
  return { heads, online, practice };
}
