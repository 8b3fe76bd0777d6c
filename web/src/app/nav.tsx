import type { ReactNode } from 'react';
import { AuditOutlined, BookOutlined, DashboardOutlined, ApartmentOutlined, ScanOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { BarChartOutlined, CloudUploadOutlined, ControlOutlined, OrderedListOutlined } from '@ant-design/icons';
import { S as LS } from '../features/library/strings';
import { can } from '../api/session';
import type { Me, Role } from '../api/types';
import { S } from './strings';
import { routes as studyRoutes } from '../features/study/routes';
import { routes as sessionRoutes } from '../features/sessions/routes';
import { routes as channelRoutes } from '../features/channels/routes';
import { routes as reflectionRoutes } from '../features/reflections/routes';
import { routes as noteRoutes } from '../features/notes/routes';
import { routes as learningRoutes } from '../features/learning/routes';
import { routes as accountRoutes } from '../features/accounts/routes';
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
  { path: '/console/org', label: S.menu.org, icon: <ApartmentOutlined />, action: 'org.viewRoster', group: '名册与账号' },
  { path: '/console/users', label: S.menu.users, icon: <TeamOutlined />, action: 'admin.listUsers', group: '名册与账号' },
  { path: '/console/library', label: S.menu.library, icon: <BookOutlined />, action: 'library.catalog', group: '阅览室' },
  { path: '/console/library/desk', label: S.menu.desk, icon: <ScanOutlined />, action: 'library.desk', group: '阅览室' },
  { path: '/console/library/stocktake', label: LS.menuStocktake, icon: <OrderedListOutlined />, action: 'library.stocktake', group: '阅览室' },
  { path: '/console/library/import', label: LS.menuImport, icon: <CloudUploadOutlined />, action: 'library.catalog', group: '阅览室' },
  { path: '/console/library/rules', label: LS.menuRules, icon: <ControlOutlined />, action: 'library.setRules', group: '阅览室' },
  { path: '/console/library/reports', label: LS.menuReports, icon: <BarChartOutlined />, action: 'library.reports', group: '阅览室' },
  { path: '/console/settings', label: S.menu.settings, icon: <SettingOutlined />, action: 'admin.viewSettings', group: '系统' },
  { path: '/console/audit', label: S.menu.audit, icon: <AuditOutlined />, action: 'admin.viewAudit', group: '系统' },
  ...[accountRoutes, studyRoutes, sessionRoutes, noteRoutes, learningRoutes, reflectionRoutes, channelRoutes, scorecardRoutes, seminarRoutes, archiveRoutes, examRoutes, assessmentRoutes, displayRoutes].flatMap((f) => f.consoleNav),
];

/** Areas of entries that name none (features registered before the menu had areas), by path. */
const AREA_BY_PATH: [string, NavGroup][] = [
  ['/console/study', '学习'],
  ['/console/plan', '学习'],
  ['/console/sessions', '学习'],
  ['/console/learning', '学习'],
  ['/console/reflections', '心得'],
  ['/console/channels', '系统'],
];

/** The entry's area: its own, else by its path; none stands at the top of the menu. */
export const areaOf = (n: NavItem): NavGroup | undefined => n.group ?? AREA_BY_PATH.find(([p]) => n.path === p || n.path.startsWith(`${p}/`))?.[1];

/** Areas an administrator of the 三员 may see: 三员分立, the administrators do no business. */
const ADMIN_AREAS: (NavGroup | undefined)[] = [undefined, '名册与账号', '系统'];
const ADMIN_ONLY: Role[] = ['sysadmin', 'secadmin', 'auditadmin'];

export const navFor = (me: Me) => {
  const adminOnly = me.roles.length > 0 && me.roles.every((g) => ADMIN_ONLY.includes(g.role as Role));
  return CONSOLE_NAV.filter((n) => (!n.action || can(me, n.action)) && (!adminOnly || ADMIN_AREAS.includes(areaOf(n))));
};

/** The menu by area, in NAV_GROUPS order; entries without an area first. */
export function groupedNav(items: NavItem[]): { group: NavGroup | null; items: NavItem[] }[] {
  const top = items.filter((n) => !areaOf(n));
  const out: { group: NavGroup | null; items: NavItem[] }[] = top.length ? [{ group: null, items: top }] : [];
  for (const g of NAV_GROUPS) {
    const inGroup = items.filter((n) => areaOf(n) === g);
    if (inGroup.length) out.push({ group: g, items: inGroup });
  }
  return out;
}

export const actionFor = (path: string): string | undefined => CONSOLE_NAV.find((n) => n.path === path)?.action;
