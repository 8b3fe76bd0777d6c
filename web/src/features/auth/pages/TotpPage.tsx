import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { errorMessage } from '../../../api/client';
import { homeFor, useSignedIn, useSignOut } from '../../../api/session';
import { toastSuccess } from '../../../components/feedback';
import { useTotpEnable, useTotpSetup } from '../api';
import { AuthCard } from '../components/AuthCard';
import { S } from '../strings';

export default function TotpPage() {
  const me = useSignedIn();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const setup = useTotpSetup();
  const enable = useTotpEnable();
  const [error, setError] = useState<string | null>(null);

  const submit = ({ code }: { code: string }) => {
    setError(null);
    enable.mutate(code.trim(), {
      onSuccess: (fresh) => {
        toastSuccess(S.totpEnabled);
        void navigate(homeFor(fresh), { replace: true });
      },
      onError: (e) => setError(errorMessage(e)),
    });
  };

  return (
    <AuthCard title={S.totpTitle}>
      {me.restriction?.code === 'TOTP_SETUP_REQUIRED' && <Alert type="warning" showIcon title={me.restriction.message} style={{ marginBottom: 16 }} />}
      {me.user.totpEnabled ? (
        <Alert type="success" showIcon title={S.totpAlready} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{S.totpIntro}</Typography.Paragraph>
          {!setup.data ? (
            <Form<{ password: string }>
              layout="vertical"
              requiredMark={false}
              size="large"
              onFinish={({ password }) => {
                setError(null);
                setup.mutate({ password }, { onError: (e) => setError(errorMessage(e)) });
              }}
            >
              {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="totp-error" />}
              <Form.Item label={S.password} name="password" extra={S.reauthIntro} rules={[{ required: true, message: S.required(S.password) }]}>
                <Input.Password autoComplete="current-password" data-testid="totp-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={setup.isPending} data-testid="totp-start">
                {S.totpStart}
              </Button>
            </Form>
          ) : (
            <>
              <div style={{ textAlign: 'center' }}>
                <img src={setup.data.qrDataUrl} alt={S.qrAlt} width={220} height={220} style={{ maxWidth: '100%', height: 'auto' }} data-testid="totp-qr" />
              </div>
              <Typography.Paragraph style={{ marginTop: 8 }}>
                <Typography.Text type="secondary">{S.totpSecret}</Typography.Text>
                <br />
                <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="totp-secret">
                  {setup.data.secret}
                </Typography.Text>
              </Typography.Paragraph>
              <Form layout="vertical" requiredMark={false} onFinish={submit} size="large">
                {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
                <Form.Item label={S.totpCode} name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: S.totpCodeInvalid }]}>
                  <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="totp-code" />
                </Form.Item>
                <Button type="primary" htmlType="submit" block loading={enable.isPending} data-testid="totp-enable">
                  {S.totpEnable}
                </Button>
              </Form>
            </>
          )}
        </>
      )}
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        {me.restriction ? (
          <Typography.Link onClick={() => void signOut()}>{S.signOut}</Typography.Link>
        ) : (
          <Typography.Link onClick={() => void navigate(homeFor(me))}>{S.back}</Typography.Link>
        )}
      </div>
    </AuthCard>
  );
}
