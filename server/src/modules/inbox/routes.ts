import { authOf, type Module } from '../../platform/http';
import { InboxPolicy } from './policy';
import { IdParams, InboxDto, InboxQuery, Ok } from './schemas';
import * as service from './service';

const tags = ['inbox'];

const routes: Module = async (app, { svc }) => {
  app.get(
    '/notifications',
    { config: { policy: InboxPolicy.read }, schema: { tags, summary: '我的消息', querystring: InboxQuery, response: { 200: InboxDto } } },
    async (req) => service.list(svc, authOf(req), req.query),
  );

  app.post('/notifications/:id/read', { config: { policy: InboxPolicy.read }, schema: { tags, summary: '标为已读', params: IdParams, response: { 200: Ok } } }, async (req) =>
    service.markRead(svc, authOf(req), req.params.id),
  );

  app.post('/notifications/read-all', { config: { policy: InboxPolicy.read }, schema: { tags, summary: '全部标为已读', response: { 200: Ok } } }, async (req) =>
    service.markAllRead(svc, authOf(req)),
  );
};

export default routes;
