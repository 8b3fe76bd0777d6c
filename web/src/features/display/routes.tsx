import { lazy } from 'react';
import { DesktopOutlined, FundOutlined, NotificationOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import type { Role } from '../../api/types';
import { S } from './strings';

const ScreensPage = lazy(() => import('./pages/ScreensPage'));
const AnnouncementsPage = lazy(() => import('./pages/AnnouncementsPage'));
const MyAnnouncementsPage = lazy(() => import('./pages/MyAnnouncementsPage'));
const AnnouncementPage = lazy(() => import('./pages/AnnouncementPage'));
const DashboardPage = lazy(() => import('./pages/DashboardPage'));

/** Server: modules/display/policy.ts — screens and publishing are the clerk's; read counts also the town's leaders. */
const CLERK: Role[] = ['clerk'];
const READERS: Role[] = ['clerk', 'secretary', 'leader', 'inspector'];

export const routes: FeatureRoutes = {
  memberRoutes: [
    { path: '/announcements', element: page(MyAnnouncementsPage) },
    { path: '/announcements/:id', element: page(AnnouncementPage) },
  ],
  consoleRoutes: [
    { path: 'display/screens', element: guardedPage(CLERK, ScreensPage) },
    { path: 'display/announcements', element: guardedPage(READERS, AnnouncementsPage) },
    { path: 'display/dashboard', element: guardedPage(READERS, DashboardPage) },
  ],
  consoleNav: [
    { path: '/console/display/dashboard', label: S.menuDashboard, icon: <FundOutlined />, roles: READERS, group: S.group },
    { path: '/console/display/screens', label: S.menuScreens, icon: <DesktopOutlined />, roles: CLERK, group: S.group },
    { path: '/console/display/announcements', label: S.menuAnnouncements, icon: <NotificationOutlined />, roles: READERS, group: S.group },
  ],
};
