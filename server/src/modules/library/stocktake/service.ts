// Stocktake (盘点): scan every copy on a location's shelves, then see what is
// present, missing, in the wrong place, on loan, or unknown.
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { nowIso } from '../../../platform/time';
import { LibraryPolicy } from '../policy';

async function locationInScope(svc: Services, auth: AuthContext, locationId: number) {
  const loc = await svc.db.selectFrom('locations').innerJoin('units', 'units.id', 'locations.unit_id').select(['locations.id', 'locations.name', 'units.path']).where('locations.id', '=', locationId).executeTakeFirst();
  if (!loc) throw notFound('找不到该馆藏地点');
  await svc.guard.authorize(auth, LibraryPolicy.stocktake, { unitPath: loc.path }, '该馆藏地点不在您的管理范围内');
  return loc;
}

async function stocktakeInScope(svc: Services, auth: AuthContext, id: number) {
  const st = await svc.db.selectFrom('stocktakes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!st) throw notFound('找不到该盘点');
  const loc = await locationInScope(svc, auth, st.location_id);
  return { st, loc };
}

export async function startStocktake(svc: Services, auth: AuthContext, locationId: number) {
  await svc.guard.authorize(auth, LibraryPolicy.stocktake);
  await locationInScope(svc, auth, locationId);
  const open = await svc.db.selectFrom('stocktakes').select('id').where('location_id', '=', locationId).where('status', '=', 'open').executeTakeFirst();
  if (open) return open.id;
  return svc.db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('stocktakes').values({ location_id: locationId, status: 'open', started_at: nowIso(), started_by: auth.userId, finished_at: null, lost_marked: 0 }).returning('id').executeTakeFirstOrThrow();
    await svc.audit.record(trx, auth.actor(), { action: 'stocktake.start', entity: 'stocktake', entityId: id, detail: { locationId } });
    return id;
  });
}

export async function scan(svc: Services, auth: AuthContext, id: number, rawBarcode: string) {
  const { st, loc } = await stocktakeInScope(svc, auth, id);
  if (st.status !== 'open') throw badRequest('该盘点已结束');
  const barcode = rawBarcode.trim().toUpperCase();
  if (!barcode) throw badRequest('条码为空');
  const copy = await svc.db
    .selectFrom('copies')
    .innerJoin('books', 'books.id', 'copies.book_id')
    .innerJoin('locations', 'locations.id', 'copies.location_id')
    .select(['copies.id', 'copies.location_id', 'copies.status', 'books.title', 'locations.name as location_name'])
    .where('copies.barcode', '=', barcode)
    .executeTakeFirst();
  const existing = await svc.db.selectFrom('stocktake_scans').select('id').where('stocktake_id', '=', id).where('barcode', '=', barcode).executeTakeFirst();
  if (!existing) {
    try {
      await svc.db.insertInto('stocktake_scans').values({ stocktake_id: id, barcode, copy_id: copy?.id ?? null, scanned_at: nowIso() }).execute();
    } catch (e) {
      if (!/unique|duplicate/i.test(String((e as Error).message))) throw e;
    }
  }
  return {
    barcode,
    known: Boolean(copy),
    title: copy?.title ?? null,
    duplicate: Boolean(existing),
    wrongPlace: copy && copy.location_id !== loc.id ? copy.location_name : null,
    onLoan: copy?.status === 'loaned',
  };
}

export async function stocktakeReport(svc: Services, auth: AuthContext, id: number) {
  const { st, loc } = await stocktakeInScope(svc, auth, id);
  const scans = await svc.db
    .selectFrom('stocktake_scans')
    .leftJoin('copies', 'copies.id', 'stocktake_scans.copy_id')
    .leftJoin('books', 'books.id', 'copies.book_id')
    .leftJoin('locations', 'locations.id', 'copies.location_id')
    .select(['stocktake_scans.barcode', 'copies.id as copy_id', 'copies.location_id', 'copies.status', 'copies.shelf', 'books.title', 'locations.name as location_name'])
    .where('stocktake_scans.stocktake_id', '=', id)
    .orderBy('stocktake_scans.id')
    .execute();
  const shelf = await svc.db
    .selectFrom('copies')
    .innerJoin('books', 'books.id', 'copies.book_id')
    .select(['copies.id', 'copies.barcode', 'copies.status', 'copies.shelf', 'books.title'])
    .where('copies.location_id', '=', loc.id)
    .where('copies.status', 'not in', ['withdrawn'])
    .orderBy('copies.barcode')
    .execute();
  const scanned = new Set(scans.map((s) => s.copy_id).filter((x): x is number => x !== null));
  const row = (c: { barcode: string; title: string | null; shelf: string | null; status?: string | null }) => ({ barcode: c.barcode, title: c.title ?? '', shelf: c.shelf ?? null, status: c.status ?? null });
  return {
    id: st.id,
    location: loc.name,
    locationId: loc.id,
    status: st.status,
    startedAt: st.started_at,
    finishedAt: st.finished_at,
    lostMarked: Boolean(st.lost_marked),
    scanned: scans.length,
    present: scans.filter((s) => s.copy_id !== null && s.location_id === loc.id).map(row),
    // Copies kept for a hold wait at the desk, not on the shelf: only those meant to be on the shelf can be missing.
    missing: shelf.filter((c) => !scanned.has(c.id) && c.status === 'available').map(row),
    wrongPlace: scans.filter((s) => s.copy_id !== null && s.location_id !== loc.id).map((s) => ({ ...row(s), belongsTo: s.location_name ?? '' })),
    onLoan: shelf.filter((c) => c.status === 'loaned').map((c) => ({ ...row(c), scanned: scanned.has(c.id) })),
    unknown: scans.filter((s) => s.copy_id === null).map((s) => s.barcode),
    alreadyLost: shelf.filter((c) => c.status === 'lost' && scanned.has(c.id)).map(row),
  };
}

export async function finishStocktake(svc: Services, auth: AuthContext, id: number, markMissingLost: boolean) {
  const report = await stocktakeReport(svc, auth, id);
  if (report.status !== 'open' && !markMissingLost) throw badRequest('该盘点已结束');
  if (markMissingLost && report.lostMarked) throw badRequest('已将未找到的图书登记为遗失');
  return svc.db.transaction().execute(async (trx) => {
    let marked = 0;
    if (markMissingLost && report.missing.length) {
      const r = await trx
        .updateTable('copies')
        .set({ status: 'lost', updated_at: nowIso() })
        .where('barcode', 'in', report.missing.map((m) => m.barcode))
        .where('status', '=', 'available')
        .executeTakeFirst();
      marked = Number(r.numUpdatedRows);
    }
    await trx
      .updateTable('stocktakes')
      .set({ status: 'finished', finished_at: report.finishedAt ?? nowIso(), ...(markMissingLost ? { lost_marked: 1 } : {}) })
      .where('id', '=', id)
      .execute();
    await svc.audit.record(trx, auth.actor(), { action: markMissingLost ? 'stocktake.mark-lost' : 'stocktake.finish', entity: 'stocktake', entityId: id, detail: { missing: report.missing.length, marked } });
    return { marked };
  });
}
