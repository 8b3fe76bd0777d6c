import { lazy } from 'react';
import { NotificationOutlined } from '@ant-design/icons';
import { guardedPage, type FeatureRoutes } from '../../app/pages';
import { S } from './strings';

const ChannelsPage = lazy(() => import('./pages/ChannelsPage'));

// Pages and menu entries name the policy action (server: modules/<domain>/policy.ts) whose holders may open them.
export const routes: FeatureRoutes = {
  memberRoutes: [],
  consoleRoutes: [{ path: 'channels', element: guardedPage('channels.manage', ChannelsPage) }],
  consoleNav: [{ path: '/console/channels', label: S.menu, icon: <NotificationOutlined />, action: 'channels.manage' }],
};
