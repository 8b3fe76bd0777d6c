// Pure rules of the acceptance: the default checklist (细则清单) after the plan's sections,
// consolidating several graders' totals, grades by threshold, suggested scores from evidence.

export interface ChecklistItem {
  key: string;
  section: string;
  category: string;
  title: string;
  maxPoints: number;
  guidance: string;
  /** 'manual' or an evidence metric key (study.planRate …). */
  source: string;
}

/** The default checklist: plan §三.1–三.8, §四 and §五.2, 100 points. */
export const DEFAULT_CHECKLIST: ChecklistItem[] = [
  { key: 'org', section: '三.1', category: '严密组织体系', title: '成立创建领导小组，领导干部率先垂范，分工明确', maxPoints: 8, guidance: '查看领导小组文件、分工表；领导干部带头读书情况', source: 'manual' },
  { key: 'atmosphere', section: '三.2', category: '营造浓厚氛围', title: '文化走廊、宣传栏、电子屏等书香氛围', maxPoints: 8, guidance: '实地查看并拍照；无照片不得分', source: 'manual' },
  { key: 'corner', section: '三.3', category: '强化阵地质量', title: '阅览室或图书角，图书种类齐全，借阅便捷', maxPoints: 12, guidance: '按在架图书覆盖门类比例计分；逾期未还较多的酌情扣分', source: 'library.cornerBooks' },
  { key: 'checkin', section: '三.4', category: '优化制度分量', title: '年度学习计划、集中学习与签到制度落实', maxPoints: 12, guidance: '按集中学习签到率计分', source: 'sessions.checkInRate' },
  { key: 'plans', section: '三.5', category: '每日有所学', title: '月初制定阅读计划', maxPoints: 8, guidance: '按月度阅读计划制定率计分', source: 'study.planRate' },
  { key: 'daily', section: '三.5', category: '每日有所学', title: '每人每天学习不少于规定时间', maxPoints: 10, guidance: '按每日学习达标率计分', source: 'study.dailyCompliance' },
  { key: 'reflections', section: '三.5', category: '每日有所学', title: '读书心得按月上报达到配额', maxPoints: 10, guidance: '按达到心得配额的月份比例计分', source: 'reflections.quotaMonths' },
  { key: 'seminars', section: '三.6', category: '每月有互动', title: '每月开展学习研讨（个人说、同事议、书记评）', maxPoints: 8, guidance: '建议分：每月召开研讨计一半，书记点评并签发纪要计另一半', source: 'seminars.held' },
  { key: 'tests', section: '三.7', category: '每季有品评', title: '每季度检验学习成效，普通干部讲党课', maxPoints: 8, guidance: '建议分按季度测试参加率计；平均分和讲党课人次供评分时参考', source: 'exams.taken' },
  { key: 'online', section: '三.8', category: '丰富学习载体', title: '“线上+线下”“理论+实践”', maxPoints: 6, guidance: '建议分按有线上学习记录的干部比例计；实践活动记录供评分时参考', source: 'learning.online' },
  { key: 'rectified', section: '四', category: '总结验收', title: '季度督查发现问题按期整改销号', maxPoints: 6, guidance: '按整改按期完成比例计分', source: 'assessment.rectifiedOnTime' },
  { key: 'burden', section: '五.2', category: '统筹兼顾', title: '不搞重复劳动，杜绝形式主义，台账精简', maxPoints: 4, guidance: '以平台记录代替纸质台账；重复报表扣分', source: 'manual' },
];

export const GRADES = ['优秀', '良好', '合格', '不合格'] as const;
export type Grade = (typeof GRADES)[number];

export interface GradeThresholds {
  excellent: number;
  good: number;
  pass: number;
}

export function gradeOf(score: number, t: GradeThresholds): Grade {
  if (score >= t.excellent) return '优秀';
  if (score >= t.good) return '良好';
  if (score >= t.pass) return '合格';
  return '不合格';
}

export interface Consolidated {
  /** Hundredths of a point (rounded half up). */
  scoreX100: number;
  spreadX100: number;
  method: 'average' | 'dropExtremes';
  count: number;
  flagged: boolean;
}

/**
 * Several graders' totals (in tenths) → one score. 'dropExtremes' drops one highest and one lowest
 * when there are at least three totals; otherwise the plain average. The spread is max − min of
 * all totals; it is flagged when it reaches the setting.
 */
export function consolidate(totalsTenths: number[], dropExtremes: boolean, flagAtPoints: number): Consolidated | null {
  if (!totalsTenths.length) return null;
  const sorted = [...totalsTenths].sort((a, b) => a - b);
  const drop = dropExtremes && sorted.length >= 3;
  const used = drop ? sorted.slice(1, -1) : sorted;
  const sum = used.reduce((s, v) => s + v, 0);
  // Tenths → hundredths: sum*10/count, rounded half up in integers.
  const scoreX100 = Math.floor((sum * 10 * 2 + used.length) / (2 * used.length));
  const spreadX100 = (sorted[sorted.length - 1]! - sorted[0]!) * 10;
  return { scoreX100, spreadX100, method: drop ? 'dropExtremes' : 'average', count: sorted.length, flagged: spreadX100 >= flagAtPoints * 100 };
}

/** A suggested score from a 0–1 share: the share of the item's points, to the half point below. */
export function suggestedPoints(ratio: number | null, maxPoints: number): number | null {
  if (ratio === null || !Number.isFinite(ratio)) return null;
  return Math.floor(Math.max(0, Math.min(1, ratio)) * maxPoints * 2) / 2;
}

/** Checks a checklist as the clerk saves it; returns a Chinese message or null. */
export function checkChecklist(items: ChecklistItem[], knownSources: string[]): string | null {
  if (items.length < 1 || items.length > 60) return '细则清单应有 1 至 60 项';
  const keys = new Set<string>();
  for (const [n, i] of items.entries()) {
    const at = `第 ${n + 1} 项`;
    if (!/^[a-z][a-z0-9_-]{0,29}$/.test(i.key)) return `${at}的编号应为小写字母开头的 1 至 30 位字母、数字`;
    if (keys.has(i.key)) return `${at}的编号“${i.key}”重复`;
    keys.add(i.key);
    if (!i.title.trim() || i.title.length > 100) return `${at}的内容应为 1 至 100 个字`;
    if (!i.category.trim() || i.category.length > 30) return `${at}的类别应为 1 至 30 个字`;
    if (!i.section.trim() || i.section.length > 10) return `${at}的方案条目应为 1 至 10 个字`;
    if (!Number.isInteger(i.maxPoints) || i.maxPoints < 1 || i.maxPoints > 100) return `${at}的分值应为 1 至 100 的整数`;
    if (i.guidance.length > 500) return `${at}的评分说明不能超过 500 字`;
    if (i.source !== 'manual' && !knownSources.includes(i.source)) return `${at}的数据来源“${i.source}”不存在`;
  }
  return null;
}

/** Points as people read them: 8, 7.5. */
export const showPoints = (tenths: number) => (tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1));
export const showX100 = (x: number) => (x / 100).toFixed(2);
