import { definePolicy } from '../../platform/policy';
import { ROLES } from '../../platform/roles';

/** Everyone signed in acts on their own account only. */
const self = [{ roles: ROLES, scope: 'own' }] as const;

export const AuthPolicy = definePolicy('auth', {
  logout: { label: '退出登录', grants: self },
  me: { label: '查看本人账号', grants: self },
  changePassword: { label: '修改本人密码', grants: self },
  totp: { label: '设置本人动态口令', grants: self },
});
