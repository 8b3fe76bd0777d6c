import { useState, type ReactNode } from 'react';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { toastError } from '../components/feedback';

// No antd here: the app's first chunk stays small. antd's theme and App context are set up by
// AntdShell (app/AntdShell.tsx), the lazily loaded route element above every antd page.

declare module '@tanstack/react-query' {
  interface Register {
    /** `silent`: the caller shows the error itself (forms with inline messages). */
    mutationMeta: { silent?: boolean };
  }
}

function makeClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: (e) => toastError(e) }),
    mutationCache: new MutationCache({
      onError: (e, _v, _c, mutation) => {
        if (!mutation.meta?.silent) toastError(e);
      },
    }),
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        // A refusal will not change on retry; only lost connections are worth another go.
        retry: (count, e) => count < 2 && e instanceof ApiError && (e.status === 0 || e.status >= 500),
      },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
