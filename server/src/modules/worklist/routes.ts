import { authOf, type Module } from '../../platform/http';
import { WorklistPolicy } from './policy';
import { PendingWork } from './schemas';
import { pendingWork } from './service';

const routes: Module = async (app, { svc }) => {
  app.get(
    '/worklist',
    { config: { policy: WorklistPolicy.pending }, schema: { tags: ['worklist'], summary: '党建办的待办：待审核心得、待批请假、逾期未还', response: { 200: PendingWork } } },
    async (req) => pendingWork(svc, authOf(req)),
  );
};

export default routes;
