// The chunks a signed-in page waits for, one after the other (antd's shell, then the layout, then the
// page): fetched together once /api/me has answered, so the wait is one round trip, not three. Not from
// the sign-in page: there they would queue the sign-in request behind them (six connections per host).
export const loadAntdShell = () => import('./AntdShell');
export const loadMemberLayout = () => import('./MemberLayout');
export const loadMemberHome = () => import('../features/home/pages/MemberHomePage');

/**
 * On a signed-in visit: the phone layout alongside the page's own shell, not after it. The member home
 * and its layout are plain elements (issue 11: the phone's first load), so on `/` antd is not fetched
 * at all before the home shows; every other member page sits under AntdShell inside the layout.
 */
export function prefetchShellFor(pathname: string) {
  if (pathname.startsWith('/console') || pathname === '/password' || pathname === '/totp') return;
  void loadMemberLayout();
  if (pathname === '/') void loadMemberHome();
  else void loadAntdShell();
}

// The pages the home's tab bar opens: each brings antd (through AntdShell) the first time.
const TAB_PAGES = [
  () => import('../features/library/pages/SearchPage'),
  () => import('../features/study/pages/StudyPage'),
  () => import('../features/reflections/pages/MyReflectionsPage'),
  () => import('../features/home/pages/ProfilePage'),
];

let prefetched = false;
/**
 * After the member home is shown and its cards have their data, while the browser is idle: antd's shell
 * and the tab bar's pages, so the first tap does not wait for them. A failure is harmless: the route
 * loads its chunk again when it is opened.
 */
export function prefetchMemberPages() {
  // A phone on a data saver fetches pages only when they are opened.
  if (prefetched || (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData) return;
  prefetched = true;
  const load = () => {
    for (const l of [loadAntdShell, ...TAB_PAGES]) l().catch(() => undefined);
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(load, { timeout: 5000 });
  else setTimeout(load, 1000);
}
