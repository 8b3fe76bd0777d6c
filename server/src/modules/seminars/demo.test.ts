// The demo town's seminars and lectures as a visitor finds them after `npm start`.
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type Client, type TestApp } from '../../../test/helper';
import { createDemoTestApp, DEMO_PASSWORD } from '../../../test/demo';
import { todayLocal } from '../../platform/time';

const PASSWORD = DEMO_PASSWORD;
let t: TestApp;
let clerk: Client;
let secretary: Client;
let member: Client;

beforeAll(async () => {
  t = await createDemoTestApp();
  [clerk, secretary, member] = await Promise.all(['clerk', 'secretary', 'member'].map((u) => signedIn(t.app, u, PASSWORD)));
}, 180_000);
afterAll(() => t.close());

describe('the demo town’s seminars and lectures', () => {
  it('held a seminar in each of the last eleven months, signed off but for last month’s; next week 张三 speaks', async () => {
    const [y, m] = todayLocal().split('-').map(Number);
    const town = (await clerk.get('/api/study-plans/units')).json()[0];
    const states: string[] = [];
    for (const year of [y - 1, y]) {
      const plan = (await secretary.get(`/api/seminars/year?unitId=${town.id}&year=${year}`)).json();
      for (const mm of plan.months) {
        const k = (y - year) * 12 + m - mm.month;
        if (k >= 1 && k <= 11) states[k] = mm.state;
        if (k === 0) expect(mm.state).toBe('scheduled');
      }
    }
    expect(states[1]).toBe('held');
    expect(states.slice(2)).toEqual(Array(10).fill('signed'));
    const mine = (await member.get('/api/seminars/mine')).json();
    expect(mine.next).toMatchObject({ speaking: true });
    expect(mine.next.speakers[0]).toBe('张三');
  });

  it('has speakers’ summaries of demo books, colleagues’ comments and the secretary’s evaluations in the minutes', async () => {
    const list = (await clerk.get(`/api/seminars?year=${Number(todayLocal().slice(0, 4))}`)).json() as { id: number; status: string; commentCount: number }[];
    const signed = list.filter((s) => s.status === 'signed');
    expect(signed.length).toBeGreaterThan(0);
    expect(signed.some((s) => s.commentCount > 0)).toBe(true);
    const d = (await secretary.get(`/api/seminars/${signed[0].id}`)).json();
    expect(d.speakers.length).toBeGreaterThanOrEqual(2);
    for (const sp of d.speakers) {
      expect(sp.bookId).not.toBeNull();
      expect(sp.summary.length).toBeGreaterThan(60);
      expect(['优秀', '良好', '一般']).toContain(sp.grade);
    }
    expect(d.counts.checkedIn).toBeGreaterThan(d.counts.expected / 2);
    const docx = await clerk.get(`/api/seminars/${signed[0].id}/minutes.docx`);
    const xml = (await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(xml).toContain(d.speakers[0].summary.slice(0, 30));
    expect(xml).toContain(`书记评：${d.speakers[0].grade}。`);
  });

  it('has a dozen lectures: rated ones with generated slides, one upcoming, one proposal for the clerk', async () => {
    const year = Number(todayLocal().slice(0, 4));
    const all = [...(await clerk.get(`/api/lectures?year=${year}`)).json(), ...(await clerk.get(`/api/lectures?year=${year - 1}`)).json()] as { id: number; status: string; held: boolean; average: number | null; ratings: number }[];
    const unique = [...new Map(all.map((l) => [l.id, l])).values()];
    expect(unique.length).toBe(12);
    const held = unique.filter((l) => l.held);
    expect(held.length).toBe(10);
    for (const l of held) {
      expect(l.ratings).toBeGreaterThan(0);
      expect(l.average).toBeGreaterThanOrEqual(3);
    }
    expect(unique.filter((l) => l.status === 'proposed')).toHaveLength(1);
    const detail = (await clerk.get(`/api/lectures/${held[0].id}`)).json();
    const slides = await clerk.get(`/api/seminar-files/${detail.files[0].id}`);
    expect(slides.headers['content-type']).toBe('application/pdf');
    expect(slides.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const report = (await secretary.get(`/api/lectures/report?year=${year}`)).json();
    expect(report.total).toBeGreaterThan(0);
  });
});
