import type { ReactNode } from 'react';
import { AuditOutlined, BookOutlined, DashboardOutlined, ApartmentOutlined, ScanOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { BarChartOutlined, CloudUploadOutlined, ControlOutlined, OrderedListOutlined } from '@ant-design/icons';
import { S as LS } from '../features/library/strings';
import { hasRole, ROSTER_READERS } from '../api/session';
import type { Me, Role } from '../api/types';
import { S } from './strings';
import { routes as studyRoutes } from '../features/study/routes';
import { routes as sessionRoutes } from '../features/sessions/routes';
import { routes as channelRoutes } from '../features/channels/routes';
import { routes as reflectionRoutes } from '../features/reflections/routes';
import { routes as noteRoutes } from '../features/notes/routes';
import { routes as learningRoutes } from '../features/learning/routes';
import { routes as seminarRoutes } from '../features/seminars/routes';
import { routes as examRoutes } from '../features/exams/routes';
import { routes as scorecardRoutes } from '../features/scorecard/routes';
import { routes as archiveRoutes } from '../features/archive/routes';
import { routes as assessmentRoutes } from '../features/assessment/routes';
import { routes as displayRoutes } from '../features/display/routes';

export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  /** Any of these roles shows the entry; empty means every console user. */
  roles: Role[];
  /**
   * The area of the menu the entry belongs to (the console groups its menu by area);
   * one of NAV_GROUPS. Entries without one stand at the top.
   */
  group?: NavGroup;
}

/** The console menu's areas, in menu order. */
export const NAV_GROUPS = ['名册与账号', '阅览室', '学习', '心得', '研讨与党课', '测试', '督查验收', '考核与证书', '宣传与大屏', '系统'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

/** The console menu; each page's route checks the same roles. */
export const CONSOLE_NAV: NavItem[] = [
  { path: '/console', label: S.menu.home, icon: <DashboardOutlined />, roles: [] },
  { path: '/console/org', label: S.menu.org, icon: <ApartmentOutlined />, roles: ROSTER_READERS },
  { path: '/console/users', label: S.menu.users, icon: <TeamOutlined />, roles: ['sysadmin', 'secadmin'] },
  { path: '/console/library', label: S.menu.library, icon: <BookOutlined />, roles: ['clerk'] },
  // The desk lends in the clerk's name (server: desk checkout/checkin require clerk).
  { path: '/console/library/desk', label: S.menu.desk, icon: <ScanOutlined />, roles: ['clerk'] },
  { path: '/console/library/stocktake', label: LS.menuStocktake, icon: <OrderedListOutlined />, roles: ['clerk'] },
  { path: '/console/library/import', label: LS.menuImport, icon: <CloudUploadOutlined />, roles: ['clerk'] },
  { path: '/console/library/rules', label: LS.menuRules, icon: <ControlOutlined />, roles: ['clerk'] },
  { path: '/console/library/reports', label: LS.menuReports, icon: <BarChartOutlined />, roles: ['clerk'] },
  { path: '/console/settings', label: S.menu.settings, icon: <SettingOutlined />, roles: ['clerk', 'sysadmin', 'secadmin', 'auditadmin', 'leader', 'secretary'] },
  { path: '/console/audit', label: S.menu.audit, icon: <AuditOutlined />, roles: ['auditadmin'] },
  ...[studyRoutes, sessionRoutes, noteRoutes, learningRoutes, reflectionRoutes, channelRoutes, scorecardRoutes, seminarRoutes, archiveRoutes, examRoutes, assessmentRoutes, displayRoutes].flatMap((f) => f.consoleNav),
];

export const navFor = (me: Me) => CONSOLE_NAV.filter((n) => n.roles.length === 0 || hasRole(me, ...n.roles));

export const rolesFor = (path: string): Role[] => CONSOLE_NAV.find((n) => n.path === path)?.roles ?? [];
