// The inbox: notices for reflection outcomes and for a hold on a book I have, each
// linking to its object (a deleted one shown as gone, never a 500), read and read-all;
// and the clerk's pending work on the console home.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld, PASSWORD } from '../../../test/world';
import { composeReflection } from '../../demo/reflections';
import { makeBook, makeCopy, makeLocation, rng } from '../../demo/factories';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let zhang: Client;
let li: Client;
let clerk: Client;
let clerkB: Client;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  [zhang, li, clerk, clerkB] = await Promise.all(['zhangsan', 'lisi', 'clerka', 'clerkb'].map((u) => signedIn(t.app, u, PASSWORD)));
});
afterAll(() => t.close());

type Notice = { id: number; kind: string; title: string; body: string; link: string | null; read: boolean; gone: boolean };
const inbox = async (c: Client) => (await c.get('/api/notifications')).json() as { items: Notice[]; unread: number };

async function submitted(c: Client, seed: number) {
  const book = await makeBook(t.db, { title: `乡土中国${seed}`, category: '社会' } as Parameters<typeof makeBook>[1]);
  const html = composeReflection(rng(seed), { book: '乡土中国', author: '费孝通', summary: '', unit: '党政办', month: '11月' }, 1500).html;
  const r = (await c.post('/api/reflections', { title: `读《乡土中国》有感${seed}`, bodyHtml: html, bookId: book.id })).json();
  const s = await c.post(`/api/reflections/${r.id}/submit`, { version: r.version });
  expect(s.statusCode, s.body).toBe(200);
  return r.id as number;
}

describe('inbox', () => {
  it('tells the author the outcome of a review, with the comment, linking to the reflection', async () => {
    const id = await submitted(zhang, 1);
    expect((await clerk.get('/api/worklist')).json().reflectionsToReview).toBe(1);
    expect((await clerkB.get('/api/worklist')).json().reflectionsToReview).toBe(0);
    expect((await clerk.post(`/api/reflections/${id}/return`, { comment: '请结合本职工作多写一些实例。' })).statusCode).toBe(200);
    const box = await inbox(zhang);
    const n = box.items.find((x) => x.kind === 'reflection.returned')!;
    expect(n.title).toBe('心得《读《乡土中国》有感1》被退回修改');
    expect(n.body).toContain('审核意见：请结合本职工作多写一些实例。');
    expect(n.link).toBe(`/reflections/${id}`);
    expect(n.gone).toBe(false);
    expect(box.unread).toBeGreaterThanOrEqual(1);
    // Nobody else hears of it.
    expect((await inbox(li)).items.some((x) => x.kind.startsWith('reflection.'))).toBe(false);

    const id2 = await submitted(zhang, 2);
    expect((await clerk.post(`/api/reflections/${id2}/excellent`, { comment: '联系实际好' })).statusCode).toBe(200);
    expect((await inbox(zhang)).items.find((x) => x.kind === 'reflection.excellent')).toMatchObject({ title: '心得《读《乡土中国》有感2》被评为优秀', link: `/reflections/${id2}` });
  });

  it('marks one read and all read, only my own', async () => {
    const box = await inbox(zhang);
    const first = box.items[0];
    expect((await li.post(`/api/notifications/${first.id}/read`)).statusCode).toBe(404);
    expect((await zhang.post(`/api/notifications/${first.id}/read`)).statusCode).toBe(200);
    expect((await inbox(zhang)).unread).toBe(box.unread - 1);
    expect((await zhang.post('/api/notifications/read-all')).statusCode).toBe(200);
    expect((await inbox(zhang)).unread).toBe(0);
  });

  it('tells whoever has the book when a colleague places a hold, and shows a withdrawn copy as gone', async () => {
    const room = await makeLocation(t.db, { unitId: world.townA.id, name: '甲镇阅览室' });
    const book = await makeBook(t.db, { title: '平凡的世界', category: '文学' } as Parameters<typeof makeBook>[1]);
    await makeCopy(t.db, { bookId: book.id, barcode: 'IB0001', locationId: room.id });
    expect((await zhang.post('/api/library/copies/IB0001/borrow')).statusCode).toBe(200);
    expect((await li.post(`/api/library/books/${book.id}/holds`)).statusCode).toBe(200);
    const n = (await inbox(zhang)).items.find((x) => x.kind === 'hold-placed')!;
    expect(n.title).toBe('有同事预约了《平凡的世界》');
    expect(n.link).toBe('/c/IB0001');
    expect(n.gone).toBe(false);
    // The copy is withdrawn from the collection: the notice stays, its link is gone, no error.
    await t.db.updateTable('copies').set({ status: 'withdrawn' }).where('barcode', '=', 'IB0001').execute();
    const res = await zhang.get('/api/notifications');
    expect(res.statusCode).toBe(200);
    expect((res.json().items as Notice[]).find((x) => x.kind === 'hold-placed')!.gone).toBe(true);
  });

  it('counts the clerk’s pending work only, over their own units', async () => {
    expect((await zhang.get('/api/worklist')).statusCode).toBe(403);
    const w = (await clerk.get('/api/worklist')).json();
    expect(w).toEqual({ reflectionsToReview: 0, leaveRequests: 0, overdueLoans: 0 });
    await t.db.updateTable('loans').set({ due_on: '2020-01-01' }).execute();
    expect((await clerk.get('/api/worklist')).json().overdueLoans).toBe(1);
    expect((await clerkB.get('/api/worklist')).json().overdueLoans).toBe(0);
  });
});
