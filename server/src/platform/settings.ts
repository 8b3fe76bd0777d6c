import type { DB } from '../db';
import { badRequest, forbidden } from './errors';
import { nowIso } from './time';
import type { Role } from './roles';

type Kind = 'int' | 'bool' | 'json' | 'text';

export interface SettingDef {
  key: string;
  kind: Kind;
  default: SettingValue;
  /** For kind 'json': checks a value, returning a Chinese message when it is wrong. */
  check?: (value: unknown) => string | null;
  min?: number;
  max?: number;
  label: string;
  unit?: string;
  group: 'plan' | 'study' | 'sessions' | 'reminders' | 'reflections' | 'library' | 'security' | 'audit' | 'seminars' | 'assessment' | 'scores' | 'exams' | 'display' | 'accounts' | 'site';
  /** Where the value comes from in the plan or the standard, for the settings page. */
  source?: string;
  /** Whether a value can differ per year (the plan's numbers can; security policy cannot). */
  perYear: boolean;
  editors: Role[];
  /**
   * A town or unit may keep its own value for its subtree (issue 12 item 7), and every reader
   * passes the unit it reads for. The others are one value for the whole district, changed only
   * by an editor whose grant covers the whole tree.
   */
  scoped?: boolean;
}

/** The plan's numbers are business settings: 党建办's, not the system administrator's (issue 12 defect 4). */
const PLAN_EDITORS: Role[] = ['clerk'];
const SECURITY_EDITORS: Role[] = ['secadmin'];
const ACCOUNT_EDITORS: Role[] = ['sysadmin'];

/** An http(s) origin with an optional path, no query or fragment; '' means unset. */
function checkBaseUrl(v: unknown): string | null {
  if (typeof v !== 'string') return '应为网址';
  const s = v.trim();
  if (!s) return null;
  if (s.length > 200) return '网址不能超过 200 个字符';
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return '网址格式不正确，应如 https://sx.xxzhen.gov.cn';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return '网址应以 http:// 或 https:// 开头';
  if (u.search || u.hash || u.username || u.password) return '网址不能带查询参数、锚点或账号';
  return null;
}

/** A rubric: 1–10 criteria, each a distinct name and 1–1000 whole points. */
function checkRubric(v: unknown): string | null {
  if (!Array.isArray(v) || v.length < 1 || v.length > 10) return '评分标准应有 1 至 10 项';
  const names = new Set<string>();
  for (const c of v as unknown[]) {
    if (typeof c !== 'object' || c === null) return '每项应包含名称和分值';
    const { name, points } = c as { name?: unknown; points?: unknown };
    if (typeof name !== 'string' || !name.trim() || name.length > 20) return '每项名称应为 1 至 20 个字';
    if (typeof points !== 'number' || !Number.isInteger(points) || points < 1 || points > 1000) return `“${name}”的分值应为 1 至 1000 的整数`;
    if (names.has(name.trim())) return `“${name}”重复`;
    names.add(name.trim());
    if (Object.keys(c).some((k) => k !== 'name' && k !== 'points')) return '每项只能包含名称和分值';
  }
  return null;
}

/**
 * The year score's indicators (modules/scorecard/scores, issue 16): per indicator its weight
 * (of 100), the value that earns full marks, and the cap (percent of full marks an indicator
 * may reach; for the inspection deduction, the most points it may take off). Edited as a set
 * on the score page, where a set not summing to 100 is refused or renormalised.
 */
export const SCORE_INDICATOR_DEFAULTS = [
  { key: 'books', label: '读完书本数', weight: 20, target: 12, targetUnit: '本', cap: 100 },
  { key: 'daily', label: '每日学习达标率', weight: 15, target: 100, targetUnit: '%', cap: 100 },
  { key: 'reflections', label: '读书心得', weight: 15, target: 12, targetUnit: '分', cap: 100 },
  { key: 'sessions', label: '集中学习出勤率', weight: 10, target: 100, targetUnit: '%', cap: 100 },
  { key: 'seminars', label: '研讨会出勤率', weight: 5, target: 100, targetUnit: '%', cap: 100 },
  { key: 'evaluation', label: '书记评等次', weight: 10, target: 100, targetUnit: '分', cap: 100 },
  { key: 'tests', label: '季度测试平均分', weight: 10, target: 100, targetUnit: '分', cap: 100 },
  { key: 'practice', label: '实践活动', weight: 5, target: 4, targetUnit: '次', cap: 100 },
  { key: 'lectures', label: '讲党课', weight: 5, target: 1, targetUnit: '次', cap: 100 },
  { key: 'online', label: '线上学习学时', weight: 5, target: 24, targetUnit: '学时', cap: 100 },
  { key: 'inspection', label: '督查问题扣分', weight: 0, target: 2, targetUnit: '分/条', cap: 10 },
] as const;

function scoreSettings(): SettingDef[] {
  const out: SettingDef[] = [];
  for (const d of SCORE_INDICATOR_DEFAULTS) {
    const deduction = d.key === 'inspection';
    out.push(
      { key: `scores.weight.${d.key}`, kind: 'int', default: d.weight, min: 0, max: 100, unit: '分', label: `年度考核权重：${d.label}`, group: 'scores', perYear: true, editors: PLAN_EDITORS },
      {
        key: `scores.target.${d.key}`,
        kind: 'int',
        default: d.target,
        min: 1,
        max: 10000,
        unit: d.targetUnit,
        label: deduction ? '年度考核：每条督查问题扣分' : `年度考核满分标准：${d.label}`,
        group: 'scores',
        perYear: true,
        editors: PLAN_EDITORS,
      },
      {
        key: `scores.cap.${d.key}`,
        kind: 'int',
        default: d.cap,
        min: 0,
        max: deduction ? 100 : 200,
        unit: deduction ? '分' : '%',
        label: deduction ? '年度考核：督查问题最多扣分' : `年度考核封顶（满分的百分比）：${d.label}`,
        group: 'scores',
        perYear: true,
        editors: PLAN_EDITORS,
      },
    );
  }
  return out;
}

