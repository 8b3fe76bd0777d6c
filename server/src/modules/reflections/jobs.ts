import type { Job } from '../../platform/jobs';
import { notifyUser } from '../../platform/notifications';
import type { Services } from '../../platform/services';
import { todayLocal } from '../../platform/time';
import { grantHolders } from '../org/service';
import { quota } from './service';

/** The first day of the month's last `days` days ('YYYY-MM-DD'). */
export function windowStart(month: string, days: number): string {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)); // day 0 of the next month
  last.setUTCDate(last.getUTCDate() - (days - 1));
  return last.toISOString().slice(0, 10);
}

/**
 * In the last days of a month (setting reflections.quotaReminderDays), each clerk hears
 * which units of their subtree have not met this month's reflection quota —
 * once per month (dedupe key), however many days or nodes run the job.
 */
export async function remindQuota(svc: Services, today = todayLocal()): Promise<number> {
  const month = today.slice(0, 7);
  const days = await svc.settings.int('reflections.quotaReminderDays');
  if (today < windowStart(month, days)) return 0;
  const clerks = await grantHolders(svc.db, 'clerk');
  let sent = 0;
  const byUser = new Map<number, string[]>();
  for (const c of clerks) byUser.set(c.user_id, [...(byUser.get(c.user_id) ?? []), c.path]);
  for (const [userId, paths] of byUser) {
    const { items } = await quota(svc, month, paths);
    const unmet = items.filter((i) => !i.met);
    if (!unmet.length) continue;
    const lines = unmet.map((i) => `${i.unitName}：已通过 ${i.approved} 篇，需 ${i.required} 篇（已提交 ${i.submitted} 篇）`);
    sent += await notifyUser(svc.db, userId, {
      kind: 'reflection.quota',
      title: `${Number(month.slice(5))}月读书心得配额尚未完成（${unmet.length} 个单位）`,
      body: lines.join('\n'),
      link: '/console/reflections/quota',
      dedupeKey: `reflections.quota:${month}:u${userId}`,
    });
  }
  return sent;
}

/** Daily jobs of this module, run once a day across app nodes (platform/jobs.ts). */
export const jobs: Job[] = [{ name: 'reflections.quota-reminder', at: '09:00', run: (svc) => remindQuota(svc) }];
