import { lazy } from 'react';
import { SafetyCertificateOutlined, TrophyOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import type { Role } from '../../api/types';
import { H, S } from './strings';

const MyScorePage = lazy(() => import('./pages/MyScorePage'));
const ScoresConsolePage = lazy(() => import('./pages/ScoresConsolePage'));
const HonorsConsolePage = lazy(() => import('./pages/HonorsConsolePage'));
export const VerifyPage = lazy(() => import('./pages/VerifyPage'));

/** Server: scorecard.listScores and scorecard.viewHonors (modules/scorecard/policy.ts). */
const READERS: Role[] = ['clerk', 'leader', 'secretary', 'inspector'];

export const routes: FeatureRoutes = {
  memberRoutes: [{ path: '/scores', element: page(MyScorePage) }],
  consoleRoutes: [
    { path: 'scores', element: guardedPage(READERS, ScoresConsolePage) },
    { path: 'honors', element: guardedPage(READERS, HonorsConsolePage) },
  ],
  consoleNav: [
    { path: '/console/scores', label: S.menuScores, icon: <TrophyOutlined />, roles: READERS, group: '考核与证书' },
    { path: '/console/honors', label: H.menu, icon: <SafetyCertificateOutlined />, roles: READERS, group: '考核与证书' },
  ],
};
