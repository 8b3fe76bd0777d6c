import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, signedIn, type TestApp } from '../../../../test/helper';
import { jpegWithGps } from '../../../../test/photos';
import { makeBook, makeCopy, makeLocation } from '../../../demo/factories';
import { nowIso, todayLocal } from '../../../platform/time';
import { addDays } from '../../../platform/workcalendar';
import { makeAssessmentWorld, uploadPhoto, type AssessmentWorld } from '../testkit';

let t: TestApp;
let w: AssessmentWorld;
const year = Number(todayLocal().slice(0, 4));
const quarter = Math.floor((Number(todayLocal().slice(5, 7)) - 1) / 3) + 1;
const clientId = () => crypto.randomBytes(9).toString('base64url');

beforeAll(async () => {
  t = await createTestApp();
  w = await makeAssessmentWorld(t.db);
});
afterAll(() => t.close());

async function plan(c: Client, body: Record<string, unknown> = {}) {
  const res = await c.post('/api/assessment/inspections', { scopeUnitId: w.townA.id, year, quarter, kind: 'random', unitCount: 3, membersPerUnit: 2, teamUserIds: [w.assessmentUsers.inspectorA.id], ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as number;
}

describe('planning and the draw', () => {
  it('draws units and members with a recorded seed; the public re-draw gives the same; a different seed as the original is refused', async () => {
    const insp = await signedIn(t.app, 'inspa');
    const id = await plan(insp);
    const before = (await insp.get(`/api/assessment/inspections/${id}`)).json();
    expect(before.status).toBe('planned');
    expect(before.items.map((i: { key: string }) => i.key)).toEqual(['corner', 'plans', 'logs', 'notes', 'reflections', 'checkin']);

    const drawn = await insp.post(`/api/assessment/inspections/${id}/draw`, { seed: '2026年第四季度抽查', version: before.version });
    expect(drawn.statusCode, drawn.body).toBe(200);
    const d = drawn.json();
    expect(d.seed).toBe('2026年第四季度抽查');
    expect(d.algorithm).toBe('sx-draw-v1');
    expect(d.units).toHaveLength(3);
    const townAUnitIds = [w.officeA.id, w.villageA.id, ...w.extraUnits.map((u) => u.id)];
    for (const u of d.units) {
      expect(townAUnitIds).toContain(u.unitId);
      expect(u.members.length).toBeGreaterThan(0);
      expect(u.members.length).toBeLessThanOrEqual(2);
    }

    // Anyone, signed in or not, sees the draw and re-draws it with the published seed.
    const anon = new Client(t.app);
    const pub = await anon.get(`/api/assessment/public/draws/${id}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.json().units.map((u: { unitId: number }) => u.unitId)).toEqual(d.units.map((u: { unitId: number }) => u.unitId));
    expect(pub.json().units[0].memberNames[0]).toMatch(/^.\*+$/);
    const again = await anon.post(`/api/assessment/public/draws/${id}/redraw`, { seed: d.seed, algorithm: 'sx-draw-v1' });
    expect(again.statusCode).toBe(200);
    expect(again.json().matches).toBe(true);
    expect(again.json().draw.units.map((u: { unitId: number; memberIds: number[] }) => [u.unitId, u.memberIds])).toEqual(d.units.map((u: { unitId: number; members: { id: number }[] }) => [u.unitId, u.members.map((m) => m.id)]));

    const forged = await anon.post(`/api/assessment/public/draws/${id}/redraw`, { seed: '另一个种子', algorithm: 'sx-draw-v1' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().message).toMatch(/种子.*不一致/);
    const otherAlgo = await anon.post(`/api/assessment/public/draws/${id}/redraw`, { seed: d.seed, algorithm: 'sx-draw-v0' });
    expect(otherAlgo.statusCode).toBe(400);

    // The draw is made once.
    const twice = await insp.post(`/api/assessment/inspections/${id}/draw`, { seed: '再抽一次', version: d.version });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().message).toMatch(/已经抽签/);
    const after = (await insp.get(`/api/assessment/inspections/${id}`)).json();
    expect(after.seed).toBe('2026年第四季度抽查');
    expect(after.units.map((u: { unitId: number }) => u.unitId)).toEqual(d.units.map((u: { unitId: number }) => u.unitId));
  });

  it('refuses a bad seed, a team member without the role, and changes nothing', async () => {
    const insp = await signedIn(t.app, 'inspa');
    const id = await plan(insp);
    const v = (await insp.get(`/api/assessment/inspections/${id}`)).json().version;
    // Spaces at the ends are trimmed by the input normalisation before any rule sees them; a seed too long is refused.
    const bad = await insp.post(`/api/assessment/inspections/${id}/draw`, { seed: '种'.repeat(65), version: v });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/64/);
    expect((await insp.get(`/api/assessment/inspections/${id}`)).json().status).toBe('planned');

    const count = async () => Number((await t.db.selectFrom('inspections').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const n = await count();
    const res = await insp.post('/api/assessment/inspections', { scopeUnitId: w.townA.id, year, quarter, kind: 'random', teamUserIds: [w.users.member.id] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/督查组成员/);
    const outside = await insp.post('/api/assessment/inspections', { scopeUnitId: w.townB.id, year, quarter, kind: 'random', teamUserIds: [] });
    expect(outside.statusCode).toBe(403);
    expect(await count()).toBe(n);
  });
});

describe('on site', () => {
  it('shows what the platform knows, takes a finding with a photo stripped of its GPS position, once per client id', async () => {
    const insp = await signedIn(t.app, 'inspa');
    const id = await plan(insp, { kind: 'onsite' });
    const v = (await insp.get(`/api/assessment/inspections/${id}`)).json().version;
    expect((await insp.post(`/api/assessment/inspections/${id}/draw`, { version: v })).statusCode).toBe(200);

    // 东风村: 李四 (and the secretary) made a plan this month; 李四 has a book past due.
    const month = todayLocal().slice(0, 7);
    const now = nowIso();
    await t.db.insertInto('reading_plan_items').values({ member_id: w.members.mLi.id, month, book_id: null, own_title: '乡村振兴读本', own_author: null, target_on: `${month}-28`, created_at: now, updated_at: now, version: 1 }).execute();
    const loc = await makeLocation(t.db, { unitId: w.villageA.id, name: '东风村图书角', kind: 'corner' });
    const book = await makeBook(t.db, { title: '之江新语', authors: ['习近平'], category: '思想理论' });
    const copy = await makeCopy(t.db, { bookId: book.id, barcode: 'DF0001', locationId: loc.id, status: 'loaned' });
    await t.db.insertInto('loans').values({ copy_id: copy.id, member_id: w.members.mLi.id, loaned_at: now, due_on: addDays(todayLocal(), -40), returned_at: null, renewals: 0, last_reminded_on: null, created_by: null }).execute();

    const sheet = await insp.get(`/api/assessment/inspections/${id}/units/${w.villageA.id}`);
    expect(sheet.statusCode, sheet.body).toBe(200);
    const s = sheet.json();
    expect(s.unitName).toBe('东风村');
    const facts = s.items.flatMap((i: { facts: { metric: string; text: string; value: number; of: number | null }[] }) => i.facts);
    const plans = facts.find((f: { metric: string }) => f.metric === 'study.planRate');
    const monthsSoFar = Number(month.slice(5, 7)) - (quarter - 1) * 3;
    // Two active members (李四, 吴书记) over the quarter's months so far; one plan made.
    expect(plans.of).toBe(2 * monthsSoFar);
    expect(plans.value).toBe(1);
    const late = facts.find((f: { metric: string }) => f.metric === 'library.unreturned');
    expect(late.value).toBe(1);
    expect(late.text).toMatch(/1 册图书逾期未还/);
    const corner = facts.find((f: { metric: string }) => f.metric === 'library.cornerBooks');
    expect(corner.text).toMatch(/在架图书 1 种/);
    expect(s.canRecord).toBe(true);

    const up = await uploadPhoto(insp, 'finding', jpegWithGps());
    expect(up.statusCode, up.body).toBe(200);
    const photoFileId = up.json().id;
    const cid = clientId();
    const body = { clientId: cid, unitId: w.villageA.id, itemKey: 'corner', score: 6, text: '图书角书架积灰，《之江新语》逾期未还', photoFileId };
    const first = await insp.post(`/api/assessment/inspections/${id}/findings`, body);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().created).toBe(true);
    // Sent again after a lost connection: the same finding, nothing new.
    const resent = await insp.post(`/api/assessment/inspections/${id}/findings`, body);
    expect(resent.json().created).toBe(false);
    expect(resent.json().finding.id).toBe(first.json().finding.id);
    expect((await insp.get(`/api/assessment/inspections/${id}/findings`)).json()).toHaveLength(1);

    // The stored photo has no Exif segment left, and is still a JPEG.
    const photo = await insp.get(`/api/assessment/photos/${photoFileId}`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.rawPayload.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true);
    expect(photo.rawPayload.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);

    // The village's secretary sees the photo of a finding about the village (not the town's inspection);
    // another town's inspector and a cadre of another unit see nothing.
    const sec = await signedIn(t.app, 'secva');
    expect((await sec.get(`/api/assessment/photos/${photoFileId}`)).statusCode).toBe(200);
    expect((await sec.get(`/api/assessment/inspections/${id}`)).statusCode).toBe(404);
    expect((await (await signedIn(t.app, 'zhangsan')).get(`/api/assessment/photos/${photoFileId}`)).statusCode).toBe(404);
    const other = await signedIn(t.app, 'inspb');
    expect((await other.get(`/api/assessment/photos/${photoFileId}`)).statusCode).toBe(404);
    expect((await other.get(`/api/assessment/inspections/${id}`)).statusCode).toBe(404);
  });

  it('refuses a score above the maximum, no photo, a photo used twice or someone else’s, and a unit outside the scope', async () => {
    const insp = await signedIn(t.app, 'inspa');
    const id = await plan(insp, { kind: 'onsite' });
    const v = (await insp.get(`/api/assessment/inspections/${id}`)).json().version;
    await insp.post(`/api/assessment/inspections/${id}/draw`, { version: v });
    const photo = (await uploadPhoto(insp, 'finding')).json().id;
    const base = { unitId: w.officeA.id, itemKey: 'plans', score: 8, text: '计划齐全', photoFileId: photo };
    const findings = async () => (await insp.get(`/api/assessment/inspections/${id}/findings`)).json().length;

    const over = await insp.post(`/api/assessment/inspections/${id}/findings`, { ...base, clientId: clientId(), score: 11 });
    expect(over.statusCode).toBe(400);
    expect(over.json().message).toMatch(/满分 10 分/);
    const noPhoto = await insp.post(`/api/assessment/inspections/${id}/findings`, { ...base, clientId: clientId(), photoFileId: null });
    expect(noPhoto.json().message).toMatch(/照片/);
    const outside = await insp.post(`/api/assessment/inspections/${id}/findings`, { ...base, clientId: clientId(), unitId: w.officeB.id });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().message).toMatch(/不在本次督查范围/);
    const theirs = (await uploadPhoto(await signedIn(t.app, 'inspa2'), 'finding')).json().id;
    const notMine = await insp.post(`/api/assessment/inspections/${id}/findings`, { ...base, clientId: clientId(), photoFileId: theirs });
    expect(notMine.statusCode).toBe(400);
    expect(await findings()).toBe(0);
    // A real file that is not a photo.
    const pdf = await uploadPhoto(insp, 'finding', Buffer.from('%PDF-1.4\n1 0 obj\n'));
    expect(pdf.statusCode).toBe(400);
    expect(pdf.json().message).toMatch(/JPEG 或 PNG/);

    expect((await insp.post(`/api/assessment/inspections/${id}/findings`, { ...base, clientId: clientId() })).statusCode).toBe(200);
    const reused = await insp.post(`/api/assessment/inspections/${id}/findings`, { ...base, clientId: clientId() });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().message).toMatch(/已用于其他记录/);
    expect(await findings()).toBe(1);
  });

  it('a finding against a cadre of the unit is deducted in their year score; a cadre of another unit is refused', async () => {
    const insp = await signedIn(t.app, 'inspa');
    const id = await plan(insp, { kind: 'onsite' });
    const v = (await insp.get(`/api/assessment/inspections/${id}`)).json().version;
    await insp.post(`/api/assessment/inspections/${id}/draw`, { version: v });
    const base = { unitId: w.officeA.id, itemKey: 'logs', score: 4, text: '学习记录连续两周未填写' };
    const elsewhere = await insp.post(`/api/assessment/inspections/${id}/findings`, { ...base, clientId: clientId(), memberId: w.members.mLi.id, photoFileId: (await uploadPhoto(insp, 'finding')).json().id });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().message).toBe('所选干部不在该单位');
    const made = await insp.post(`/api/assessment/inspections/${id}/findings`, { ...base, clientId: clientId(), memberId: w.members.mZhang.id, photoFileId: (await uploadPhoto(insp, 'finding')).json().id });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json().finding).toMatchObject({ memberId: w.members.mZhang.id, memberName: '张三' });
    // The unit's finding without a member takes nothing off anyone.
    await insp.post(`/api/assessment/inspections/${id}/findings`, { ...base, clientId: clientId(), itemKey: 'corner', text: '图书角无人管理', photoFileId: (await uploadPhoto(insp, 'finding')).json().id });

    const year = Number(todayLocal().slice(0, 4));
    const score = (await (await signedIn(t.app, 'zhangsan')).get(`/api/scorecard/${year}/members/${w.members.mZhang.id}`)).json();
    const deduction = score.indicators.find((i: { key: string }) => i.key === 'inspection');
    // One finding × 2 points (the setting's default), at most 10.
    expect(deduction).toMatchObject({ included: true, value: 1, points: -2 });
    expect(deduction.records.map((r: { detail: string }) => r.detail)).toEqual(['学习记录连续两周未填写（扣 2 分）']);
    const li = (await (await signedIn(t.app, 'clerka')).get(`/api/scorecard/${year}/members/${w.members.mLi.id}`)).json();
    expect(li.indicators.find((i: { key: string }) => i.key === 'inspection')).toMatchObject({ value: 0, points: 0 });
  });

  it('keeps a random survey to the units drawn', async () => {
    const insp = await signedIn(t.app, 'inspa');
    const id = await plan(insp, { unitCount: 1 });
    const v = (await insp.get(`/api/assessment/inspections/${id}`)).json().version;
    const d = (await insp.post(`/api/assessment/inspections/${id}/draw`, { version: v })).json();
    const notDrawn = [w.officeA.id, w.villageA.id, ...w.extraUnits.map((u) => u.id)].find((u) => u !== d.units[0].unitId)!;
    const res = await insp.get(`/api/assessment/inspections/${id}/units/${notDrawn}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/抽中的单位/);
  });
});

describe('access', () => {
  it('lets each role do only what the table says, over its own town', async () => {
    const clerkA = await signedIn(t.app, 'clerka');
    const id = await plan(clerkA, { kind: 'onsite', teamUserIds: [] });
    const as = async (user: string) => signedIn(t.app, user);
    const cases: [string, number, number, number][] = [
      // user, list status, detail status, plan status
      ['clerka', 200, 200, 200],
      ['inspa', 200, 200, 200],
      ['leader', 200, 200, 403],
      ['secva', 200, 404, 403],
      ['clerkb', 200, 404, 403],
      ['inspb', 200, 404, 403],
      ['zhangsan', 403, 403, 403],
      ['admin', 403, 403, 403],
      ['auditor', 403, 403, 403],
    ];
    for (const [user, list, detail, planned] of cases) {
      const c = await as(user);
      expect((await c.get('/api/assessment/inspections')).statusCode, `${user} list`).toBe(list);
      expect((await c.get(`/api/assessment/inspections/${id}`)).statusCode, `${user} detail`).toBe(detail);
      const p = await c.post('/api/assessment/inspections', { scopeUnitId: w.townA.id, year, quarter, kind: 'random', teamUserIds: [] });
      expect(p.statusCode, `${user} plan`).toBe(planned);
    }
    // Lists show only inspections within reach.
    const listB = (await (await as('clerkb')).get('/api/assessment/inspections')).json();
    expect(listB.some((i: { id: number }) => i.id === id)).toBe(false);

    const v = (await clerkA.get(`/api/assessment/inspections/${id}`)).json().version;
    expect((await (await as('leader')).post(`/api/assessment/inspections/${id}/draw`, { version: v })).statusCode).toBe(403);
    expect((await (await as('inspb')).post(`/api/assessment/inspections/${id}/draw`, { version: v })).statusCode).toBe(404);
    expect((await clerkA.post(`/api/assessment/inspections/${id}/draw`, { version: v })).statusCode).toBe(200);

    const unit = w.officeA.id;
    for (const [user, status] of [
      ['leader', 200],
      ['inspb', 404],
      ['zhangsan', 403],
    ] as const) {
      expect((await (await as(user)).get(`/api/assessment/inspections/${id}/units/${unit}`)).statusCode, `${user} sheet`).toBe(status);
    }
    for (const [user, status] of [
      ['leader', 403],
      ['inspb', 404],
      ['zhangsan', 403],
      ['secva', 403],
    ] as const) {
      const c = await as(user);
      const res = await c.post(`/api/assessment/inspections/${id}/findings`, { clientId: clientId(), unitId: unit, itemKey: 'plans', score: 5, text: '越权', photoFileId: null });
      expect(res.statusCode, `${user} finding`).toBe(status);
    }
    // Photos: members may upload (for their rectification evidence); admins may not.
    expect((await uploadPhoto(await as('zhangsan'), 'evidence')).statusCode).toBe(200);
    expect((await uploadPhoto(await as('admin'), 'evidence')).statusCode).toBe(403);
    expect((await new Client(t.app).get(`/api/assessment/inspections/${id}`)).statusCode).toBe(401);
  });
});
