import type { DemoContext, DemoCounts } from './context';
import { monthEndDay, remindEvening, remindMonthEnd, remindPlans } from '../modules/channels/jobs';
import { studyRules } from '../modules/study/rules';
import type { Services } from '../platform/services';
import { SettingsService } from '../platform/settings';
import { addDays, loadWorkCalendar } from '../platform/workcalendar';

// A channel the clerk has started to set up but not switched on: the WeCom
// group robot of X镇 with a placeholder webhook (the demo never goes on the
// network), and the one test the clerk tried, refused by WeCom as it would be.
const PLACEHOLDER_WEBHOOK = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-0000-0000-0000-000000000000';

export async function seedChannelDemo(ctx: DemoContext): Promise<DemoCounts> {
  const { db, today } = ctx;
  const at = (day: string, hm: string) => new Date(Date.parse(`${day}T${hm}:00+08:00`)).toISOString();
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

  const { id } = await db
    .insertInto('notification_channels')
    .values({
      kind: 'wecom',
      name: 'X镇干部读书群（企业微信）',
      unit_id: ctx.townId,
      config: JSON.stringify({ webhookUrl: PLACEHOLDER_WEBHOOK, format: 'text' }),
      events: JSON.stringify(['study.plan-missing', 'study.evening', 'study.month-end', 'loan-overdue']),
      enabled: 0,
      created_at: at(yesterday, '16:20'),
      updated_at: at(yesterday, '16:25'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('notification_deliveries')
    .values({
      channel_id: id,
      dedupe_key: 'test:demo-1',
      kind: 'test',
      recipient: 'X镇干部读书群（企业微信）',
      subject: '测试消息',
      body: '这是“X镇干部读书群（企业微信）”通道的测试消息。',
      extra: '{}',
      status: 'failed',
      attempts: 1,
      next_attempt_at: at(yesterday, '16:24'),
      claimed_by: null,
      claimed_until: null,
      sent_at: null,
      last_error: '机器人返回错误 93000：invalid webhook url（示例地址，请换成群机器人的真实地址）',
      created_at: at(yesterday, '16:24'),
    })
    .execute();

  // E-mail addresses for the demo accounts' cadres, so the roster shows the field.
  let emails = 0;
  for (const [username, a] of Object.entries(ctx.accounts)) {
    if (!a.memberId) continue;
    await db.updateTable('members').set({ email: `${username}@xzhen.example.cn` }).where('id', '=', a.memberId).execute();
    emails++;
  }
  return { channels: 1, memberEmails: emails, studyReminders: await seedStudyReminders(ctx) };
}

/**
 * The study reminders the daily jobs sent over the last weeks, in everyone's
 * inbox: the same job functions, run over the demo's transaction for the days
 * they ran on, then dated to the hour they ran. Older ones have been read.
 */
async function seedStudyReminders(ctx: DemoContext): Promise<number> {
  const { db, today } = ctx;
  const svc = { db, settings: new SettingsService(db) } as unknown as Services;
  const [planDay, eveningHour, monthEndDays] = await Promise.all([svc.settings.int('reminders.planReminderDay'), svc.settings.int('reminders.eveningHour'), svc.settings.int('reminders.monthEndDays')]);
  const at = (day: string, hour: number) => new Date(Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`)).toISOString();
  const lastId = async () => Number((await db.selectFrom('notifications').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0);
  let sent = 0;
  const ranOn = async (day: string, hour: number, run: () => Promise<unknown>) => {
    const before = await lastId();
    await run();
    const when = at(day, hour);
    const read = day < addDays(today, -6) ? new Date(Date.parse(when) + 3_600_000).toISOString() : null;
    const r = await db.updateTable('notifications').set({ created_at: when, read_at: read }).where('id', '>', before).executeTakeFirst();
    sent += Number(r.numUpdatedRows);
  };

  // Last month's month-end reminder: planned books not finished.
  const month = today.slice(0, 7);
  const prev = addDays(`${month}-01`, -1).slice(0, 7);
  const monthEnd = monthEndDay(prev, monthEndDays);
  await ranOn(monthEnd, 9, () => remindMonthEnd(svc, monthEnd));
  // This month's "make your plan" on the reminder day, once it has come (09:00).
  const planOn = `${month}-${String(planDay).padStart(2, '0')}`;
  if (planOn < today || (planOn === today && new Date(Date.now() + 8 * 3_600_000).getUTCHours() >= 9)) await ranOn(planOn, 9, () => remindPlans(svc, planOn));
  // The evening reminders of the last three required days.
  const rules = await studyRules(svc, Number(today.slice(0, 4)));
  const calendar = await loadWorkCalendar(db, addDays(today, -20), today, null);
  const evenings: string[] = [];
  for (let d = addDays(today, -1); evenings.length < 3 && d > addDays(today, -20); d = addDays(d, -1)) if (calendar.isRequired(d, rules)) evenings.push(d);
  for (const d of evenings.reverse()) await ranOn(d, eveningHour, () => remindEvening(svc, d));
  return sent;
}
