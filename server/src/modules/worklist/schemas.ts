import { Type, type Static } from 'typebox';

export const PendingWork = Type.Object({
  reflectionsToReview: Type.Integer(),
  leaveRequests: Type.Integer(),
  overdueLoans: Type.Integer(),
});
export type PendingWorkView = Static<typeof PendingWork>;
