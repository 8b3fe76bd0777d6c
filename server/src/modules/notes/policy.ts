import { definePolicy } from '../../platform/policy';
import { BUSINESS_ROLES } from '../../platform/roles';

// Notes are a member's own; what colleagues may read is the note's visibility
// (its author's unit, or their town), checked in the notes service.
export const NotePolicy = definePolicy('notes', {
  read: { label: '查看学习笔记（本人的及同事共享的）', grants: [{ roles: BUSINESS_ROLES, scope: 'own' }] },
  write: { label: '记录学习笔记', grants: [{ roles: BUSINESS_ROLES, scope: 'own' }] },
});
