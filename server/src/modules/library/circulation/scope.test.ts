// Circulation stays inside the town (issue 12, defect 2): a clerk acts on the loans,
// holds and copies of their own rooms and roster only, and a member borrows from
// their own town's rooms unless library.borrowAcrossTowns opens every room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../../test/helper';
import { addDistrictClerk, makeWorld, PASSWORD } from '../../../../test/world';
import { makeBook, makeCopy, makeLocation, makeMember, makeUser } from '../../../demo/factories';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let roomA: { id: number };
let roomB: { id: number };
let zhang: Client;
let li: Client;
let qian: Client;
let clerkA: Client;
let clerkB: Client;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  await addDistrictClerk(t.db, world);
  roomA = await makeLocation(t.db, { unitId: world.townA.id, name: '甲镇机关阅览室' });
  roomB = await makeLocation(t.db, { unitId: world.townB.id, name: '乙镇机关阅览室' });
  await makeUser(t.db, { username: 'qianduo', password: PASSWORD, memberId: world.members.mB.id, roles: [{ role: 'member', unitId: world.officeB.id }] });
  [zhang, li, qian, clerkA, clerkB] = await Promise.all(['zhangsan', 'lisi', 'qianduo', 'clerka', 'clerkb'].map((u) => signedIn(t.app, u, PASSWORD)));
});
afterAll(() => t.close());

// District-wide: the district's clerk sets it (a town clerk may not, issue 12 item 7).
const setAcross = async (on: boolean) => expect((await (await signedIn(t.app, 'clerkd', PASSWORD)).put('/api/settings/library.borrowAcrossTowns', { value: on })).statusCode).toBe(200);
const copyStatus = async (barcode: string) => (await t.db.selectFrom('copies').select('status').where('barcode', '=', barcode).executeTakeFirstOrThrow()).status;

