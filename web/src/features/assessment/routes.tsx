import { lazy } from 'react';
import { AuditOutlined, CarryOutOutlined, ToolOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import { S } from './strings';

const InspectionsPage = lazy(() => import('./pages/InspectionsPage'));
const InspectionPage = lazy(() => import('./pages/InspectionPage'));
const OnSitePage = lazy(() => import('./pages/OnSitePage'));
const RectificationsPage = lazy(() => import('./pages/RectificationsPage'));
const MyRectificationsPage = lazy(() => import('./pages/MyRectificationsPage').then((m) => ({ default: m.MyRectificationsPage })));
const RectificationPage = lazy(() => import('./pages/MyRectificationsPage'));
const AcceptancePage = lazy(() => import('./pages/AcceptancePage'));
const ScoringPage = lazy(() => import('./pages/ScoringPage'));

// Pages and menu entries name the policy action (server: modules/<domain>/policy.ts) whose holders may open them.
export const routes: FeatureRoutes = {
  memberRoutes: [
    // The on-site form and the unit's tasks live in the phone shell.
    { path: '/inspect/:id/:unitId', element: page(OnSitePage) },
    { path: '/assessment/rectifications', element: page(MyRectificationsPage) },
    { path: '/assessment/rectifications/:id', element: page(RectificationPage) },
  ],
  consoleRoutes: [
    { path: 'assessment', element: guardedPage('assessment.viewInspections', InspectionsPage) },
    { path: 'assessment/inspections/:id', element: guardedPage('assessment.viewInspections', InspectionPage) },
    { path: 'assessment/rectifications', element: guardedPage('assessment.viewRectifications', RectificationsPage) },
    { path: 'assessment/acceptance', element: guardedPage('assessment.viewChecklist', AcceptancePage) },
    { path: 'assessment/acceptance/:year/units/:unitId', element: guardedPage('assessment.viewEvidence', ScoringPage) },
  ],
  consoleNav: [
    { path: '/console/assessment', label: S.menuInspections, icon: <AuditOutlined />, action: 'assessment.viewInspections', group: S.group },
    { path: '/console/assessment/rectifications', label: S.menuRectifications, icon: <ToolOutlined />, action: 'assessment.viewRectifications', group: S.group },
    { path: '/console/assessment/acceptance', label: S.menuAcceptance, icon: <CarryOutOutlined />, action: 'assessment.viewChecklist', group: S.group },
  ],
};
