import { definePolicy } from '../../platform/policy';
import { ROLES } from '../../platform/roles';
import { SETTINGS } from '../../platform/settings';

/** Roles that may change at least one setting (each setting names its own editors). */
const settingEditors = [...new Set(SETTINGS.flatMap((s) => s.editors))];

// Accounts belong to no unit: the administrators act on every account ('any').
// 等保 三员分立: the system administrator keeps accounts, the security administrator
// roles and second factors, the audit administrator alone reads the audit log.
export const AdminPolicy = definePolicy('admin', {
  listRoles: { label: '查看角色列表', grants: [{ roles: ROLES, scope: 'any' }] },
  listUsers: { label: '查看账号列表', grants: [{ roles: ['sysadmin', 'secadmin'], scope: 'any' }] },
  manageUsers: { label: '新建、修改账号与重置密码', grants: [{ roles: ['sysadmin'], scope: 'any' }] },
  unlockUser: { label: '解除登录锁定', grants: [{ roles: ['sysadmin', 'secadmin'], scope: 'any' }] },
  resetTotp: { label: '解绑动态口令', grants: [{ roles: ['secadmin'], scope: 'any' }] },
  setRoles: { label: '设置账号角色', grants: [{ roles: ['secadmin'], scope: 'any' }] },
  viewSettings: { label: '查看设置项', grants: [{ roles: ROLES, scope: 'any' }] },
  editSettings: { label: '修改设置项', grants: [{ roles: settingEditors, scope: 'any' }] },
  viewAudit: { label: '查看审计日志', grants: [{ roles: ['auditadmin'], scope: 'any' }] },
});
