import { lazy } from 'react';
import { AuditOutlined, BarChartOutlined, DatabaseOutlined, FileTextOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import { S } from './strings';

const MyExamsPage = lazy(() => import('./pages/MyExamsPage'));
const AttemptPage = lazy(() => import('./pages/AttemptPage'));
const PracticePage = lazy(() => import('./pages/PracticePage'));
const BankPage = lazy(() => import('./pages/BankPage'));
const PapersPage = lazy(() => import('./pages/PapersPage'));
const GradingPage = lazy(() => import('./pages/GradingPage'));
const ResultsPage = lazy(() => import('./pages/ResultsPage'));

// Pages and menu entries name the policy action (server: modules/<domain>/policy.ts) whose holders may open them.
export const routes: FeatureRoutes = {
  memberRoutes: [
    { path: '/exams', element: page(MyExamsPage) },
    { path: '/exams/attempts/:id', element: page(AttemptPage) },
    { path: '/exams/practice', element: page(PracticePage) },
  ],
  consoleRoutes: [
    { path: 'exams/bank', element: guardedPage('exams.viewBank', BankPage) },
    { path: 'exams/papers', element: guardedPage('exams.viewPapers', PapersPage) },
    { path: 'exams/grading', element: guardedPage('exams.grade', GradingPage) },
    { path: 'exams/results', element: guardedPage('exams.viewResults', ResultsPage) },
  ],
  consoleNav: [
    { path: '/console/exams/bank', label: S.menuBank, icon: <DatabaseOutlined />, action: 'exams.viewBank', group: S.group },
    { path: '/console/exams/papers', label: S.menuPapers, icon: <FileTextOutlined />, action: 'exams.viewPapers', group: S.group },
    { path: '/console/exams/grading', label: S.menuGrading, icon: <AuditOutlined />, action: 'exams.grade', group: S.group },
    { path: '/console/exams/results', label: S.menuResults, icon: <BarChartOutlined />, action: 'exams.viewResults', group: S.group },
  ],
};
