// The assessment module (issue 15): inspections, rectifications, the year-end acceptance,
// and the evidence they are judged by. One plugin registering each area's routes.
import type { Module } from '../../platform/http';
import evidenceRoutes from './evidence/routes';
import inspectionRoutes from './inspections/routes';

const routes: Module = async (app, opts) => {
  await app.register(inspectionRoutes, { svc: opts.svc });
  await app.register(evidenceRoutes, { svc: opts.svc });
};

export default routes;