// Every number of the plan lives here with the plan's value as its default.
export const SETTINGS: SettingDef[] = [
  { key: 'plan.booksPerMonth', kind: 'int', default: 1, min: 0, max: 20, unit: '本', label: '每人每月阅读书本不少于', group: 'plan', source: '方案 三.5', perYear: true, editors: PLAN_EDITORS },
  { key: 'plan.dailyStudyMinutes', kind: 'int', default: 60, min: 0, max: 600, unit: '分钟', label: '每人每天学习时间不少于', group: 'plan', source: '方案 三.5', perYear: true, editors: PLAN_EDITORS },
  { key: 'plan.readingPlanDeadlineDay', kind: 'int', default: 5, min: 1, max: 28, unit: '日', label: '月度阅读计划须在每月几日前制定', group: 'plan', source: '方案 三.5 “月初制定”', perYear: true, editors: PLAN_EDITORS },
  { key: 'plan.studyLogBackfillDays', kind: 'int', default: 3, min: 0, max: 31, unit: '天', label: '学习记录可补录天数', group: 'plan', perYear: true, editors: PLAN_EDITORS },
  { key: 'plan.countWeekends', kind: 'bool', default: false, label: '周末计入每日学习要求', group: 'plan', perYear: true, editors: PLAN_EDITORS },
  { key: 'plan.countHolidays', kind: 'bool', default: false, label: '法定节假日计入每日学习要求', group: 'plan', perYear: true, editors: PLAN_EDITORS },
  { key: 'plan.reflectionMinChars', kind: 'int', default: 1500, min: 0, max: 20000, unit: '字', label: '读书心得不少于', group: 'plan', source: '方案 三.5', perYear: true, editors: PLAN_EDITORS },
  { key: 'plan.reflectionQuotaPercent', kind: 'int', default: 10, min: 0, max: 100, unit: '%', label: '每月心得上报数不少于本单位干部总数的', group: 'plan', source: '方案 三.5', perYear: true, editors: PLAN_EDITORS },
  { key: 'plan.certificateCount', kind: 'int', default: 10, min: 0, max: 1000, unit: '位', label: '年终授予证书的干部人数', group: 'plan', source: '方案 四', perYear: true, editors: PLAN_EDITORS },
  { key: 'plan.quarterMonths', kind: 'int', default: 3, min: 1, max: 12, unit: '个月', label: '品评周期（每季度）', group: 'plan', source: '方案 三.7', perYear: true, editors: PLAN_EDITORS },
  // How each kind of study counts toward the daily target (plan §三.8: online and practice count too).
  { key: 'study.weightReading', kind: 'int', default: 100, min: 0, max: 100, unit: '%', label: '读书时间计入每日学习的比例', group: 'study', perYear: true, editors: PLAN_EDITORS },
  { key: 'study.weightSession', kind: 'int', default: 100, min: 0, max: 100, unit: '%', label: '集中学习时间计入每日学习的比例', group: 'study', perYear: true, editors: PLAN_EDITORS },
  { key: 'study.weightOnline', kind: 'int', default: 100, min: 0, max: 100, unit: '%', label: '线上学习时间计入每日学习的比例', group: 'study', source: '方案 三.8', perYear: true, editors: PLAN_EDITORS },
  { key: 'study.weightPractice', kind: 'int', default: 100, min: 0, max: 100, unit: '%', label: '实践活动时间计入每日学习的比例', group: 'study', source: '方案 三.8', perYear: true, editors: PLAN_EDITORS },
  { key: 'study.minutesPerCreditHour', kind: 'int', default: 45, min: 1, max: 120, unit: '分钟', label: '线上学习每1学时折算', group: 'study', perYear: true, editors: PLAN_EDITORS },
  { key: 'study.timerMaxMinutes', kind: 'int', default: 180, min: 10, max: 1440, unit: '分钟', label: '读书计时单次最多记入（忘记停止的计时不全额计入）', group: 'study', perYear: false, editors: PLAN_EDITORS },
  { key: 'study.lowCompliancePercent', kind: 'int', default: 60, min: 1, max: 100, unit: '%', label: '学习情况中每日达标率低于此值的干部标为偏低', group: 'study', perYear: true, editors: PLAN_EDITORS },
  { key: 'study.minutesPerPoint', kind: 'int', default: 0, min: 0, max: 60, unit: '分钟', label: '线上学习每1积分折算（0为积分不折算学习时间）', group: 'study', perYear: true, editors: PLAN_EDITORS },
  // Collective study sessions and check-in (plan §三.4 签到制度).
  { key: 'sessions.lateGraceMinutes', kind: 'int', default: 5, min: 0, max: 120, unit: '分钟', label: '开始后多少分钟内签到不算迟到', group: 'sessions', source: '方案 三.4', perYear: false, editors: PLAN_EDITORS },
  { key: 'sessions.checkInOpensMinutes', kind: 'int', default: 30, min: 0, max: 240, unit: '分钟', label: '开始前多少分钟可以签到', group: 'sessions', perYear: false, editors: PLAN_EDITORS },
  { key: 'sessions.qrGraceSeconds', kind: 'int', default: 5, min: 0, max: 60, unit: '秒', label: '二维码刷新后旧码仍可签到的秒数（扫码时恰逢刷新）', group: 'sessions', perYear: false, editors: PLAN_EDITORS },
  { key: 'sessions.qrRotateSeconds', kind: 'int', default: 30, min: 10, max: 300, unit: '秒', label: '签到二维码刷新间隔', group: 'sessions', perYear: false, editors: PLAN_EDITORS },
  // Reminders (in-app, and through the outgoing channels the administrator sets up).
  { key: 'reminders.planReminderDay', kind: 'int', default: 1, min: 1, max: 28, unit: '日', label: '每月几日提醒制定阅读计划', group: 'reminders', perYear: false, editors: PLAN_EDITORS },
  { key: 'reminders.eveningHour', kind: 'int', default: 20, min: 12, max: 23, unit: '时', label: '每晚几点提醒当日学习未达标', group: 'reminders', perYear: false, editors: PLAN_EDITORS },
  { key: 'reminders.monthEndDays', kind: 'int', default: 3, min: 1, max: 10, unit: '天', label: '月末前几天提醒本月书未读完', group: 'reminders', perYear: false, editors: PLAN_EDITORS },
  { key: 'library.loanDays', kind: 'int', default: 30, min: 1, max: 365, unit: '天', label: '借期', group: 'library', perYear: false, editors: PLAN_EDITORS },
  { key: 'library.renewals', kind: 'int', default: 1, min: 0, max: 10, unit: '次', label: '可续借次数', group: 'library', perYear: false, editors: PLAN_EDITORS },
  { key: 'library.renewDays', kind: 'int', default: 15, min: 1, max: 365, unit: '天', label: '每次续借天数', group: 'library', perYear: false, editors: PLAN_EDITORS },
  { key: 'library.maxLoans', kind: 'int', default: 5, min: 1, max: 100, unit: '册', label: '每人可同时借阅', group: 'library', perYear: false, editors: PLAN_EDITORS },
  { key: 'library.holdPickupDays', kind: 'int', default: 3, min: 1, max: 30, unit: '天', label: '预约到书保留天数', group: 'library', perYear: false, editors: PLAN_EDITORS },
  { key: 'library.overdueMayBorrow', kind: 'bool', default: false, label: '有逾期未还图书的干部仍可借书', group: 'library', perYear: false, editors: PLAN_EDITORS },
  { key: 'library.selfReturn', kind: 'bool', default: true, label: '干部可在手机上自助归还（否则须到服务台归还）', group: 'library', perYear: false, editors: PLAN_EDITORS },
  { key: 'library.borrowAcrossTowns', kind: 'bool', default: false, label: '干部可在其他镇的阅览室借阅和预约（否则只限本镇及上级的阅览室）', group: 'library', perYear: false, editors: PLAN_EDITORS },
  { key: 'security.sessionIdleMinutes', kind: 'int', default: 30, min: 5, max: 720, unit: '分钟', label: '会话空闲超时', group: 'security', source: '等保 2.0 身份鉴别', perYear: false, editors: SECURITY_EDITORS },
  { key: 'security.sessionAbsoluteHours', kind: 'int', default: 12, min: 1, max: 168, unit: '小时', label: '会话绝对超时', group: 'security', perYear: false, editors: SECURITY_EDITORS },
  { key: 'security.maxFailedLogins', kind: 'int', default: 5, min: 3, max: 20, unit: '次', label: '连续登录失败锁定阈值', group: 'security', source: '等保 2.0 登录失败处理', perYear: false, editors: SECURITY_EDITORS },
  { key: 'security.lockoutMinutes', kind: 'int', default: 15, min: 1, max: 1440, unit: '分钟', label: '账号锁定时长', group: 'security', perYear: false, editors: SECURITY_EDITORS },
  { key: 'security.passwordMinLength', kind: 'int', default: 8, min: 8, max: 64, unit: '位', label: '密码最短长度', group: 'security', perYear: false, editors: SECURITY_EDITORS },
  { key: 'security.passwordComplexity', kind: 'bool', default: false, label: '密码须含大小写字母、数字和符号中的三类', group: 'security', perYear: false, editors: SECURITY_EDITORS },
  { key: 'security.passwordExpiryEnabled', kind: 'bool', default: false, label: '启用密码定期更换', group: 'security', perYear: false, editors: SECURITY_EDITORS },
  { key: 'security.passwordMaxAgeDays', kind: 'int', default: 90, min: 7, max: 365, unit: '天', label: '密码有效期', group: 'security', perYear: false, editors: SECURITY_EDITORS },
  { key: 'security.loginPerAccountAddressPerMinute', kind: 'int', default: 10, min: 3, max: 1000, unit: '次', label: '同一账号从同一地址每分钟最多登录尝试', group: 'security', source: '等保 2.0 登录失败处理', perYear: false, editors: SECURITY_EDITORS },
  { key: 'security.loginPerAddressPerMinute', kind: 'int', default: 600, min: 10, max: 100000, unit: '次', label: '同一地址（如单位出口 NAT）每分钟最多登录尝试（全部账号合计）', group: 'security', perYear: false, editors: SECURITY_EDITORS },
  { key: 'security.totpRequiredForAdmins', kind: 'bool', default: false, label: '三员（系统、安全、审计管理员）必须使用动态口令', group: 'security', perYear: false, editors: SECURITY_EDITORS },
  // Reflections (读书心得): the review rubric, the similarity flag, sharing among colleagues.
  { key: 'reflections.rubric', kind: 'json', default: [{ name: '联系实际', points: 40 }, { name: '思想深度', points: 30 }, { name: '文字表达', points: 30 }], check: checkRubric, label: '心得评分标准（各项名称与分值）', group: 'reflections', perYear: true, editors: PLAN_EDITORS },
  { key: 'reflections.similarityFlagPercent', kind: 'int', default: 30, min: 1, max: 100, unit: '%', label: '心得查重：重合比例达到此值时标记', group: 'reflections', perYear: false, editors: PLAN_EDITORS },
  { key: 'reflections.quotaReminderDays', kind: 'int', default: 3, min: 1, max: 10, unit: '天', label: '月末前几天提醒党建办本月心得配额未完成', group: 'reflections', perYear: false, editors: PLAN_EDITORS },
  { key: 'reflections.sharedWithColleagues', kind: 'bool', default: true, label: '审核通过的心得向本镇同事公开（可点赞、评论）', group: 'reflections', perYear: false, editors: PLAN_EDITORS },
  // Day one: accounts for every cadre in one step, and the address printed on QR codes and slips.
  { key: 'accounts.usernameFromPhone', kind: 'bool', default: true, label: '批量开通账号时以手机号为用户名（无手机号的用姓名拼音，重名加数字）', group: 'accounts', perYear: false, editors: ACCOUNT_EDITORS },
  { key: 'accounts.initialPasswordLength', kind: 'int', default: 10, min: 8, max: 32, unit: '位', label: '批量开通账号的初始密码长度', group: 'accounts', perYear: false, editors: SECURITY_EDITORS },
  { key: 'accounts.createOnRosterImport', kind: 'bool', default: false, label: '导入干部名册时同时开通账号', group: 'accounts', perYear: false, editors: ACCOUNT_EDITORS },
  { key: 'site.publicBaseUrl', kind: 'text', default: '', check: checkBaseUrl, label: '对外访问地址（二维码、凭条和消息中的链接使用；如 https://sx.xxzhen.gov.cn）', group: 'site', perYear: false, editors: ACCOUNT_EDITORS },
  // 季度测试 and 每日一练 (plan §三.7, issue 14).
  { key: 'exams.networkGraceSeconds', kind: 'int', default: 30, min: 0, max: 600, unit: '秒', label: '测试截止后仍接收截止前作答的网络宽限（断网重连补交）', group: 'exams', perYear: false, editors: PLAN_EDITORS },
  { key: 'exams.multipleChoicePartialCredit', kind: 'bool', default: false, label: '多选题部分得分（否则全对才得分）', group: 'exams', perYear: false, editors: PLAN_EDITORS },
  { key: 'exams.anonymousGrading', kind: 'bool', default: true, label: '阅卷时隐藏作答人姓名和单位', group: 'exams', perYear: false, editors: PLAN_EDITORS },
  { key: 'exams.awardTopN', kind: 'int', default: 10, min: 1, max: 1000, unit: '名', label: '测试获奖名单取前几名', group: 'exams', source: '方案 三.7 “对成绩优秀者予以表彰”', perYear: true, editors: PLAN_EDITORS },
  { key: 'exams.awardMinPercent', kind: 'int', default: 0, min: 0, max: 100, unit: '%', label: '获奖分数线（得分率达到此值者获奖；0 为按名次取前几名）', group: 'exams', perYear: true, editors: PLAN_EDITORS },
  { key: 'exams.analysisMinAttempts', kind: 'int', default: 10, min: 2, max: 1000, unit: '份', label: '试题分析标记问题题目所需的最少答卷数', group: 'exams', perYear: false, editors: PLAN_EDITORS },
  { key: 'exams.practiceDailyCount', kind: 'int', default: 5, min: 1, max: 50, unit: '题', label: '每日一练每天题数', group: 'exams', perYear: true, editors: PLAN_EDITORS },
  { key: 'exams.practiceWrongPercent', kind: 'int', default: 40, min: 0, max: 100, unit: '%', label: '每日一练中从本人做错过的题里抽取的比例', group: 'exams', perYear: false, editors: PLAN_EDITORS },
  { key: 'exams.practiceMinutesPerQuestion', kind: 'int', default: 2, min: 0, max: 30, unit: '分钟', label: '每日一练每答一题计入学习时间（记为线上学习）', group: 'exams', perYear: true, editors: PLAN_EDITORS },
  { key: 'exams.practiceDailyCapMinutes', kind: 'int', default: 10, min: 0, max: 120, unit: '分钟', label: '每日一练每天最多计入学习时间', group: 'exams', perYear: true, editors: PLAN_EDITORS },
  // Monthly seminars (研讨会, plan §三.6) and party lectures (讲党课, plan §三.7).
  { key: 'seminars.commentWindowDays', kind: 'int', default: 7, min: 0, max: 60, unit: '天', label: '研讨会结束后几天内仍可发表同事议', group: 'seminars', source: '方案 三.6', perYear: true, editors: PLAN_EDITORS },
  { key: 'seminars.commentRequiresAttendance', kind: 'bool', default: true, label: '只有签到参会的干部可以发表同事议', group: 'seminars', perYear: true, editors: PLAN_EDITORS },
  { key: 'seminars.gradeByScore', kind: 'bool', default: false, label: '书记评用分数（否：用优秀/良好/一般三个等次）', group: 'seminars', perYear: true, editors: PLAN_EDITORS },
  { key: 'seminars.scoreMax', kind: 'int', default: 100, min: 5, max: 100, unit: '分', label: '书记评用分数时的满分', group: 'seminars', perYear: true, editors: PLAN_EDITORS },
  { key: 'seminars.studyMinutes', kind: 'int', default: 0, min: 0, max: 480, unit: '分钟', label: '参加研讨会、党课计入学习时长（0为按会议时长计）', group: 'seminars', source: '方案 三.4', perYear: true, editors: PLAN_EDITORS },
  { key: 'seminars.speakerReminderDays', kind: 'int', default: 7, min: 1, max: 30, unit: '天', label: '提前几天提醒发言人准备（开会前一天再提醒一次）', group: 'seminars', perYear: false, editors: PLAN_EDITORS },
  { key: 'seminars.attendeeReminderDays', kind: 'int', default: 1, min: 1, max: 7, unit: '天', label: '提前几天提醒参会干部（研讨会与党课）', group: 'seminars', perYear: false, editors: PLAN_EDITORS },
  { key: 'seminars.evaluationDueDays', kind: 'int', default: 3, min: 1, max: 30, unit: '天', label: '研讨会结束几天后仍无书记评时提醒主持人和党建办', group: 'seminars', perYear: false, editors: PLAN_EDITORS },
  { key: 'seminars.uploadMaxMb', kind: 'int', default: 20, min: 1, max: 20, unit: 'MB', label: '发言材料、党课课件上传大小上限', group: 'seminars', perYear: false, editors: PLAN_EDITORS },
  { key: 'lectures.ratingWindowDays', kind: 'int', default: 7, min: 0, max: 60, unit: '天', label: '党课结束后几天内仍可评分', group: 'seminars', source: '方案 三.7', perYear: true, editors: PLAN_EDITORS },
  { key: 'lectures.anonymousRatings', kind: 'bool', default: true, label: '党课评分对讲课人匿名', group: 'seminars', perYear: false, editors: PLAN_EDITORS },
  // Inspections and the year-end acceptance (plan §四).
  { key: 'assessment.drawUnits', kind: 'int', default: 3, min: 1, max: 200, unit: '个', label: '季度随机抽查：默认抽取单位数', group: 'assessment', source: '方案 四 “随机调研”', perYear: true, editors: PLAN_EDITORS },
  { key: 'assessment.drawMembers', kind: 'int', default: 3, min: 0, max: 50, unit: '人', label: '季度随机抽查：每个单位默认抽取干部数', group: 'assessment', source: '方案 四', perYear: true, editors: PLAN_EDITORS },
  { key: 'assessment.inspectionItemPoints', kind: 'int', default: 10, min: 1, max: 100, unit: '分', label: '督查检查项每项满分', group: 'assessment', perYear: true, editors: PLAN_EDITORS },
  { key: 'assessment.rectificationDays', kind: 'int', default: 15, min: 1, max: 180, unit: '天', label: '整改默认期限', group: 'assessment', perYear: true, editors: PLAN_EDITORS },
  { key: 'assessment.rectificationRemindDays', kind: 'int', default: 3, min: 0, max: 30, unit: '天', label: '整改到期前几天提醒责任人', group: 'assessment', perYear: false, editors: PLAN_EDITORS },
  { key: 'assessment.dropExtremes', kind: 'bool', default: false, label: '验收综合得分去掉一个最高分和一个最低分（否则取平均分；评分人不足三人时取平均分）', group: 'assessment', perYear: true, editors: PLAN_EDITORS },
  { key: 'assessment.disagreementPoints', kind: 'int', default: 10, min: 1, max: 100, unit: '分', label: '验收组成员评分极差达到此值时标记分歧', group: 'assessment', perYear: true, editors: PLAN_EDITORS },
  { key: 'assessment.gradeExcellent', kind: 'int', default: 90, min: 1, max: 1000, unit: '分', label: '验收等次：优秀不低于', group: 'assessment', source: '方案 四 “综合评定”', perYear: true, editors: PLAN_EDITORS },
  { key: 'assessment.gradeGood', kind: 'int', default: 80, min: 1, max: 1000, unit: '分', label: '验收等次：良好不低于', group: 'assessment', perYear: true, editors: PLAN_EDITORS },
  { key: 'assessment.gradePass', kind: 'int', default: 60, min: 1, max: 1000, unit: '分', label: '验收等次：合格不低于（低于为不合格）', group: 'assessment', perYear: true, editors: PLAN_EDITORS },
  // Atmosphere: lobby screens, announcements, leaders' dashboards, the public page (issue 18).
  { key: 'display.slideSeconds', kind: 'int', default: 15, min: 5, max: 600, unit: '秒', label: '大屏每页默认停留', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.refreshSeconds', kind: 'int', default: 300, min: 30, max: 3600, unit: '秒', label: '大屏刷新数据间隔', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.heartbeatSeconds', kind: 'int', default: 30, min: 10, max: 60, unit: '秒', label: '大屏报到间隔（停用的屏幕在此时间内停止显示）', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.darkAfterMinutes', kind: 'int', default: 10, min: 2, max: 1440, unit: '分钟', label: '大屏多久未联系即提示离线', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.leaderboardUnits', kind: 'int', default: 8, min: 3, max: 30, unit: '个', label: '大屏排行榜显示单位数', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.leaderboardMembers', kind: 'int', default: 0, min: 0, max: 30, unit: '名', label: '大屏与公开页显示个人排名前几名（0为只显示单位）', group: 'display', source: '隐私设置', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.reflectionAuthors', kind: 'bool', default: true, label: '大屏与公开页的优秀心得摘录显示作者姓名', group: 'display', source: '隐私设置', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.reflectionMonths', kind: 'int', default: 3, min: 1, max: 24, unit: '个月', label: '大屏摘录最近几个月的优秀心得', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.excerptChars', kind: 'int', default: 120, min: 30, max: 400, unit: '字', label: '心得摘录长度', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.booksShown', kind: 'int', default: 6, min: 1, max: 20, unit: '本', label: '大屏新书推荐显示本数', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.newBookDays', kind: 'int', default: 90, min: 1, max: 730, unit: '天', label: '入藏多少天内算新书', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.eventsDays', kind: 'int', default: 14, min: 1, max: 90, unit: '天', label: '大屏显示未来几天的学习活动', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.itemsShown', kind: 'int', default: 5, min: 1, max: 20, unit: '条', label: '大屏每页最多显示活动、公告、摘录条数', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.imageMaxKb', kind: 'int', default: 3072, min: 100, max: 10240, unit: 'KB', label: '公告图片大小上限', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.dashboardMonths', kind: 'int', default: 12, min: 3, max: 24, unit: '个月', label: '领导看板趋势显示月数', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.dashboardUnits', kind: 'int', default: 5, min: 1, max: 20, unit: '个', label: '领导看板前列与后列单位数', group: 'display', perYear: false, editors: PLAN_EDITORS },
  { key: 'display.publicPage', kind: 'bool', default: false, label: '开放公众号公开页（只读，不含个人信息，个人排名按上述隐私设置）', group: 'display', source: '方案 三.2 多媒体平台', perYear: false, editors: PLAN_EDITORS },
  { key: 'audit.retentionDays', kind: 'int', default: 180, min: 180, max: 3650, unit: '天', label: '审计日志保存期限（不少于180天）', group: 'audit', source: '网络安全法 第二十一条', perYear: false, editors: SECURITY_EDITORS },
  // The year score (issue 16): the indicators' weights, targets and caps, and what a weight set not summing to 100 does.
  ...scoreSettings(),
  { key: 'scores.renormaliseWeights', kind: 'bool', default: false, label: '年度考核权重合计不为100时按比例折算（否则拒绝保存）', group: 'scores', perYear: true, editors: PLAN_EDITORS },
  { key: 'scores.reflectionPointsSubmitted', kind: 'int', default: 1, min: 0, max: 100, unit: '分', label: '年度考核：每篇提交的心得计', group: 'scores', perYear: true, editors: PLAN_EDITORS },
  { key: 'scores.reflectionPointsApproved', kind: 'int', default: 1, min: 0, max: 100, unit: '分', label: '年度考核：心得审核通过再加', group: 'scores', perYear: true, editors: PLAN_EDITORS },
  { key: 'scores.reflectionPointsExcellent', kind: 'int', default: 2, min: 0, max: 100, unit: '分', label: '年度考核：心得评为优秀再加', group: 'scores', perYear: true, editors: PLAN_EDITORS },
];

/**
 * The settings whose readers resolve them for the unit in question (the nearest scope: the unit's
 * own value, else its town's, …, else the district's). A setting joins this list when all its
 * readers pass the unit; until then it is district-wide.
 */
export const SCOPED_SETTINGS = [
  'plan.reflectionMinChars',
  'reflections.similarityFlagPercent',
  // The reading room's (library/circulation/service baseRules): a loan's terms, the pickup days and
  // self-return for the copy's room, overdueMayBorrow for the borrower. library.borrowAcrossTowns
  // stays district-wide: letting one town's cadres borrow in another's rooms concerns two towns.
  'library.loanDays',
  'library.renewals',
  'library.renewDays',
  'library.maxLoans',
  'library.holdPickupDays',
  'library.overdueMayBorrow',
  'library.selfReturn',
] as const;
for (const s of SETTINGS) if ((SCOPED_SETTINGS as readonly string[]).includes(s.key)) s.scoped = true;

const byKey = new Map(SETTINGS.map((s) => [s.key, s]));

const depth = (path: string) => path.split('/').filter(Boolean).length;

/** Who is writing a setting, as far as its scope is concerned (an AuthContext fits). */
export interface SettingEditor {
  userId: number;
  roles: Role[];
  grants(roles: Role[]): { role: Role; unitId: number; unitPath: string; unitName: string }[];
}

/** Where a written value applies: null for the whole district. */
export type SettingScope = { unitId: number; unitName: string; unitPath: string } | null;

/** A JSON setting's value: a list of small records (the rubric). */
export type JsonSetting = { name: string; points: number }[];
export type SettingValue = number | boolean | string | JsonSetting;

function decode(def: SettingDef, raw: string): SettingValue {
  const v = JSON.parse(raw) as unknown;
  if (def.kind === 'json') return v as JsonSetting;
  if (def.kind === 'text') return String(v);
  return def.kind === 'bool' ? Boolean(v) : Number(v);
}

export function validateSetting(key: string, value: unknown): SettingValue {
  const def = byKey.get(key);
  if (!def) throw badRequest(`没有名为 ${key} 的设置项`);
  if (def.kind === 'bool') {
    if (typeof value !== 'boolean') throw badRequest(`“${def.label}”应为是或否`);
    return value;
  }
  if (def.kind === 'json') {
    const problem = def.check?.(value) ?? null;
    if (problem) throw badRequest(`“${def.label}”不正确：${problem}`);
    return (value as JsonSetting).map((c) => ({ name: c.name.trim(), points: c.points }));
  }
  if (def.kind === 'text') {
    const problem = typeof value === 'string' ? (def.check?.(value) ?? null) : '应为文字';
    if (problem) throw badRequest(`“${def.label}”不正确：${problem}`);
    return (value as string).trim().replace(/\/+$/, '');
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badRequest(`“${def.label}”应为整数`);
  if (def.min !== undefined && value < def.min) throw badRequest(`“${def.label}”不能小于 ${def.min}`);
  if (def.max !== undefined && value > def.max) throw badRequest(`“${def.label}”不能大于 ${def.max}`);
  return value;
}

/** A setting's value as it applies in `unitPath`, read without the cache (inside a write's transaction). */
async function resolve(db: DB, def: SettingDef, y: number, unitPath: string): Promise<SettingValue> {
  const own = (await db.selectFrom('setting_overrides').select(['unit_path', 'year', 'value']).where('key', '=', def.key).where('year', 'in', y ? [0, y] : [0]).execute())
    .filter((o) => unitPath.startsWith(o.unit_path))
    .sort((a, b) => b.unit_path.length - a.unit_path.length || b.year - a.year);
  if (own[0]) return decode(def, own[0].value);
  const rows = await db.selectFrom('settings').select(['year', 'value']).where('key', '=', def.key).where('year', 'in', y ? [0, y] : [0]).execute();
  const row = rows.find((r) => r.year === y) ?? rows.find((r) => r.year === 0);
  return row ? decode(def, row.value) : def.default;
}

/** Reads settings with a short cache; several app nodes see a change within the TTL. */
export class SettingsService {
  private cache = new Map<string, { value: SettingValue; at: number }>();
  private overrideCache = new Map<string, { rows: { unit_path: string; year: number; value: string }[]; at: number }>();
  constructor(
    private db: DB,
    private ttlMs = 3000,
  ) {}

  def(key: string): SettingDef {
    const def = byKey.get(key);
    if (!def) throw new Error(`unknown setting ${key}`);
    return def;
  }

  async get(key: string, year = 0, unitPath?: string | null): Promise<SettingValue> {
    const def = this.def(key);
    const y = def.perYear ? year : 0;
    if (def.scoped && unitPath) {
      const own = (await this.overrides(key)).filter((o) => unitPath.startsWith(o.unit_path) && (o.year === 0 || o.year === y));
      // The nearest unit first; within one unit, the year's own value before the every-year one.
      own.sort((a, b) => b.unit_path.length - a.unit_path.length || b.year - a.year);
      if (own[0]) return decode(def, own[0].value);
    }
    const ck = `${key}@${y}`;
    const hit = this.cache.get(ck);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const rows = await this.db
      .selectFrom('settings')
      .select(['year', 'value'])
      .where('key', '=', key)
      .where('year', 'in', y ? [0, y] : [0])
      .execute();
    const row = rows.find((r) => r.year === y) ?? rows.find((r) => r.year === 0);
    const value = row ? decode(def, row.value) : def.default;
    this.cache.set(ck, { value, at: Date.now() });
    return value;
  }

  /** Every unit's own values of a scoped setting (few: a town or two override a number). */
  private async overrides(key: string) {
    const hit = this.overrideCache.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.rows;
    const rows = await this.db.selectFrom('setting_overrides').select(['unit_path', 'year', 'value']).where('key', '=', key).execute();
    this.overrideCache.set(key, { rows, at: Date.now() });
    return rows;
  }

  async int(key: string, year = 0, unitPath?: string | null): Promise<number> {
    return Number(await this.get(key, year, unitPath));
  }

  async bool(key: string, year = 0, unitPath?: string | null): Promise<boolean> {
    return Boolean(await this.get(key, year, unitPath));
  }

  async text(key: string, year = 0, unitPath?: string | null): Promise<string> {
    const v = await this.get(key, year, unitPath);
    return typeof v === 'string' ? v : '';
  }

  /**
   * All settings with their effective values for a year — as they apply in `unitPath` (the nearest
   * scope) when given — whether the year overrides the base, and the unit whose value it is.
   */
  /**
   * The grant paths among `paths` that reach every unit: the root itself, or a unit outside whose
   * subtree there are only its own ancestors — the one town under a district node, as a town
   * installs 书香 (its clerk keeps the district-wide settings; a district of several towns leaves
   * them to the district's clerk).
   */
  async wholeTreePaths(paths: string[], db: DB = this.db): Promise<string[]> {
    const whole: string[] = [];
    for (const path of new Set(paths)) {
      if (depth(path) === 1) {
        whole.push(path);
        continue;
      }
      const parts = path.split('/').filter(Boolean);
      const ancestors = parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
      const outside = await db.selectFrom('units').select('id').where('path', 'not like', `${path}%`).where('path', 'not in', ancestors).limit(1).executeTakeFirst();
      if (!outside) whole.push(path);
    }
    return whole;
  }

  async list(year: number, unitPath?: string | null) {
    const rows = await this.db.selectFrom('settings').selectAll().where('year', 'in', [0, year]).execute();
    const own = unitPath
      ? (await this.db.selectFrom('setting_overrides as o').innerJoin('units as u', 'u.id', 'o.unit_id').select(['o.key', 'o.year', 'o.value', 'o.unit_path', 'o.updated_at', 'u.name']).where('o.year', 'in', [0, year]).execute()).filter((o) =>
          unitPath.startsWith(o.unit_path),
        )
      : [];
    return SETTINGS.map((def) => {
      const y = def.perYear ? year : 0;
      const near = def.scoped ? own.filter((o) => o.key === def.key && (o.year === 0 || o.year === y)).sort((a, b) => b.unit_path.length - a.unit_path.length || b.year - a.year)[0] : undefined;
      const mine = def.perYear ? rows.find((r) => r.key === def.key && r.year === year) : undefined;
      const base = rows.find((r) => r.key === def.key && r.year === 0);
      const row = mine ?? base;
      return {
        ...def,
        scoped: Boolean(def.scoped),
        value: near ? decode(def, near.value) : row ? decode(def, row.value) : def.default,
        overriddenForYear: near ? near.year !== 0 : Boolean(mine),
        scopeUnitName: near?.name ?? null,
        updatedAt: near?.updated_at ?? row?.updated_at ?? null,
      };
    });
  }

  /**
   * Writes a value where the editor may (issue 12 item 7): a district-wide setting only with a
   * grant over the whole tree; a scoped one for `unitId` within the editor's reach, or, with no
   * unit named, for the editor's own unit (the whole district for a district editor). The caller
   * audits the returned scope inside the same transaction.
   */
  async setFor(trx: DB, editor: SettingEditor, key: string, year: number, value: unknown, unitId?: number | null) {
    const def = byKey.get(key);
    if (!def) throw badRequest(`没有名为 ${key} 的设置项`);
    const grants = editor.grants(def.editors);
    if (!grants.length) throw forbidden(`您无权修改“${def.label}”`);
    const wholeTree = (await this.wholeTreePaths(grants.map((g) => g.unitPath), trx)).length > 0;
    let scope: SettingScope = null;
    if (unitId != null) {
      const unit = await trx.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', unitId).executeTakeFirst();
      if (!unit) throw badRequest('找不到所选的单位');
      if (!grants.some((g) => unit.path.startsWith(g.unitPath))) throw forbidden(`“${unit.name}”不在您的管理范围内`);
      if (depth(unit.path) > 1) {
        if (!def.scoped) throw badRequest(`“${def.label}”全区统一，不能按单位设置`);
        scope = { unitId: unit.id, unitName: unit.name, unitPath: unit.path };
      }
    } else if (!wholeTree) {
      if (!def.scoped) throw forbidden(`“${def.label}”全区统一，只能由区级${def.editors.includes('secadmin') ? '安全管理员' : def.editors.includes('sysadmin') ? '系统管理员' : '党建办'}修改`);
      const own = [...new Map(grants.map((g) => [g.unitId, g])).values()];
      if (own.length > 1) throw badRequest('请选择这项设置适用的单位');
      scope = { unitId: own[0]!.unitId, unitName: own[0]!.unitName, unitPath: own[0]!.unitPath };
    }
    if (!scope) return { ...(await this.set(trx, key, year, value, editor.roles, editor.userId)), scope };
    const v = validateSetting(key, value);
    const y = def.perYear ? year : 0;
    const now = nowIso();
    const raw = JSON.stringify(v);
    const existing = await trx.selectFrom('setting_overrides').select(['id', 'value']).where('key', '=', key).where('year', '=', y).where('unit_id', '=', scope.unitId).executeTakeFirst();
    // Read through the caller's transaction (on SQLite another read would wait for it forever).
    const previous = existing ? decode(def, existing.value) : await resolve(trx, def, y, scope.unitPath);
    if (existing) await trx.updateTable('setting_overrides').set({ value: raw, updated_at: now, updated_by: editor.userId }).where('id', '=', existing.id).execute();
    else await trx.insertInto('setting_overrides').values({ key, year: y, unit_id: scope.unitId, unit_path: scope.unitPath, value: raw, updated_at: now, updated_by: editor.userId }).execute();
    this.cache.clear();
    this.overrideCache.clear();
    return { key, year: y, value: v, previous, scope };
  }

  /** Writes one value; the caller audits it inside the same transaction. */
  async set(trx: DB, key: string, year: number, value: unknown, editorRoles: Role[], userId: number) {
    const def = byKey.get(key);
    if (!def) throw badRequest(`没有名为 ${key} 的设置项`);
    if (!def.editors.some((r) => editorRoles.includes(r))) throw forbidden(`您无权修改“${def.label}”`);
    const v = validateSetting(key, value);
    const y = def.perYear ? year : 0;
    const now = nowIso();
    const raw = JSON.stringify(v);
    const existing = await trx.selectFrom('settings').select(['id', 'value']).where('key', '=', key).where('year', '=', y).executeTakeFirst();
    if (existing) {
      await trx.updateTable('settings').set({ value: raw, updated_at: now, updated_by: userId }).where('id', '=', existing.id).execute();
    } else {
      await trx.insertInto('settings').values({ key, year: y, value: raw, updated_at: now, updated_by: userId }).execute();
    }
    this.cache.clear();
    this.overrideCache.clear();
    return { key, year: y, value: v, previous: existing ? decode(def, existing.value) : def.default };
  }
}
