import { lazy } from 'react';
import { AuditOutlined, CloudUploadOutlined, FundOutlined, SendOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import type { Role } from '../../api/types';
import { S } from './strings';

const MyReflectionsPage = lazy(() => import('./pages/MyReflectionsPage'));
const ReflectionPage = lazy(() => import('./pages/ReflectionPage'));
const SharedPage = lazy(() => import('./pages/SharedPage'));
const QueuePage = lazy(() => import('./pages/console/QueuePage'));
const ReviewPage = lazy(() => import('./pages/console/ReviewPage'));
const QuotaPage = lazy(() => import('./pages/console/QuotaPage'));
const ReportsPage = lazy(() => import('./pages/console/ReportsPage'));
const ReferencesPage = lazy(() => import('./pages/console/ReferencesPage'));

// Who may open what (the server checks again): the clerk reviews; leaders,
// secretaries and inspectors read the queue and the quota.
const READERS: Role[] = ['clerk', 'secretary', 'leader', 'inspector'];
const CLERK: Role[] = ['clerk'];

export const routes: FeatureRoutes = {
  memberRoutes: [
    { path: '/reflections', element: page(MyReflectionsPage) },
    { path: '/reflections/shared', element: page(SharedPage) },
    // One route for new and existing: a new draft keeps its editor when it gets its id.
    { path: '/reflections/:id', element: page(ReflectionPage) },
  ],
  consoleRoutes: [
    { path: 'reflections', element: guardedPage(READERS, QueuePage) },
    { path: 'reflections/quota', element: guardedPage(READERS, QuotaPage) },
    { path: 'reflections/reports', element: guardedPage(CLERK, ReportsPage) },
    { path: 'reflections/references', element: guardedPage(CLERK, ReferencesPage) },
    { path: 'reflections/:id', element: guardedPage(READERS, ReviewPage) },
  ],
  consoleNav: [
    { path: '/console/reflections', label: S.console.menu, icon: <AuditOutlined />, roles: READERS },
    { path: '/console/reflections/quota', label: S.console.menuQuota, icon: <FundOutlined />, roles: READERS },
    { path: '/console/reflections/reports', label: S.console.menuReports, icon: <SendOutlined />, roles: CLERK },
    { path: '/console/reflections/references', label: S.console.menuReferences, icon: <CloudUploadOutlined />, roles: CLERK },
  ],
};

