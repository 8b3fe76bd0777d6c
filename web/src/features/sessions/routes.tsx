import { lazy } from 'react';
import { CalendarOutlined, QrcodeOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import type { Role } from '../../api/types';
import { S } from './strings';

const ScanPage = lazy(() => import('./pages/ScanPage'));
const MySessionsPage = lazy(() => import('./pages/MySessionsPage'));
const MyYearPlanPage = lazy(() => import('./pages/MyYearPlanPage'));
const SessionsPage = lazy(() => import('./pages/SessionsPage'));
const ScreenPage = lazy(() => import('./pages/ScreenPage'));
const PlanPage = lazy(() => import('./pages/PlanPage'));

const WRITERS: Role[] = ['clerk'];
const READERS: Role[] = ['clerk', 'leader', 'secretary', 'inspector'];

export const routes: FeatureRoutes = {
  memberRoutes: [
    // The QR code on the meeting-room screen opens /s/<session>/<token>; signed out, the guard sends the member to sign in and back.
    { path: '/s/:sessionId/:token', element: page(ScanPage) },
    { path: '/study/sessions', element: page(MySessionsPage) },
    { path: '/study/year-plan', element: page(MyYearPlanPage) },
  ],
  consoleRoutes: [
    { path: 'sessions', element: guardedPage(READERS, SessionsPage) },
    { path: 'sessions/:id/screen', element: guardedPage(WRITERS, ScreenPage) },
    { path: 'plan', element: guardedPage(READERS, PlanPage) },
  ],
  consoleNav: [
    { path: '/console/plan', label: S.plan, icon: <CalendarOutlined />, roles: READERS },
    { path: '/console/sessions', label: S.sessions, icon: <QrcodeOutlined />, roles: READERS },
  ],
};
