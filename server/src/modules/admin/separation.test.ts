// Issue 12 defect 4, 三员分立: the outside audit had the system administrator reset the audit
// administrator's password, sign in as them and read the log. No administrator may change
// another's credentials or roles on the web; that takes the CLI on the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, createTestApp, multipart, signedIn, type TestApp } from '../../../test/helper';
import { makeWorld, PASSWORD } from '../../../test/world';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
});
afterAll(() => t.close());

describe('三员分立', () => {
  it('the system administrator cannot reset, disable or rename the audit or security administrator', async () => {
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    for (const target of [world.users.auditor.id, world.users.security.id]) {
      const reset = await admin.post(`/api/admin/users/${target}/reset-password`, { password: 'Taken-over-1' });
      expect(reset.statusCode).toBe(403);
      expect(reset.json().message).toContain('三员分立');
      expect((await admin.patch(`/api/admin/users/${target}`, { version: 1, disabled: true })).statusCode).toBe(403);
      expect((await admin.patch(`/api/admin/users/${target}`, { version: 1, displayName: '某人' })).statusCode).toBe(403);
    }
    // The audit administrator still signs in with their own password, and only they read the log.
    const auditor = await signedIn(t.app, 'auditor', PASSWORD);
    expect((await auditor.get('/api/audit')).statusCode).toBe(200);
    expect((await admin.get('/api/audit')).statusCode).toBe(403);
  });

  it('the security administrator cannot reset another administrator’s second factor, change their roles or make anyone an administrator', async () => {
    const sec = await signedIn(t.app, 'security', PASSWORD);
    expect((await sec.post(`/api/admin/users/${world.users.auditor.id}/reset-totp`)).statusCode).toBe(403);
    expect((await sec.put(`/api/admin/users/${world.users.auditor.id}/roles`, { roles: [] })).statusCode).toBe(403);
    expect((await sec.put(`/api/admin/users/${world.users.admin.id}/roles`, { roles: [{ role: 'secadmin', unitId: world.district.id }] })).statusCode).toBe(403);
    const promote = await sec.put(`/api/admin/users/${world.users.li.id}/roles`, { roles: [{ role: 'auditadmin', unitId: world.district.id }] });
    expect(promote.statusCode).toBe(403);
    expect(promote.json().message).toContain('shuxiang create-admin');
    // Ordinary accounts are still theirs to manage.
    expect((await sec.put(`/api/admin/users/${world.users.li.id}/roles`, { roles: [{ role: 'member', unitId: world.villageA.id }] })).statusCode).toBe(200);
  });

  it('the audit administrator cannot upload files', async () => {
    const auditor = await signedIn(t.app, 'auditor', PASSWORD);
    const m = multipart('file', 'photo.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png');
    const res = await auditor.request('POST', '/api/learning/files', m.body, { 'content-type': m.contentType });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('审计管理员不能上传文件');
  });

  it('on the server, `shuxiang reset-admin` resets an administrator, and refuses ordinary accounts', async () => {
    const r = await cli(['reset-admin', '--username', 'auditor', '--password', 'Reset-by-cli-9'], t.testDb.env);
    expect(r.code, r.stderr).toBe(0);
    const c = await signedIn(t.app, 'auditor', 'Reset-by-cli-9');
    expect((await c.get('/api/me')).json().restriction.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const refused = await cli(['reset-admin', '--username', 'lisi'], t.testDb.env);
    expect(refused.code).not.toBe(0);
  });
});

describe('leaving and rejoining (defect 11)', () => {
  const version = async (id: number) => (await t.db.selectFrom('members').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  it('a clerk cannot disable a leader’s account by marking them as left', async () => {
    const clerk = await signedIn(t.app, 'clerka', PASSWORD);
    const id = world.members.mLeader.id;
    const res = await clerk.post(`/api/members/${id}/leave`, { version: await version(id) });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toMatch(/领导小组.*安全管理员/);
    expect((await signedIn(t.app, 'leader', PASSWORD).then((c) => c.get('/api/me'))).statusCode).toBe(200);
  });

  it('rejoining restores the account that leaving disabled, and says so', async () => {
    const clerk = await signedIn(t.app, 'clerka', PASSWORD);
    const id = world.members.mZhang.id;
    const left = await clerk.post(`/api/members/${id}/leave`, { version: await version(id) });
    expect(left.statusCode).toBe(200);
    expect(left.json().message).toContain('zhangsan 已停用');
    const back = await clerk.post(`/api/members/${id}/rejoin`, { version: await version(id) });
    expect(back.statusCode).toBe(200);
    expect(back.json().message).toContain('zhangsan 已恢复启用');
    expect((await signedIn(t.app, 'zhangsan', PASSWORD).then((c) => c.get('/api/me'))).statusCode).toBe(200);
  });

  it('the system administrator holds no business action beyond their own records: no reading room, sessions or unit study figures', async () => {
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    const me = (await admin.get('/api/me')).json() as { permissions: Record<string, { scope: string }> };
    const wider = Object.entries(me.permissions)
      .filter(([, p]) => p.scope !== 'own')
      .map(([id]) => id);
    // Accounts (and their bulk creation), units and the roster the accounts are made from, settings, the public address,
    // channels and the work calendar are the system's;
    // the book catalog is open to every account (it is not in the administrator's menu).
    const system = (id: string) =>
      /^(admin|org|channels|accounts|site)\./.test(id) || ['study.viewCalendar', 'study.editCalendar', 'scorecard.viewWeights', 'scorecard.setWeights', 'library.viewCatalog'].includes(id);
    expect(wider.filter((id) => !system(id))).toEqual([]);
    expect(wider).toContain('admin.manageUsers');
    for (const path of ['/api/library/reports/coverage?year=2026', '/api/sessions', '/api/study/units/view']) expect((await admin.get(path)).statusCode, path).toBe(403);
  });
});
