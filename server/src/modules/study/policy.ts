import { definePolicy } from '../../platform/policy';
import { BUSINESS_ROLES, ROLES } from '../../platform/roles';

export const StudyPolicy = definePolicy('study', {
  /** A member's own reading log, timer and monthly plan. */
  own: { label: '记录本人学习与阅读计划', grants: [{ roles: BUSINESS_ROLES, scope: 'own' }] },
  viewUnits: { label: '查看单位学习情况', grants: [{ roles: ['clerk', 'leader', 'secretary', 'inspector'], scope: 'subtree' }] },
  remind: { label: '提醒未制定计划的干部', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
  viewCalendar: { label: '查看节假日安排', grants: [{ roles: ROLES, scope: 'any' }] },
  /** The district's entries need a grant over the whole tree, a town's one over the town (platform/write-scope.ts). */
  editCalendar: { label: '维护节假日安排', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
});
