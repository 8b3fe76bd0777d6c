import { authOf, type Module } from '../../../platform/http';
import { buildXlsx, sendXlsx } from '../../../platform/xlsx';
import { DisplayPolicy } from '../policy';
import { Dashboard, DashboardQuery, ExportQuery } from './schemas';
import * as service from './service';

const tags = ['display'];

export const dashboardRoutes: Module = async (app, { svc }) => {
  app.get(
    '/display/dashboard',
    { config: { policy: DisplayPolicy.viewDashboards }, schema: { tags, summary: '领导看板（全镇或某单位）', querystring: DashboardQuery, response: { 200: Dashboard } } },
    async (req) => service.dashboard(svc, authOf(req), req.query.unitId),
  );

  app.get(
    '/display/dashboard/export',
    { config: { policy: DisplayPolicy.viewDashboards }, schema: { tags, summary: '导出看板某图的数据（.xlsx）', querystring: ExportQuery } },
    async (req, reply) => {
      const { name, sheet } = await service.exportSheet(svc, authOf(req), req.query.chart, req.query.unitId);
      return sendXlsx(reply, name, await buildXlsx([sheet]));
    },
  );
};
