import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config';
import { createServices } from '../../../platform/services';
import { runOnce } from '../../../platform/jobs';
import { createTestApp, signedIn, type TestApp } from '../../../../test/helper';
import { makeWorld, PASSWORD } from '../../../../test/world';
import { makeBook, makeCopy, makeLocation } from '../../../demo/factories';
import { libraryJobs, sendDueReminders } from './service';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let room: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  room = await makeLocation(t.db, { unitId: world.townA.id, name: '阅览室' });
});
afterAll(() => t.close());

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function loanDue(barcode: string, dueOn: string) {
  const b = await makeBook(t.db, { title: `到期测试${barcode}`, category: '其他' });
  const c = await makeCopy(t.db, { bookId: b.id, barcode, locationId: room.id, status: 'loaned' });
  await t.db.insertInto('loans').values({ copy_id: c.id, member_id: world.members.mZhang.id, loaned_at: new Date().toISOString(), due_on: dueOn, returned_at: null, renewals: 0, last_reminded_on: null, created_by: null }).execute();
}

describe('due-date reminders', () => {
  it('reminds the day before, on the day and every week overdue, once per day even with two app nodes', async () => {
    const today = '2026-11-28';
    await loanDue('D-1', addDays(today, 1));
    await loanDue('D0', today);
    await loanDue('D7', addDays(today, -7));
    await loanDue('D3', addDays(today, -3));
    await loanDue('D5', addDays(today, 5));

    // A second app node on the same database.
    const other = createServices({ ...loadConfig({}), demo: false }, t.testDb.reopen());
    const counts = await Promise.all([sendDueReminders(t.svc, today), sendDueReminders(other, today)]);
    expect(counts[0] + counts[1]).toBe(3);
    const member = await signedIn(t.app, 'zhangsan', PASSWORD);
    const inbox = (await member.get('/api/notifications')).json();
    expect(inbox.unread).toBe(3);
    expect(inbox.items.map((n: { title: string }) => n.title).sort()).toEqual(['《到期测试D-1》明天到期', '《到期测试D0》今天到期', '《到期测试D7》已逾期 7 天'].sort());
    expect(inbox.items.find((n: { title: string }) => n.title.includes('D7')).link).toBe('/c/D7');

    // The daily job itself runs once across nodes.
    const job = libraryJobs.find((j) => j.name === 'library.due-reminders')!;
    const ran = await Promise.all([runOnce(t.svc, job, '2030-01-01'), runOnce(other, job, '2030-01-01')]);
    expect(ran.filter(Boolean)).toHaveLength(1);

    expect((await member.post('/api/notifications/read-all')).statusCode).toBe(200);
    expect((await member.get('/api/notifications')).json().unread).toBe(0);
    const li = await signedIn(t.app, 'lisi', PASSWORD);
    expect((await li.post(`/api/notifications/${inbox.items[0].id}/read`)).statusCode).toBe(404);
  });

  it('tells the first in the queue that a returned copy is kept for them', async () => {
    const b = await makeBook(t.db, { title: '红星照耀中国', category: '历史' });
    await makeCopy(t.db, { bookId: b.id, barcode: 'HOLD1', locationId: room.id });
    // 张三 has overdue books from the test above; the leader borrows this one.
    const leader = await signedIn(t.app, 'leader', PASSWORD);
    const li = await signedIn(t.app, 'lisi', PASSWORD);
    expect((await leader.post('/api/library/copies/HOLD1/borrow')).statusCode).toBe(200);
    expect((await li.post(`/api/library/books/${b.id}/holds`)).statusCode).toBe(200);
    expect((await leader.post('/api/library/copies/HOLD1/return')).statusCode).toBe(200);
    const inbox = (await li.get('/api/notifications')).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'hold-ready', title: '您预约的《红星照耀中国》已到', link: '/c/HOLD1' });
  });
});

