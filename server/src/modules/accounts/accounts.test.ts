import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, Client, createTestApp, multipart, signedIn, type TestApp } from '../../../test/helper';
import { pdfPages } from '../../../test/pdf';
import { makeWorld, PASSWORD } from '../../../test/world';
import { makeMember, makeUser } from '../../demo/factories';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
});
afterAll(() => t.close());

async function auditCount(action: string) {
  const r = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('accounts for everyone in one step', () => {
  it('refuses every role but the system administrator, and a town administrator reaches only their town', async () => {
    for (const u of ['zhangsan', 'clerka', 'leader', 'security', 'auditor']) {
      const c = await signedIn(t.app, u, PASSWORD);
      expect((await c.get('/api/accounts/pending')).statusCode, u).toBe(403);
      expect((await c.post('/api/accounts/bulk', { scope: 'all' })).statusCode, u).toBe(403);
      expect((await c.post('/api/accounts/slips', { format: 'pdf', accounts: [{ userId: world.users.member.id, password: 'x' }] })).statusCode, u).toBe(403);
    }
    await makeUser(t.db, { username: 'admin-b', password: PASSWORD, roles: [{ role: 'sysadmin', unitId: world.townB.id }] });
    const b = await signedIn(t.app, 'admin-b');
    const pending = (await b.get('/api/accounts/pending')).json();
    // 钱多 is townB's only member without an account.
    expect(pending.items.map((m: { name: string }) => m.name)).toEqual(['钱多']);
    expect((await b.post('/api/accounts/bulk', { scope: 'unit', unitId: world.townA.id })).statusCode).toBe(403);
    expect((await b.post('/api/accounts/bulk', { scope: 'members', memberIds: [world.members.mLi.id] })).json().message).toMatch(/不在您的管理范围内/);
  });

  it('gives clashing phones a row-by-row report and makes nothing', async () => {
    const dupA = await makeMember(t.db, { name: '周一', unitId: world.villageA.id, category: 'staff', phone: '13900000009' });
    const dupB = await makeMember(t.db, { name: '吴二', unitId: world.villageA.id, category: 'staff', phone: '13900000009' });
    // An existing account already named after another member's phone.
    const clash = await makeMember(t.db, { name: '郑五', unitId: world.villageA.id, category: 'staff', phone: '13900000010' });
    await makeUser(t.db, { username: '13900000010', password: PASSWORD, roles: [] });
    const admin = await signedIn(t.app, 'admin');
    const users = await t.db.selectFrom('users').select('id').execute();
    const res = await admin.post('/api/accounts/bulk', { scope: 'unit', unitId: world.villageA.id });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.ok).toBe(false);
    expect(r.created).toEqual([]);
    const byName = Object.fromEntries(r.errors.map((e: { name: string; problems: string[] }) => [e.name, e.problems.join('；')]));
    expect(byName['周一']).toMatch(/13900000009 与 吴二/);
    expect(byName['吴二']).toMatch(/13900000009 与 周一/);
    expect(byName['郑五']).toMatch(/用户名 13900000010 已被其他账号使用/);
    expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(users.length);
    // Corrected in the roster, they go through.
    await t.db.updateTable('members').set({ phone: null }).where('id', 'in', [dupB.id, clash.id]).execute();
    expect(dupA.id).toBeGreaterThan(0);
  });

  it('creates every missing account at once: phone or pinyin usernames, random passwords, a change owed, audited, never twice', async () => {
    await makeMember(t.db, { name: '张三', unitId: world.villageA.id, category: 'staff' });
    const admin = await signedIn(t.app, 'admin');
    const before = (await admin.get('/api/accounts/pending')).json();
    expect(before.items.length).toBeGreaterThanOrEqual(5);
    const res = await admin.post('/api/accounts/bulk', { scope: 'all' });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.ok).toBe(true);
    expect(r.created).toHaveLength(before.items.length);
    const by = Object.fromEntries(r.created.map((c: { name: string; username: string }) => [c.name, c]));
    expect(by['周一'].username).toBe('13900000009');
    // 张三 of the office holds "zhangsan": the second 张三 is numbered.
    expect(by['张三'].username).toBe('zhangsan2');
    expect(by['李四']).toBeUndefined(); // already had one
    expect(by['钱多'].username).toBe('qianduo');
    const passwords = r.created.map((c: { password: string }) => c.password);
    expect(new Set(passwords).size).toBe(passwords.length);
    for (const p of passwords) expect(p).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)[A-Za-z\d]{10}$/);
    expect(r.signInUrl).toMatch(/\/login$/);
    expect(await auditCount('user.bulkCreate')).toBe(1);

    // The owner signs in with the slip's password and must change it first.
    const zhou = new Client(t.app);
    expect((await zhou.login('13900000009', by['周一'].password)).statusCode).toBe(200);
    const me = (await zhou.get('/api/me')).json();
    expect(me.restriction.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(me.roles.map((g: { role: string }) => g.role)).toEqual(['member']);

    const again = (await admin.post('/api/accounts/bulk', { scope: 'all' })).json();
    expect(again.ok).toBe(true);
    expect(again.created).toEqual([]);
    expect((await admin.get('/api/accounts/pending')).json().items).toEqual([]);

    // Slips: a PDF with every name, username and password, and the same as .xlsx.
    const accounts = r.created.map((c: { userId: number; password: string }) => ({ userId: c.userId, password: c.password }));
    const pdf = await admin.post('/api/accounts/slips', { format: 'pdf', accounts });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfPages(pdf.rawPayload)).join('\n');
    for (const c of r.created) {
      expect(text).toContain(c.username);
      expect(text).toContain(c.password);
      expect(text).toContain(c.name);
    }
    expect(text).toContain('首次登录须修改密码');
    const xlsx = await admin.post('/api/accounts/slips', { format: 'xlsx', accounts });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells = wb.worksheets[0].getSheetValues().flat().map(String);
    expect(cells).toContain(by['钱多'].password);

    // A wrong password is not printed; an account whose owner changed it is refused.
    const wrong = await admin.post('/api/accounts/slips', { format: 'pdf', accounts: [{ userId: by['钱多'].userId, password: 'Nope12345xx' }] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toMatch(/钱多（qianduo）/);
    expect((await zhou.post('/api/auth/password', { oldPassword: by['周一'].password, newPassword: 'Zhou-new-pass-1' })).statusCode).toBe(200);
    const refused = await admin.post('/api/accounts/slips', { format: 'pdf', accounts });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/已修改过初始密码.*周一（13900000009）/);
  });

  it('disables the account of a member who leaves', async () => {
    // Leaving is roster business: the clerk's (三员分立), and the account follows.
    const clerk = await signedIn(t.app, 'clerka');
    const m = (await clerk.get(`/api/members/${world.members.mLi.id}`)).json();
    expect((await clerk.post(`/api/members/${m.id}/leave`, { version: m.version })).statusCode).toBe(200);
    const u = await t.db.selectFrom('users').select('disabled').where('member_id', '=', world.members.mLi.id).executeTakeFirstOrThrow();
    expect(u.disabled).toBe(1);
    expect((await new Client(t.app).login('lisi', PASSWORD)).statusCode).toBe(401);
  });

  it('opens the accounts with a roster import when the setting says so', async () => {
    const admin = await signedIn(t.app, 'admin');
    expect((await admin.put('/api/settings/accounts.createOnRosterImport', { value: true })).statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('干部名册');
    ws.addRow(['姓名', '所属单位', '职务', '人员类别', '是否党员', '手机号']);
    ws.addRow(['冯六', '东风村', '', '普通职工', '否', '13700000001']);
    ws.addRow(['陈七', '东风村', '', '党员', '是', '']);
    const file = multipart('file', 'roster.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    // The administrator turns it on; the clerk, whose roster it is, imports.
    const clerk = await signedIn(t.app, 'clerka');
    const res = await clerk.request('POST', '/api/members/import', file.body, { 'content-type': file.contentType });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.ok).toBe(true);
    expect(r.accounts.map((a: { username: string }) => a.username).sort()).toEqual(['13700000001', 'chenqi']);
    const fresh = new Client(t.app);
    expect((await fresh.login('chenqi', r.accounts.find((a: { name: string }) => a.name === '陈七').password)).statusCode).toBe(200);
  });
});

describe('the shuxiang command', () => {
  it('accounts create --all writes the slips and the list, and a second run makes nothing', async () => {
    await makeMember(t.db, { name: '褚八', unitId: world.officeB.id, category: 'staff' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-slips-'));
    const out = path.join(dir, 'slips.pdf');
    const r = await cli(['accounts', 'create', '--all', '--out', out], t.testDb.env);
    expect(r.stderr).toMatch(/对外访问地址尚未设置/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/已开通 1 个账号/);
    const text = (await pdfPages(fs.readFileSync(out))).join('\n');
    expect(text).toContain('chuba');
    expect(fs.existsSync(path.join(dir, 'slips.xlsx'))).toBe(true);
    const again = await cli(['accounts', 'create', '--all', '--out', out], t.testDb.env);
    expect(again.stdout).toMatch(/没有需要开通账号的干部/);
    const unknown = await cli(['accounts', 'create', '--unit', '不存在的单位', '--out', out], t.testDb.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/找不到名为“不存在的单位”的单位/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
