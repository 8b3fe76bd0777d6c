// 季度测试 and 每日一练: each part registers its own routes (bank/, papers/, attempts/, analysis/, practice/).
import type { Module } from '../../platform/http';
import { bankRoutes } from './bank/routes';
import { papersRoutes } from './papers/routes';
import { attemptRoutes } from './attempts/routes';
import { analysisRoutes } from './analysis/routes';
import { practiceRoutes } from './practice/routes';

const routes: Module = async (app, { svc }) => {
  await bankRoutes(app, svc);
  await papersRoutes(app, svc);
  await attemptRoutes(app, svc);
  await analysisRoutes(app, svc);
  await practiceRoutes(app, svc);
};

export default routes;
