import { lazy } from 'react';
import { DesktopOutlined, FundOutlined, NotificationOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import { S } from './strings';

const ScreensPage = lazy(() => import('./pages/ScreensPage'));
const AnnouncementsPage = lazy(() => import('./pages/AnnouncementsPage'));
const MyAnnouncementsPage = lazy(() => import('./pages/MyAnnouncementsPage'));
const AnnouncementPage = lazy(() => import('./pages/AnnouncementPage'));
const DashboardPage = lazy(() => import('./pages/DashboardPage'));

// Pages and menu entries name the policy action (server: modules/<domain>/policy.ts) whose holders may open them.
export const routes: FeatureRoutes = {
  memberRoutes: [
    { path: '/announcements', element: page(MyAnnouncementsPage) },
    { path: '/announcements/:id', element: page(AnnouncementPage) },
  ],
  consoleRoutes: [
    { path: 'display/screens', element: guardedPage('display.manageScreens', ScreensPage) },
    { path: 'display/announcements', element: guardedPage('display.announcementStats', AnnouncementsPage) },
    { path: 'display/dashboard', element: guardedPage('display.viewDashboards', DashboardPage) },
  ],
  consoleNav: [
    { path: '/console/display/dashboard', label: S.menuDashboard, icon: <FundOutlined />, action: 'display.viewDashboards', group: S.group },
    { path: '/console/display/screens', label: S.menuScreens, icon: <DesktopOutlined />, action: 'display.manageScreens', group: S.group },
    { path: '/console/display/announcements', label: S.menuAnnouncements, icon: <NotificationOutlined />, action: 'display.announcementStats', group: S.group },
  ],
};