describe('circulation scope', () => {
  it('a clerk renews loans of their own rooms only', async () => {
    const book = await makeBook(t.db, { title: '之江新语', category: '思想理论' });
    await makeCopy(t.db, { bookId: book.id, barcode: 'S0001', locationId: roomA.id });
    const loanId = (await zhang.post('/api/library/copies/S0001/borrow')).json().loanId as number;

    const outside = await clerkB.post(`/api/library/loans/${loanId}/renew`);
    expect(outside.statusCode).toBe(403);
    expect(outside.json().message).toBe('该借阅不属于您管理的阅览室');
    const loan = await t.db.selectFrom('loans').select(['renewals', 'due_on']).where('id', '=', loanId).executeTakeFirstOrThrow();
    expect(loan.renewals).toBe(0);

    const own = await clerkA.post(`/api/library/loans/${loanId}/renew`);
    expect(own.statusCode).toBe(200);
    expect(own.json().dueOn > loan.due_on).toBe(true);
    // A colleague of the same town is not the borrower: refused.
    expect((await li.post(`/api/library/loans/${loanId}/renew`)).statusCode).toBe(403);
  });

  it('the desk of one town neither lends nor takes back another town’s copies, nor lends to another town’s members', async () => {
    const book = await makeBook(t.db, { title: '习近平谈治国理政', category: '思想理论' });
    await makeCopy(t.db, { bookId: book.id, barcode: 'S0002', locationId: roomA.id });
    const checkout = await clerkB.post('/api/library/desk/checkout', { memberId: world.members.mB.id, barcode: 'S0002' });
    expect(checkout.statusCode).toBe(403);
    expect(await copyStatus('S0002')).toBe('available');
    const toOtherTown = await clerkA.post('/api/library/desk/checkout', { memberId: world.members.mB.id, barcode: 'S0002' });
    expect(toOtherTown.statusCode).toBe(403);
    expect(await copyStatus('S0002')).toBe('available');

    expect((await clerkA.post('/api/library/desk/checkout', { memberId: world.members.mZhang.id, barcode: 'S0002' })).statusCode).toBe(200);
    expect((await clerkB.post('/api/library/desk/checkin', { barcode: 'S0002' })).statusCode).toBe(403);
    expect(await copyStatus('S0002')).toBe('loaned');
    // Nor does another member return it for the borrower.
    expect((await li.post('/api/library/copies/S0002/return')).statusCode).toBe(403);
    expect((await clerkA.post('/api/library/desk/checkin', { barcode: 'S0002' })).statusCode).toBe(200);
  });

  it('a member borrows only in their own town’s rooms unless the setting opens every room', async () => {
    const book = await makeBook(t.db, { title: '平易近人', category: '思想理论' });
    await makeCopy(t.db, { bookId: book.id, barcode: 'S0003', locationId: roomB.id });

    const page = (await zhang.get('/api/library/copies/S0003')).json();
    expect(page.canBorrow).toBe(false);
    const refused = await zhang.post('/api/library/copies/S0003/borrow');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toBe('这本书属于其他镇的阅览室，只能在本镇的阅览室借阅');
    expect(await copyStatus('S0003')).toBe('available');
    // Nor may they queue for a title held only in another town.
    const other = await makeBook(t.db, { title: '摆脱贫困', category: '思想理论' });
    await makeCopy(t.db, { bookId: other.id, barcode: 'S0004', locationId: roomB.id });
    expect((await qian.post('/api/library/copies/S0004/borrow')).statusCode).toBe(200);
    const hold = await zhang.post(`/api/library/books/${other.id}/holds`);
    expect(hold.statusCode).toBe(400);
    expect(hold.json().message).toBe('本镇的阅览室没有这本书的馆藏，不能预约');

    await setAcross(true);
    try {
      expect((await zhang.get('/api/library/copies/S0003')).json().canBorrow).toBe(true);
      expect((await zhang.post('/api/library/copies/S0003/borrow')).statusCode).toBe(200);
      // Renewing it stays the borrower's or the lending room's clerk's, not the borrower's town clerk's.
      const loanId = (await t.db.selectFrom('loans').innerJoin('copies', 'copies.id', 'loans.copy_id').select('loans.id').where('copies.barcode', '=', 'S0003').executeTakeFirstOrThrow()).id;
      expect((await clerkA.post(`/api/library/loans/${loanId}/renew`)).statusCode).toBe(403);
      expect((await clerkB.post(`/api/library/loans/${loanId}/renew`)).statusCode).toBe(200);
    } finally {
      await setAcross(false);
    }
  });

  it('a returned copy is kept for the first in the queue who may borrow in its room', async () => {
    const book = await makeBook(t.db, { title: '红星照耀中国', category: '文学' });
    await makeCopy(t.db, { bookId: book.id, barcode: 'S0005', locationId: roomA.id });
    expect((await zhang.post('/api/library/copies/S0005/borrow')).statusCode).toBe(200);
    // 钱多 (乙镇) queued while every room was open; 李四 (甲镇) queued after.
    await setAcross(true);
    const qianHold = (await qian.post(`/api/library/books/${book.id}/holds`)).json().id as number;
    await setAcross(false);
    const liHold = (await li.post(`/api/library/books/${book.id}/holds`)).json().id as number;

    expect((await clerkA.post('/api/library/desk/checkin', { barcode: 'S0005' })).statusCode).toBe(200);
    const status = async (id: number) => (await t.db.selectFrom('holds').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await status(liHold)).toBe('ready');
    expect(await status(qianHold)).toBe('waiting');
    expect(await copyStatus('S0005')).toBe('held');
  });
});

