export const ROLES = ['member', 'leader', 'secretary', 'clerk', 'inspector', 'sysadmin', 'secadmin', 'auditadmin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  member: '干部',
  leader: '领导小组',
  secretary: '书记',
  clerk: '党建办',
  inspector: '验收组（效能办/党政办）',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditadmin: '审计管理员',
};

/** 等保 三员: the three separated administrators. */
export const ADMIN_ROLES: Role[] = ['sysadmin', 'secadmin', 'auditadmin'];

/**
 * Everyone but the three administrators: the roles business actions are granted to. The 三员
 * hold no business permission (issue 12 defect 4), not even on a record of their own.
 */
export const BUSINESS_ROLES: Role[] = ROLES.filter((r) => !ADMIN_ROLES.includes(r));

/** Roles that act over a unit subtree (their assignment's unit and everything under it). */
export const SCOPED_ROLES: Role[] = ['leader', 'secretary', 'clerk', 'inspector'];

export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
