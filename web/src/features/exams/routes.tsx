import { lazy } from 'react';
import { AuditOutlined, BarChartOutlined, DatabaseOutlined, FileTextOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import type { Role } from '../../api/types';
import { S } from './strings';

const MyExamsPage = lazy(() => import('./pages/MyExamsPage'));
const AttemptPage = lazy(() => import('./pages/AttemptPage'));
const PracticePage = lazy(() => import('./pages/PracticePage'));
const BankPage = lazy(() => import('./pages/BankPage'));
const PapersPage = lazy(() => import('./pages/PapersPage'));
const GradingPage = lazy(() => import('./pages/GradingPage'));
const ResultsPage = lazy(() => import('./pages/ResultsPage'));

/** As server/src/modules/exams/policy.ts grants them. */
const OFFICE: Role[] = ['clerk'];
const READERS: Role[] = ['clerk', 'leader', 'secretary', 'inspector'];

export const routes: FeatureRoutes = {
  memberRoutes: [
    { path: '/exams', element: page(MyExamsPage) },
    { path: '/exams/attempts/:id', element: page(AttemptPage) },
    { path: '/exams/practice', element: page(PracticePage) },
  ],
  consoleRoutes: [
    { path: 'exams/bank', element: guardedPage(OFFICE, BankPage) },
    { path: 'exams/papers', element: guardedPage(READERS, PapersPage) },
    { path: 'exams/grading', element: guardedPage(OFFICE, GradingPage) },
    { path: 'exams/results', element: guardedPage(READERS, ResultsPage) },
  ],
  consoleNav: [
    { path: '/console/exams/bank', label: S.menuBank, icon: <DatabaseOutlined />, roles: OFFICE, group: S.group },
    { path: '/console/exams/papers', label: S.menuPapers, icon: <FileTextOutlined />, roles: READERS, group: S.group },
    { path: '/console/exams/grading', label: S.menuGrading, icon: <AuditOutlined />, roles: OFFICE, group: S.group },
    { path: '/console/exams/results', label: S.menuResults, icon: <BarChartOutlined />, roles: READERS, group: S.group },
  ],
};
