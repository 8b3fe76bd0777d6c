// The demo town's year score as a visitor finds it after `npm start`: scores for the
// demo year with the missing modules said so, the confirmed ten with one departure
// and its reason, and ten certificates that verify.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type Client, type TestApp } from '../../../test/helper';
import { createDemoTestApp, DEMO_PASSWORD } from '../../../test/demo';
import { currentYear } from '../../platform/time';

const PASSWORD = DEMO_PASSWORD;
let t: TestApp;
let clerk: Client;
let member: Client;

beforeAll(async () => {
  t = await createDemoTestApp();
  [clerk, member] = await Promise.all(['clerk', 'member'].map((u) => signedIn(t.app, u, PASSWORD)));
}, 180_000);
afterAll(() => t.close());

describe('the demo year score', () => {
  it('scores the town, and the member sees their breakdown', async () => {
    const year = currentYear();
    const scores = (await clerk.get(`/api/scorecard/${year}/scores`)).json();
    expect(scores.rows.length).toBeGreaterThan(100);
    expect(scores.rows[0].total).toBeGreaterThan(0);
    const me = (await member.get('/api/me')).json();
    const b = await member.get(`/api/scorecard/${year}/members/${me.member.id}`);
    expect(b.statusCode, b.body).toBe(200);
    expect(b.json().indicators.filter((i: { included: boolean }) => i.included).length).toBeGreaterThanOrEqual(4);
  });

  it('has the ten confirmed, one departure with its reason, and ten certificates that verify', async () => {
    const h = (await clerk.get(`/api/scorecard/${currentYear()}/honors`)).json();
    expect(h.list.entries.filter((e: { included: boolean }) => e.included)).toHaveLength(10);
    expect(h.list.entries.filter((e: { reason: string | null }) => e.reason)).toHaveLength(2);
    expect(h.certificates.filter((c: { status: string }) => c.status === 'valid')).toHaveLength(10);
    const url = (await clerk.get(`/api/certificates/${h.certificates[0].id}`)).json().verifyUrl as string;
    const u = new URL(url);
    const v = await t.app.inject({ method: 'GET', url: `/api${u.pathname}${u.search}` });
    expect(v.json().status).toBe('valid');
  });
});
