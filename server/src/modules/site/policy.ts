import { definePolicy } from '../../platform/policy';
import { ROLES } from '../../platform/roles';

export const SitePolicy = definePolicy('site', {
  // Every signed-in page that prints or shows a QR code asks whether phones can reach it.
  publicUrl: { label: '查看对外访问地址', grants: [{ roles: ROLES, scope: 'any' }] },
});
