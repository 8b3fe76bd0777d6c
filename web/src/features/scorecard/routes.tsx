import { lazy } from 'react';
import { SafetyCertificateOutlined, TrophyOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import { H, S } from './strings';

const MyScorePage = lazy(() => import('./pages/MyScorePage'));
const ScoresConsolePage = lazy(() => import('./pages/ScoresConsolePage'));
const HonorsConsolePage = lazy(() => import('./pages/HonorsConsolePage'));
export const VerifyPage = lazy(() => import('./pages/VerifyPage'));

// Pages and menu entries name the policy action (server: modules/<domain>/policy.ts) whose holders may open them.
export const routes: FeatureRoutes = {
  memberRoutes: [{ path: '/scores', element: page(MyScorePage) }],
  consoleRoutes: [
    { path: 'scores', element: guardedPage('scorecard.listScores', ScoresConsolePage) },
    { path: 'honors', element: guardedPage('scorecard.viewHonors', HonorsConsolePage) },
  ],
  consoleNav: [
    { path: '/console/scores', label: S.menuScores, icon: <TrophyOutlined />, action: 'scorecard.listScores', group: '考核与证书' },
    { path: '/console/honors', label: H.menu, icon: <SafetyCertificateOutlined />, action: 'scorecard.viewHonors', group: '考核与证书' },
  ],
};
