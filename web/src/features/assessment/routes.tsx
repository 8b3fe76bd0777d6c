import { lazy } from 'react';
import { AuditOutlined, CarryOutOutlined, ToolOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import type { Role } from '../../api/types';
import { S } from './strings';

const InspectionsPage = lazy(() => import('./pages/InspectionsPage'));
const InspectionPage = lazy(() => import('./pages/InspectionPage'));
const OnSitePage = lazy(() => import('./pages/OnSitePage'));
const RectificationsPage = lazy(() => import('./pages/RectificationsPage'));
const MyRectificationsPage = lazy(() => import('./pages/MyRectificationsPage').then((m) => ({ default: m.MyRectificationsPage })));
const RectificationPage = lazy(() => import('./pages/MyRectificationsPage'));
const AcceptancePage = lazy(() => import('./pages/AcceptancePage'));
const ScoringPage = lazy(() => import('./pages/ScoringPage'));

/** Server: modules/assessment/policy.ts (viewInspections, viewRectifications, viewEvidence/viewResults). */
const INSPECTION_READERS: Role[] = ['clerk', 'inspector', 'leader', 'secretary'];
const OFFICES: Role[] = ['clerk', 'inspector', 'leader'];

export const routes: FeatureRoutes = {
  memberRoutes: [
    // The on-site form and the unit's tasks live in the phone shell.
    { path: '/inspect/:id/:unitId', element: page(OnSitePage) },
    { path: '/assessment/rectifications', element: page(MyRectificationsPage) },
    { path: '/assessment/rectifications/:id', element: page(RectificationPage) },
  ],
  consoleRoutes: [
    { path: 'assessment', element: guardedPage(INSPECTION_READERS, InspectionsPage) },
    { path: 'assessment/inspections/:id', element: guardedPage(INSPECTION_READERS, InspectionPage) },
    { path: 'assessment/rectifications', element: guardedPage(INSPECTION_READERS, RectificationsPage) },
    { path: 'assessment/acceptance', element: guardedPage(INSPECTION_READERS, AcceptancePage) },
    { path: 'assessment/acceptance/:year/units/:unitId', element: guardedPage(OFFICES, ScoringPage) },
  ],
  consoleNav: [
    { path: '/console/assessment', label: S.menuInspections, icon: <AuditOutlined />, roles: INSPECTION_READERS, group: S.group },
    { path: '/console/assessment/rectifications', label: S.menuRectifications, icon: <ToolOutlined />, roles: INSPECTION_READERS, group: S.group },
    { path: '/console/assessment/acceptance', label: S.menuAcceptance, icon: <CarryOutOutlined />, roles: INSPECTION_READERS, group: S.group },
  ],
};
