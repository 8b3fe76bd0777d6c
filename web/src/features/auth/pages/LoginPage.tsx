import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Form, Input } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../../api/client';
import { homeFor, safeNext } from '../../../api/session';
import { useLogin, type LoginInput } from '../api';
import { AuthCard } from '../components/AuthCard';
import { S } from '../strings';

export default function LoginPage() {
  const [form] = Form.useForm<LoginInput>();
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const login = useLogin();

  const submit = (values: LoginInput) => {
    setError(null);
    login.mutate(
      { username: values.username.trim(), password: values.password, totp: needTotp ? values.totp?.trim() : undefined },
      {
        onSuccess: (me) => {
          const next = safeNext(params.get('next'));
          void navigate(me.restriction ? homeFor(me) : (next ?? homeFor(me)), { replace: true });
        },
        onError: (e) => {
          if (e instanceof ApiError && (e.code === 'TOTP_REQUIRED' || e.code === 'TOTP_INVALID')) {
            setNeedTotp(true);
            if (e.code === 'TOTP_REQUIRED') {
              setError(null);
              return;
            }
          }
          setError(errorMessage(e));
        },
      },
    );
  };

  return (
    <AuthCard title={S.signInTitle}>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        data-testid="login-form"
        size="large"
        // A slip's QR code opens /login?u=<username>: the cadre types only the password.
        initialValues={{ username: params.get('u')?.slice(0, 64) ?? '' }}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form.Item label={S.username} name="username" rules={[{ required: true, whitespace: true, message: S.required(S.username) }]}>
          <Input prefix={<UserOutlined />} placeholder={S.usernamePlaceholder} autoComplete="username" autoCapitalize="none" data-testid="login-username" />
        </Form.Item>
        <Form.Item label={S.password} name="password" rules={[{ required: true, message: S.required(S.password) }]}>
          <Input.Password prefix={<LockOutlined />} placeholder={S.passwordPlaceholder} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        {needTotp && (
          <Form.Item label={S.totp} name="totp" extra={S.totpHint} rules={[{ required: true, pattern: /^\d{6}$/, message: S.totpPlaceholder }]}>
            <Input prefix={<SafetyOutlined />} placeholder={S.totpPlaceholder} inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus data-testid="login-totp" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
          {S.signIn}
        </Button>
      </Form>
    </AuthCard>
  );
}
