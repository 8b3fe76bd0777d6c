import crypto from 'node:crypto';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../../../test/helper';
import { clock, todayLocal } from '../../../platform/time';
import { addDays } from '../../../platform/workcalendar';
import { runOnce } from '../../../platform/jobs';
import { jobs } from '../jobs';
import { makeAssessmentWorld, uploadPhoto, type AssessmentWorld } from '../testkit';

let t: TestApp;
let w: AssessmentWorld;
const year = Number(todayLocal().slice(0, 4));
const quarter = Math.floor((Number(todayLocal().slice(5, 7)) - 1) / 3) + 1;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeAssessmentWorld(t.db);
});
afterAll(() => t.close());
afterEach(() => {
  clock.now = () => new Date();
});

/** An on-site inspection of town A with one finding about 东风村; returns the finding's id. */
async function finding(): Promise<number> {
  const insp = await signedIn(t.app, 'inspa');
  const { id } = (await insp.post('/api/assessment/inspections', { scopeUnitId: w.townA.id, year, quarter, kind: 'onsite', teamUserIds: [] })).json();
  const v = (await insp.get(`/api/assessment/inspections/${id}`)).json().version;
  await insp.post(`/api/assessment/inspections/${id}/draw`, { version: v });
  const photo = (await uploadPhoto(insp, 'finding')).json().id;
  const res = await insp.post(`/api/assessment/inspections/${id}/findings`, { clientId: crypto.randomBytes(8).toString('hex'), unitId: w.villageA.id, itemKey: 'corner', score: 5, text: '图书角无借阅登记', photoFileId: photo });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().finding.id;
}

const notices = async (userId: number) => t.db.selectFrom('notifications').select(['title', 'kind']).where('user_id', '=', userId).where('kind', '=', 'assessment.rectification').execute();

