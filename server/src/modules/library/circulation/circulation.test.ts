import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../../test/helper';
import { makeWorld, PASSWORD } from '../../../../test/world';
import { makeBook, makeCopy, makeLocation, makeMember, makeUser } from '../../../demo/factories';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let room: { id: number };
let readers: Client[];

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  room = await makeLocation(t.db, { unitId: world.townA.id, name: '镇机关阅览室' });
  readers = [];
  for (let i = 0; i < 50; i++) {
    const m = await makeMember(t.db, { name: `读者${i}`, unitId: world.villageA.id, category: 'staff' });
    await makeUser(t.db, { username: `reader${i}`, password: PASSWORD, memberId: m.id, roles: [{ role: 'member', unitId: world.villageA.id }] });
  }
  readers = await Promise.all(Array.from({ length: 50 }, (_, i) => signedIn(t.app, `reader${i}`, PASSWORD)));
});
afterAll(() => t.close());

const openLoans = (copyId: number) => t.db.selectFrom('loans').selectAll().where('copy_id', '=', copyId).where('returned_at', 'is', null).execute();

describe('borrowing', () => {
  it('fifty members tapping 借阅 on the last copy at once: exactly one loan', async () => {
    const book = await makeBook(t.db, { title: '习近平新时代中国特色社会主义思想学习纲要', category: '思想理论' });
    const copy = await makeCopy(t.db, { bookId: book.id, barcode: 'SX000001', locationId: room.id });
    const results = await Promise.all(readers.map((c) => c.post(`/api/library/copies/${copy.barcode}/borrow`)));
    const ok = results.filter((r) => r.statusCode === 200);
    const refused = results.filter((r) => r.statusCode !== 200);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const r of refused) expect(r.json().message).toBe('已被借出');
    expect(await openLoans(copy.id)).toHaveLength(1);
    const status = await t.db.selectFrom('copies').select('status').where('id', '=', copy.id).executeTakeFirstOrThrow();
    expect(status.status).toBe('loaned');
  });

  it('a double tap gives one loan', async () => {
    const book = await makeBook(t.db, { title: '中国共产党简史', category: '历史' });
    const copy = await makeCopy(t.db, { bookId: book.id, barcode: 'SX000002', locationId: room.id });
    const [a, b] = await Promise.all([readers[1].post(`/api/library/copies/${copy.barcode}/borrow`), readers[1].post(`/api/library/copies/${copy.barcode}/borrow`)]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(a.json().loanId).toBe(b.json().loanId);
    expect(await openLoans(copy.id)).toHaveLength(1);
    const page = (await readers[1].get(`/api/library/copies/${copy.barcode}`)).json();
    expect(page.myLoan.id).toBe(a.json().loanId);
    expect(page.canReturn).toBe(true);
    expect((await readers[1].get('/api/library/my-loans')).json().map((l: { title: string }) => l.title)).toContain('中国共产党简史');
  });

  it('a return and a renewal racing leave a consistent state', async () => {
    const book = await makeBook(t.db, { title: '民法典通俗读本', category: '法律' });
    const copy = await makeCopy(t.db, { bookId: book.id, barcode: 'SX000003', locationId: room.id });
    const loan = (await readers[2].post(`/api/library/copies/${copy.barcode}/borrow`)).json();
    const [ret, ren] = await Promise.all([readers[2].post(`/api/library/copies/${copy.barcode}/return`), readers[2].post(`/api/library/loans/${loan.loanId}/renew`)]);
    expect(ret.statusCode).toBe(200);
    expect([200, 400, 409]).toContain(ren.statusCode);
    const row = await t.db.selectFrom('loans').selectAll().where('id', '=', loan.loanId).executeTakeFirstOrThrow();
    expect(row.returned_at).not.toBeNull();
    expect(row.renewals).toBe(ren.statusCode === 200 ? 1 : 0);
    const c = await t.db.selectFrom('copies').select('status').where('id', '=', copy.id).executeTakeFirstOrThrow();
    expect(c.status).toBe('available');
  });

  it('renews once, never while a colleague waits, and passes a returned copy to the first in the queue', async () => {
    const book = await makeBook(t.db, { title: '之江新语', category: '思想理论' });
    const copy = await makeCopy(t.db, { bookId: book.id, barcode: 'SX000004', locationId: room.id });
    const [a, b, c] = [readers[3], readers[4], readers[5]];
    const loan = (await a.post(`/api/library/copies/${copy.barcode}/borrow`)).json();
    expect(loan.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const renewed = await a.post(`/api/library/loans/${loan.loanId}/renew`);
    expect(renewed.statusCode).toBe(200);
    expect(renewed.json().dueOn > loan.dueOn).toBe(true);
    expect((await a.post(`/api/library/loans/${loan.loanId}/renew`)).json().message).toContain('最多续借 1 次');

    expect((await b.post(`/api/library/books/${book.id}/holds`)).statusCode).toBe(200);
    expect((await c.post(`/api/library/books/${book.id}/holds`)).statusCode).toBe(200);
    expect((await b.post(`/api/library/books/${book.id}/holds`)).json().message).toBe('您已预约这本书');

    expect((await a.post(`/api/library/copies/${copy.barcode}/return`)).statusCode).toBe(200);
    const cTry = await c.post(`/api/library/copies/${copy.barcode}/borrow`);
    expect(cTry.statusCode).toBe(409);
    expect(cTry.json().message).toContain('保留');
    expect((await b.get(`/api/library/copies/${copy.barcode}`)).json()).toMatchObject({ heldForMe: true, canBorrow: true });
    expect((await b.post(`/api/library/copies/${copy.barcode}/borrow`)).statusCode).toBe(200);
    const holds = await t.db.selectFrom('holds').select(['member_id', 'status']).where('book_id', '=', book.id).orderBy('id').execute();
    expect(holds.map((h) => h.status)).toEqual(['fulfilled', 'waiting']);
    // B may not renew: C is waiting.
    const bLoan = (await b.get('/api/library/my-loans')).json().find((l: { barcode: string }) => l.barcode === copy.barcode);
    expect((await b.post(`/api/library/loans/${bLoan.id}/renew`)).json().message).toContain('已有同事预约');
  });

  it('enforces the loan limit and refuses returns of other people’s books', async () => {
    const reader = readers[6];
    for (let i = 0; i < 5; i++) {
      const book = await makeBook(t.db, { title: `限额测试${i}`, category: '其他' });
      await makeCopy(t.db, { bookId: book.id, barcode: `LIM${i}`, locationId: room.id });
      expect((await reader.post(`/api/library/copies/LIM${i}/borrow`)).statusCode).toBe(200);
    }
    const extra = await makeBook(t.db, { title: '第六本', category: '其他' });
    await makeCopy(t.db, { bookId: extra.id, barcode: 'LIM5', locationId: room.id });
    expect((await reader.post('/api/library/copies/LIM5/borrow')).json().message).toContain('最多同时借阅 5 册');
    const other = await readers[7].post('/api/library/copies/LIM0/return');
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toBe('只能归还自己借的书');
    const lim0 = await t.db.selectFrom('copies').select('id').where('barcode', '=', 'LIM0').executeTakeFirstOrThrow();
    expect(await openLoans(lim0.id)).toHaveLength(1);
    // The owner's return closes that loan, audited once; a second return finds nothing on loan.
    const [loan] = await openLoans(lim0.id);
    expect((await reader.post('/api/library/copies/lim0/return')).statusCode).toBe(200);
    expect(await openLoans(lim0.id)).toHaveLength(0);
    expect((await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'loan').where('entity_id', '=', String(loan!.id)).orderBy('id').execute()).map((a) => a.action)).toEqual(['loan.borrow', 'loan.return']);
    const again = await reader.post('/api/library/copies/LIM0/return');
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toBe('这本书当前没有借出记录');
    expect((await readers[7].post('/api/library/copies/NOPE/borrow')).statusCode).toBe(404);
  });

  it('lends and takes back at the desk, in the clerk’s own town only', async () => {
    const clerkA = await signedIn(t.app, 'clerka', PASSWORD);
    const clerkB = await signedIn(t.app, 'clerkb', PASSWORD);
    const book = await makeBook(t.db, { title: '乡村振兴战略规划', category: '经济' });
    await makeCopy(t.db, { bookId: book.id, barcode: 'DESK1', locationId: room.id });
    expect((await clerkB.post('/api/library/desk/checkout', { memberId: world.members.mLi.id, barcode: 'DESK1' })).statusCode).toBe(403);
    const out = await clerkA.post('/api/library/desk/checkout', { memberId: world.members.mLi.id, barcode: 'DESK1' });
    expect(out.statusCode).toBe(200);
    expect(out.json().title).toBe('乡村振兴战略规划');
    expect((await clerkB.post('/api/library/desk/checkin', { barcode: 'DESK1' })).statusCode).toBe(403);
    expect((await clerkA.post('/api/library/desk/checkin', { barcode: 'DESK1' })).statusCode).toBe(200);
    await expect((await signedIn(t.app, 'zhangsan', PASSWORD)).post('/api/library/desk/checkin', { barcode: 'DESK1' }).then((r) => r.statusCode)).resolves.toBe(403);
  });
});

