// Issue 12 item 7: settings were global and any town's clerk could change them (a 乙镇 clerk set
// 甲镇's minimum reflection length). Now a setting is the district's, or a town's or unit's own
// for its subtree; a clerk writes only within their reach; readers take the nearest scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnit, makeUser } from '../demo/factories';
import { createTestApp, signedIn, type Client, type TestApp } from '../../test/helper';
import { addDistrictClerk, makeWorld, PASSWORD } from '../../test/world';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerkA: Client, clerkB: Client, district: Client, zhang: Client, qian: Client;
beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  await addDistrictClerk(t.db, world);
  await makeUser(t.db, { username: 'qian', password: PASSWORD, memberId: world.members.mB.id, roles: [{ role: 'member', unitId: world.officeB.id }] });
  [clerkA, clerkB, district, zhang, qian] = await Promise.all(['clerka', 'clerkb', 'clerkd', 'zhangsan', 'qian'].map((u) => signedIn(t.app, u, PASSWORD)));
});
afterAll(() => t.close());

const minChars = async (c: Client) => (await c.get('/api/reflections/config')).json().minChars as number;

describe('settings scoped to a unit subtree', () => {
  it('a town clerk’s value applies to their town only, and the audit names the town', async () => {
    expect(await minChars(zhang)).toBe(1500);
    const res = await clerkB.put('/api/settings/plan.reflectionMinChars', { value: 100 });
    expect(res.statusCode, res.body).toBe(200);
    expect(await minChars(qian)).toBe(100); // 乙镇
    expect(await minChars(zhang)).toBe(1500); // 甲镇 unchanged
    const row = await t.db.selectFrom('audit_log').select(['entity_id', 'detail']).where('action', '=', 'setting.update').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(row.detail!)).toMatchObject({ before: 1500, after: 100, scope: { unitId: world.townB.id, unit: '乙镇' } });
    // The settings page of 乙镇's clerk shows 乙镇's value and whose it is; 甲镇's shows the district's.
    const itemB = (await clerkB.get('/api/settings')).json().items.find((s: { key: string }) => s.key === 'plan.reflectionMinChars');
    expect(itemB).toMatchObject({ value: 100, scoped: true, scopeUnitName: '乙镇', editable: true });
    const itemA = (await clerkA.get('/api/settings')).json().items.find((s: { key: string }) => s.key === 'plan.reflectionMinChars');
    expect(itemA).toMatchObject({ value: 1500, scopeUnitName: null });
  });

  it('a clerk cannot write another town’s value, nor a district-wide setting', async () => {
    const other = await clerkB.put('/api/settings/plan.reflectionMinChars', { value: 100, unitId: world.townA.id });
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toBe('“甲镇”不在您的管理范围内');
    const wide = await clerkB.put('/api/settings/library.borrowAcrossTowns', { value: true });
    expect(wide.statusCode).toBe(403);
    expect(wide.json().message).toContain('全区统一');
    expect((await clerkB.get('/api/settings')).json().items.find((s: { key: string }) => s.key === 'library.borrowAcrossTowns')).toMatchObject({ value: false, editable: false });
    expect(await minChars(zhang)).toBe(1500);
  });

  it('the district’s value reaches every town without its own; the nearest scope wins', async () => {
    expect((await district.put('/api/settings/plan.reflectionMinChars', { value: 1200 })).statusCode).toBe(200);
    expect(await minChars(zhang)).toBe(1200);
    expect(await minChars(qian)).toBe(100);
    // The district clerk may also set a value for a town below, and the unit's own beats its town's.
    expect((await district.put('/api/settings/plan.reflectionMinChars', { value: 800, unitId: world.officeB.id })).statusCode).toBe(200);
    expect(await minChars(qian)).toBe(800);
    // A district-wide setting is written by the district clerk.
    expect((await district.put('/api/settings/library.borrowAcrossTowns', { value: true })).statusCode).toBe(200);
    expect((await district.put('/api/settings/library.borrowAcrossTowns', { value: false, unitId: world.townA.id })).json().message).toContain('全区统一');
  });

  it('a submit is held to the minimum of the author’s own town', async () => {
    // 900 字: short of the district's 1200 (甲镇), enough for 乙镇党政办's own 800.
    const text = '学'.repeat(900);
    const draft = (await zhang.post('/api/reflections', { title: '体会', bodyHtml: `<p>${text}</p>`, bookTitle: '之江新语' })).json();
    const res = await zhang.post(`/api/reflections/${draft.id}/submit`, { version: draft.version });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('字数不足：当前 900 字，至少需要 1200 字');
    const mine = (await qian.post('/api/reflections', { title: '体会', bodyHtml: `<p>${text}</p>`, bookTitle: '之江新语' })).json();
    expect((await qian.post(`/api/reflections/${mine.id}/submit`, { version: mine.version })).statusCode).toBe(200);
  });
});

describe('a district node holding one town (as a town installs 书香, and the demo)', () => {
  let one: TestApp;
  beforeAll(async () => {
    one = await createTestApp();
    const district = await makeUnit(one.db, { name: 'X区', kind: 'district' });
    const town = await makeUnit(one.db, { name: 'X镇', kind: 'town', parentId: district.id });
    await makeUnit(one.db, { name: '党政办公室', kind: 'office', parentId: town.id });
    await makeUser(one.db, { username: 'clerkx', password: PASSWORD, roles: [{ role: 'clerk', unitId: town.id }] });
  });
  afterAll(() => one.close());

  it('the only town’s clerk keeps the district-wide settings; a second town takes them away', async () => {
    const clerk = await signedIn(one.app, 'clerkx', PASSWORD);
    const item = async () => (await clerk.get('/api/settings')).json().items.find((s: { key: string }) => s.key === 'library.borrowAcrossTowns');
    expect(await item()).toMatchObject({ editable: true });
    const res = await clerk.put('/api/settings/library.borrowAcrossTowns', { value: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(await item()).toMatchObject({ value: true });
    const district = await one.db.selectFrom('units').select('id').where('name', '=', 'X区').executeTakeFirstOrThrow();
    await makeUnit(one.db, { name: 'Y镇', kind: 'town', parentId: district.id });
    expect(await item()).toMatchObject({ editable: false });
    const refused = await clerk.put('/api/settings/library.borrowAcrossTowns', { value: false });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toContain('全区统一');
  });
});