describe('rectification', () => {
  it('becomes a task the unit closes with evidence: open → submitted → accepted', async () => {
    const fid = await finding();
    const insp = await signedIn(t.app, 'inspa');
    const created = await insp.post('/api/assessment/rectifications', { findingId: fid, ownerMemberId: w.members.mLi.id, requirement: '建立图书角借阅登记簿' });
    expect(created.statusCode, created.body).toBe(200);
    const r = created.json();
    expect(r.shownStatus).toBe('open');
    expect(r.deadline).toBe(addDays(todayLocal(), 15));
    expect((await notices(w.users.li.id)).some((n) => n.title.includes('整改任务'))).toBe(true);
    expect((await insp.post('/api/assessment/rectifications', { findingId: fid, ownerMemberId: w.members.mLi.id, requirement: '再来一次' })).json().message).toMatch(/已下达/);

    // The owner (a cadre of the village) sees it on their own list, with the finding's photo.
    const li = await signedIn(t.app, 'lisi');
    const mine = (await li.get('/api/assessment/rectifications')).json();
    // The phone's home counts the cadre's own tasks not yet closed.
    const summary = async () => (await li.get('/api/assessment/rectifications/mine')).json();
    expect(await summary()).toEqual({ open: 1, overdue: 0, submitted: 0 });
    expect(mine.map((x: { id: number }) => x.id)).toEqual([r.id]);
    expect((await li.get(`/api/assessment/photos/${r.findingPhotoId}`)).statusCode).toBe(200);
    expect(mine[0].canRespond).toBe(true);

    // Submitting or accepting without evidence is refused.
    const early = await li.post(`/api/assessment/rectifications/${r.id}/submit`, { response: '已整改', version: r.version });
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toMatch(/佐证/);
    const noEvidence = await insp.post(`/api/assessment/rectifications/${r.id}/review`, { accept: true, version: r.version });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json().message).toMatch(/没有整改佐证材料/);

    const photo = (await uploadPhoto(li, 'evidence')).json().id;
    const withEvidence = await li.post(`/api/assessment/rectifications/${r.id}/evidence`, { fileId: photo, note: '借阅登记簿' });
    expect(withEvidence.statusCode, withEvidence.body).toBe(200);
    expect(withEvidence.json().evidence).toHaveLength(1);
    const submitted = await li.post(`/api/assessment/rectifications/${r.id}/submit`, { response: '已建立借阅登记簿并专人管理', version: withEvidence.json().version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().shownStatus).toBe('submitted');
    expect(await summary()).toEqual({ open: 0, overdue: 0, submitted: 1 });
    // The cadre cannot accept their own task.
    expect((await li.post(`/api/assessment/rectifications/${r.id}/review`, { accept: true, version: submitted.json().version })).statusCode).toBe(403);

    const accepted = await insp.post(`/api/assessment/rectifications/${r.id}/review`, { accept: true, note: '整改到位', version: submitted.json().version });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().shownStatus).toBe('accepted');
    expect(accepted.json().statusLabel).toBe('已销号');
    expect(await summary()).toEqual({ open: 0, overdue: 0, submitted: 0 });
    // Evidence after closing is refused.
    const late = await li.post(`/api/assessment/rectifications/${r.id}/evidence`, { fileId: (await uploadPhoto(li, 'evidence')).json().id });
    expect(late.json().message).toMatch(/已销号/);
    // The evidence photo is seen by the village's secretary, not by another town.
    expect((await (await signedIn(t.app, 'secva')).get(`/api/assessment/photos/${photo}`)).statusCode).toBe(200);
    expect((await (await signedIn(t.app, 'clerkb')).get(`/api/assessment/photos/${photo}`)).statusCode).toBe(404);

    // The quarter's report: what was drawn (with the seed), the finding, and its rectification closed.
    const docx = await insp.get(`/api/assessment/inspections/${r.inspectionId}/report.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toMatch(/wordprocessingml/);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    const seed = (await insp.get(`/api/assessment/inspections/${r.inspectionId}`)).json().seed;
    expect(text).toContain(`抽签种子：${seed}`);
    expect(text).toContain('东风村');
    expect(text).toContain('图书角无借阅登记');
    expect(text).toContain('已销号');
    expect(xml).toContain('仿宋_GB2312');
    expect((await (await signedIn(t.app, 'inspb')).get(`/api/assessment/inspections/${r.inspectionId}/report.docx`)).statusCode).toBe(404);
  });

  it('is sent back with a reason, shows overdue past its deadline, and reminds once a day', async () => {
    const fid = await finding();
    const insp = await signedIn(t.app, 'inspa');
    const deadline = addDays(todayLocal(), 1);
    const r = (await insp.post('/api/assessment/rectifications', { findingId: fid, ownerMemberId: w.extraMembers.mSecretary.id, deadline, requirement: '补齐借阅记录' })).json();
    const sec = await signedIn(t.app, 'secva');
    const photo = (await uploadPhoto(sec, 'evidence')).json().id;
    const v1 = (await sec.post(`/api/assessment/rectifications/${r.id}/evidence`, { fileId: photo })).json().version;
    const v2 = (await sec.post(`/api/assessment/rectifications/${r.id}/submit`, { response: '已补齐', version: v1 })).json().version;
    const noReason = await insp.post(`/api/assessment/rectifications/${r.id}/review`, { accept: false, version: v2 });
    expect(noReason.json().message).toMatch(/原因/);
    const back = await insp.post(`/api/assessment/rectifications/${r.id}/review`, { accept: false, note: '照片看不清登记内容', version: v2 });
    expect(back.json().shownStatus).toBe('open');
    expect(back.json().reviewNote).toBe('照片看不清登记内容');

    // Two days on: overdue, listed under overdue, and the job reminds owner and inspector once.
    const later = new Date(Date.now() + 2 * 86_400_000);
    clock.now = () => later;
    const over = (await (await signedIn(t.app, 'inspa')).get('/api/assessment/rectifications?status=overdue')).json();
    expect(over.map((x: { id: number }) => x.id)).toContain(r.id);
    expect(over.find((x: { id: number }) => x.id === r.id).statusLabel).toBe('已逾期');
    expect((await (await signedIn(t.app, 'secva')).get('/api/assessment/rectifications/mine')).json()).toEqual({ open: 1, overdue: 1, submitted: 0 });
    const job = jobs.find((j) => j.name === 'assessment.rectification-reminders')!;
    const before = (await notices(w.assessmentUsers.secretaryA.id)).length;
    expect(await runOnce(t.svc, job, todayLocal())).toBe(true);
    expect(await runOnce(t.svc, job, todayLocal())).toBe(false);
    const after = await notices(w.assessmentUsers.secretaryA.id);
    expect(after.length).toBe(before + 1);
    expect(after.some((n) => n.title.startsWith('整改已逾期'))).toBe(true);
    expect((await notices(w.assessmentUsers.inspectorA.id)).some((n) => n.title.startsWith('整改已逾期'))).toBe(true);
  });

  it('refuses an owner outside the unit, a past deadline, and another town', async () => {
    const fid = await finding();
    const insp = await signedIn(t.app, 'inspa');
    const count = async () => Number((await t.db.selectFrom('rectifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const n = await count();
    expect((await insp.post('/api/assessment/rectifications', { findingId: fid, ownerMemberId: w.members.mZhang.id, requirement: '整改' })).json().message).toMatch(/东风村的在册干部/);
    expect((await insp.post('/api/assessment/rectifications', { findingId: fid, ownerMemberId: w.members.mLi.id, deadline: addDays(todayLocal(), -1), requirement: '整改' })).json().message).toMatch(/不能早于今天/);
    expect((await (await signedIn(t.app, 'inspb')).post('/api/assessment/rectifications', { findingId: fid, ownerMemberId: w.members.mLi.id, requirement: '整改' })).statusCode).toBe(404);
    expect((await (await signedIn(t.app, 'leader')).post('/api/assessment/rectifications', { findingId: fid, ownerMemberId: w.members.mLi.id, requirement: '整改' })).statusCode).toBe(403);
    expect(await count()).toBe(n);
  });

  it('shows each role only the tasks within its reach', async () => {
    const fid = await finding();
    const insp = await signedIn(t.app, 'inspa');
    const r = (await insp.post('/api/assessment/rectifications', { findingId: fid, ownerMemberId: w.members.mLi.id, requirement: '完善登记' })).json();
    const cases: [string, number, boolean][] = [
      ['inspa', 200, true],
      ['clerka', 200, true],
      ['leader', 200, true],
      ['secva', 200, true],
      ['lisi', 200, true],
      ['zhangsan', 404, false],
      ['clerkb', 404, false],
      ['inspb', 404, false],
    ];
    for (const [user, status, listed] of cases) {
      const c = await signedIn(t.app, user);
      expect((await c.get(`/api/assessment/rectifications/${r.id}`)).statusCode, user).toBe(status);
      expect((await c.get('/api/assessment/rectifications')).json().some((x: { id: number }) => x.id === r.id), `${user} list`).toBe(listed);
    }
    expect((await (await signedIn(t.app, 'admin')).get('/api/assessment/rectifications')).statusCode).toBe(403);
    // The own count: the owner's task only, never a colleague's nor the unit's as a whole.
    expect((await (await signedIn(t.app, 'admin')).get('/api/assessment/rectifications/mine')).statusCode).toBe(403);
    for (const [user, open] of [
      ['lisi', 1],
      ['zhangsan', 0],
      ['clerka', 0],
      ['inspa', 0],
    ] as const)
      expect((await (await signedIn(t.app, user)).get('/api/assessment/rectifications/mine')).json().open, user).toBe(open);
    // Responding: the owner, the unit's secretary; not a colleague elsewhere, not the leader.
    const photoOf = async (u: string) => (await uploadPhoto(await signedIn(t.app, u), 'evidence')).json().id;
    expect((await (await signedIn(t.app, 'zhangsan')).post(`/api/assessment/rectifications/${r.id}/evidence`, { fileId: await photoOf('zhangsan') })).statusCode).toBe(404);
    expect((await (await signedIn(t.app, 'leader')).post(`/api/assessment/rectifications/${r.id}/evidence`, { fileId: 1 })).statusCode).toBe(403);
    expect((await (await signedIn(t.app, 'secva')).post(`/api/assessment/rectifications/${r.id}/evidence`, { fileId: await photoOf('secva') })).statusCode).toBe(200);
  });
});
