import { Type } from 'typebox';
import { authOf, type Module } from '../../../platform/http';
import { formatLocal } from '../../../platform/time';
import { buildXlsx, sendXlsx } from '../../../platform/xlsx';
import { finishStocktake, scan, startStocktake, stocktakeReport } from './service';
import { IdDto, StocktakeFinishDto, StocktakeReportDto, StocktakeScanDto, StocktakeSummaryDto } from '../schemas';
import { LibraryPolicy } from '../policy';

const tags = ['library'];
const IdParams = Type.Object({ id: Type.Integer() });

const routes: Module = async (app, { svc }) => {
  app.get('/library/stocktakes', { config: { policy: LibraryPolicy.stocktake }, schema: { tags, summary: '盘点列表', response: { 200: Type.Array(StocktakeSummaryDto) } } }, async (req) => {
    const auth = authOf(req);
    const rows = await svc.db
      .selectFrom('stocktakes')
      .innerJoin('locations', 'locations.id', 'stocktakes.location_id')
      .innerJoin('units', 'units.id', 'locations.unit_id')
      .select((eb) => ['stocktakes.id', 'stocktakes.status', 'stocktakes.started_at', 'stocktakes.finished_at', 'locations.name as location', 'units.path', eb.selectFrom('stocktake_scans').select((e) => e.fn.countAll<number>().as('n')).whereRef('stocktake_scans.stocktake_id', '=', 'stocktakes.id').as('scanned')])
      .orderBy('stocktakes.id', 'desc')
      .limit(100)
      .execute();
    const mayStocktake = await svc.guard.admits(auth, LibraryPolicy.stocktake);
    return rows.filter((r) => mayStocktake({ unitPath: r.path })).map(({ path: _p, ...r }) => ({ ...r, scanned: Number(r.scanned ?? 0) }));
  });

  app.post('/library/stocktakes', { config: { policy: LibraryPolicy.stocktake }, schema: { tags, summary: '开始盘点（同一地点已有进行中的盘点时返回它）', body: Type.Object({ locationId: Type.Integer() }, { additionalProperties: false }), response: { 200: IdDto } } }, async (req) => ({
    id: await startStocktake(svc, authOf(req), req.body.locationId),
  }));

  app.post(
    '/library/stocktakes/:id/scans',
    { config: { policy: LibraryPolicy.stocktake },
      schema: {
        tags,
        summary: '扫描一册（手机摄像头或扫码枪）',
        params: IdParams,
        body: Type.Object({ barcode: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
        response: { 200: StocktakeScanDto },

      },
    },
    async (req) => scan(svc, authOf(req), req.params.id, req.body.barcode),
  );

  app.get('/library/stocktakes/:id', { config: { policy: LibraryPolicy.stocktake }, schema: { tags, summary: '盘点报告：在架、未找到、错架、借出、未知条码', params: IdParams, response: { 200: StocktakeReportDto } } }, async (req) => stocktakeReport(svc, authOf(req), req.params.id));

  app.post('/library/stocktakes/:id/finish', { config: { policy: LibraryPolicy.stocktake }, schema: { tags, summary: '结束盘点；markMissingLost=true 时把未找到的登记为遗失', params: IdParams, body: Type.Object({ markMissingLost: Type.Boolean() }, { additionalProperties: false }), response: { 200: StocktakeFinishDto } } }, async (req) =>
    finishStocktake(svc, authOf(req), req.params.id, req.body.markMissingLost),
  );

  app.get('/library/stocktakes/:id/export', { config: { policy: LibraryPolicy.stocktake }, schema: { tags, summary: '导出盘点报告 .xlsx', params: IdParams } }, async (req, reply) => {
    const r = await stocktakeReport(svc, authOf(req), req.params.id);
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
  });
};

export default routes;
