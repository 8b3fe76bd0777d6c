// Display labels for the server's enumerations. Each map is typed as the server's
// own constant, so tsc fails here the moment the two disagree.
import type { CATEGORIES, UNIT_KINDS } from '../../../server/src/modules/org/schemas';

export const CATEGORY_LABELS: typeof CATEGORIES = { leader: '领导干部', party: '党员', staff: '普通职工' };
export const UNIT_KIND_LABELS: typeof UNIT_KINDS = { district: '区', town: '镇', office: '部门', village: '村', other: '其他' };

export const categoryLabel = (c: string) => (CATEGORY_LABELS as Record<string, string>)[c] ?? c;
export const unitKindLabel = (k: string) => (UNIT_KIND_LABELS as Record<string, string>)[k] ?? k;
