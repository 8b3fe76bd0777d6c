import { lazy } from 'react';
import { CalendarOutlined, LineChartOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import { S } from './strings';

const StudyPage = lazy(() => import('./pages/StudyPage'));
const PlanPage = lazy(() => import('./pages/PlanPage'));
const UnitViewPage = lazy(() => import('./pages/UnitViewPage'));
const CalendarPage = lazy(() => import('./pages/CalendarPage'));


export const routes: FeatureRoutes = {
  memberRoutes: [
    { path: '/study', element: page(StudyPage) },
    { path: '/study/plan', element: page(PlanPage) },
  ],
  consoleRoutes: [
    { path: 'study', element: guardedPage('study.viewUnits', UnitViewPage) },
    { path: 'study/calendar', element: guardedPage('study.editCalendar', CalendarPage) },
  ],
  consoleNav: [
    { path: '/console/study', label: S.consoleTitle, icon: <LineChartOutlined />, action: 'study.viewUnits' },
    { path: '/console/study/calendar', label: S.consoleCalendar, icon: <CalendarOutlined />, action: 'study.editCalendar' },
  ],
};
