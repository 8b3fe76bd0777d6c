import { definePolicy } from '../../platform/policy';
import { ROLES } from '../../platform/roles';

export const StudyPolicy = definePolicy('study', {
  /** A member's own reading log, timer and monthly plan. */
  own: { label: '记录本人学习与阅读计划', grants: [{ roles: ROLES, scope: 'own' }] },
  // Not the system administrator: 三员分立, the administrators see no business data.
  viewUnits: { label: '查看单位学习情况', grants: [{ roles: ['clerk', 'leader', 'secretary', 'inspector'], scope: 'subtree' }] },
  remind: { label: '提醒未制定计划的干部', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
  viewCalendar: { label: '查看节假日安排', grants: [{ roles: ROLES, scope: 'any' }] },
  editCalendar: { label: '维护节假日安排', grants: [{ roles: ['clerk', 'sysadmin'], scope: 'any' }] },
});
