// All SQL of the ten, the certificates, the signing keys and the seal.
import type { DB } from '../../../db';
import { inSubtrees } from '../../../db/subtree';

export const listOf = (db: DB, year: number, unitId: number) => db.selectFrom('honor_lists').selectAll().where('year', '=', year).where('unit_id', '=', unitId).executeTakeFirst();

export const listById = (db: DB, id: number) =>
  db.selectFrom('honor_lists as l').innerJoin('units as u', 'u.id', 'l.unit_id').selectAll('l').select(['u.name as unit_name', 'u.path as unit_path']).where('l.id', '=', id).executeTakeFirst();

export async function listsInReach(db: DB, year: number, paths: string[] | null) {
  let q = db.selectFrom('honor_lists as l').innerJoin('units as u', 'u.id', 'l.unit_id').selectAll('l').select(['u.name as unit_name', 'u.path as unit_path']).where('l.year', '=', year);
  if (paths) q = q.where(inSubtrees('u.path', paths));
  return q.orderBy('u.path').execute();
}

export const entriesOf = (db: DB, listId: number) =>
  db
    .selectFrom('honor_entries as e')
    .innerJoin('members as m', 'm.id', 'e.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .selectAll('e')
    .select(['m.name', 'm.position as member_position', 'u.name as unit_name', 'u.path as unit_path'])
    .where('e.list_id', '=', listId)
    .orderBy('e.included', 'desc')
    .orderBy('e.position')
    .orderBy('e.rank')
    .execute();

export async function insertList(db: DB, v: { year: number; unitId: number; title: string; userId: number; now: string }) {
  const r = await db
    .insertInto('honor_lists')
    .values({ year: v.year, unit_id: v.unitId, title: v.title, status: 'confirmed', confirmed_by: v.userId, confirmed_at: v.now, created_at: v.now, updated_at: v.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateList(db: DB, id: number, version: number, v: { title: string; userId: number; now: string }) {
  const r = await db
    .updateTable('honor_lists')
    .set({ title: v.title, status: 'confirmed', confirmed_by: v.userId, confirmed_at: v.now, updated_at: v.now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const deleteEntries = (db: DB, listId: number) => db.deleteFrom('honor_entries').where('list_id', '=', listId).execute();

export async function insertEntries(db: DB, rows: { list_id: number; member_id: number; included: number; position: number | null; score_hundredths: number; rank: number; reason: string | null }[]) {
  if (rows.length) await db.insertInto('honor_entries').values(rows).execute();
}

// ---- keys ----

export const newestKey = (db: DB) => db.selectFrom('certificate_keys').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
export const keyById = (db: DB, keyId: string) => db.selectFrom('certificate_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst();
export const publicKeys = (db: DB) => db.selectFrom('certificate_keys').select(['key_id', 'public_key_pem', 'created_at']).orderBy('id').execute();
export const sealKey = (db: DB, keyId: string, sealed: string) => db.updateTable('certificate_keys').set({ private_key_pem: sealed }).where('key_id', '=', keyId).execute();
export async function insertKey(db: DB, k: { keyId: string; publicKeyPem: string; privateKeyPem: string; now: string }) {
  await db.insertInto('certificate_keys').values({ key_id: k.keyId, public_key_pem: k.publicKeyPem, private_key_pem: k.privateKeyPem, created_at: k.now }).execute();
}

// ---- certificates ----

export const certificateByNumber = (db: DB, number: string) => db.selectFrom('certificates').selectAll().where('number', '=', number).executeTakeFirst();
export const certificateById = (db: DB, id: number) =>
  db.selectFrom('certificates as c').innerJoin('units as u', 'u.id', 'c.unit_id').selectAll('c').select(['u.path as unit_path']).where('c.id', '=', id).executeTakeFirst();
export const certificatesOfList = (db: DB, listId: number) =>
  db.selectFrom('certificates as c').innerJoin('units as u', 'u.id', 'c.unit_id').selectAll('c').select(['u.path as unit_path']).where('c.list_id', '=', listId).orderBy('c.id').execute();
export const certificatesOfMember = (db: DB, memberId: number) => db.selectFrom('certificates').selectAll().where('member_id', '=', memberId).orderBy('id', 'desc').execute();

export async function countNumbers(db: DB, prefix: string) {
  const r = await db.selectFrom('certificates').select((eb) => eb.fn.countAll<number>().as('n')).where('number', 'like', `${prefix}%`).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function insertCertificate(
  db: DB,
  c: { number: string; year: number; listId: number; memberId: number; unitId: number; name: string; unitName: string; title: string; issuedOn: string; keyId: string; signature: string; userId: number; now: string },
) {
  const r = await db
    .insertInto('certificates')
    .values({
      number: c.number,
      year: c.year,
      list_id: c.listId,
      member_id: c.memberId,
      unit_id: c.unitId,
      name: c.name,
      unit_name: c.unitName,
      title: c.title,
      issued_on: c.issuedOn,
      key_id: c.keyId,
      signature: c.signature,
      status: 'valid',
      revoked_at: null,
      revoked_by: null,
      revoke_reason: null,
      created_by: c.userId,
      created_at: c.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function revoke(db: DB, id: number, v: { userId: number; now: string; reason: string }) {
  const r = await db.updateTable('certificates').set({ status: 'revoked', revoked_at: v.now, revoked_by: v.userId, revoke_reason: v.reason }).where('id', '=', id).where('status', '=', 'valid').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- seal ----

/** The newest seal of the unit or its nearest ancestor that has one. */
export async function sealFor(db: DB, unitPath: string) {
  const ids = unitPath.split('/').filter(Boolean).map(Number);
  if (ids.length === 0) return undefined;
  const rows = await db.selectFrom('certificate_seals').selectAll().where('unit_id', 'in', ids).orderBy('id', 'desc').execute();
  for (const id of [...ids].reverse()) {
    const r = rows.find((x) => x.unit_id === id);
    if (r) return r;
  }
  return undefined;
}

export async function insertSeal(db: DB, s: { unitId: number; mime: string; sha256: string; data: string; userId: number; now: string }) {
  const r = await db
    .insertInto('certificate_seals')
    .values({ unit_id: s.unitId, mime: s.mime, sha256: s.sha256, data_base64: s.data, uploaded_by: s.userId, uploaded_at: s.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export const unitById = (db: DB, id: number) => db.selectFrom('units').select(['id', 'name', 'path', 'kind']).where('id', '=', id).executeTakeFirst();
export const memberUnit = (db: DB, memberId: number) =>
  db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select(['m.id', 'm.name', 'm.unit_id', 'u.name as unit_name', 'u.path as unit_path']).where('m.id', '=', memberId).executeTakeFirst();
