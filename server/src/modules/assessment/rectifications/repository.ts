// All SQL of rectifications (整改).
import type { DB } from '../../../db';

/** Rectifications of the units whose deadline falls in the period. */
export const rectificationsDueBetween = (db: DB, unitIds: number[], from: string, to: string) =>
  unitIds.length
    ? db.selectFrom('rectifications').select(['unit_id', 'status', 'accepted_at', 'deadline']).where('unit_id', 'in', unitIds).where('deadline', '>=', from).where('deadline', '<=', to).execute()
    : Promise.resolve([]);
