import { useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { CloseCircleFilled, EyeInvisibleOutlined, EyeOutlined, LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../../api/client';
import { homeFor, safeNext } from '../../../api/session';
import { useLogin } from '../api';
import { loginErrors, type LoginValues as Values } from '../validate';
import { AuthCard } from '../components/AuthCard';
import { S } from '../strings';

// The first page a cadre sees after scanning a QR code, often on a slow line: plain elements and the
// app's CSS (global.css, `sx-*`), no antd, so it shows as soon as the app's first chunk has arrived.

function Field({ id, label, error, extra, children }: { id: string; label: string; error?: string; extra?: string; children: ReactNode }) {
  return (
    <div className={`sx-field${error ? ' sx-field-error' : ''}`}>
      <label className="sx-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error && (
        <div className="sx-field-message" id={`${id}-error`} role="alert">
          {error}
        </div>
      )}
      {extra && <div className="sx-field-extra">{extra}</div>}
    </div>
  );
}

export default function LoginPage() {
  const [params] = useSearchParams();
  // A slip's QR code opens /login?u=<username>: the cadre types only the password.
  const [values, setValues] = useState<Values>(() => ({ username: params.get('u')?.slice(0, 64) ?? '', password: '', totp: '' }));
  const [submitted, setSubmitted] = useState(false);
  const [showPassword, setShowPassword] = useState(false);
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const login = useLogin();
  const errors = submitted ? loginErrors(values, needTotp) : {};
  const set = (key: keyof Values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (login.isPending || Object.keys(loginErrors(values, needTotp)).length > 0) return;
    setError(null);
    login.mutate(
      { username: values.username.trim(), password: values.password, totp: needTotp ? values.totp.trim() : undefined },
      {
        onSuccess: (me) => {
          const next = safeNext(params.get('next'));
          void navigate(me.restriction ? homeFor(me) : (next ?? homeFor(me)), { replace: true });
        },
        onError: (err) => {
          if (err instanceof ApiError && (err.code === 'TOTP_REQUIRED' || err.code === 'TOTP_INVALID')) {
            setNeedTotp(true);
            if (err.code === 'TOTP_REQUIRED') {
              // The new field starts clean: its message shows after the next submit.
              setSubmitted(false);
              setError(null);
              return;
            }
          }
          setError(errorMessage(err));
        },
      },
    );
  };

  return (
    <AuthCard title={S.signInTitle}>
      <form className="sx-form" onSubmit={submit} noValidate data-testid="login-form">
        {error && (
          <div className="sx-alert sx-alert-error" role="alert" data-testid="login-error">
            <CloseCircleFilled className="sx-alert-icon" />
            {error}
          </div>
        )}
        <Field id="login-username" label={S.username} error={errors.username}>
          <span className="sx-input">
            <UserOutlined className="sx-input-prefix" />
            <input
              id="login-username"
              name="username"
              value={values.username}
              onChange={set('username')}
              placeholder={S.usernamePlaceholder}
              autoComplete="username"
              autoCapitalize="none"
              aria-invalid={errors.username ? true : undefined}
              data-testid="login-username"
            />
          </span>
        </Field>
        <Field id="login-password" label={S.password} error={errors.password}>
          <span className="sx-input">
            <LockOutlined className="sx-input-prefix" />
            <input
              id="login-password"
              name="password"
              type={showPassword ? 'text' : 'password'}
              value={values.password}
              onChange={set('password')}
              placeholder={S.passwordPlaceholder}
              autoComplete="current-password"
              aria-invalid={errors.password ? true : undefined}
              data-testid="login-password"
            />
            <button type="button" className="sx-input-suffix" onClick={() => setShowPassword((s) => !s)} aria-label={showPassword ? S.hidePassword : S.showPassword}>
              {showPassword ? <EyeOutlined /> : <EyeInvisibleOutlined />}
            </button>
          </span>
        </Field>
        {needTotp && (
          <Field id="login-totp" label={S.totp} error={errors.totp} extra={S.totpHint}>
            <span className="sx-input">
              <SafetyOutlined className="sx-input-prefix" />
              <input
                id="login-totp"
                name="totp"
                value={values.totp}
                onChange={set('totp')}
                placeholder={S.totpPlaceholder}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                autoFocus
                aria-invalid={errors.totp ? true : undefined}
                data-testid="login-totp"
              />
            </span>
          </Field>
        )}
        <button type="submit" className="sx-button-primary" disabled={login.isPending} aria-busy={login.isPending} data-testid="login-submit">
          {login.isPending && <span className="sx-button-spinner" aria-hidden="true" />}
          {S.signIn}
        </button>
      </form>
    </AuthCard>
  );
}
