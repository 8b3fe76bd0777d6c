import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../../../test/helper';
import { addDistrictClerk, PASSWORD } from '../../../../test/world';
import { todayLocal } from '../../../platform/time';
import { DEFAULT_CHECKLIST } from './rules';
import { makeAssessmentWorld, uploadPhoto, type AssessmentWorld } from '../testkit';

let t: TestApp;
let w: AssessmentWorld;
const year = Number(todayLocal().slice(0, 4));

beforeAll(async () => {
  t = await createTestApp();
  w = await makeAssessmentWorld(t.db);
  const clerk = await signedIn(t.app, 'clerka');
  const res = await clerk.post(`/api/assessment/acceptance/${year}/teams`, {
    name: '甲镇联合验收组',
    scopeUnitId: w.townA.id,
    leadUserId: w.assessmentUsers.inspectorA.id,
    members: [
      { userId: w.assessmentUsers.inspectorA.id, office: '效能办' },
      { userId: w.assessmentUsers.inspectorA2.id, office: '党政办' },
      { userId: w.users.clerkA.id, office: '党建办' },
    ],
  });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => t.close());

/** A score sheet: every item at `share` of its points (to the half point), with overrides. */
function sheet(share: number, over: Record<string, number> = {}) {
  return { items: DEFAULT_CHECKLIST.map((i) => ({ key: i.key, points: over[i.key] ?? Math.floor(i.maxPoints * share * 2) / 2 })) };
}
const total = (s: ReturnType<typeof sheet>) => s.items.reduce((a, i) => a + i.points, 0);

describe('team scoring', () => {
  it('is blind until submitted, consolidates as a hand computation says, and locks on sign-off', async () => {
    const unit = w.villageA.id;
    const lead = await signedIn(t.app, 'inspa');
    const second = await signedIn(t.app, 'inspa2');
    const clerk = await signedIn(t.app, 'clerka');

    const view = (await lead.get(`/api/assessment/acceptance/${year}/units/${unit}`)).json();
    expect(view.items.map((i: { section: string }) => i.section)).toContain('五.2');
    expect(view.canScore).toBe(true);
    // Automatic evidence with links for the items the platform computes.
    const plans = view.evidence.find((e: { key: string }) => e.key === 'plans');
    expect(plans.facts[0].link).toMatch(/^\/console\/study/);
    expect(view.evidence.find((e: { key: string }) => e.key === 'atmosphere').facts).toEqual([]);

    const a = sheet(0.9, { atmosphere: 7.5 });
    const b = sheet(0.8);
    const c = sheet(0.6, { org: 3 });
    const first = await lead.post(`/api/assessment/acceptance/${year}/units/${unit}/scores`, a);
    expect(first.statusCode, first.body).toBe(200);
    // The second member, before submitting, sees no one's scores and no consolidated score.
    const blind = (await second.get(`/api/assessment/acceptance/${year}/units/${unit}`)).json();
    expect(blind.sheets).toEqual([]);
    expect(blind.consolidated).toBeNull();
    expect(blind.submittedCount).toBe(1);
    const blindList = (await second.get(`/api/assessment/acceptance/${year}/results`)).json();
    expect(blindList.rows.find((r: { unitId: number }) => r.unitId === unit).score).toBeNull();

    expect((await second.post(`/api/assessment/acceptance/${year}/units/${unit}/scores`, b)).statusCode).toBe(200);
    // Not all have scored: the lead cannot sign yet.
    const early = await lead.post(`/api/assessment/acceptance/${year}/units/${unit}/signoff`);
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toMatch(/还有 1 名成员未提交评分/);
    const done = await clerk.post(`/api/assessment/acceptance/${year}/units/${unit}/scores`, c);
    expect(done.statusCode, done.body).toBe(200);

    // Hand computation: the average of the three totals, the spread max − min.
    const totals = [total(a), total(b), total(c)];
    const avg = Math.round((totals.reduce((x, y) => x + y, 0) / 3) * 100) / 100;
    const spread = Math.max(...totals) - Math.min(...totals);
    const after = done.json();
    expect(after.sheets).toHaveLength(3);
    expect(after.consolidated.score).toBeCloseTo(avg, 2);
    expect(after.consolidated.spread).toBeCloseTo(spread, 2);
    expect(after.consolidated.flagged).toBe(spread >= 10);
    expect(after.consolidated.methodLabel).toBe('平均分');

    // A second sheet from the same member, a score above an item's maximum: refused, nothing changes.
    const again = await clerk.post(`/api/assessment/acceptance/${year}/units/${unit}/scores`, c);
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toMatch(/不能重复提交/);
    const tooMuch = await clerk.post(`/api/assessment/acceptance/${year}/units/${w.officeA.id}/scores`, sheet(1, { corner: 13 }));
    expect(tooMuch.json().message).toMatch(/满分 12 分/);
    expect((await clerk.get(`/api/assessment/acceptance/${year}/units/${w.officeA.id}`)).json().submittedCount).toBe(0);

    // Only the lead signs; the unit's secretary sees nothing before sign-off.
    expect((await second.post(`/api/assessment/acceptance/${year}/units/${unit}/signoff`)).json().message).toMatch(/组长/);
    const sec = await signedIn(t.app, 'secva');
    expect((await sec.get(`/api/assessment/acceptance/${year}/results`)).json().rows).toEqual([]);
    const signed = await lead.post(`/api/assessment/acceptance/${year}/units/${unit}/signoff`);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().locked).toBe(true);
    const grade = avg >= 90 ? '优秀' : avg >= 80 ? '良好' : avg >= 60 ? '合格' : '不合格';
    expect(signed.json().consolidated.grade).toBe(grade);
    const seen = (await sec.get(`/api/assessment/acceptance/${year}/results`)).json().rows;
    expect(seen.map((r: { unitName: string; grade: string }) => [r.unitName, r.grade])).toEqual([['东风村', grade]]);

    // Locked: no more scoring; unlocking needs a reason and is audited.
    const t2 = await signedIn(t.app, 'inspa2');
    expect((await t2.delete(`/api/assessment/acceptance/${year}/units/${unit}/scores/mine`)).json().message).toMatch(/锁定/);
    const noReason = await clerk.post(`/api/assessment/acceptance/${year}/units/${unit}/unlock`, { reason: '改' });
    expect(noReason.json().message).toMatch(/理由/);
    expect((await second.post(`/api/assessment/acceptance/${year}/units/${unit}/unlock`, { reason: '组员要求复核评分' })).json().message).toMatch(/组长或党建办/);
    const unlocked = await clerk.post(`/api/assessment/acceptance/${year}/units/${unit}/unlock`, { reason: '党政办成员评分录入有误，复核' });
    expect(unlocked.statusCode, unlocked.body).toBe(200);
    expect(unlocked.json().locked).toBe(false);
    expect(unlocked.json().unlocks[0].reason).toBe('党政办成员评分录入有误，复核');
    const audit = await t.db.selectFrom('audit_log').select(['detail']).where('action', '=', 'assessment.unlock').execute();
    expect(audit.some((a) => String(a.detail).includes('党政办成员评分录入有误'))).toBe(true);
    // Unlocked: the secretary no longer sees the result; a member may withdraw and score again.
    expect((await sec.get(`/api/assessment/acceptance/${year}/results`)).json().rows).toEqual([]);
    expect((await t2.delete(`/api/assessment/acceptance/${year}/units/${unit}/scores/mine`)).statusCode).toBe(200);
    expect((await t2.post(`/api/assessment/acceptance/${year}/units/${unit}/scores`, sheet(0.85))).statusCode).toBe(200);
    expect((await lead.post(`/api/assessment/acceptance/${year}/units/${unit}/signoff`)).json().locked).toBe(true);
    const locked = await clerk.post(`/api/assessment/acceptance/${year}/units/${w.villageA.id}/scores`, c);
    expect(locked.json().message).toMatch(/签字锁定/);

    // One click each: the report and the score table, parsed back.
    const docx = await clerk.get(`/api/assessment/acceptance/${year}/report.docx`);
    expect(docx.statusCode).toBe(200);
    const xml = (await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(xml).toContain(`${year}年度“书香”机关创建联合验收报告`);
    expect(xml).toContain('东风村');
    expect(xml).toContain('甲镇联合验收组');
    const xlsx = await clerk.get(`/api/assessment/acceptance/${year}/scores.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('验收结果')!;
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header.slice(0, 5)).toEqual(['名次', '单位', '验收组', '综合得分', '等次']);
    const row = (ws.getRow(3).values as unknown[]).slice(1);
    const final = (await clerk.get(`/api/assessment/acceptance/${year}/units/${unit}`)).json().consolidated;
    expect(row[0]).toBe(1);
    expect(row[1]).toBe('东风村');
    expect(row[3]).toBeCloseTo(final.score, 2);
    expect(row[8]).toBe('已签字');
    const detail = wb.getWorksheet('逐项评分')!;
    const corner = detail.getRows(2, detail.rowCount - 1)!.find((r) => r.getCell(1).value === '东风村' && r.getCell(2).value === '三.3')!;
    // Three scorers' points for 三.3, then their average.
    const pts = final.count === 3 ? [corner.getCell(5).value, corner.getCell(6).value, corner.getCell(7).value].map(Number) : [];
    expect(Number(corner.getCell(8).value)).toBeCloseTo(pts.reduce((x, y) => x + y, 0) / 3, 2);
  });

  it('drops the extremes when the setting says so', async () => {
    const clerk = await signedIn(t.app, 'clerka');
    // District-wide: the district's clerk sets it (issue 12 item 7).
    await addDistrictClerk(t.db, w);
    const district = await signedIn(t.app, 'clerkd', PASSWORD);
    expect((await district.put(`/api/settings/assessment.dropExtremes`, { value: true, year })).statusCode).toBeLessThan(300);
    const unit = w.extraUnits[0]!.id;
    const sheets = [sheet(0.95), sheet(0.7), sheet(0.5)];
    const users = ['inspa', 'inspa2', 'clerka'];
    for (const [n, u] of users.entries()) expect((await (await signedIn(t.app, u)).post(`/api/assessment/acceptance/${year}/units/${unit}/scores`, sheets[n])).statusCode).toBe(200);
    const v = (await clerk.get(`/api/assessment/acceptance/${year}/units/${unit}`)).json();
    expect(v.consolidated.methodLabel).toMatch(/去掉一个最高分和一个最低分/);
    expect(v.consolidated.score).toBeCloseTo(total(sheets[1]!), 2);
    await district.put(`/api/settings/assessment.dropExtremes`, { value: false, year });
  });
});

describe('checklist and teams', () => {
  it('is edited by the clerk per year; scoring started freezes its shape', async () => {
    const clerk = await signedIn(t.app, 'clerka');
    const next = year + 1;
    const def = (await clerk.get(`/api/assessment/acceptance/${next}/checklist`)).json();
    expect(def.stored).toBe(false);
    expect(def.totalPoints).toBe(100);
    const items = def.items.map((i: { key: string; guidance: string }) => (i.key === 'burden' ? { ...i, guidance: '台账以平台数据为准' } : i));
    const saved = await clerk.put(`/api/assessment/acceptance/${next}/checklist`, { items: [...items, { ...items[0], key: 'extra', title: '特色创新', maxPoints: 5, source: 'manual' }] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().stored).toBe(true);
    expect(saved.json().totalPoints).toBe(105);
    const dup = await clerk.put(`/api/assessment/acceptance/${next}/checklist`, { items: [items[0], items[0]] });
    expect(dup.json().message).toMatch(/重复/);
    expect((await clerk.get(`/api/assessment/acceptance/${next}/checklist`)).json().items).toHaveLength(13);
    // This year has scores: only wording may change.
    const cur = (await clerk.get(`/api/assessment/acceptance/${year}/checklist`)).json().items;
    const changed = await clerk.put(`/api/assessment/acceptance/${year}/checklist`, { items: cur.map((i: { key: string; maxPoints: number }) => (i.key === 'org' ? { ...i, maxPoints: 9 } : i)) });
    expect(changed.json().message).toMatch(/已开始评分/);
    expect((await (await signedIn(t.app, 'inspa')).put(`/api/assessment/acceptance/${next}/checklist`, { items })).statusCode).toBe(403);
  });

  it('refuses teams of people without the role, a lead outside the team, an unknown office, overlapping scopes', async () => {
    const clerk = await signedIn(t.app, 'clerka');
    const y = year + 2;
    const base = { name: '验收组', scopeUnitId: w.townA.id, leadUserId: w.assessmentUsers.inspectorA.id, members: [{ userId: w.assessmentUsers.inspectorA.id, office: '效能办' }] };
    expect((await clerk.post(`/api/assessment/acceptance/${y}/teams`, { ...base, members: [...base.members, { userId: w.users.member.id, office: '党建办' }] })).json().message).toMatch(/须为管辖/);
    expect((await clerk.post(`/api/assessment/acceptance/${y}/teams`, { ...base, leadUserId: w.users.clerkA.id })).json().message).toMatch(/组长/);
    expect((await clerk.post(`/api/assessment/acceptance/${y}/teams`, { ...base, members: [{ userId: w.assessmentUsers.inspectorA.id, office: '办公室' }] })).json().message).toMatch(/部门/);
    expect((await clerk.post(`/api/assessment/acceptance/${y}/teams`, base)).statusCode).toBe(200);
    expect((await clerk.post(`/api/assessment/acceptance/${y}/teams`, { ...base, scopeUnitId: w.villageA.id })).json().message).toMatch(/不能重叠/);
    expect((await (await signedIn(t.app, 'clerkb')).post(`/api/assessment/acceptance/${y}/teams`, base)).statusCode).toBe(403);
    expect((await (await signedIn(t.app, 'inspa')).post(`/api/assessment/acceptance/${y}/teams`, base)).statusCode).toBe(403);
  });
});

describe('access', () => {
  it('keeps each route to its roles and units', async () => {
    const unit = w.officeA.id;
    const cases: [string, number, number, number, number][] = [
      // user, checklist, unit view, results, export
      ['clerka', 200, 200, 200, 200],
      ['inspa', 200, 200, 200, 200],
      ['leader', 200, 200, 200, 200],
      ['secva', 200, 403, 200, 200],
      ['clerkb', 200, 404, 200, 200],
      ['inspb', 200, 404, 200, 200],
      ['zhangsan', 403, 403, 200, 403],
      ['admin', 403, 403, 403, 403],
      ['security', 403, 403, 403, 403],
    ];
    for (const [user, checklist, unitView, results, exp] of cases) {
      const c = await signedIn(t.app, user);
      expect((await c.get(`/api/assessment/acceptance/${year}/checklist`)).statusCode, `${user} checklist`).toBe(checklist);
      expect((await c.get(`/api/assessment/acceptance/${year}/units/${unit}`)).statusCode, `${user} unit`).toBe(unitView);
      expect((await c.get(`/api/assessment/acceptance/${year}/results`)).statusCode, `${user} results`).toBe(results);
      expect((await c.get(`/api/assessment/acceptance/${year}/scores.xlsx`)).statusCode, `${user} export`).toBe(exp);
    }
    // Another town's clerk and inspector see no unit of town A in the ranking or the export.
    const rowsB = (await (await signedIn(t.app, 'clerkb')).get(`/api/assessment/acceptance/${year}/results`)).json().rows;
    expect(rowsB).toEqual([]);
    // Scoring, signing, unlocking: only the team (roles first, then membership and the lead).
    const photo = (await uploadPhoto(await signedIn(t.app, 'inspb'), 'acceptance')).json().id;
    const out = await (await signedIn(t.app, 'inspb')).post(`/api/assessment/acceptance/${year}/units/${unit}/scores`, { items: [{ key: 'org', points: 1, photoFileId: photo }] });
    expect(out.statusCode).toBe(404);
    for (const user of ['leader', 'secva', 'zhangsan']) {
      const c = await signedIn(t.app, user);
      expect((await c.post(`/api/assessment/acceptance/${year}/units/${unit}/scores`, sheet(0.5))).statusCode, user).toBe(403);
      expect((await c.post(`/api/assessment/acceptance/${year}/units/${unit}/signoff`)).statusCode, user).toBe(403);
      expect((await c.post(`/api/assessment/acceptance/${year}/units/${unit}/unlock`, { reason: '越权解除锁定' })).statusCode, user).toBe(403);
    }
  });
});
