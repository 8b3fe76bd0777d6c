import type { FeatureRoutes } from '../../app/pages';

// Filled as the feature's pages land.
export const routes: FeatureRoutes = { memberRoutes: [], consoleRoutes: [], consoleNav: [] };
