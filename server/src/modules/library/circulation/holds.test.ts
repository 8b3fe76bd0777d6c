import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../../test/helper';
import { makeWorld, PASSWORD } from '../../../../test/world';
import { makeBook, makeCopy, makeLocation } from '../../../demo/factories';

let t: TestApp;
let room: { id: number };
let zhang: Client;
let li: Client;
let clerk: Client;
let leader: Client;
let clerkB: Client;

beforeAll(async () => {
  t = await createTestApp();
  const world = await makeWorld(t.db);
  room = await makeLocation(t.db, { unitId: world.townA.id, name: '甲镇机关阅览室' });
  [zhang, li, clerk, leader] = await Promise.all([signedIn(t.app, 'zhangsan', PASSWORD), signedIn(t.app, 'lisi', PASSWORD), signedIn(t.app, 'clerka', PASSWORD), signedIn(t.app, 'leader', PASSWORD)]);
  clerkB = await signedIn(t.app, 'clerkb', PASSWORD);
});
afterAll(() => t.close());

const holdStatus = async (id: number) => (await t.db.selectFrom('holds').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('my holds', () => {
  it('lists the member’s own holds with the place in the queue, then the pickup deadline once the copy is back', async () => {
    const book = await makeBook(t.db, { title: '习近平的七年知青岁月', category: '思想理论' });
    await makeCopy(t.db, { bookId: book.id, barcode: 'H0001', locationId: room.id });
    expect((await zhang.post('/api/library/copies/H0001/borrow')).statusCode).toBe(200);
    const liHold = (await li.post(`/api/library/books/${book.id}/holds`)).json().id as number;
    const leaderHold = (await leader.post(`/api/library/books/${book.id}/holds`)).json().id as number;

    expect((await li.get('/api/library/my-holds')).json()).toEqual([
      expect.objectContaining({ id: liHold, bookId: book.id, title: '习近平的七年知青岁月', status: 'waiting', position: 1, expiresOn: null, barcode: null }),
    ]);
    expect((await leader.get('/api/library/my-holds')).json()).toEqual([expect.objectContaining({ id: leaderHold, status: 'waiting', position: 2 })]);
    // Nobody sees another's holds; a member without holds gets an empty list.
    expect((await zhang.get('/api/library/my-holds')).json()).toEqual([]);

    // Returned at the desk: the copy is kept for 李四, the first in the queue.
    expect((await clerk.post('/api/library/desk/checkin', { barcode: 'H0001' })).statusCode).toBe(200);
    const [ready] = (await li.get('/api/library/my-holds')).json();
    expect(ready).toMatchObject({ id: liHold, status: 'ready', position: 1, barcode: 'H0001', location: '甲镇机关阅览室' });
    expect(ready.expiresOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await leader.get('/api/library/my-holds')).json()[0]).toMatchObject({ status: 'waiting', position: 2 });
  });

  it('lets a member cancel their own hold (audited), not a colleague’s nor another town’s clerk', async () => {
    const book = await makeBook(t.db, { title: '中国共产党章程', category: '思想理论' });
    await makeCopy(t.db, { bookId: book.id, barcode: 'H0002', locationId: room.id });
    await zhang.post('/api/library/copies/H0002/borrow');
    const holdId = (await li.post(`/api/library/books/${book.id}/holds`)).json().id as number;

    const refused = await leader.delete(`/api/library/holds/${holdId}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toBe('只能取消自己的预约');
    expect(await holdStatus(holdId)).toBe('waiting');
    // A clerk of another town cannot cancel it either.
    const outside = await clerkB.delete(`/api/library/holds/${holdId}`);
    expect(outside.statusCode).toBe(403);
    expect(outside.json().message).toBe('该读者不在您的管理范围内');
    expect(await holdStatus(holdId)).toBe('waiting');

    expect((await li.delete(`/api/library/holds/${holdId}`)).statusCode).toBe(200);
    expect(await holdStatus(holdId)).toBe('cancelled');
    expect((await li.get('/api/library/my-holds')).json().map((h: { id: number }) => h.id)).not.toContain(holdId);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'hold.cancel').where('entity_id', '=', String(holdId)).execute();
    expect(audit).toHaveLength(1);

    const again = await li.delete(`/api/library/holds/${holdId}`);
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toBe('该预约已结束');
    expect((await li.delete('/api/library/holds/999999')).statusCode).toBe(404);
  });
});

describe('a clerk cancelling for a member', () => {
  it('cancels a hold of a member in the clerk’s town', async () => {
    const book = await makeBook(t.db, { title: '之江新语', category: '思想理论' });
    await makeCopy(t.db, { bookId: book.id, barcode: 'H0004', locationId: room.id });
    await zhang.post('/api/library/copies/H0004/borrow');
    const holdId = (await li.post(`/api/library/books/${book.id}/holds`)).json().id as number;
    expect((await clerk.delete(`/api/library/holds/${holdId}`)).statusCode).toBe(200);
    expect(await holdStatus(holdId)).toBe('cancelled');
  });
});

describe('desk check-in', () => {
  it('names the borrower and their unit', async () => {
    const book = await makeBook(t.db, { title: '乡村振兴战略规划', category: '经济' });
    await makeCopy(t.db, { bookId: book.id, barcode: 'H0003', locationId: room.id });
    await li.post('/api/library/copies/H0003/borrow');
    const r = await clerk.post('/api/library/desk/checkin', { barcode: 'H0003' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ title: '乡村振兴战略规划', heldFor: null, memberName: '李四', unitName: '东风村' });
  });
});
