// All SQL of rectifications (整改).
import type { DB } from '../../../db';
import { inSubtrees, withinReach } from '../../../db/subtree';
import type { Reach } from '../../../platform/policy';

/** Rectifications of the units whose deadline falls in the period. */
export const rectificationsDueBetween = (db: DB, unitIds: number[], from: string, to: string) =>
  unitIds.length
    ? db.selectFrom('rectifications').select(['unit_id', 'status', 'accepted_at', 'deadline']).where('unit_id', 'in', unitIds).where('deadline', '>=', from).where('deadline', '<=', to).execute()
    : Promise.resolve([]);

/** One member's own tasks not yet closed (销号), counted by status; open ones past the deadline apart. */
export const ownOpenCounts = (db: DB, memberId: number, today: string) =>
  db
    .selectFrom('rectifications')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>(eb.case().when('deadline', '<', today).then(1).else(0).end()).as('late')])
    .where('owner_member_id', '=', memberId)
    .where('status', '!=', 'accepted')
    .groupBy('status')
    .execute();

export const findingForRectification = (db: DB, findingId: number) =>
  db
    .selectFrom('inspection_findings as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .innerJoin('inspections as i', 'i.id', 'f.inspection_id')
    .select(['f.id', 'f.unit_id', 'f.text', 'f.item_key', 'u.path as unit_path', 'u.name as unit_name', 'i.year', 'i.status as inspection_status'])
    .where('f.id', '=', findingId)
    .executeTakeFirst();

export const memberInSubtree = (db: DB, memberId: number, path: string) =>
  db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.name'])
    .where('m.id', '=', memberId)
    .where('m.status', '=', 'active')
    .where(inSubtrees('u.path', [path]))
    .executeTakeFirst();

export const rectificationOfFinding = (db: DB, findingId: number) => db.selectFrom('rectifications').select('id').where('finding_id', '=', findingId).executeTakeFirst();

export async function insertRectification(
  trx: DB,
  v: { finding_id: number; unit_id: number; owner_member_id: number; requirement: string; deadline: string; created_by: number; now: string },
) {
  const { id } = await trx
    .insertInto('rectifications')
    .values({ finding_id: v.finding_id, unit_id: v.unit_id, owner_member_id: v.owner_member_id, requirement: v.requirement, deadline: v.deadline, status: 'open', created_by: v.created_by, created_at: v.now, updated_at: v.now })
    .onConflict((oc) => oc.column('finding_id').doNothing())
    .returning('id')
    .executeTakeFirst()
    .then((r) => r ?? { id: 0 });
  return id;
}

function base(db: DB) {
  return db
    .selectFrom('rectifications as r')
    .innerJoin('inspection_findings as f', 'f.id', 'r.finding_id')
    .innerJoin('inspections as i', 'i.id', 'f.inspection_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('members as m', 'm.id', 'r.owner_member_id')
    .selectAll('r')
    .select([
      'u.name as unit_name',
      'u.path as unit_path',
      'm.name as owner_name',
      'f.text as finding_text',
      'f.item_key',
      'f.score',
      'f.max_score',
      'f.photo_file_id',
      'i.id as inspection_id',
      'i.title as inspection_title',
      'i.items as inspection_items',
    ])
    .select((eb) => eb.selectFrom('rectification_evidence as e').select(eb.fn.countAll<number>().as('n')).whereRef('e.rectification_id', '=', 'r.id').as('evidence_count'));
}

export type RectificationRow = NonNullable<Awaited<ReturnType<typeof getRectification>>>;

export const getRectification = (db: DB, id: number) => base(db).where('r.id', '=', id).executeTakeFirst();

export function listRectifications(db: DB, reach: Reach, f: { unitId?: number; inspectionId?: number; status?: string; today: string }) {
  let q = base(db).where(withinReach(reach, { unitPath: 'u.path', memberId: 'r.owner_member_id' }));
  if (f.unitId) q = q.where('r.unit_id', '=', f.unitId);
  if (f.inspectionId) q = q.where('i.id', '=', f.inspectionId);
  if (f.status === 'overdue') q = q.where('r.status', '=', 'open').where('r.deadline', '<', f.today);
  else if (f.status === 'open') q = q.where('r.status', '=', 'open').where('r.deadline', '>=', f.today);
  else if (f.status) q = q.where('r.status', '=', f.status);
  return q.orderBy('r.deadline').orderBy('r.id').execute();
}

export const evidenceOf = (db: DB, rectificationId: number) =>
  db
    .selectFrom('rectification_evidence as e')
    .innerJoin('users as u', 'u.id', 'e.created_by')
    .innerJoin('assessment_files as f', 'f.id', 'e.file_id')
    .select(['e.id', 'e.file_id', 'e.note', 'e.created_at', 'u.display_name', 'f.filename'])
    .where('e.rectification_id', '=', rectificationId)
    .orderBy('e.id')
    .execute();

export async function insertEvidence(trx: DB, v: { rectification_id: number; file_id: number; note: string; created_by: number; created_at: string }) {
  const { id } = await trx.insertInto('rectification_evidence').values(v).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function moveStatus(
  trx: DB,
  id: number,
  version: number,
  from: string,
  set: { status: string; response?: string; review_note?: string; submitted_at?: string | null; accepted_at?: string | null; accepted_by?: number | null; now: string },
): Promise<boolean> {
  const { now, ...rest } = set;
  const r = await trx
    .updateTable('rectifications')
    .set({ ...rest, updated_at: now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open tasks due between the two days (inclusive), and open tasks already past their deadline. */
export const openDueBy = (db: DB, lastDay: string) =>
  db
    .selectFrom('rectifications as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('inspection_findings as f', 'f.id', 'r.finding_id')
    .innerJoin('inspections as i', 'i.id', 'f.inspection_id')
    .select(['r.id', 'r.owner_member_id', 'r.deadline', 'r.requirement', 'u.name as unit_name', 'i.created_by as inspection_owner'])
    .where('r.status', '=', 'open')
    .where('r.deadline', '<=', lastDay)
    .execute();
