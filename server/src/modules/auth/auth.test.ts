import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, signedIn, type TestApp } from '../../../test/helper';
import { makeWorld, PASSWORD } from '../../../test/world';
import { clock } from '../../platform/time';
import { totp } from '../../platform/auth/totp';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
});
afterAll(() => t.close());
beforeEach(() => {
  clock.now = () => new Date();
});

describe('sign-in', () => {
  it('signs in, shows who I am, and signs out server-side', async () => {
    const c = new Client(t.app);
    const res = await c.login('zhangsan', PASSWORD);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/sx_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await c.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().member.name).toBe('张三');
    expect(me.json().roles.map((r: { role: string }) => r.role)).toEqual(['member']);

    const stolen = { ...c.cookies };
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    // The old cookie is worthless after sign-out: the session is gone from the database.
    const replay = new Client(t.app);
    replay.cookies = stolen;
    expect((await replay.get('/api/me')).statusCode).toBe(401);
  });

  it('issues a new session id at every sign-in', async () => {
    const c = new Client(t.app);
    await c.login('zhangsan', PASSWORD);
    const first = c.cookies.sx_session;
    await c.login('zhangsan', PASSWORD);
    expect(c.cookies.sx_session).not.toBe(first);
    const old = new Client(t.app);
    old.cookies = { sx_session: first };
    expect((await old.get('/api/me')).statusCode).toBe(401);
  });

  it('gives the same message for a wrong password and an unknown user', async () => {
    const c = new Client(t.app);
    const wrong = await c.login('lisi', 'not-the-password');
    const unknown = await c.login('nobody-here', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().message).toBe('用户名或密码错误');
    expect(unknown.json().message).toBe(wrong.json().message);
  });

  it('locks an account for 15 minutes after 5 failures, the same way for unknown usernames', async () => {
    const c = new Client(t.app);
    for (let i = 0; i < 4; i++) expect((await c.login('leader', 'bad-password')).statusCode).toBe(401);
    const fifth = await c.login('leader', 'bad-password');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().message).toContain('15 分钟');
    // Even the right password is refused while locked.
    expect((await c.login('leader', PASSWORD)).statusCode).toBe(429);
    for (let i = 0; i < 5; i++) await c.login('ghost-user', 'bad-password');
    const ghost = await c.login('ghost-user', 'bad-password');
    expect(ghost.statusCode).toBe(429);
    expect(ghost.json().message).toBe(fifth.json().message);

    const later = Date.now() + 16 * 60_000;
    clock.now = () => new Date(later);
    expect((await c.login('leader', PASSWORD)).statusCode).toBe(200);
  });

  it('ends a session after 30 idle minutes and after 12 hours in all', async () => {
    const c = await signedIn(t.app, 'lisi', PASSWORD);
    const start = Date.now();
    clock.now = () => new Date(start + 29 * 60_000);
    expect((await c.get('/api/me')).statusCode).toBe(200);
    clock.now = () => new Date(start + 29 * 60_000 + 31 * 60_000);
    const expired = await c.get('/api/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error).toBe('SESSION_EXPIRED');

    clock.now = () => new Date(start);
    const d = await signedIn(t.app, 'lisi', PASSWORD);
    // Active every 20 minutes, but 12 hours is the limit.
    for (let m = 20; m < 12 * 60; m += 20) {
      clock.now = () => new Date(start + m * 60_000);
      expect((await d.get('/api/me')).statusCode).toBe(200);
    }
    clock.now = () => new Date(start + 12 * 60 * 60_000 + 60_000);
    expect((await d.get('/api/me')).statusCode).toBe(401);
  });

  it('refuses a write without the CSRF token', async () => {
    const c = await signedIn(t.app, 'clerka', PASSWORD);
    const noToken = await c.request('POST', '/api/units', { parentId: world.townA.id, name: '新设办公室', kind: 'office' }, { 'x-csrf-token': '' });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error).toBe('CSRF');
    const wrongToken = await c.request('POST', '/api/units', { parentId: world.townA.id, name: '新设办公室', kind: 'office' }, { 'x-csrf-token': 'forged' });
    expect(wrongToken.statusCode).toBe(403);
    const units = await t.db.selectFrom('units').select('id').where('name', '=', '新设办公室').execute();
    expect(units).toHaveLength(0);
  });

  it('forces a password change after an admin reset, and applies the policy', async () => {
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    expect((await admin.post(`/api/admin/users/${world.users.li.id}/reset-password`, { password: 'short' })).json().message).toContain('不能少于 8 位');
    expect((await admin.post(`/api/admin/users/${world.users.li.id}/reset-password`, { password: 'Temp-pass-1' })).statusCode).toBe(200);
    const li = await signedIn(t.app, 'lisi', 'Temp-pass-1');
    const me = await li.get('/api/me');
    expect(me.json().restriction.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const blocked = await li.get('/api/units');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await li.post('/api/auth/password', { oldPassword: 'Temp-pass-1', newPassword: 'Temp-pass-1' })).statusCode).toBe(400);
    expect((await li.post('/api/auth/password', { oldPassword: 'Temp-pass-1', newPassword: PASSWORD })).statusCode).toBe(200);
    expect((await li.get('/api/units')).statusCode).toBe(200);
  });

  it('applies complexity and expiry when the security admin switches them on', async () => {
    const sec = await signedIn(t.app, 'security', PASSWORD);
    expect((await sec.put('/api/settings/security.passwordComplexity', { value: true })).statusCode).toBe(200);
    expect((await sec.put('/api/settings/security.passwordExpiryEnabled', { value: true })).statusCode).toBe(200);
    const c = await signedIn(t.app, 'zhangsan', PASSWORD);
    expect((await c.get('/api/units')).statusCode).toBe(200);
    const res = await c.post('/api/auth/password', { oldPassword: PASSWORD, newPassword: 'alllowercase' });
    expect(res.json().message).toContain('至少三类');

    const later = Date.now() + 91 * 86_400_000;
    clock.now = () => new Date(later);
    const d = await signedIn(t.app, 'zhangsan', PASSWORD);
    expect((await d.get('/api/units')).json().error).toBe('PASSWORD_EXPIRED');
    clock.now = () => new Date();
    await sec.put('/api/settings/security.passwordComplexity', { value: false });
    await sec.put('/api/settings/security.passwordExpiryEnabled', { value: false });
  });

  it('disabling an account ends its sessions at once', async () => {
    const victim = await signedIn(t.app, 'leader', PASSWORD);
    expect((await victim.get('/api/me')).statusCode).toBe(200);
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    const users = (await admin.get('/api/admin/users?q=leader')).json();
    const leader = users.find((u: { username: string }) => u.username === 'leader');
    expect((await admin.patch(`/api/admin/users/${leader.id}`, { version: leader.version, disabled: true })).statusCode).toBe(200);
    expect((await victim.get('/api/me')).statusCode).toBe(401);
    expect((await new Client(t.app).login('leader', PASSWORD)).json().message).toContain('停用');
    await admin.patch(`/api/admin/users/${leader.id}`, { version: leader.version + 1, disabled: false });
  });

  it('asks admins for a TOTP second factor when the policy requires it', async () => {
    const sec = await signedIn(t.app, 'security', PASSWORD);
    expect((await sec.put('/api/settings/security.totpRequiredForAdmins', { value: true })).statusCode).toBe(200);
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    expect((await admin.get('/api/admin/users')).json().error).toBe('TOTP_SETUP_REQUIRED');
    const setup = (await admin.post('/api/auth/totp/setup', { password: PASSWORD })).json();
    expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect((await admin.post('/api/auth/totp/enable', { code: '000000' })).statusCode).toBe(400);
    expect((await admin.post('/api/auth/totp/enable', { code: totp(setup.secret, Date.now()) })).statusCode).toBe(200);
    expect((await admin.get('/api/admin/users')).statusCode).toBe(200);

    const again = new Client(t.app);
    expect((await again.login('admin', PASSWORD)).json().error).toBe('TOTP_REQUIRED');
    expect((await again.login('admin', PASSWORD, '123456')).statusCode).toBe(401);
    expect((await again.login('admin', PASSWORD, totp(setup.secret, Date.now()))).statusCode).toBe(200);
    // The member role is not an administrator: no second factor asked.
    expect((await new Client(t.app).login('zhangsan', PASSWORD)).statusCode).toBe(200);
    await sec.put('/api/settings/security.totpRequiredForAdmins', { value: false });
  });
});

describe('bad input', () => {
  it('answers malformed JSON, unknown fields and oversized bodies in Chinese', async () => {
    const c = await signedIn(t.app, 'clerka', PASSWORD);
    const bad = await c.request('POST', '/api/units', '{"parentId": 1, "name":', { 'content-type': 'application/json' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('请求内容不是有效的 JSON');
    const extra = await c.post('/api/units', { parentId: world.townA.id, name: '某办', kind: 'office', evil: true });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().message).toContain('不允许的字段：evil');
    const huge = await c.post('/api/units', { parentId: world.townA.id, name: 'x'.repeat(2 * 1024 * 1024), kind: 'office' });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().message).toBe('提交的内容过大');
    const login = await new Client(t.app).request('POST', '/api/auth/login', { username: 'a', password: 'b', role: 'admin' });
    expect(login.statusCode).toBe(400);
  });
});
