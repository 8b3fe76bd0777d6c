// The plain sign-in form (issue 11: no antd on the phone's first page) checks its fields itself.
import { describe, expect, it } from 'vitest';
import { loginErrors } from './validate';

describe('the sign-in form', () => {
  it('asks for the username and the password, in Chinese, before sending anything', () => {
    expect(loginErrors({ username: '', password: '', totp: '' }, false)).toEqual({ username: '请输入用户名', password: '请输入密码' });
  });
  it('takes a username of spaces as missing, but a password of spaces as typed', () => {
    expect(loginErrors({ username: '   ', password: '   ', totp: '' }, false)).toEqual({ username: '请输入用户名' });
  });
  it('wants six digits once the server asks for the second factor, and only then', () => {
    expect(loginErrors({ username: 'member', password: 'x', totp: '12345' }, true)).toEqual({ totp: '手机验证器上的 6 位数字' });
    expect(loginErrors({ username: 'member', password: 'x', totp: ' 123456 ' }, true)).toEqual({});
    expect(loginErrors({ username: 'member', password: 'x', totp: '' }, false)).toEqual({});
  });
});
