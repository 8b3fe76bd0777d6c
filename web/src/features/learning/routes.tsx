import { lazy } from 'react';
import { ReadOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import type { Role } from '../../api/types';
import { S } from './strings';

const MyLearningPage = lazy(() => import('./pages/MyLearningPage'));
const LearningConsolePage = lazy(() => import('./pages/LearningConsolePage'));
const LearningImportPage = lazy(() => import('./pages/LearningImportPage'));

/** Server: LEARNING_VIEWERS read the unit's records, LEARNING_CLERKS import. */
const VIEWERS: Role[] = ['clerk', 'leader', 'secretary'];
const CLERKS: Role[] = ['clerk'];

export const routes: FeatureRoutes = {
  memberRoutes: [{ path: '/learning', element: page(MyLearningPage) }],
  consoleRoutes: [
    { path: 'learning', element: guardedPage(VIEWERS, LearningConsolePage) },
    { path: 'learning/import', element: guardedPage(CLERKS, LearningImportPage) },
  ],
  consoleNav: [{ path: '/console/learning', label: S.menu, icon: <ReadOutlined />, roles: VIEWERS }],
};
