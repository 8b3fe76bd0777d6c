import { definePolicy } from '../../platform/policy';

/** The office (党建办) keeps the bank and the papers for its units; leaders and inspectors read results. */
const office = [{ roles: ['clerk'], scope: 'subtree' }] as const;
const readers = [{ roles: ['clerk', 'leader', 'secretary', 'inspector'], scope: 'subtree' }] as const;
const self = [{ roles: ['member'], scope: 'own' }] as const;

export const ExamPolicy = definePolicy('exams', {
  viewBank: { label: '查看题库', grants: office },
  manageBank: { label: '维护题库（新增、修改、导入、更正答案）', grants: office },
  managePapers: { label: '组卷与发布测试', grants: office },
  viewPapers: { label: '查看测试', grants: readers },
  grade: { label: '阅卷（简答题评分）', grants: office },
  viewResults: { label: '查看成绩与试题分析', grants: readers },
  exportAwards: { label: '导出测试获奖名单', grants: [{ roles: ['clerk', 'leader'], scope: 'subtree' }] },
  take: { label: '参加测试', grants: self },
  practice: { label: '每日一练', grants: self },
});
