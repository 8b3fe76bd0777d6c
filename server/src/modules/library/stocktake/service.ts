// Stocktake (盘点): scan every copy on a location's shelves, then see what is
// present, missing, in the wrong place, on loan, or unknown.
import type { FastifyReply } from 'fastify';
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { formatLocal, nowIso } from '../../../platform/time';
import { buildXlsx, sendXlsx } from '../../../platform/xlsx';
import { LibraryPolicy } from '../policy';
import * as repo from './repository';

/** The latest stocktakes of the places within the caller's reach. */
export async function listStocktakes(svc: Services, auth: AuthContext) {
  const rows = await repo.recentStocktakes(svc.db);
  const mayStocktake = await svc.guard.admits(auth, LibraryPolicy.stocktake);
  return rows.filter((r) => mayStocktake({ unitPath: r.path })).map(({ path: _p, ...r }) => ({ ...r, scanned: Number(r.scanned ?? 0) }));
}

async function locationInScope(svc: Services, auth: AuthContext, locationId: number) {
  const loc = await repo.locationWithPath(svc.db, locationId);
  if (!loc) throw notFound('找不到该馆藏地点');
  await svc.guard.authorize(auth, LibraryPolicy.stocktake, { unitPath: loc.path }, '该馆藏地点不在您的管理范围内');
  return loc;
}

async function stocktakeInScope(svc: Services, auth: AuthContext, id: number) {
  const st = await repo.stocktakeById(svc.db, id);
  if (!st) throw notFound('找不到该盘点');
  const loc = await locationInScope(svc, auth, st.location_id);
  return { st, loc };
}

export async function startStocktake(svc: Services, auth: AuthContext, locationId: number) {
  await svc.guard.authorize(auth, LibraryPolicy.stocktake);
  await locationInScope(svc, auth, locationId);
  const open = await repo.openStocktakeAt(svc.db, locationId);
  if (open) return open.id;
  return svc.db.transaction().execute(async (trx) => {
    const id = await repo.insertStocktake(trx, locationId, auth.userId);
    await svc.audit.record(trx, auth.actor(), { action: 'stocktake.start', entity: 'stocktake', entityId: id, detail: { locationId } });
    return id;
  });
}

export async function scan(svc: Services, auth: AuthContext, id: number, rawBarcode: string) {
  const { st, loc } = await stocktakeInScope(svc, auth, id);
  if (st.status !== 'open') throw badRequest('该盘点已结束');
  const barcode = rawBarcode.trim().toUpperCase();
  if (!barcode) throw badRequest('条码为空');
  const copy = await repo.copyForScan(svc.db, barcode);
  const existing = await repo.scanOf(svc.db, id, barcode);
  if (!existing) {
    try {
      await repo.insertScan(svc.db, id, barcode, copy?.id ?? null);
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
  const scans = await repo.scansOf(svc.db, id);
  const shelf = await repo.shelfOf(svc.db, loc.id);
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
    if (markMissingLost && report.missing.length) marked = await repo.markAvailableLost(trx, report.missing.map((m) => m.barcode));
    await repo.finishStocktakeRow(trx, id, report.finishedAt ?? nowIso(), markMissingLost);
    await svc.audit.record(trx, auth.actor(), { action: markMissingLost ? 'stocktake.mark-lost' : 'stocktake.finish', entity: 'stocktake', entityId: id, detail: { missing: report.missing.length, marked } });
    return { marked };
  });
}

/** The stocktake's report as an .xlsx, one sheet per finding. */
export async function exportStocktake(svc: Services, auth: AuthContext, id: number, reply: FastifyReply) {
  const r = await stocktakeReport(svc, auth, id);
  const cols = [
    { header: '条码', key: 'barcode', width: 14 },
    { header: '书名', key: 'title', width: 36 },
    { header: '书架', key: 'shelf', width: 8 },
  ];
  const title = (what: string) => `${r.location} 盘点（${formatLocal(r.startedAt, 'YYYY-MM-DD')}）— ${what}`;
  return sendXlsx(
    reply,
    `盘点-${r.location}-${formatLocal(r.startedAt, 'YYYYMMDD')}.xlsx`,
    await buildXlsx([
      { name: '未找到', title: title(`未找到 ${r.missing.length} 册`), columns: cols, rows: r.missing },
      { name: '错架', title: title(`错架 ${r.wrongPlace.length} 册`), columns: [...cols, { header: '应在', key: 'belongsTo', width: 16 }], rows: r.wrongPlace },
      { name: '借出', title: title(`借出 ${r.onLoan.length} 册`), columns: [...cols, { header: '盘点时扫到', key: 'seen', width: 10 }], rows: r.onLoan.map((x) => ({ ...x, seen: x.scanned ? '是' : '否' })) },
      { name: '未知条码', title: title(`未知条码 ${r.unknown.length} 个`), columns: [{ header: '条码', key: 'barcode', width: 20 }], rows: r.unknown.map((barcode) => ({ barcode })) },
      { name: '在架', title: title(`在架 ${r.present.length} 册`), columns: cols, rows: r.present },
    ]),
  );
}
