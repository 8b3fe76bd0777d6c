import { definePolicy } from '../../platform/policy';
import { ROLES } from '../../platform/roles';

/** Everyone signed in, on their own loans and holds. */
const self = { roles: ROLES, scope: 'own' } as const;
/**
 * Clerks keep the catalog and the rooms of their subtree. The system administrator does no business
 * (三员分立): no catalog, loans, stocktakes or reading-room figures.
 */
const catalogers = ['clerk'] as const;
const reportReaders = ['clerk', 'leader', 'secretary', 'inspector'] as const;

export const LibraryPolicy = definePolicy('library', {
  viewCatalog: { label: '查看馆藏目录', grants: [{ roles: ROLES, scope: 'any' }] },
  catalog: { label: '编目与馆藏管理', grants: [{ roles: catalogers, scope: 'subtree' }] },
  setRules: { label: '设置流通规则', grants: [{ roles: catalogers, scope: 'any' }] },
  // Borrowing is for oneself; the room must also lie in the borrower's own town unless
  // the setting library.borrowAcrossTowns allows any room (circulation/service).
  borrow: { label: '借阅', grants: [self] },
  returnOwn: { label: '归还（本人）', grants: [self] },
  /** A loan: its borrower, or a clerk over the room that lent it. */
  renew: { label: '续借', grants: [self, { roles: ['clerk'], scope: 'subtree' }] },
  hold: { label: '预约', grants: [self] },
  /** A hold: its member, or a clerk over the member's unit. */
  cancelHold: { label: '取消预约', grants: [self, { roles: ['clerk'], scope: 'subtree' }] },
  myLoans: { label: '查看本人借阅与预约', grants: [self] },
  /** The service desk: the copy's room must be the clerk's, and the member within the clerk's roster. */
  desk: { label: '服务台借还', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
  viewOverdue: { label: '查看逾期未还', grants: [self, { roles: ['clerk', 'leader', 'secretary'], scope: 'subtree' }] },
  reports: { label: '查看阅览室统计', grants: [{ roles: reportReaders, scope: 'subtree' }] },
  stocktake: { label: '盘点', grants: [{ roles: catalogers, scope: 'subtree' }] },
});
