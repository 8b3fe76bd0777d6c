import { lazy } from 'react';
import { NotificationOutlined } from '@ant-design/icons';
import { guardedPage, type FeatureRoutes } from '../../app/pages';
import type { Role } from '../../api/types';
import { S } from './strings';

const ChannelsPage = lazy(() => import('./pages/ChannelsPage'));

/** The clerk sets up channels for their subtree, the system administrator for any unit (the server checks again). */
const ADMINS: Role[] = ['clerk'];

export const routes: FeatureRoutes = {
  memberRoutes: [],
  consoleRoutes: [{ path: 'channels', element: guardedPage(ADMINS, ChannelsPage) }],
  consoleNav: [{ path: '/console/channels', label: S.menu, icon: <NotificationOutlined />, roles: ADMINS }],
};
