import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { errorMessage } from '../../../api/client';
import { homeFor, useSignedIn, useSignOut } from '../../../api/session';
import { toastSuccess } from '../../../components/feedback';
import { useChangePassword } from '../api';
import { AuthCard } from '../components/AuthCard';
import { S } from '../strings';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
  totp?: string;
}

export default function PasswordPage() {
  const me = useSignedIn();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const change = useChangePassword();
  const [error, setError] = useState<string | null>(null);
  const policy = me.passwordPolicy;
  const forced = me.restriction && me.restriction.code !== 'TOTP_SETUP_REQUIRED' ? me.restriction : null;

  const submit = (v: Values) => {
    setError(null);
    change.mutate(
      { oldPassword: v.oldPassword, newPassword: v.newPassword, ...(me.user.totpEnabled ? { totp: v.totp?.trim() } : {}) },
      {
        onSuccess: (fresh) => {
          toastSuccess(S.passwordChanged);
          void navigate(homeFor(fresh), { replace: true });
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <AuthCard title={S.changePasswordTitle}>
      {forced && <Alert type="warning" showIcon title={forced.message} style={{ marginBottom: 16 }} data-testid="password-restriction" />}
      <Alert
        type="info"
        title={S.policyTitle}
        description={
          <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="password-policy">
            <li>{S.policyLength(policy.minLength)}</li>
            {policy.complexity && <li>{S.policyComplexity}</li>}
            <li>{S.policyNoUsername}</li>
          </ul>
        }
        style={{ marginBottom: 16 }}
      />
      <Form<Values> layout="vertical" requiredMark={false} onFinish={submit} size="large">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="password-error" />}
        <Form.Item label={S.oldPassword} name="oldPassword" rules={[{ required: true, message: S.required(S.oldPassword) }]}>
          <Input.Password autoComplete="current-password" data-testid="password-old" />
        </Form.Item>
        <Form.Item label={S.newPassword} name="newPassword" rules={[{ required: true, message: S.required(S.newPassword) }, { min: policy.minLength, message: S.policyLength(policy.minLength) }]}>
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          label={S.confirmPassword}
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: S.required(S.confirmPassword) },
            ({ getFieldValue }) => ({
              validator: (_, value: string) => (!value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(S.confirmMismatch))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
        {me.user.totpEnabled && (
          <Form.Item label={S.currentTotp} name="totp" extra={S.currentTotpHint} rules={[{ required: true, pattern: /^\d{6}$/, message: S.totpCodeInvalid }]}>
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="password-totp" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block loading={change.isPending} data-testid="password-submit">
          {S.savePassword}
        </Button>
      </Form>
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        {me.restriction ? (
          <Typography.Link onClick={() => void signOut()}>{S.signOut}</Typography.Link>
        ) : (
          <Typography.Link onClick={() => void navigate(-1)}>{S.back}</Typography.Link>
        )}
      </div>
    </AuthCard>
  );
}
