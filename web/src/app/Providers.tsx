import { useEffect, useState, type ReactNode } from 'react';
import { App, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { setMessageApi, toastError } from '../components/feedback';
import { theme } from './theme';

dayjs.locale('zh-cn');

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

function MessageBridge() {
  const { message } = App.useApp();
  useEffect(() => {
    setMessageApi(message);
    return () => setMessageApi(null);
  }, [message]);
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeClient);
  return (
    <ConfigProvider locale={zhCN} theme={theme}>
      <App>
        <MessageBridge />
        <QueryClientProvider client={client}>{children}</QueryClientProvider>
      </App>
    </ConfigProvider>
  );
}
