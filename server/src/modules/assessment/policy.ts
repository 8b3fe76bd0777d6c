import { definePolicy } from '../../platform/policy';

// Who runs inspections and the acceptance (plan §四): the party-building office (clerk) and the
// efficiency office (inspector) over the units they reach; leaders and secretaries read.
const runners = [{ roles: ['clerk', 'inspector'], scope: 'subtree' }] as const;
const readers = [{ roles: ['clerk', 'inspector', 'leader', 'secretary'], scope: 'subtree' }] as const;

export const AssessmentPolicy = definePolicy('assessment', {
  viewInspections: { label: '查看督查', grants: readers },
  planInspection: { label: '安排督查并抽签', grants: runners },
  recordFinding: { label: '记录督查发现', grants: runners },
  uploadPhoto: { label: '上传督查、整改或验收照片', grants: [{ roles: ['clerk', 'inspector', 'secretary', 'member'], scope: 'own' }] },
  viewPhoto: { label: '查看督查、整改或验收照片', grants: [...readers, { roles: ['member'], scope: 'own' }] },
  assignRectification: { label: '下达整改任务', grants: runners },
  viewRectifications: { label: '查看整改任务', grants: [...readers, { roles: ['member'], scope: 'own' }] },
  respondRectification: { label: '提交整改材料', grants: [{ roles: ['secretary', 'clerk'], scope: 'subtree' }, { roles: ['member'], scope: 'own' }] },
  acceptRectification: { label: '验收整改', grants: runners },
  viewEvidence: { label: '查看单位创建佐证', grants: readers },
  editChecklist: { label: '编辑验收细则清单', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
  viewChecklist: { label: '查看验收细则清单', grants: readers },
  nameTeam: { label: '组建联合验收组', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
  score: { label: '验收评分', grants: runners },
  signOff: { label: '验收签字确认', grants: runners },
  unlock: { label: '解除验收锁定', grants: runners },
  viewResults: { label: '查看验收结果', grants: [...readers, { roles: ['member'], scope: 'subtree' }] },
  exportResults: { label: '导出验收报告与评分表', grants: readers },
});
