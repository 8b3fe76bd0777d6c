import { definePolicy } from '../../platform/policy';
import { ROLES } from '../../platform/roles';

/** Who organises collective study (their subtree); the system administrator does no business (三员分立). */
const writers = ['clerk'] as const;
/** Who may look at sessions, sign-in sheets and annual plans (their subtree). */
const readers = ['clerk', 'leader', 'secretary', 'inspector'] as const;

export const SessionPolicy = definePolicy('sessions', {
  view: { label: '查看集中学习与签到表', grants: [{ roles: readers, scope: 'subtree' }] },
  manage: { label: '组织集中学习（签到、补签、审批请假）', grants: [{ roles: writers, scope: 'subtree' }] },
  attend: { label: '参加集中学习（扫码签到、请假）', grants: [{ roles: ROLES, scope: 'own' }] },
  viewPlan: { label: '查看年度学习计划', grants: [{ roles: readers, scope: 'subtree' }] },
  editPlan: { label: '编制年度学习计划', grants: [{ roles: writers, scope: 'subtree' }] },
  myPlan: { label: '查看本人必学书目', grants: [{ roles: ROLES, scope: 'own' }] },
});
