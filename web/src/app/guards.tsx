import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ApiError, loginUrl } from '../api/client';
import { hasRole, homeFor, isConsoleUser, useMe, useSignedIn } from '../api/session';
import type { Role } from '../api/types';
import { PageLoading } from '../components/PageLoading';
import { StatusPage } from '../components/StatusPage';

const RESTRICTED_PAGES = ['/password', '/totp'];

/** Everything inside needs a signed-in user; a pending password change or second factor comes first. */
export function SignedIn() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoading />;
  if (me.isError) {
    const e = me.error;
    if (e instanceof ApiError && e.status === 401) return <Navigate to={loginUrl(location.pathname + location.search)} replace />;
    return <StatusPage kind={e instanceof ApiError && e.code === 'OFFLINE' ? 'offline' : 'error'} />;
  }
  if (me.data.restriction && !RESTRICTED_PAGES.includes(location.pathname)) return <Navigate to={homeFor(me.data)} replace />;
  return <Outlet />;
}

export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const me = useSignedIn();
  if (roles.length > 0 && !hasRole(me, ...roles)) return <StatusPage kind="forbidden" />;
  return children;
}

export function RequireConsole({ children }: { children: ReactNode }) {
  const me = useSignedIn();
  if (!isConsoleUser(me)) return <StatusPage kind="forbidden" />;
  return children;
}
