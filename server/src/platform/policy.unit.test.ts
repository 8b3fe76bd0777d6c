import { describe, expect, it } from 'vitest';
import { AuthContext } from './auth/context';
import type { LoadedSession, RoleGrant } from './auth/sessions';
import { allows, definePolicy, reachOf, townOf } from './policy';

function who(memberId: number | null, roles: Omit<RoleGrant, 'unitName' | 'unitId'>[]): AuthContext {
  const session = {
    sessionId: 's',
    csrfToken: 'c',
    user: { id: 7, username: 'u', displayName: 'U', memberId, mustChangePassword: false, passwordChangedAt: null, totpEnabled: false, isDemo: false },
    roles: roles.map((r, i) => ({ ...r, unitId: i + 1, unitName: 'x' })),
  } as unknown as LoadedSession;
  return new AuthContext(session, '127.0.0.1');
}

const P = definePolicy('test', {
  read: { label: '查看', grants: [{ roles: ['member'], scope: 'own' }, { roles: ['clerk'], scope: 'subtree' }, { roles: ['secretary'], scope: 'town' }] },
  audit: { label: '审计', grants: [{ roles: ['auditadmin'], scope: 'any' }] },
});

const towns = ['/1/2/', '/1/9/'];

describe('policy', () => {
  it('own admits only the user’s own record', () => {
    const m = who(5, [{ role: 'member', unitPath: '/1/2/3/' }]);
    expect(allows(m, P.read, { memberId: 5, unitPath: '/1/2/3/' }, towns)).toBe(true);
    expect(allows(m, P.read, { memberId: 6, unitPath: '/1/2/3/' }, towns)).toBe(false);
    expect(allows(m, P.audit)).toBe(false);
  });

  it('subtree admits units under the grant, not beside it', () => {
    const c = who(1, [{ role: 'clerk', unitPath: '/1/2/' }]);
    expect(allows(c, P.read, { memberId: 99, unitPath: '/1/2/4/' }, towns)).toBe(true);
    expect(allows(c, P.read, { memberId: 99, unitPath: '/1/9/4/' }, towns)).toBe(false);
    expect(allows(c, P.read, { memberId: 99 }, towns)).toBe(false);
  });

  it('town widens a grant on an office to its whole town', () => {
    const s = who(1, [{ role: 'secretary', unitPath: '/1/2/3/' }]);
    expect(townOf('/1/2/3/', towns)).toBe('/1/2/');
    expect(allows(s, P.read, { unitPath: '/1/2/8/' }, towns)).toBe(true);
    expect(allows(s, P.read, { unitPath: '/1/9/8/' }, towns)).toBe(false);
    expect(reachOf(s, P.read, towns)).toMatchObject({ all: false, paths: ['/1/2/'], own: false });
  });

  it('reach drops a path inside another and unions own', () => {
    const both = who(5, [
      { role: 'member', unitPath: '/1/2/3/' },
      { role: 'clerk', unitPath: '/1/2/' },
      { role: 'clerk', unitPath: '/1/2/3/' },
    ]);
    expect(reachOf(both, P.read, towns)).toMatchObject({ paths: ['/1/2/'], own: true, memberId: 5 });
  });
});
