// The demo town as a visitor finds it after `npm start`, whatever the time of
// day: a collective session open for check-in right now, next year's holidays
// the clerk has entered, and study reminders in the inboxes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type Client, type TestApp } from '../../../test/helper';
import { createDemoTestApp, DEMO_PASSWORD } from '../../../test/demo';
import { todayLocal } from '../../platform/time';

const PASSWORD = DEMO_PASSWORD;
let t: TestApp;
let clerk: Client;
let member: Client;

beforeAll(async () => {
  t = await createDemoTestApp();
  [clerk, member] = await Promise.all(['clerk', 'member'].map((u) => signedIn(t.app, u, PASSWORD)));
}, 120_000);
afterAll(() => t.close());

describe('the demo town', () => {
  it('has a session open for check-in now, and 张三 can scan the screen’s code', async () => {
    const year = Number(todayLocal().slice(0, 4));
    const sessions = (await clerk.get(`/api/sessions?year=${year}&status=open`)).json() as { id: number; startsAt: string; endsAt: string }[];
    const live = sessions.find((s) => Date.parse(s.startsAt) <= Date.now() && Date.now() < Date.parse(s.endsAt));
    expect(live, JSON.stringify(sessions)).toBeTruthy();
    const screen = (await clerk.get(`/api/sessions/${live!.id}/screen`)).json();
    expect(screen.counts.checkedIn).toBeGreaterThan(0);
    const token = /\/([A-Za-z0-9_-]{22})$/.exec(screen.url)![1];
    const scan = await member.post(`/api/sessions/${live!.id}/scan`, { token });
    expect(scan.statusCode, scan.body).toBe(200);
  });

  it("has next year's fixed-date holidays as the clerk's own entries", async () => {
    const next = Number(todayLocal().slice(0, 4)) + 1;
    const cal = (await clerk.get(`/api/study/calendar-days?year=${next}`)).json() as { days: { day: string; kind: string; name: string; source: string }[] };
    const newYear = cal.days.find((d) => d.day === `${next}-01-01`);
    expect(newYear).toMatchObject({ kind: 'holiday', name: '元旦（党建办预录）', source: 'override' });
    expect(cal.days.filter((d) => d.source === 'override').map((d) => d.day)).toEqual([`${next}-01-01`, `${next}-05-01`, `${next}-05-02`, `${next}-10-01`, `${next}-10-02`, `${next}-10-03`]);
  });

  it('has study reminders in the inboxes, as the daily jobs sent them, and the leave requests waiting for the clerk', async () => {
    const kinds = async (c: Client) => ((await c.get('/api/notifications')).json().items as { kind: string }[]).map((n) => n.kind);
    // 张三 left a book of last month unfinished: the month-end reminder.
    expect(await kinds(member)).toContain('study.month-end');
    const clerkKinds = await kinds(clerk);
    expect(clerkKinds.filter((k) => k === 'session.leave-request')).toHaveLength(2);
    const study = await t.db.selectFrom('notifications').select(['kind', 'created_at', 'dedupe_key']).where('kind', 'like', 'study.%').execute();
    for (const n of study) expect(['study.evening', 'study.month-end', 'study.plan-missing']).toContain(n.kind);
    // Dated to when the job ran: the evening reminders at 20:00 Shanghai time, on days before today.
    for (const n of study.filter((x) => x.kind === 'study.evening')) {
      expect(new Date(Date.parse(n.created_at) + 8 * 3_600_000).toISOString().slice(11, 16)).toBe('20:00');
      expect(n.dedupe_key).toMatch(/^study-evening:\d{4}-\d{2}-\d{2}:m\d+:u\d+$/);
    }
  });
});
