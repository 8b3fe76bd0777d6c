import { lazy } from 'react';
import { CalendarOutlined, QrcodeOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import { S } from './strings';

const ScanPage = lazy(() => import('./pages/ScanPage'));
const MySessionsPage = lazy(() => import('./pages/MySessionsPage'));
const MyYearPlanPage = lazy(() => import('./pages/MyYearPlanPage'));
const SessionsPage = lazy(() => import('./pages/SessionsPage'));
const ScreenPage = lazy(() => import('./pages/ScreenPage'));
const PlanPage = lazy(() => import('./pages/PlanPage'));


export const routes: FeatureRoutes = {
  memberRoutes: [
    // The QR code on the meeting-room screen opens /s/<session>/<token>; signed out, the guard sends the member to sign in and back.
    { path: '/s/:sessionId/:token', element: page(ScanPage) },
    { path: '/study/sessions', element: page(MySessionsPage) },
    { path: '/study/year-plan', element: page(MyYearPlanPage) },
  ],
  consoleRoutes: [
    { path: 'sessions', element: guardedPage('sessions.view', SessionsPage) },
    { path: 'sessions/:id/screen', element: guardedPage('sessions.manage', ScreenPage) },
    { path: 'plan', element: guardedPage('sessions.viewPlan', PlanPage) },
  ],
  consoleNav: [
    { path: '/console/plan', label: S.plan, icon: <CalendarOutlined />, action: 'sessions.viewPlan' },
    { path: '/console/sessions', label: S.sessions, icon: <QrcodeOutlined />, action: 'sessions.view' },
  ],
};
