import { definePolicy } from '../../platform/policy';

/** Who keeps or reads a seminar's record across their subtree. */
export const readers = { roles: ['clerk', 'secretary', 'leader', 'inspector'], scope: 'subtree' } as const;
/** Members of the town; the service then checks the member's unit attends. */
export const townMembers = { roles: ['member'], scope: 'town' } as const;
const chairs = { roles: ['secretary', 'leader'], scope: 'subtree' } as const;

export const SeminarPolicy = definePolicy('seminars', {
  list: { label: '查看研讨会安排与年度进度', grants: [readers] },
  read: { label: '查看研讨会（发言、同事议、书记评）', grants: [townMembers, readers] },
  mine: { label: '我的研讨会与党课', grants: [{ roles: ['member'], scope: 'own' }] },
  schedule: { label: '安排研讨会', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
  volunteer: { label: '报名研讨会发言', grants: [townMembers] },
  speak: { label: '填写个人说（书目、发言摘要、材料）', grants: [{ roles: ['member'], scope: 'own' }] },
  comment: { label: '发表同事议', grants: [townMembers] },
  live: { label: '会场大屏：签到与同事议实时显示', grants: [{ roles: ['clerk', 'secretary', 'leader'], scope: 'subtree' }] },
  evaluate: { label: '书记评', grants: [chairs] },
  signOff: { label: '签发会议纪要（锁定书记评）', grants: [chairs] },
  minutes: { label: '导出会议纪要', grants: [readers] },
  file: { label: '查看研讨会、党课材料', grants: [townMembers, readers] },
});
