// The chunks a signed-in page waits for, one after the other (antd's shell, then the layout, then the
// page): fetched together once /api/me has answered, so the wait is one round trip, not three. Not from
// the sign-in page: there they would queue the sign-in request behind them (six connections per host).
export const loadAntdShell = () => import('./AntdShell');
export const loadMemberLayout = () => import('./MemberLayout');
export const loadMemberHome = () => import('../features/home/pages/MemberHomePage');

/** On a signed-in visit: the phone layout (and the home) alongside antd's shell, not after it. */
export function prefetchShellFor(pathname: string) {
  if (pathname.startsWith('/console') || pathname === '/password' || pathname === '/totp') return;
  void loadMemberLayout();
  if (pathname === '/') void loadMemberHome();
}
