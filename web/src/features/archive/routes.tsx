import { lazy } from 'react';
import { FileZipOutlined } from '@ant-design/icons';
import { guardedPage, type FeatureRoutes } from '../../app/pages';
import type { Role } from '../../api/types';
import { S } from './strings';

const ArchivePage = lazy(() => import('./pages/ArchivePage'));

/** Server: archive.build (modules/archive/policy.ts). */
const BUILDERS: Role[] = ['clerk', 'leader', 'secretary', 'inspector'];

export const routes: FeatureRoutes = {
  memberRoutes: [],
  consoleRoutes: [{ path: 'archive', element: guardedPage(BUILDERS, ArchivePage) }],
  consoleNav: [{ path: '/console/archive', label: S.menu, icon: <FileZipOutlined />, roles: BUILDERS, group: '考核与证书' }],
};
