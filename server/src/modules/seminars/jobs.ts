// Reminders of seminars and lectures, through the inbox and the outgoing channels
// (platform/notifications.ts), once a day across app nodes (platform/jobs.ts leases);
// every notice has a dedupe key, so a re-run or a second node tells nobody twice.
import type { Job } from '../../platform/jobs';
import { notifyMember, notifyUser } from '../../platform/notifications';
import type { Services } from '../../platform/services';
import { formatLocal, localMidnightIso, todayLocal } from '../../platform/time';
import { addDays } from '../../platform/workcalendar';
import { clerksFor, getSession, signInSheet } from '../sessions/service';
import * as lectures from './lectures/repository';
import * as repo from './repository';

const DAY_MS = 86_400_000;
/** The UTC instant a Shanghai calendar day begins, `days` after `day`. */
const dayStart = (day: string, days = 0) => localMidnightIso(addDays(day, days));

/** Members expected at a session, minus those on approved leave. */
async function audience(svc: Services, sessionId: number) {
  const s = await getSession(svc.db, sessionId);
  if (!s) return [];
  return (await signInSheet(svc, s)).filter((r) => r.leaveStatus !== 'approved');
}

export async function remindSeminars(svc: Services, today = todayLocal()): Promise<number> {
  let sent = 0;
  // Speakers: a week ahead (the setting) and the day before.
  const early = await svc.settings.int('seminars.speakerReminderDays');
  for (const days of [...new Set([early, 1])]) {
    for (const s of await repo.seminarsStartingBetween(svc.db, dayStart(today, days), dayStart(today, days + 1))) {
      for (const sp of await repo.speakersOf(svc.db, s.id)) {
        const ready = sp.book_id && sp.summary.trim();
        sent += await notifyMember(svc.db, sp.member_id, {
          kind: 'seminar.speaker',
          title: `${days === 1 ? '明天' : `${days}天后`}研讨会请您发言：${s.theme}`,
          body: `${formatLocal(s.starts_at, 'M月D日 HH:mm')}，${s.place || '地点待定'}。${ready ? '您的发言书目和摘要已填写，可在会前再完善。' : '请在手机上填写所读书目和发言摘要（个人说）。'}`,
          link: `/seminars/${s.id}`,
          dedupeKey: `seminar-speaker:${sp.id}:${days}`,
        });
      }
    }
  }
  // Attendees: the day before (the setting), seminars and lectures alike.
  const ahead = await svc.settings.int('seminars.attendeeReminderDays');
  const from = dayStart(today, ahead);
  const to = dayStart(today, ahead + 1);
  for (const s of await repo.seminarsStartingBetween(svc.db, from, to)) {
    for (const m of await audience(svc, s.session_id)) {
      sent += await notifyMember(svc.db, m.memberId, {
        kind: 'seminar.attend',
        title: `研讨会提醒：${s.theme}`,
        body: `${formatLocal(s.starts_at, 'M月D日 HH:mm')}在${s.place || '会议室'}召开读书研讨会，请准时参加，到场后扫码签到。`,
        link: `/seminars/${s.id}`,
        dedupeKey: `seminar-attend:${s.id}:m${m.memberId}`,
        robots: false,
      });
    }
  }
  for (const l of await lectures.lecturesStartingBetween(svc.db, from, to)) {
    if (l.session_id === null) continue;
    for (const m of await audience(svc, l.session_id)) {
      if (m.memberId === l.member_id) continue;
      sent += await notifyMember(svc.db, m.memberId, {
        kind: 'lecture.attend',
        title: `党课提醒：${l.topic}`,
        body: `${formatLocal(l.starts_at, 'M月D日 HH:mm')}在${l.place || '会议室'}讲党课，请准时参加，到场后扫码签到，课后可以评分。`,
        link: `/lectures/${l.id}`,
        dedupeKey: `lecture-attend:${l.id}:m${m.memberId}`,
        robots: false,
      });
    }
  }
  // No 书记评 some days after the meeting: the chair and the clerks hear of it, once per seminar.
  const due = await svc.settings.int('seminars.evaluationDueDays');
  for (const s of await repo.seminarsAwaitingEvaluation(svc.db, dayStart(today, -due - 30), dayStart(today, -due + 1))) {
    if (Date.parse(s.ends_at) + due * DAY_MS > Date.parse(dayStart(today, 1))) continue;
    const users = new Set([s.chair_user_id, ...(await clerksFor(svc.db, s.unit_path))]);
    for (const userId of users) {
      sent += await notifyUser(svc.db, userId, {
        kind: 'seminar.evaluation-due',
        title: `研讨会尚无书记评：${s.theme}`,
        body: `${formatLocal(s.starts_at, 'M月D日')}的研讨会已结束 ${due} 天以上，还有发言人未评，纪要未签发。`,
        link: `/console/seminars/${s.id}`,
        dedupeKey: `seminar-evaluation-due:${s.id}:u${userId}`,
      });
    }
  }
  return sent;
}

export const jobs: Job[] = [{ name: 'seminars.reminders', at: '08:30', run: (svc) => remindSeminars(svc) }];
