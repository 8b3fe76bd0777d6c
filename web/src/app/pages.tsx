import { Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router';
import type { Role } from '../api/types';
import { RequireRole } from './guards';
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

/** A console page that only these roles may open (the server checks again). */
export function guardedPage(roles: Role[], Component: LazyExoticComponent<ComponentType>) {
  return <RequireRole roles={roles}>{page(Component)}</RequireRole>;
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
