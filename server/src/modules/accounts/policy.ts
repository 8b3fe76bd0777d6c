import { definePolicy } from '../../platform/policy';

/**
 * Accounts are the system administrator's (三员分立: the security administrator grants
 * roles, the audit administrator reads the log); each reaches the members of its subtree.
 */
export const AccountsPolicy = definePolicy('accounts', {
  pending: { label: '查看未开通账号的干部', grants: [{ roles: ['sysadmin'], scope: 'subtree' }] },
  bulkCreate: { label: '批量开通干部账号', grants: [{ roles: ['sysadmin'], scope: 'subtree' }] },
  slips: { label: '打印初始密码凭条', grants: [{ roles: ['sysadmin'], scope: 'subtree' }] },
});
