import { lazy } from 'react';
import { ReadOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import { S } from './strings';

const MyLearningPage = lazy(() => import('./pages/MyLearningPage'));
const LearningConsolePage = lazy(() => import('./pages/LearningConsolePage'));
const LearningImportPage = lazy(() => import('./pages/LearningImportPage'));

// Pages and menu entries name the policy action (server: modules/<domain>/policy.ts) whose holders may open them.
export const routes: FeatureRoutes = {
  memberRoutes: [{ path: '/learning', element: page(MyLearningPage) }],
  consoleRoutes: [
    { path: 'learning', element: guardedPage('learning.viewUnit', LearningConsolePage) },
    { path: 'learning/import', element: guardedPage('learning.import', LearningImportPage) },
  ],
  consoleNav: [{ path: '/console/learning', label: S.menu, icon: <ReadOutlined />, action: 'learning.viewUnit' }],
};
