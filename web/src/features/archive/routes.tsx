import { lazy } from 'react';
import { FileZipOutlined } from '@ant-design/icons';
import { guardedPage, type FeatureRoutes } from '../../app/pages';
import { S } from './strings';

const ArchivePage = lazy(() => import('./pages/ArchivePage'));

// Pages and menu entries name the policy action (server: modules/<domain>/policy.ts) whose holders may open them.
export const routes: FeatureRoutes = {
  memberRoutes: [],
  consoleRoutes: [{ path: 'archive', element: guardedPage('archive.build', ArchivePage) }],
  consoleNav: [{ path: '/console/archive', label: S.menu, icon: <FileZipOutlined />, action: 'archive.build', group: '考核与证书' }],
};
