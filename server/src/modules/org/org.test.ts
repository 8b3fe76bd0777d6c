import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, multipart, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld, PASSWORD } from '../../../test/world';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerkA: Client;
let clerkB: Client;
let member: Client;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  clerkA = await signedIn(t.app, 'clerka', PASSWORD);
  clerkB = await signedIn(t.app, 'clerkb', PASSWORD);
  member = await signedIn(t.app, 'zhangsan', PASSWORD);
});
afterAll(() => t.close());

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('干部名册');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(c: Client, buf: Buffer) {
  const m = multipart('file', 'roster.xlsx', buf);
  return c.request('POST', '/api/members/import', m.body, { 'content-type': m.contentType });
}

const HEADER = ['姓名*', '所属单位*', '职务', '人员类别*', '是否党员*', '手机号', '领导小组成员', '领导小组职务'];

describe('roles and scope', () => {
  it('a member cannot reach the admin API or the roster', async () => {
    expect((await member.get('/api/admin/users')).statusCode).toBe(403);
    expect((await member.get('/api/audit')).statusCode).toBe(403);
    expect((await member.get('/api/members')).statusCode).toBe(403);
    expect((await member.put('/api/settings/plan.dailyStudyMinutes', { value: 5 })).statusCode).toBe(403);
    // …but sees their own record.
    expect((await member.get(`/api/members/${world.members.mZhang.id}`)).json().name).toBe('张三');
    expect((await member.get(`/api/members/${world.members.mLi.id}`)).statusCode).toBe(403);
  });

  it("a clerk of one town cannot read or change another town's people", async () => {
    const mine = (await clerkA.get('/api/members?pageSize=100')).json();
    expect(mine.items.map((m: { name: string }) => m.name).sort()).toEqual(['孙书记', '张三', '李四', '王芳'].sort());
    expect((await clerkA.get(`/api/members/${world.members.mB.id}`)).statusCode).toBe(403);
    expect((await clerkA.get(`/api/members?unitId=${world.officeB.id}`)).statusCode).toBe(403);
    expect((await clerkA.patch(`/api/members/${world.members.mB.id}`, { version: 1, position: '被改了' })).statusCode).toBe(403);
    expect((await clerkA.post('/api/members', { name: '越权', unitId: world.officeB.id, category: 'staff', partyMember: false })).statusCode).toBe(403);
    const unitsA = (await clerkA.get('/api/units')).json().map((u: { name: string }) => u.name);
    expect(unitsA).toContain('东风村');
    expect(unitsA).not.toContain('乙镇');
    const theirs = (await clerkB.get('/api/members?pageSize=100')).json();
    expect(theirs.items.map((m: { name: string }) => m.name).sort()).toEqual(['赵强', '钱多'].sort());
  });

  it('only the security admin grants roles, and never two of the 三员 to one account', async () => {
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    const sec = await signedIn(t.app, 'security', PASSWORD);
    const li = world.users.li.id;
    expect((await admin.put(`/api/admin/users/${li}/roles`, { roles: [{ role: 'clerk', unitId: world.townA.id }] })).statusCode).toBe(403);
    const both = await sec.put(`/api/admin/users/${world.users.admin.id}/roles`, {
      roles: [
        { role: 'sysadmin', unitId: world.district.id },
        { role: 'auditadmin', unitId: world.district.id },
      ],
    });
    // No administrator's roles are changed on the web at all (issue 12 defect 4).
    expect(both.statusCode).toBe(403);
    expect(both.json().message).toContain('三员分立');
    expect((await sec.put(`/api/admin/users/${world.users.security.id}/roles`, { roles: [] })).statusCode).toBe(403);
    // Only the audit admin reads the audit log.
    expect((await admin.get('/api/audit')).statusCode).toBe(403);
    expect((await sec.get('/api/audit')).statusCode).toBe(403);
    expect((await (await signedIn(t.app, 'auditor', PASSWORD)).get('/api/audit')).statusCode).toBe(200);
  });
});

