import { lazy, Suspense } from 'react';
import { PageLoading } from './PageLoading';
import type { Kind } from './StatusPage';

const ThemedStatusPage = lazy(() => import('./StatusPage'));

/** The 403 / 404 / offline / error page for the app's own chunk: antd comes with it, only when it is shown. */
export function LazyStatusPage({ kind }: { kind: Kind }) {
  return (
    <Suspense fallback={<PageLoading />}>
      <ThemedStatusPage kind={kind} />
    </Suspense>
  );
}
