import { definePolicy } from '../../platform/policy';
import { BUSINESS_ROLES } from '../../platform/roles';

/** Who reads a unit's online learning and practice records (their subtree). */
const viewers = ['clerk', 'leader', 'secretary'] as const;

export const LearningPolicy = definePolicy('learning', {
  /** A member's own records and photos; a clerk also corrects those of their subtree (service). */
  own: { label: '记录本人线上学习与实践活动', grants: [{ roles: BUSINESS_ROLES, scope: 'own' }] },
  /** A photo: its uploader's, or a viewer's over the uploader's unit. */
  viewFile: {
    label: '查看学习佐证图片',
    grants: [
      { roles: BUSINESS_ROLES, scope: 'own' },
      { roles: viewers, scope: 'subtree' },
    ],
  },
  viewUnit: { label: '查看单位线上学习与实践活动', grants: [{ roles: viewers, scope: 'subtree' }] },
  edit: {
    label: '修改线上学习与实践活动记录',
    grants: [
      { roles: BUSINESS_ROLES, scope: 'own' },
      { roles: ['clerk'], scope: 'subtree' },
    ],
  },
  import: { label: '导入线上学习记录', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
});
