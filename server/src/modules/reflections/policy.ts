import { definePolicy } from '../../platform/policy';
import { ROLES } from '../../platform/roles';

/** Who reads handed-in reflections of their subtree (review queue, quota, reports). */
const readers = ['clerk', 'leader', 'secretary', 'inspector'] as const;
/** Who reviews them. */
const reviewers = ['clerk'] as const;

// A draft is its author's alone. A colleague of the same town reads an approved
// reflection when reflections.sharedWithColleagues is on (checked in the service).
export const ReflectionPolicy = definePolicy('reflections', {
  write: { label: '撰写本人心得', grants: [{ roles: ROLES, scope: 'own' }] },
  read: {
    label: '查看心得',
    grants: [
      { roles: ROLES, scope: 'own' },
      { roles: readers, scope: 'subtree' },
    ],
  },
  viewReview: { label: '查看审核队列、配额与上报记录', grants: [{ roles: readers, scope: 'subtree' }] },
  /** The review list and the quota table as .xlsx (audited): the same readers, their subtree only. */
  export: { label: '导出心得清单与配额表', grants: [{ roles: readers, scope: 'subtree' }] },
  review: { label: '审核心得', grants: [{ roles: reviewers, scope: 'subtree' }] },
  references: { label: '管理查重参考文本', grants: [{ roles: reviewers, scope: 'subtree' }] },
  report: { label: '上报优秀心得', grants: [{ roles: reviewers, scope: 'subtree' }] },
  /** Colleagues' shared reflections: likes and comments (a reviewer also removes comments). */
  social: { label: '阅读、点赞和评论同事的心得', grants: [{ roles: ROLES, scope: 'own' }] },
});
