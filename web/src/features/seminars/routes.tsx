import { lazy } from 'react';
import { CommentOutlined, ReadOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import { S } from './strings';

const MySeminarsPage = lazy(() => import('./pages/MySeminarsPage'));
const SeminarPage = lazy(() => import('./pages/SeminarPage'));
const LecturePage = lazy(() => import('./pages/LecturePage'));
const SeminarsPage = lazy(() => import('./pages/SeminarsPage'));
const SeminarConsolePage = lazy(() => import('./pages/SeminarConsolePage'));
const LivePage = lazy(() => import('./pages/LivePage'));
const LecturesPage = lazy(() => import('./pages/LecturesPage'));

// Pages and menu entries name the policy action (server: modules/<domain>/policy.ts) whose holders may open them.
export const routes: FeatureRoutes = {
  memberRoutes: [
    { path: '/seminars', element: page(MySeminarsPage) },
    { path: '/seminars/:id', element: page(SeminarPage) },
    { path: '/lectures/:id', element: page(LecturePage) },
  ],
  consoleRoutes: [
    { path: 'seminars', element: guardedPage('seminars.list', SeminarsPage) },
    { path: 'seminars/:id', element: guardedPage('seminars.list', SeminarConsolePage) },
    { path: 'seminars/:id/live', element: guardedPage('seminars.live', LivePage) },
    { path: 'lectures', element: guardedPage('lectures.list', LecturesPage) },
  ],
  consoleNav: [
    { path: '/console/seminars', label: S.nav.seminars, icon: <CommentOutlined />, action: 'seminars.list', group: '研讨与党课' },
    { path: '/console/lectures', label: S.nav.lectures, icon: <ReadOutlined />, action: 'lectures.list', group: '研讨与党课' },
  ],
};
