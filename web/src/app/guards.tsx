import { useEffect, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ApiError, loginUrl } from '../api/client';
import { can, homeFor, isConsoleUser, useMe, useSignedIn } from '../api/session';
import { prefetchShellFor } from './chunks';
import { PageLoading } from '../components/PageLoading';
import { LazyStatusPage as StatusPage } from '../components/LazyStatusPage';

const RESTRICTED_PAGES = ['/password', '/totp'];

/** Everything inside needs a signed-in user; a pending password change or second factor comes first. */
export function SignedIn() {
  const me = useMe();
  const location = useLocation();
  const signedIn = me.isSuccess;
  useEffect(() => {
    if (signedIn) prefetchShellFor(location.pathname);
    // Once per sign-in: later navigations load their own pages.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signedIn]);
  if (me.isPending) return <PageLoading />;
  if (me.isError) {
    const e = me.error;
    if (e instanceof ApiError && e.status === 401) return <Navigate to={loginUrl(location.pathname + location.search)} replace />;
    return <StatusPage kind={e instanceof ApiError && e.code === 'OFFLINE' ? 'offline' : 'error'} />;
  }
  if (me.data.restriction && !RESTRICTED_PAGES.includes(location.pathname)) return <Navigate to={homeFor(me.data)} replace />;
  return <Outlet />;
}

/**
 * A console page for the holders of a policy action (`<module>.<key>`), as /api/me's permissions say —
 * the same table the server enforces, so the page and its API agree. No action: every console user.
 */
export function RequirePermission({ action, children }: { action?: string; children: ReactNode }) {
  const me = useSignedIn();
  if (action && !can(me, action)) return <StatusPage kind="forbidden" />;
  return children;
}

export function RequireConsole({ children }: { children: ReactNode }) {
  const me = useSignedIn();
  if (!isConsoleUser(me)) return <StatusPage kind="forbidden" />;
  return children;
}
