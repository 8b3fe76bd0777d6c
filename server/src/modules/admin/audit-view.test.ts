// The audit log reads in Chinese (issue 11): the action's name, who (name and unit),
// the kind of object, the outcome — the raw codes stay in the row for the details.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld } from '../../../test/world';
import { makeBook, makeCopy, makeLocation } from '../../demo/factories';
import { LibraryPolicy } from '../library/policy';
import { clock } from '../../platform/time';

let t: TestApp;
let zhang: Client;
let auditor: Client;

interface Row {
  action: string;
  actionLabel: string;
  entity: string | null;
  entityLabel: string | null;
  entityId: string | null;
  outcome: string;
  outcomeLabel: string;
  username: string | null;
  actorName: string | null;
  actorUnit: string | null;
}

beforeAll(async () => {
  t = await createTestApp();
  const w = await makeWorld(t.db);
  const room = await makeLocation(t.db, { unitId: w.townA.id, name: '甲镇机关阅览室' });
  const book = await makeBook(t.db, { title: '之江新语', category: '思想理论' });
  await makeCopy(t.db, { bookId: book.id, barcode: 'A0001', locationId: room.id });
  [zhang, auditor] = await Promise.all([signedIn(t.app, 'zhangsan'), signedIn(t.app, 'auditor')]);
  expect((await zhang.post('/api/library/copies/A0001/borrow')).statusCode).toBe(200);
  // A write the member may not make: refused, and audited by the app's hook.
  expect((await zhang.post('/api/library/books', { title: '不该新增的书', category: '思想理论' })).statusCode).toBe(403);
  // The app's hook writes that row after the answer has gone out.
  for (let i = 0; i < 100 && !(await t.db.selectFrom('audit_log').select('id').where('outcome', '=', 'denied').executeTakeFirst()); i++) await new Promise((r) => setTimeout(r, 50));
});
afterAll(() => t.close());

describe('the audit log in Chinese', () => {
  it('names the action, who did it with their unit, the object and the outcome', async () => {
    const res = await auditor.get('/api/audit?username=zhangsan&pageSize=50');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Row[];
    const borrow = items.find((i) => i.action === 'loan.borrow')!;
    expect(borrow).toMatchObject({ actionLabel: '扫码借书', entity: 'loan', entityLabel: '借阅', outcome: 'success', outcomeLabel: '成功', actorName: '张三', actorUnit: '党政办' });
    expect(borrow.entityId).toMatch(/^\d+$/);
    const login = items.find((i) => i.action === 'auth.login')!;
    expect(login).toMatchObject({ actionLabel: '登录', actorName: '张三' });
    // The refused write: its code is the request, its name the policy action's label.
    const refused = items.find((i) => i.outcome === 'denied')!;
    expect(refused.action).toBe('POST /api/library/books');
    expect(refused).toMatchObject({ actionLabel: LibraryPolicy.catalog.label, outcomeLabel: '拒绝', actorName: '张三' });
    // No row is left with a raw code for its name.
    for (const i of items) expect(i.actionLabel, i.action).not.toBe(i.action);
  });

  it('filters by Shanghai calendar days: a day runs from 16:00 UTC of the day before', async () => {
    const recordAt = async (iso: string, entityId: string) => {
      const real = clock.now;
      clock.now = () => new Date(iso);
      try {
        await t.svc.audit.recordAlone({ userId: null, username: 'daytest', ip: null }, { action: 'loan.borrow', entity: 'loan', entityId });
      } finally {
        clock.now = real;
      }
    };
    await recordAt('2026-03-01T15:59:59.999Z', 'late-on-1st');
    await recordAt('2026-03-01T16:00:00.000Z', 'start-of-2nd');
    const ids = async (q: string) => ((await auditor.get(`/api/audit?username=daytest&${q}`)).json().items as Row[]).map((i) => i.entityId).sort();
    expect(await ids('from=2026-03-01&to=2026-03-01')).toEqual(['late-on-1st']);
    expect(await ids('from=2026-03-02&to=2026-03-02')).toEqual(['start-of-2nd']);
    expect(await ids('from=2026-03-01&to=2026-03-02')).toEqual(['late-on-1st', 'start-of-2nd']);
  });

  it('exports the names beside the codes', async () => {
    const res = await auditor.get('/api/audit/export?username=zhangsan');
    expect(res.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(2).values as unknown[]).map(String);
    const rows: unknown[][] = [];
    ws.eachRow((r, n) => n > 2 && rows.push(r.values as unknown[]));
    const borrow = rows.find((r) => r[header.indexOf('操作代码')] === 'loan.borrow')!;
    expect(borrow[header.indexOf('操作')]).toBe('扫码借书');
    expect(borrow[header.indexOf('姓名')]).toBe('张三');
    expect(borrow[header.indexOf('单位')]).toBe('党政办');
    expect(borrow[header.indexOf('对象')]).toBe('借阅');
  });
});
