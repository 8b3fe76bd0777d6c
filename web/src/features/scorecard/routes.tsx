import { lazy } from 'react';
import { TrophyOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import type { Role } from '../../api/types';
import { S } from './strings';

const MyScorePage = lazy(() => import('./pages/MyScorePage'));
const ScoresConsolePage = lazy(() => import('./pages/ScoresConsolePage'));

/** Server: scorecard.listScores (modules/scorecard/policy.ts). */
const READERS: Role[] = ['clerk', 'leader', 'secretary', 'inspector'];

export const routes: FeatureRoutes = {
  memberRoutes: [{ path: '/scores', element: page(MyScorePage) }],
  consoleRoutes: [{ path: 'scores', element: guardedPage(READERS, ScoresConsolePage) }],
  consoleNav: [{ path: '/console/scores', label: S.menuScores, icon: <TrophyOutlined />, roles: READERS, group: '考核与证书' }],
};
