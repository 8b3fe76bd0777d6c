import type { ReactNode } from 'react';
import { AuditOutlined, BookOutlined, DashboardOutlined, ApartmentOutlined, ScanOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { BarChartOutlined, CloudUploadOutlined, ControlOutlined, OrderedListOutlined } from '@ant-design/icons';
import { S as LS } from '../features/library/strings';
import { can } from '../api/session';
import type { Me } from '../api/types';
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
  /**
   * The policy action (`<module>.<key>`, server: modules/<domain>/policy.ts) whose holders see the entry
   * and may open the page; /api/me's permissions say who holds it. None: every console user.
   */
  action?: string;
  /**
   * The area of the menu the entry belongs to (the console groups its menu by area);
   * one of NAV_GROUPS. Entries without one stand at the top.
   */
  group?: NavGroup;
}

/** The console menu's areas, in menu order. */
export const NAV_GROUPS = ['名册与账号', '阅览室', '学习', '心得', '研讨与党课', '测试', '督查验收', '考核与证书', '宣传与大屏', '系统'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

/** The console menu; each page's route checks the same action. */
export const CONSOLE_NAV: NavItem[] = [
  { path: '/console', label: S.menu.home, icon: <DashboardOutlined /> },
  { path: '/console/org', label: S.menu.org, icon: <ApartmentOutlined />, action: 'org.viewRoster' },
  { path: '/console/users', label: S.menu.users, icon: <TeamOutlined />, action: 'admin.listUsers' },
  { path: '/console/library', label: S.menu.library, icon: <BookOutlined />, action: 'library.catalog' },
  { path: '/console/library/desk', label: S.menu.desk, icon: <ScanOutlined />, action: 'library.desk' },
  { path: '/console/library/stocktake', label: LS.menuStocktake, icon: <OrderedListOutlined />, action: 'library.stocktake' },
  { path: '/console/library/import', label: LS.menuImport, icon: <CloudUploadOutlined />, action: 'library.catalog' },
  { path: '/console/library/rules', label: LS.menuRules, icon: <ControlOutlined />, action: 'library.setRules' },
  { path: '/console/library/reports', label: LS.menuReports, icon: <BarChartOutlined />, action: 'library.reports' },
  { path: '/console/settings', label: S.menu.settings, icon: <SettingOutlined />, action: 'admin.viewSettings' },
  { path: '/console/audit', label: S.menu.audit, icon: <AuditOutlined />, action: 'admin.viewAudit' },
  ...[studyRoutes, sessionRoutes, noteRoutes, learningRoutes, reflectionRoutes, channelRoutes, scorecardRoutes, seminarRoutes, archiveRoutes, examRoutes, assessmentRoutes, displayRoutes].flatMap((f) => f.consoleNav),
];

export const navFor = (me: Me) => CONSOLE_NAV.filter((n) => !n.action || can(me, n.action));

export const actionFor = (path: string): string | undefined => CONSOLE_NAV.find((n) => n.path === path)?.action;
