import { definePolicy } from '../../../platform/policy';
import { readers, townMembers } from '../policy';

export const LecturePolicy = definePolicy('lectures', {
  propose: { label: '申报党课', grants: [{ roles: ['member'], scope: 'own' }] },
  mine: { label: '我的党课（讲课与听课）', grants: [{ roles: ['member'], scope: 'own' }] },
  list: { label: '查看党课安排', grants: [readers] },
  read: { label: '查看党课', grants: [townMembers, readers] },
  schedule: { label: '审批并安排党课', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
  upload: { label: '上传党课课件、讲义', grants: [{ roles: ['member'], scope: 'own' }, { roles: ['clerk'], scope: 'subtree' }] },
  rate: { label: '党课评分', grants: [townMembers] },
  feedback: { label: '查看党课评分与意见', grants: [{ roles: ['member'], scope: 'own' }, readers] },
  report: { label: '党课统计（各单位讲课情况）', grants: [readers] },
});
