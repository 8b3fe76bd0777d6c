import { definePolicy } from '../../platform/policy';
import { ROLES } from '../../platform/roles';

export const InboxPolicy = definePolicy('inbox', {
  read: { label: '查看与处理本人消息', grants: [{ roles: ROLES, scope: 'own' }] },
});
