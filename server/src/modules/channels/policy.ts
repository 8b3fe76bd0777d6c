import { definePolicy } from '../../platform/policy';
import { ROLES } from '../../platform/roles';

export const ChannelPolicy = definePolicy('channels', {
  /** Outgoing channels: a clerk those of their subtree (a district clerk: every town's). Not the 三员 (defect 4b). */
  manage: { label: '管理通知通道', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
  preferences: { label: '设置本人提醒', grants: [{ roles: ROLES, scope: 'own' }] },
});
