import { Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from './guards';
import { PageLoading } from '../components/PageLoading';
import type { NavItem } from './nav';

/** A lazily loaded page with the shared loading state. */
export function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<PageLoading />}>
      <Component />
    </Suspense>
  );
}

/** A console page that only the holders of this policy action may open (the server checks again). */
export function guardedPage(action: string, Component: LazyExoticComponent<ComponentType>) {
  return <RequirePermission action={action}>{page(Component)}</RequirePermission>;
}

/**
 * What a feature adds to the app: pages in the phone shell, pages under
 * /console (paths relative to it) and entries of the console menu.
 */
export interface FeatureRoutes {
  memberRoutes: RouteObject[];
  consoleRoutes: RouteObject[];
  consoleNav: NavItem[];
}
