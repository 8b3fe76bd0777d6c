import { definePolicy } from '../../platform/policy';
import { ROLES } from '../../platform/roles';

/** Roles that read the roster of their subtree (the system administrator: to link accounts to members). */
const rosterReaders = ['clerk', 'leader', 'secretary', 'inspector', 'sysadmin'] as const;
/** Roles that change units in their subtree (the unit tree is the system administrator's too). */
const unitWriters = ['clerk', 'sysadmin'] as const;

export const OrgPolicy = definePolicy('org', {
  // The unit tree is also the security admin's (to scope roles) and the audit admin's
  // (to read the log); every signed-in member sees their own unit.
  viewUnits: {
    label: '查看单位',
    grants: [
      { roles: [...rosterReaders, 'secadmin', 'auditadmin'], scope: 'subtree' },
      { roles: ROLES, scope: 'own' },
    ],
  },
  manageUnits: { label: '管理单位', grants: [{ roles: unitWriters, scope: 'subtree' }] },
  viewRoster: { label: '查看干部名册', grants: [{ roles: rosterReaders, scope: 'subtree' }] },
  /** One member's record: anyone's own, or a roster reader's over its unit. */
  viewMember: {
    label: '查看干部信息',
    grants: [
      { roles: rosterReaders, scope: 'subtree' },
      { roles: ROLES, scope: 'own' },
    ],
  },
  // The roster is business data: 党建办's, not the system administrator's (defect 4b).
  editRoster: { label: '维护干部名册', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
});
