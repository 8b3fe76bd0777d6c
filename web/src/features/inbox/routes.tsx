import { lazy } from 'react';
import { page, type FeatureRoutes } from '../../app/pages';

const InboxPage = lazy(() => import('./pages/InboxPage'));

export const routes: FeatureRoutes = {
  memberRoutes: [{ path: '/inbox', element: page(InboxPage) }],
  // Every console user has an inbox; it is reached from the bell in the header.
  consoleRoutes: [{ path: 'inbox', element: page(InboxPage) }],
  consoleNav: [],
};
