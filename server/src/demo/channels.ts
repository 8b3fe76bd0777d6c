import type { DemoContext, DemoCounts } from './context';

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
  return { channels: 1, memberEmails: emails };
}
