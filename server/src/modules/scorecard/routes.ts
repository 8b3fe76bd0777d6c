// The year score (scores/) and the ten with their certificates (certificates/): one plugin registering each part's routes.
import type { Module } from '../../platform/http';
import certificateRoutes from './certificates/routes';
import scoreRoutes from './scores/routes';

const routes: Module = async (app, opts) => {
  await app.register(scoreRoutes, { svc: opts.svc });
  await app.register(certificateRoutes, { svc: opts.svc });
};

export default routes;
