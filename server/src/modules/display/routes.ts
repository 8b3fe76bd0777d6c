// The atmosphere module (issue 18): lobby screens, the announcements board, leaders' dashboards.
import type { Module } from '../../platform/http';
import { announcementRoutes } from './announcements/routes';
import { screenRoutes } from './screens/routes';
import { dashboardRoutes } from './dashboards/routes';
import { publicRoutes } from './public/routes';

const routes: Module = async (app, { svc }) => {
  // The prefix is this plugin's already: the parts get the services only.
  await app.register(screenRoutes, { svc });
  await app.register(announcementRoutes, { svc });
  await app.register(dashboardRoutes, { svc });
  await app.register(publicRoutes, { svc });
};

export default routes;
export { screenPages } from './screens/routes';