// Issue 12 item 7: circulation rules were one table for the whole district, and any town's clerk changed them.
describe('circulation rules scoped to a town', () => {
  it('a town clerk sets their own town’s rule, never another town’s; a loan is due by the rules of the room’s town', async () => {
    const district = await signedIn(t.app, 'clerkd', PASSWORD);
    const rule = (loanDays: number, extra: Record<string, unknown> = {}) => ({ bookCategory: '历史', memberCategory: null, loanDays, renewals: null, renewDays: null, maxLoans: null, ...extra });
    expect((await district.put('/api/library/circulation-rules', rule(40))).statusCode).toBe(200);
    const own = await clerkB.put('/api/library/circulation-rules', rule(10));
    expect(own.statusCode, own.body).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select(['detail']).where('action', '=', 'circulation-rule.set').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ loanDays: 10, scope: { unitId: world.townB.id, unit: '乙镇' } });

    // 乙镇's clerk cannot write 甲镇's rule, nor remove the district's.
    const before = await t.db.selectFrom('circulation_rules').selectAll().orderBy('id').execute();
    const other = await clerkB.put('/api/library/circulation-rules', rule(3, { unitId: world.townA.id }));
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toBe('“甲镇”不在您的管理范围内，不能设置它的流通规则');
    const districtRule = before.find((r) => r.unit_id === null && r.book_category === '历史')!;
    const del = await clerkB.delete(`/api/library/circulation-rules/${districtRule.id}`);
    expect(del.statusCode).toBe(403);
    expect(await t.db.selectFrom('circulation_rules').selectAll().orderBy('id').execute()).toEqual(before);

    // Each room lends by its own town's rules: 甲镇 inherits the district's 40 days, 乙镇 keeps its 10.
    const book = await makeBook(t.db, { title: '中国共产党简史', category: '历史' });
    await makeCopy(t.db, { bookId: book.id, barcode: 'R0001', locationId: roomA.id });
    await makeCopy(t.db, { bookId: book.id, barcode: 'R0002', locationId: roomB.id });
    const today = (await import('../../../platform/time')).todayLocal();
    const plus = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    expect((await zhang.post('/api/library/copies/R0001/borrow')).json().dueOn).toBe(plus(40));
    expect((await qian.post('/api/library/copies/R0002/borrow')).json().dueOn).toBe(plus(10));
    // What each town's clerk reads: their own rule first, then the district's.
    const listed = (await clerkB.get('/api/library/circulation-rules')).json().filter((r: { bookCategory: string }) => r.bookCategory === '历史');
    expect(listed.map((r: { unitName: string | null; loanDays: number }) => [r.unitName, r.loanDays])).toEqual([
      ['乙镇', 10],
      [null, 40],
    ]);
    // The district's rule is 乙镇's clerk's to override, not to delete (the rules page hides 删除 on it).
    expect(listed.map((r: { inherited: boolean }) => r.inherited)).toEqual([false, true]);
    expect((await district.get('/api/library/circulation-rules')).json().every((r: { inherited: boolean }) => !r.inherited)).toBe(true);
    expect((await clerkA.get('/api/library/circulation-rules')).json().filter((r: { bookCategory: string }) => r.bookCategory === '历史').map((r: { loanDays: number }) => r.loanDays)).toEqual([40]);
    // The town's own rule is the town clerk's to remove.
    const mine = listed[0].id as number;
    expect((await clerkA.delete(`/api/library/circulation-rules/${mine}`)).statusCode).toBe(403);
    expect((await clerkB.delete(`/api/library/circulation-rules/${mine}`)).statusCode).toBe(200);
  });
});

