import type { AuthContext } from '../../platform/auth/context';
import type { Services } from '../../platform/services';
import { todayLocal } from '../../platform/time';
import { WorklistPolicy } from './policy';
import * as repo from './repository';
import type { PendingWorkView } from './schemas';

export async function pendingWork(svc: Services, auth: AuthContext): Promise<PendingWorkView> {
  const reach = await svc.guard.reach(auth, WorklistPolicy.pending);
  const [reflectionsToReview, leaveRequests, overdueLoans] = await Promise.all([
    repo.countReflectionsToReview(svc.db, reach),
    repo.countLeaveRequests(svc.db, reach),
    repo.countOverdueLoans(svc.db, reach, todayLocal()),
  ]);
  return { reflectionsToReview, leaveRequests, overdueLoans };
}
