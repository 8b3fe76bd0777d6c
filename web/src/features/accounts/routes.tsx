import { lazy } from 'react';
import { TeamOutlined } from '@ant-design/icons';
import { guardedPage, type FeatureRoutes } from '../../app/pages';
import { S } from './strings';

const AccountsPage = lazy(() => import('./pages/AccountsPage'));

export const routes: FeatureRoutes = {
  memberRoutes: [],
  consoleRoutes: [{ path: 'accounts', element: guardedPage('accounts.pending', AccountsPage) }],
  consoleNav: [{ path: '/console/accounts', label: S.menu, icon: <TeamOutlined />, action: 'accounts.pending', group: '名册与账号' }],
};
