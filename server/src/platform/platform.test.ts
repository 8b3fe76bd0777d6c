import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dialect, type TestApp } from '../../test/helper';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('interfaces others rely on', () => {
  it('reports health and which database it runs on', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.json()).toEqual({ status: 'ok', db: dialect });
  });

  it('documents every API route in OpenAPI 3', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    for (const route of ['POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/me', 'GET /api/members', 'POST /api/members/import', 'PUT /api/admin/users/{id}/roles', 'GET /api/audit']) {
      expect(documented, route).toContain(route);
    }
    expect(documented.size).toBeGreaterThan(25);
  });

  it('sets security headers on every response', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers unknown API paths in Chinese', async () => {
    const res = await t.app.inject({ url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('接口不存在');
  });
});
