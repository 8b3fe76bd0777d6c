// The study reminders (plan §三.5): month start "make your plan", evening
// "under the daily target", month end "book not finished". Each goes to the
// member's inbox and e-mail (notifyMember) and, as one message per group robot
// listing the names, to the WeCom / DingTalk groups (notifyGroups). Run once a
// day across nodes by the scheduler (platform/jobs.ts); the dedupe keys make a
// second run of the same day add nothing. What the study module knows (plans, minutes,
// rules) comes from its service (decision 012); the members from org's tables.
import type { Job } from '../../platform/jobs';
import { notifyGroups, notifyMember } from '../../platform/notifications';
import type { Services } from '../../platform/services';
import { todayLocal } from '../../platform/time';
import { loadCalendarBook, monthBounds } from '../../platform/workcalendar';
import { readCountedMinutesOn, readPlannedMembers, readStudyRules as studyRules, readUnfinishedPlans } from '../study/service';
import { activeMembers } from './repository';
import { eveningOptOuts } from './service';

export const KIND_PLAN = 'study.plan-missing';
export const KIND_EVENING = 'study.evening';
export const KIND_MONTH_END = 'study.month-end';

const monthLabel = (month: string) => `${Number(month.slice(5, 7))}月`;

/** Month start: members with no reading plan for this month yet. */
export async function remindPlans(svc: Services, today = todayLocal()) {
  const month = today.slice(0, 7);
  const [members, has] = await Promise.all([activeMembers(svc.db), readPlannedMembers(svc, month)]);
  const missing = members.filter((m) => !has.has(m.id));
  const rules = await studyRules(svc, Number(today.slice(0, 4)));
  const title = `请制定本月（${monthLabel(month)}）阅读计划`;
  const body = `请在 ${month}-${String(rules.deadlineDay).padStart(2, '0')} 前选好本月要读的书（每月不少于 ${rules.booksPerMonth} 本）。`;
  let inbox = 0;
  for (const m of missing) {
    // The same key as the clerk's one-click reminder of the same day: one notice, however sent.
    inbox += await notifyMember(svc.db, m.id, { kind: KIND_PLAN, title, body, link: '/study/plan', dedupeKey: `study-plan-missing:${month}:m${m.id}:${today}`, robots: false });
  }
  const groups = await notifyGroups(
    svc.db,
    missing.map((m) => m.id),
    { kind: KIND_PLAN, title: `以下同志尚未制定${monthLabel(month)}阅读计划`, body, link: '/study/plan', dedupeKey: `study-plan-missing:${month}:group` },
  );
  return { members: missing.length, inbox, groups };
}

/** Evening: on a required study day, members under the daily target who have not switched this reminder off. */
export async function remindEvening(svc: Services, today = todayLocal()) {
  const rules = await studyRules(svc, Number(today.slice(0, 4)));
  // Whether today asks for the target is a question of each member's town's calendar (issue 12 item 7).
  const calendar = await loadCalendarBook(svc.db, today, today);
  const requiredIn = (path: string) => calendar.for(path).isRequired(today, rules);
  if (rules.dailyMinutes <= 0 || !calendar.scopes.some(requiredIn)) return { required: false, members: 0, inbox: 0, groups: 0 };
  const [members, counted, optOut] = await Promise.all([activeMembers(svc.db), readCountedMinutesOn(svc, today), eveningOptOuts(svc)]);
  const under = members.filter((m) => requiredIn(m.path) && (counted.get(m.id) ?? 0) < rules.dailyMinutes && !optOut.has(m.id));
  let inbox = 0;
  for (const m of under) {
    const done = counted.get(m.id) ?? 0;
    inbox += await notifyMember(svc.db, m.id, {
      kind: KIND_EVENING,
      title: `今日学习未满${rules.dailyMinutes}分钟`,
      body: `今天已学习 ${done} 分钟，还差 ${rules.dailyMinutes - done} 分钟。读几页书、听一段课，记得在“学习”里记录。`,
      link: '/study',
      dedupeKey: `study-evening:${today}:m${m.id}`,
      robots: false,
    });
  }
  const groups = await notifyGroups(
    svc.db,
    under.map((m) => m.id),
    { kind: KIND_EVENING, title: `今日学习未满${rules.dailyMinutes}分钟的同志`, body: `${today}，请抓紧完成今天的学习并记录。`, link: '/study', dedupeKey: `study-evening:${today}:group` },
  );
  return { required: true, members: under.length, inbox, groups };
}

/** The day of a month on which the month-end reminder goes out: `days` days left, today included. */
export function monthEndDay(month: string, days: number): string {
  const { last } = monthBounds(month);
  const d = new Date(`${last}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - (days - 1));
  return d.toISOString().slice(0, 10);
}

/** Month end: members whose planned books of this month are not finished yet. */
export async function remindMonthEnd(svc: Services, today = todayLocal()) {
  const month = today.slice(0, 7);
  const { last } = monthBounds(month);
  const daysLeft = Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000) + 1;
  const byMember = await readUnfinishedPlans(svc, month);
  let inbox = 0;
  for (const [memberId, titles] of byMember) {
    inbox += await notifyMember(svc.db, memberId, {
      kind: KIND_MONTH_END,
      title: '本月计划的书还未读完',
      body: `${titles.map((t) => `《${t ?? '计划的书'}》`).join('')}还未读完，本月还剩 ${daysLeft} 天。读完后点“读完了”，再写一篇心得。`,
      link: '/study/plan',
      dedupeKey: `study-month-end:${month}:m${memberId}`,
      robots: false,
    });
  }
  const groups = await notifyGroups(svc.db, [...byMember.keys()], {
    kind: KIND_MONTH_END,
    title: `${monthLabel(month)}还剩${daysLeft}天，以下同志计划的书还未读完`,
    body: '请抓紧阅读，读完后在“学习”里标记并撰写心得。',
    link: '/study/plan',
    dedupeKey: `study-month-end:${month}:group`,
  });
  return { members: byMember.size, inbox, groups };
}

/** Daily jobs of this module, run once a day across app nodes (platform/jobs.ts). */
export const jobs: Job[] = [
  {
    name: 'reminders.plan',
    at: '09:00',
    run: async (svc) => {
      const today = todayLocal();
      if (Number(today.slice(8, 10)) !== (await svc.settings.int('reminders.planReminderDay'))) return null;
      return remindPlans(svc, today);
    },
  },
  { name: 'reminders.evening', at: '20:00', hourSetting: 'reminders.eveningHour', run: (svc) => remindEvening(svc) },
  {
    name: 'reminders.month-end',
    at: '09:30',
    run: async (svc) => {
      const today = todayLocal();
      if (today !== monthEndDay(today.slice(0, 7), await svc.settings.int('reminders.monthEndDays'))) return null;
      return remindMonthEnd(svc, today);
    },
  },
];
