// SQL of the evidence area: uploaded photos and files, and the units evidence is collected for.
import type { DB } from '../../../db';
import { inSubtrees } from '../../../db/subtree';

export async function insertFile(trx: DB, v: { purpose: string; uploaded_by: number; filename: string; mime: string; size: number; sha256: string; data_base64: string; created_at: string }) {
  const { id } = await trx.insertInto('assessment_files').values(v).returning('id').executeTakeFirstOrThrow();
  return id;
}

export const getFile = (db: DB, id: number) => db.selectFrom('assessment_files').selectAll().where('id', '=', id).executeTakeFirst();

export const fileMeta = (db: DB, id: number) =>
  db.selectFrom('assessment_files').select(['id', 'purpose', 'uploaded_by', 'attached', 'mime', 'size', 'filename']).where('id', '=', id).executeTakeFirst();

/** Marks a file used; false when it was already used (a file belongs to one record). */
export async function attachFile(trx: DB, id: number): Promise<boolean> {
  const r = await trx.updateTable('assessment_files').set({ attached: 1 }).where('id', '=', id).where('attached', '=', 0).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** What refers to a file: the finding's unit, the rectification's unit and owner, or the score sheet's unit. */
export async function fileUses(db: DB, id: number) {
  const [finding, evidence, scores] = await Promise.all([
    db.selectFrom('inspection_findings as f').innerJoin('units as u', 'u.id', 'f.unit_id').select(['u.path']).where('f.photo_file_id', '=', id).executeTakeFirst(),
    db
      .selectFrom('rectification_evidence as e')
      .innerJoin('rectifications as r', 'r.id', 'e.rectification_id')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select(['u.path', 'r.owner_member_id'])
      .where('e.file_id', '=', id)
      .executeTakeFirst(),
    db.selectFrom('acceptance_scores as s').innerJoin('units as u', 'u.id', 's.unit_id').select(['u.path', 's.items']).where('s.items', 'like', `%"photoFileId":${id}%`).execute(),
  ]);
  return { finding, evidence, score: scores.find((s) => (JSON.parse(s.items) as { photoFileId?: number | null }[]).some((i) => i.photoFileId === id)) };
}

/** Every unit under the paths (for rolling counts up a subtree). */
export const unitsUnder = (db: DB, paths: string[]) => db.selectFrom('units').select(['id', 'path']).where(inSubtrees('path', paths)).execute();
