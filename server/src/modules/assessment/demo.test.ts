// The demo town's inspections and acceptance as a visitor finds them after `npm start`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedIn, type TestApp } from '../../../test/helper';
import { createDemoTestApp, DEMO_PASSWORD } from '../../../test/demo';
import { todayLocal } from '../../platform/time';

const PASSWORD = DEMO_PASSWORD;
let t: TestApp;

beforeAll(async () => {
  t = await createDemoTestApp();
}, 180_000);
afterAll(() => t.close());

describe('the demo town', () => {
  it('has a drawn inspection whose public re-draw matches, findings, and rectifications in every state', async () => {
    const inspector = await signedIn(t.app, 'inspector', PASSWORD);
    const list = (await inspector.get('/api/assessment/inspections')).json();
    expect(list).toHaveLength(1);
    expect(list[0].findingCount).toBe(4);
    const d = (await inspector.get(`/api/assessment/inspections/${list[0].id}`)).json();
    const again = (await new Client(t.app).post(`/api/assessment/public/draws/${d.id}/redraw`, { seed: d.seed, algorithm: d.algorithm })).json();
    expect(again.matches).toBe(true);
    const rects = (await inspector.get('/api/assessment/rectifications')).json();
    expect(rects.map((r: { shownStatus: string }) => r.shownStatus).sort()).toEqual(['accepted', 'open', 'overdue', 'submitted']);
    // Nothing is dated after now.
    for (const r of rects) if (r.submittedAt) expect(Date.parse(r.submittedAt)).toBeLessThanOrEqual(Date.now());
  });

  it('has this year’s acceptance under way: two units signed off, one half scored', async () => {
    const clerk = await signedIn(t.app, 'clerk', PASSWORD);
    const year = Number(todayLocal().slice(0, 4));
    const r = (await clerk.get(`/api/assessment/acceptance/${year}/results`)).json();
    expect(r.rows.filter((x: { locked: boolean }) => x.locked).map((x: { unitName: string }) => x.unitName).sort()).toEqual(['东风村', '红旗村']);
    expect(r.rows.find((x: { unitName: string }) => x.unitName === '前进村').submittedCount).toBe(2);
    const teams = (await clerk.get(`/api/assessment/acceptance/${year}/teams`)).json();
    expect(teams[0].members.map((m: { office: string }) => m.office)).toEqual(['党建办', '效能办', '党政办']);
    expect((await signedIn(t.app, 'inspector2', PASSWORD)).cookies.sx_session).toBeTruthy();
  });
});
