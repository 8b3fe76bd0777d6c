import { Type } from 'typebox';
import { authOf, type Module } from '../../../platform/http';
import { exportStocktake, finishStocktake, listStocktakes, scan, startStocktake, stocktakeReport } from './service';
import { IdDto, StocktakeFinishDto, StocktakeReportDto, StocktakeScanDto, StocktakeSummaryDto } from '../schemas';
import { LibraryPolicy } from '../policy';

const tags = ['library'];
const IdParams = Type.Object({ id: Type.Integer() });

const routes: Module = async (app, { svc }) => {
  app.get('/library/stocktakes', { config: { policy: LibraryPolicy.stocktake }, schema: { tags, summary: '盘点列表', response: { 200: Type.Array(StocktakeSummaryDto) } } }, async (req) => listStocktakes(svc, authOf(req)));

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

  app.get('/library/stocktakes/:id/export', { config: { policy: LibraryPolicy.stocktake }, schema: { tags, summary: '导出盘点报告 .xlsx', params: IdParams } }, async (req, reply) => exportStocktake(svc, authOf(req), req.params.id, reply));
};

export default routes;
