// The policy table covers the whole API: every route names an action (or is one of
// the few public ones), every action is declared in a module's policy.ts, and the
// server refuses, before any handler runs, a user who holds none of the action's roles.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../app';
import { makeUser } from '../demo/factories';
import { createTestApp, signedIn, type TestApp } from '../../test/helper';
import { makeWorld, PASSWORD } from '../../test/world';
import { actionById, allActions } from './policy';
import type { Role } from './roles';

/** The routes anyone may call without signing in; a new one must be added here on purpose. */
const PUBLIC = [
  'GET /api/health',
  'GET /api/openapi.json',
  'POST /api/auth/login',
  // The check-in QR code's landing (it only notes the moment of the scan).
  'GET /api/s/:id/:token',
  // Inspection draws are published so anyone can re-run them from the seed.
  'GET /api/assessment/public/draws/:id',
  'POST /api/assessment/public/draws/:id/redraw',
  // Certificates are verified by whoever holds one.
  'GET /api/verify/:number',
  'GET /api/verify-keys',
  // Lobby screens read by their secret link (the token is the permission), and the optional public page.
  'GET /api/screen/:token/feed',
  'GET /api/screen/:token/ping',
  'GET /api/screen/:token/images/:imageId',
  'GET /api/public/:unitId/feed',
  'GET /api/public/:unitId/images/:imageId',
];

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  await makeUser(t.db, { username: 'secretary', password: PASSWORD, roles: [{ role: 'secretary', unitId: world.townA.id }] });
  await makeUser(t.db, { username: 'inspector', password: PASSWORD, roles: [{ role: 'inspector', unitId: world.townA.id }] });
});
afterAll(() => t.close());

const api = () => routeTable(t.app).filter((r) => r.url.startsWith('/api/'));

describe('the policy table covers every route', () => {
  it('every route that is not public names a declared action', () => {
    const missing = api()
      .filter((r) => !r.public && !(r.policy && actionById(r.policy)))
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('the public routes are exactly the known few', () => {
    const open = api()
      .filter((r) => r.public)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(open).toEqual([...PUBLIC].sort());
  });

  it('every operation of the OpenAPI document is a route with a policy entry', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const byKey = new Map(api().map((r) => [`${r.method} ${r.url}`, r]));
    const ops = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(ops.length).toBeGreaterThan(150);
    const uncovered = ops.filter((op) => {
      const r = byKey.get(op);
      return !r || (!r.public && !r.policy);
    });
    expect(uncovered).toEqual([]);
  });

  it('/api/me lists exactly the actions the user may attempt', async () => {
    const c = await signedIn(t.app, 'secretary');
    const me = (await c.get('/api/me')).json() as { permissions: Record<string, { scope: string }> };
    const expected = allActions()
      .filter((a) => a.grants.some((g) => g.roles.includes('secretary')))
      .map((a) => a.id)
      .sort();
    expect(Object.keys(me.permissions).sort()).toEqual(expected);
    // Read-only: nothing in the secretary's list writes.
    expect(Object.keys(me.permissions)).not.toContain('sessions.manage');
    expect(Object.keys(me.permissions)).not.toContain('reflections.review');
  });
});

describe('the server refuses a route to users without any of its roles', () => {
  const users: Record<string, Role[]> = {
    zhangsan: ['member'],
    clerka: ['member', 'clerk'],
    leader: ['leader'],
    secretary: ['secretary'],
    inspector: ['inspector'],
    admin: ['sysadmin'],
    security: ['secadmin'],
    auditor: ['auditadmin'],
  };

  it('answers 403 before the handler for every route whose action the user may not attempt', async () => {
    let refused = 0;
    const wrong: string[] = [];
    for (const [username, roles] of Object.entries(users)) {
      const c = await signedIn(t.app, username);
      for (const r of api()) {
        if (r.public || !r.policy || r.url === '/api/auth/logout') continue;
        const action = actionById(r.policy)!;
        const holds = action.grants.some((g) => g.roles.some((role) => roles.includes(role)));
        if (holds) continue;
        const url = r.url.replace(/:(\w+)/g, '1');
        const res = await c.request(r.method as 'GET', url, r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
        if (res.statusCode !== 403 || res.json().message !== `您没有权限：${action.label}`) wrong.push(`${username} ${r.method} ${r.url} → ${res.statusCode}`);
        refused++;
      }
    }
    expect(wrong).toEqual([]);
    // The three administrators and the read-only roles are refused a good share of the API.
    expect(refused).toBeGreaterThan(300);
    // Several thousand requests through the whole app: on a shared machine that takes more than the default 30 s.
  }, 180_000);

});

describe('the web app reads the same table', () => {
  it('every action the web app names (menu, page guards, can()) is declared on the server', () => {
    const web = path.resolve(import.meta.dirname, '../../../web/src');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name)) files.push(p);
      }
    };
    walk(web);
    const named = new Map<string, string>();
    const patterns = [/action: '([a-z]+\.[A-Za-z]+)'/g, /guardedPage\('([a-z]+\.[A-Za-z]+)'/g, /can\([^,()]*, '([a-z]+\.[A-Za-z]+)'/g, /useCan\(\)\('([a-z]+\.[A-Za-z]+)'/g, /\bcan\('([a-z]+\.[A-Za-z]+)'/g];
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const re of patterns) for (const m of text.matchAll(re)) named.set(m[1], path.relative(web, f));
    }
    // The menu and the guards alone name a few dozen.
    expect(named.size).toBeGreaterThan(30);
    const unknown = [...named].filter(([id]) => !actionById(id)).map(([id, f]) => `${id} (${f})`);
    expect(unknown).toEqual([]);
  });
});
