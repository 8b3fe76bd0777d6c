import { S } from './strings';

export interface LoginValues {
  username: string;
  password: string;
  totp: string;
}

/** The message under each sign-in field that is not filled in right (the messages antd's form showed). */
export function loginErrors(v: LoginValues, needTotp: boolean): Partial<Record<keyof LoginValues, string>> {
  const errors: Partial<Record<keyof LoginValues, string>> = {};
  if (!v.username.trim()) errors.username = S.required(S.username);
  if (!v.password) errors.password = S.required(S.password);
  if (needTotp && !/^\d{6}$/.test(v.totp.trim())) errors.totp = S.totpPlaceholder;
  return errors;
}
