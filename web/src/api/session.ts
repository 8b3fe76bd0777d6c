// The signed-in user, shared by every feature, and the rules that follow from their roles.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Me } from './types';

export const ME_KEY = ['me'] as const;

export const fetchMe = () => api.get<Me>('/me');

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

/** Only for pages inside the signed-in shell, where `me` has already loaded. */
export function useSignedIn(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSignedIn outside the signed-in shell');
  return data;
}

export function useSignOut() {
  const qc = useQueryClient();
  return async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      qc.clear();
      window.location.assign('/login');
    }
  };
}

/** Everyone with a role beyond `member` works in the office console. */
export const isConsoleUser = (me: Me | undefined) => Boolean(me?.roles.some((g) => g.role !== 'member'));

/** Where a user lands after signing in. */
export function homeFor(me: Me): string {
  if (me.restriction) return me.restriction.code === 'TOTP_SETUP_REQUIRED' ? '/totp' : '/password';
  return isConsoleUser(me) ? '/console' : '/';
}

/** A `next` parameter is only followed inside this site. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return null;
  return next;
}

/** Role labels of the user without repeats (a role held in two units shows once). */
export function roleLabels(me: Me): string[] {
  return [...new Set(me.roles.filter((g) => g.role !== 'member' || me.roles.length === 1).map((g) => g.roleLabel))];
}

/**
 * Whether the user may perform a policy action (`<module>.<key>`, server: modules/<domain>/policy.ts),
 * as /api/me says — the same table the server enforces. With a unit path, whether that unit is
 * within the action's reach. Buttons are shown only when this is true.
 */
export function can(me: Me | undefined, action: string, unitPath?: string): boolean {
  const p = me?.permissions[action];
  if (!p) return false;
  if (unitPath === undefined || p.scope === 'any' || p.scope === 'own') return true;
  return p.unitPaths.some((u) => unitPath.startsWith(u));
}

/** `can` for the signed-in user of the page. */
export function useCan(): (action: string, unitPath?: string) => boolean {
  const { data } = useMe();
  return (action, unitPath) => can(data, action, unitPath);
}