describe('members', () => {
  it('finds people by name, pinyin initials and unit', async () => {
    const byInitials = (await clerkA.get('/api/members?q=zs')).json();
    expect(byInitials.items.map((m: { name: string }) => m.name)).toEqual(['张三']);
    expect((await clerkA.get('/api/members?q=zhangs')).json().items[0].name).toBe('张三');
    expect((await clerkA.get(`/api/members?q=${encodeURIComponent('李')}`)).json().items.map((m: { name: string }) => m.name)).toEqual(['李四']);
    const village = (await clerkA.get(`/api/members?unitId=${world.villageA.id}`)).json();
    expect(village.items.map((m: { name: string }) => m.name)).toEqual(['李四']);
  });

  it('refuses a concurrent edit with 409 instead of overwriting', async () => {
    const id = world.members.mLi.id;
    const { version } = (await clerkA.get(`/api/members/${id}`)).json();
    const first = await clerkA.patch(`/api/members/${id}`, { version, position: '网格员' });
    expect(first.statusCode).toBe(200);
    const second = await clerkA.patch(`/api/members/${id}`, { version, position: '文书' });
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toContain('已被他人修改');
    expect((await clerkA.get(`/api/members/${id}`)).json().position).toBe('网格员');
  });

  it('keeps a member who leaves, with their history, and signs their account out', async () => {
    const created = await clerkA.post('/api/members', { name: '周离', unitId: world.villageA.id, category: 'staff', partyMember: false });
    expect(created.statusCode).toBe(200);
    const id = created.json().id;
    expect((await clerkA.post(`/api/members/${id}/leave`, { version: 1 })).statusCode).toBe(200);
    const after = (await clerkA.get(`/api/members/${id}`)).json();
    expect(after.status).toBe('left');
    expect(after.leftAt).toBeTruthy();
    expect((await clerkA.get('/api/members?q=zl')).json().total).toBe(0);
    expect((await clerkA.get('/api/members?q=zl&status=all')).json().total).toBe(1);
  });

  it('imports a valid roster whole, in one go', async () => {
    const buf = await xlsx([HEADER, ['吴一', '甲镇/党政办', '科员', '党员', '是', '13900000001', '否', ''], ['郑二', '东风村', '文书', '普通职工', '否', '', '是', '成员']]);
    const r = (await upload(clerkA, buf)).json();
    expect(r).toMatchObject({ ok: true, taken: 2, total: 2, errors: [] });
    const found = (await clerkA.get('/api/members?q=zhenger')).json();
    expect(found.items[0]).toMatchObject({ name: '郑二', unitName: '东风村', leadingGroup: true, category: 'staff' });
  });

  it('takes nothing from a roster with any bad row and lists every problem by row', async () => {
    const before = (await t.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const buf = await xlsx([
      HEADER,
      ['好人', '东风村', '', '党员', '是', '', '否', ''],
      ['', '东风村', '', '党员', '是', '', '', ''],
      ['坏单位', '不存在村', '', '干部', '也许', '12345', '', ''],
      ['重名', '党政办', '', '党员', '是', '', '', ''],
      ['手机重', '东风村', '', '党员', '是', '13800000001', '', ''],
    ]);
    const r = (await upload(clerkA, buf)).json();
    expect(r.ok).toBe(false);
    expect(r.taken).toBe(0);
    expect(r.errors.map((e: { row: number }) => e.row)).toEqual([3, 4, 6]);
    const row4 = r.errors.find((e: { row: number }) => e.row === 4).problems.join('；');
    expect(row4).toContain('找不到单位“不存在村”');
    expect(row4).toContain('人员类别“干部”无效');
    expect(row4).toContain('是否党员“也许”无效');
    expect(row4).toContain('不是 11 位手机号');
    expect(r.errors.find((e: { row: number }) => e.row === 6).problems.join()).toContain('已登记在系统中');
    const after = (await t.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(after).toBe(before);
    // 党政办 exists in both towns, but clerk A reaches only one of them, so it is not ambiguous for them.
    expect(r.errors.find((e: { row: number }) => e.row === 5)).toBeUndefined();
  });

  it('refuses a file that is not a spreadsheet, and one from another town', async () => {
    const r = (await upload(clerkA, Buffer.from('not a spreadsheet'))).json();
    expect(r.ok).toBe(false);
    expect(r.errors[0].problems[0]).toContain('不是有效的 Excel');
    const other = (await upload(clerkB, await xlsx([HEADER, ['越界', '东风村', '', '党员', '是', '', '', '']]))).json();
    expect(other.ok).toBe(false);
    expect(other.errors[0].problems[0]).toContain('不在您的管理范围内');
  });

  it('exports the roster with formula injection neutralized', async () => {
    const evil = await clerkA.post('/api/members', { name: '=HYPERLINK("http://x")', unitId: world.villageA.id, category: 'staff', partyMember: false });
    expect(evil.statusCode).toBe(200);
    const res = await clerkA.get(`/api/members/export?unitId=${world.villageA.id}`);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = wb.worksheets[0].getColumn(1).values.map((v) => (typeof v === 'object' && v !== null && 'formula' in v ? 'FORMULA' : String(v)));
    expect(names).toContain(`'=HYPERLINK("http://x")`);
    expect(names).not.toContain('FORMULA');
  });

  it('serves a template that imports cleanly once its example row is filled in for real', async () => {
    const res = await clerkA.get('/api/members/import-template');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(1).values).toContain('姓名*');
  });
});
