import { lazy } from 'react';
import { CommentOutlined, ReadOutlined } from '@ant-design/icons';
import { guardedPage, page, type FeatureRoutes } from '../../app/pages';
import type { Role } from '../../api/types';
import { S } from './strings';

const MySeminarsPage = lazy(() => import('./pages/MySeminarsPage'));
const SeminarPage = lazy(() => import('./pages/SeminarPage'));
const LecturePage = lazy(() => import('./pages/LecturePage'));
const SeminarsPage = lazy(() => import('./pages/SeminarsPage'));
const SeminarConsolePage = lazy(() => import('./pages/SeminarConsolePage'));
const LivePage = lazy(() => import('./pages/LivePage'));
const LecturesPage = lazy(() => import('./pages/LecturesPage'));

// The same roles as the server's policy tables (modules/seminars/policy.ts, lectures/policy.ts).
const READERS: Role[] = ['clerk', 'secretary', 'leader', 'inspector'];
const LIVE: Role[] = ['clerk', 'secretary', 'leader'];

export const routes: FeatureRoutes = {
  memberRoutes: [
    { path: '/seminars', element: page(MySeminarsPage) },
    { path: '/seminars/:id', element: page(SeminarPage) },
    { path: '/lectures/:id', element: page(LecturePage) },
  ],
  consoleRoutes: [
    { path: 'seminars', element: guardedPage(READERS, SeminarsPage) },
    { path: 'seminars/:id', element: guardedPage(READERS, SeminarConsolePage) },
    { path: 'seminars/:id/live', element: guardedPage(LIVE, LivePage) },
    { path: 'lectures', element: guardedPage(READERS, LecturesPage) },
  ],
  consoleNav: [
    { path: '/console/seminars', label: S.nav.seminars, icon: <CommentOutlined />, roles: READERS, group: '研讨与党课' },
    { path: '/console/lectures', label: S.nav.lectures, icon: <ReadOutlined />, roles: READERS, group: '研讨与党课' },
  ],
};
