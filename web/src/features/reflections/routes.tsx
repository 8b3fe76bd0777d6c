import { lazy } from 'react';
import { AuditOutlined, CloudUploadOutlined, FundOutlined, SendOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import { S } from './strings';

const MyReflectionsPage = lazy(() => import('./pages/MyReflectionsPage'));
const ReflectionPage = lazy(() => import('./pages/ReflectionPage'));
const SharedPage = lazy(() => import('./pages/SharedPage'));
const QueuePage = lazy(() => import('./pages/console/QueuePage'));
const ReviewPage = lazy(() => import('./pages/console/ReviewPage'));
const QuotaPage = lazy(() => import('./pages/console/QuotaPage'));
const ReportsPage = lazy(() => import('./pages/console/ReportsPage'));
const ReferencesPage = lazy(() => import('./pages/console/ReferencesPage'));

// Pages and menu entries name the policy action (server: modules/<domain>/policy.ts) whose holders may open them.
export const routes: FeatureRoutes = {
  memberRoutes: [
    { path: '/reflections', element: page(MyReflectionsPage) },
    { path: '/reflections/shared', element: page(SharedPage) },
    // One route for new and existing: a new draft keeps its editor when it gets its id.
    { path: '/reflections/:id', element: page(ReflectionPage) },
  ],
  consoleRoutes: [
    { path: 'reflections', element: guardedPage('reflections.viewReview', QueuePage) },
    { path: 'reflections/quota', element: guardedPage('reflections.viewReview', QuotaPage) },
    { path: 'reflections/reports', element: guardedPage('reflections.report', ReportsPage) },
    { path: 'reflections/references', element: guardedPage('reflections.references', ReferencesPage) },
    { path: 'reflections/:id', element: guardedPage('reflections.viewReview', ReviewPage) },
  ],
  consoleNav: [
    { path: '/console/reflections', label: S.console.menu, icon: <AuditOutlined />, action: 'reflections.viewReview' },
    { path: '/console/reflections/quota', label: S.console.menuQuota, icon: <FundOutlined />, action: 'reflections.viewReview' },
    { path: '/console/reflections/reports', label: S.console.menuReports, icon: <SendOutlined />, action: 'reflections.report' },
    { path: '/console/reflections/references', label: S.console.menuReferences, icon: <CloudUploadOutlined />, action: 'reflections.references' },
  ],
};

