import { definePolicy } from '../../platform/policy';

// The year-end archive (台账): the office, the leading group and the acceptance team
// build it for the units they reach; a member's year record is theirs and the office's.
const readers = ['clerk', 'leader', 'secretary', 'inspector'] as const;

export const ArchivePolicy = definePolicy('archive', {
  build: { label: '生成年终台账', grants: [{ roles: readers, scope: 'subtree' }] },
  memberRecord: {
    label: '导出干部年度学习档案',
    grants: [
      { roles: ['member'], scope: 'own' },
      { roles: readers, scope: 'subtree' },
    ],
  },
  tagCreations: { label: '标注其他创建类型', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
  viewCreations: { label: '查看其他创建佐证', grants: [{ roles: readers, scope: 'subtree' }] },
  exchangePack: { label: '生成经验交流会材料', grants: [{ roles: ['clerk', 'leader'], scope: 'subtree' }] },
});
