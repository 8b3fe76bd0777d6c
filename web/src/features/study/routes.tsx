import { lazy } from 'react';
import { CalendarOutlined, LineChartOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import type { Role } from '../../api/types';
import { S } from './strings';

const StudyPage = lazy(() => import('./pages/StudyPage'));
const PlanPage = lazy(() => import('./pages/PlanPage'));
const UnitViewPage = lazy(() => import('./pages/UnitViewPage'));
const CalendarPage = lazy(() => import('./pages/CalendarPage'));

const VIEWERS: Role[] = ['clerk', 'leader', 'secretary', 'inspector'];
const CALENDAR: Role[] = ['clerk'];

export const routes: FeatureRoutes = {
  memberRoutes: [
    { path: '/study', element: page(StudyPage) },
    { path: '/study/plan', element: page(PlanPage) },
  ],
  consoleRoutes: [
    { path: 'study', element: guardedPage(VIEWERS, UnitViewPage) },
    { path: 'study/calendar', element: guardedPage(CALENDAR, CalendarPage) },
  ],
  consoleNav: [
    { path: '/console/study', label: S.consoleTitle, icon: <LineChartOutlined />, roles: VIEWERS },
    { path: '/console/study/calendar', label: S.consoleCalendar, icon: <CalendarOutlined />, roles: CALENDAR },
  ],
};
