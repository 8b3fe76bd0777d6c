import { useEffect, type ReactNode } from 'react';
import { Outlet } from 'react-router';
import { App, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import './dayjs-zh';
import { setMessageApi } from '../components/feedback';
import { theme } from './theme';

// antd and its theme load with the first page that needs them, not with the app: the sign-in page (a
// scanned QR code on a slow line) and the member home are plain elements and never wait for them.

function MessageBridge() {
  const { message } = App.useApp();
  useEffect(() => {
    setMessageApi(message);
    return () => setMessageApi(null);
  }, [message]);
  return null;
}

/** antd's theme, locale and App context (messages, modals) around a subtree. */
export function AntdProviders({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider locale={zhCN} theme={theme}>
      <App>{children}</App>
    </ConfigProvider>
  );
}

/** The route element above every page built with antd; toasts from the query caches go through it. */
export default function AntdShell() {
  return (
    <AntdProviders>
      <MessageBridge />
      <Outlet />
    </AntdProviders>
  );
}
