import { definePolicy } from '../../platform/policy';

// Who may do what with the atmosphere module (issue 18). Screens themselves carry
// no user: they read through their secret URL (public routes, see screens/routes.ts).
const clerk = [{ roles: ['clerk'], scope: 'subtree' }] as const;
const readers = [{ roles: ['clerk', 'secretary', 'leader', 'inspector'], scope: 'subtree' }] as const;

export const DisplayPolicy = definePolicy('display', {
  manageScreens: { label: '登记与管理大屏', grants: clerk },
  manageQuotes: { label: '维护每日一句', grants: clerk },
  publishAnnouncements: { label: '发布宣传栏公告', grants: clerk },
  announcementStats: { label: '查看公告阅读情况', grants: readers },
  /** A member reads the announcements aimed at their unit (checked against the announcement's targets). */
  readAnnouncements: {
    label: '阅读宣传栏公告',
    grants: [
      { roles: ['member'], scope: 'own' },
      { roles: ['clerk', 'secretary', 'leader', 'inspector'], scope: 'subtree' },
    ],
  },
  viewDashboards: { label: '查看领导看板', grants: readers },
});
