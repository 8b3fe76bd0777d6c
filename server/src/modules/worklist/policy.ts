import { definePolicy } from '../../platform/policy';

export const WorklistPolicy = definePolicy('worklist', {
  pending: { label: '查看待办事项', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
});
