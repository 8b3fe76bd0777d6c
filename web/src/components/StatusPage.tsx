import { Button, Result } from 'antd';
import { AntdProviders } from '../app/AntdShell';
import { S } from './strings';

export type Kind = 'forbidden' | 'notFound' | 'offline' | 'error';

const CONTENT: Record<Kind, { status: '403' | '404' | 'warning' | 'error'; title: string; text: string }> = {
  forbidden: { status: '403', title: S.forbiddenTitle, text: S.forbiddenText },
  notFound: { status: '404', title: S.notFoundTitle, text: S.notFoundText },
  offline: { status: 'warning', title: S.offlineTitle, text: S.offlineText },
  error: { status: 'error', title: S.errorTitle, text: S.errorText },
};

/** The friendly 403 / 404 / offline / error page, always with a way back. */
export function StatusPage({ kind }: { kind: Kind }) {
  const c = CONTENT[kind];
  const reload = kind === 'offline' || kind === 'error';
  return (
    <Result
      status={c.status}
      title={c.title}
      subTitle={c.text}
      data-testid={`status-${kind}`}
      extra={[
        reload ? (
          <Button key="reload" type="primary" onClick={() => window.location.reload()}>
            {S.retry}
          </Button>
        ) : null,
        <Button key="home" type={reload ? 'default' : 'primary'} href="/">
          {S.backHome}
        </Button>,
      ]}
    />
  );
}

/** With antd's theme around it: for the app's own chunk, which loads this module lazily (LazyStatusPage). */
export default function ThemedStatusPage({ kind }: { kind: Kind }) {
  return (
    <AntdProviders>
      <StatusPage kind={kind} />
    </AntdProviders>
  );
}
