// Defects found walking the reading room as a member (issue 11 item 7): the loan list
// keeps its order across 续借, 预约 is not offered on a book the member has out, and a
// long pasted search is searched by its start instead of refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld, PASSWORD } from '../../../test/world';
import { makeBook, makeCopy, makeLocation } from '../../demo/factories';

let t: TestApp;
let room: { id: number };
let zhang: Client;
let li: Client;

beforeAll(async () => {
  t = await createTestApp();
  const world = await makeWorld(t.db);
  room = await makeLocation(t.db, { unitId: world.townA.id, name: '甲镇机关阅览室' });
  [zhang, li] = await Promise.all([signedIn(t.app, 'zhangsan', PASSWORD), signedIn(t.app, 'lisi', PASSWORD)]);
});
afterAll(() => t.close());

describe('我的借阅 after 续借', () => {
  it('keeps the order of the list, so a second tap on the same row renews the same book', async () => {
    const a = await makeBook(t.db, { title: '之江新语', category: '思想理论' });
    const b = await makeBook(t.db, { title: '摆脱贫困', category: '思想理论' });
    await makeCopy(t.db, { bookId: a.id, barcode: 'W0001', locationId: room.id });
    await makeCopy(t.db, { bookId: b.id, barcode: 'W0002', locationId: room.id });
    expect((await zhang.post('/api/library/copies/W0001/borrow')).statusCode).toBe(200);
    expect((await zhang.post('/api/library/copies/W0002/borrow')).statusCode).toBe(200);
    const before = (await zhang.get('/api/library/my-loans')).json() as { id: number; title: string; dueOn: string }[];
    expect(before.map((l) => l.title)).toEqual(['之江新语', '摆脱贫困']);

    // 续借 the first row: its due date moves past the second's.
    const renewed = await zhang.post(`/api/library/loans/${before[0].id}/renew`);
    expect(renewed.statusCode, renewed.body).toBe(200);
    const after = (await zhang.get('/api/library/my-loans')).json() as { id: number; title: string; dueOn: string }[];
    expect(after[0].dueOn > after[1].dueOn).toBe(true);
    expect(after.map((l) => l.title)).toEqual(['之江新语', '摆脱贫困']);
    expect(after.map((l) => l.id)).toEqual(before.map((l) => l.id));
  });
});

describe('预约 on a book the member has out', () => {
  it('is not offered to the borrower (book page and the other copy’s page), and is offered to a colleague', async () => {
    const book = await makeBook(t.db, { title: '习近平谈治国理政', category: '思想理论' });
    await makeCopy(t.db, { bookId: book.id, barcode: 'W0101', locationId: room.id });
    await makeCopy(t.db, { bookId: book.id, barcode: 'W0102', locationId: room.id });
    expect((await zhang.post('/api/library/copies/W0101/borrow')).statusCode).toBe(200);
    expect((await li.post('/api/library/copies/W0102/borrow')).statusCode).toBe(200);

    const mine = (await zhang.get(`/api/library/books/${book.id}`)).json();
    expect(mine.canHold).toBe(false);
    expect(mine.myLoan).toMatchObject({ barcode: 'W0101' });
    expect(mine.myLoan.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The page of the copy 李四 has: 张三 is offered no 预约 there either.
    expect((await zhang.get('/api/library/copies/W0102')).json().canHold).toBe(false);

    // Were the request sent anyway, the refusal is a clear message and nothing is written.
    const refused = await zhang.post(`/api/library/books/${book.id}/holds`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toBe('您已借着这本书');
    expect(await t.db.selectFrom('holds').select('id').where('book_id', '=', book.id).execute()).toEqual([]);

    // A book whose only copy a colleague has: 预约 is offered, and accepted.
    const other = await makeBook(t.db, { title: '干在实处 走在前列', category: '思想理论' });
    await makeCopy(t.db, { bookId: other.id, barcode: 'W0201', locationId: room.id });
    expect((await li.post('/api/library/copies/W0201/borrow')).statusCode).toBe(200);
    const forColleague = (await zhang.get(`/api/library/books/${other.id}`)).json();
    expect(forColleague).toMatchObject({ canHold: true, myLoan: null });
    expect((await zhang.get('/api/library/copies/W0201')).json().canHold).toBe(true);
    expect((await zhang.post(`/api/library/books/${other.id}/holds`)).statusCode).toBe(200);
    // Once reserved, 预约 is not offered again.
    expect((await zhang.get(`/api/library/books/${other.id}`)).json().canHold).toBe(false);
  });
});

describe('a long search', () => {
  it('searches by the first 60 characters instead of answering with a validation message', async () => {
    await makeBook(t.db, { title: '中国共产党简史', category: '思想理论' });
    const long = `中国共产党简史${'的学习体会与工作中的运用'.repeat(6)}`;
    expect([...long].length).toBeGreaterThan(60);
    const res = await zhang.get(`/api/library/books?q=${encodeURIComponent(long)}`);
    expect(res.statusCode, res.body).toBe(200);
    // Searched, and found nothing for the whole sentence — but no raw schema text.
    expect(res.json()).toMatchObject({ total: 0 });
    const short = await zhang.get(`/api/library/books?q=${encodeURIComponent('中国共产党简史')}`);
    expect(short.json().items.map((b: { title: string }) => b.title)).toContain('中国共产党简史');
    // The notebook's search takes the same care.
    const notes = await zhang.get(`/api/notes?q=${encodeURIComponent(long)}`);
    expect(notes.statusCode, notes.body).toBe(200);
  });
});
