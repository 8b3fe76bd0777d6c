import { useState, type ComponentType, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
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

/**
 * One labelled input of the form: the label, the input in its frame with an icon before it (and a button
 * after it, for the password's eye), and the field's message under it. The input's id and test id are
 * `login-<name>`, and it points at its message when there is one.
 */
function LoginField({
  name,
  label,
  icon: Icon,
  error,
  extra,
  suffix,
  ...input
}: { name: keyof Values; label: string; icon: ComponentType<{ className?: string }>; error?: string; extra?: string; suffix?: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'>) {
  const id = `login-${name}`;
  return (
    <div className={`sx-field${error ? ' sx-field-error' : ''}`}>
      <label className="sx-label" htmlFor={id}>
        {label}
      </label>
      <span className="sx-input">
        <Icon className="sx-input-prefix" />
        <input {...input} id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} data-testid={id} />
        {suffix}
      </span>
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
        <LoginField name="username" label={S.username} icon={UserOutlined} error={errors.username} value={values.username} onChange={set('username')} placeholder={S.usernamePlaceholder} autoComplete="username" autoCapitalize="none" />
        <LoginField
          name="password"
          label={S.password}
          icon={LockOutlined}
          error={errors.password}
          type={showPassword ? 'text' : 'password'}
          value={values.password}
          onChange={set('password')}
          placeholder={S.passwordPlaceholder}
          autoComplete="current-password"
          suffix={
            <button type="button" className="sx-input-suffix" onClick={() => setShowPassword((s) => !s)} aria-label={showPassword ? S.hidePassword : S.showPassword}>
              {showPassword ? <EyeOutlined /> : <EyeInvisibleOutlined />}
            </button>
          }
        />
        {needTotp && (
          <LoginField
            name="totp"
            label={S.totp}
            icon={SafetyOutlined}
            error={errors.totp}
            extra={S.totpHint}
            value={values.totp}
            onChange={set('totp')}
            placeholder={S.totpPlaceholder}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            autoFocus
          />
        )}
        <button type="submit" className="sx-button-primary" disabled={login.isPending} aria-busy={login.isPending} data-testid="login-submit">
          {login.isPending && <span className="sx-button-spinner" aria-hidden="true" />}
          {S.signIn}
        </button>
      </form>
    </AuthCard>
  );
}