describe('circulation rules by book and member category', () => {
  it('lends theory books to ordinary staff for 60 days with no renewal, others as the settings say', async () => {
    const clerk = await signedIn(t.app, 'clerka', PASSWORD);
    const member = await signedIn(t.app, 'zhangsan', PASSWORD);
    expect((await member.put('/api/library/circulation-rules', { bookCategory: '思想理论', memberCategory: 'staff', loanDays: 60, renewals: 0, renewDays: null, maxLoans: null })).statusCode).toBe(403);
    expect((await clerk.put('/api/library/circulation-rules', { bookCategory: '思想理论', memberCategory: null, loanDays: 45, renewals: null, renewDays: null, maxLoans: null })).statusCode).toBe(200);
    expect((await clerk.put('/api/library/circulation-rules', { bookCategory: '思想理论', memberCategory: 'staff', loanDays: 60, renewals: 0, renewDays: null, maxLoans: null })).statusCode).toBe(200);
    expect((await clerk.put('/api/library/circulation-rules', { bookCategory: '不存在', memberCategory: null, loanDays: 1, renewals: null, renewDays: null, maxLoans: null })).statusCode).toBe(400);

    const theory = await makeBook(t.db, { title: '论党的自我革命', category: '思想理论' });
    const other = await makeBook(t.db, { title: '平凡的世界', category: '文化' });
    await makeCopy(t.db, { bookId: theory.id, barcode: 'RULE1', locationId: room.id });
    await makeCopy(t.db, { bookId: theory.id, barcode: 'RULE2', locationId: room.id });
    await makeCopy(t.db, { bookId: other.id, barcode: 'RULE3', locationId: room.id });
    const days = (due: string) => Math.round((Date.parse(due) - Date.parse(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10))) / 86_400_000);

    // readers[10] is 普通职工 (staff): the most specific rule applies, field by field.
    const staffLoan = (await readers[10].post('/api/library/copies/RULE1/borrow')).json();
    expect(days(staffLoan.dueOn)).toBe(60);
    expect((await readers[10].post(`/api/library/loans/${staffLoan.loanId}/renew`)).json().message).toContain('最多续借 0 次');
    // 张三 is 党员: only the book-category rule applies.
    const partyLoan = (await member.post('/api/library/copies/RULE2/borrow')).json();
    expect(days(partyLoan.dueOn)).toBe(45);
    expect((await member.post(`/api/library/loans/${partyLoan.loanId}/renew`)).statusCode).toBe(200);
    expect(days((await readers[10].post('/api/library/copies/RULE3/borrow')).json().dueOn)).toBe(30);
  });
});