// Issue 12 item 7: the library settings (借期, 续借, 上限, 预约保留, 自助归还, 逾期仍可借) were read for the whole
// district, so a town could not keep its own and any clerk changed everyone's. A town's value now
// applies in its own rooms (to the borrower's town for overdueMayBorrow), as its circulation rules do.
describe('library settings scoped to a town', () => {
  const today = async () => (await import('../../../platform/time')).todayLocal();
  const plus = async (n: number) => new Date(Date.parse(`${await today()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const setting = async (c: Client, key: string, value: unknown, unitId?: number) => c.put(`/api/settings/${key}`, unitId ? { value, unitId } : { value });

  it('a town clerk sets the loan terms of their own town’s rooms only, audited with the town', async () => {
    const res = await setting(clerkB, 'library.loanDays', 7);
    expect(res.statusCode, res.body).toBe(200);
    expect((await setting(clerkB, 'library.renewDays', 4)).statusCode).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select(['entity_id', 'detail']).where('action', '=', 'setting.update').orderBy('id', 'desc').limit(2).execute();
    expect(JSON.parse(audit[1]!.detail!)).toMatchObject({ before: 30, after: 7, scope: { unitId: world.townB.id, unit: '乙镇' } });

    // 乙镇's clerk cannot write 甲镇's value: refused in Chinese, nothing written.
    const before = await t.db.selectFrom('setting_overrides').selectAll().orderBy('id').execute();
    const other = await setting(clerkB, 'library.loanDays', 3, world.townA.id);
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toBe('“甲镇”不在您的管理范围内');
    expect(await t.db.selectFrom('setting_overrides').selectAll().orderBy('id').execute()).toEqual(before);

    const book = await makeBook(t.db, { title: '乡土中国', category: '文化' });
    await makeCopy(t.db, { bookId: book.id, barcode: 'L0001', locationId: roomA.id });
    await makeCopy(t.db, { bookId: book.id, barcode: 'L0002', locationId: roomB.id });
    // The copy page and the loan follow the room's town: 甲镇 the district's 30 days, 乙镇 its own 7.
    expect((await qian.get('/api/library/copies/L0002')).json().loanDays).toBe(7);
    expect((await zhang.get('/api/library/copies/L0001')).json().loanDays).toBe(30);
    expect((await zhang.post('/api/library/copies/L0001/borrow')).json().dueOn).toBe(await plus(30));
    const lent = (await qian.post('/api/library/copies/L0002/borrow')).json();
    expect(lent.dueOn).toBe(await plus(7));
    // A renewal adds 乙镇's 4 days to the due date.
    expect((await qian.post(`/api/library/loans/${lent.loanId}/renew`)).json().dueOn).toBe(await plus(11));
    // A cadre's settings read is their own town's (我的借阅's note reads it).
    const mine = (await qian.get('/api/settings')).json().items.find((s: { key: string }) => s.key === 'library.loanDays');
    expect(mine).toMatchObject({ value: 7, scopeUnitName: '乙镇' });
  });

  it('self-return and the pickup days are the room’s town’s; an overdue book stops the borrower by their own town’s value', async () => {
    expect((await setting(clerkB, 'library.selfReturn', false)).statusCode).toBe(200);
    expect((await setting(clerkB, 'library.holdPickupDays', 9)).statusCode).toBe(200);
    expect((await qian.get('/api/library/copies/L0002')).json().canReturn).toBe(false);
    const refused = await qian.post('/api/library/copies/L0002/return');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toBe('请将图书送还阅览室服务台办理归还');
    expect(await copyStatus('L0002')).toBe('loaned');
    // 甲镇 keeps self-return: 张三 brings his back himself.
    expect((await zhang.get('/api/library/copies/L0001')).json().canReturn).toBe(true);
    expect((await zhang.post('/api/library/copies/L0001/return')).statusCode).toBe(200);

    // A 乙镇 colleague queues; the copy taken back at 乙镇's desk is kept 9 days.
    await makeUser(t.db, { username: 'zhoujie', password: PASSWORD, memberId: (await makeMember(t.db, { name: '周杰', unitId: world.officeB.id, category: 'staff' })).id, roles: [{ role: 'member', unitId: world.officeB.id }] });
    const zhou = await signedIn(t.app, 'zhoujie', PASSWORD);
    const bookId = (await t.db.selectFrom('copies').select('book_id').where('barcode', '=', 'L0002').executeTakeFirstOrThrow()).book_id;
    const hold = await zhou.post(`/api/library/books/${bookId}/holds`);
    expect(hold.statusCode, hold.body).toBe(200);
    expect((await clerkB.post('/api/library/desk/checkin', { barcode: 'L0002' })).statusCode).toBe(200);
    const kept = await t.db.selectFrom('holds').select(['status', 'expires_on']).where('id', '=', hold.json().id).executeTakeFirstOrThrow();
    expect(kept).toEqual({ status: 'ready', expires_on: await plus(9) });

    // 张三 (甲镇) with an overdue book may not borrow, until 甲镇 lets overdue borrowers borrow.
    const book = await makeBook(t.db, { title: '人类简史', category: '文化' });
    await makeCopy(t.db, { bookId: book.id, barcode: 'L0003', locationId: roomA.id });
    await makeCopy(t.db, { bookId: book.id, barcode: 'L0004', locationId: roomA.id });
    const late = (await zhang.post('/api/library/copies/L0003/borrow')).json().loanId as number;
    await t.db.updateTable('loans').set({ due_on: '2020-01-01' }).where('id', '=', late).execute();
    // 乙镇's value does not reach 甲镇's cadres.
    expect((await setting(clerkB, 'library.overdueMayBorrow', true)).statusCode).toBe(200);
    const blocked = await zhang.post('/api/library/copies/L0004/borrow');
    expect(blocked.statusCode).toBe(400);
    expect(blocked.json().message).toBe('您有逾期未还的图书，请先归还再借');
    expect((await setting(clerkA, 'library.overdueMayBorrow', true)).statusCode).toBe(200);
    expect((await zhang.post('/api/library/copies/L0004/borrow')).statusCode).toBe(200);
  });
});
