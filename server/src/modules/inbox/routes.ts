import { Type } from 'typebox';
import { notFound } from '../../platform/errors';
import { authOf, type Module } from '../../platform/http';
import { nowIso } from '../../platform/time';
import { InboxPolicy } from './policy';
import { goneLinks } from './repository';

const tags = ['inbox'];
const Notification = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  read: Type.Boolean(),
  /** The linked object no longer exists: the inbox shows 已删除 instead of a link. */
  gone: Type.Boolean(),
});

const routes: Module = async (app, { svc }) => {
  app.get(
    '/notifications',
    { config: { policy: InboxPolicy.read },
      schema: {
        tags,
        summary: '我的消息',
        querystring: Type.Object({ unread: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Notification), unread: Type.Integer() }) },
      },
    },
    async (req) => {
      const auth = authOf(req);
      let q = svc.db.selectFrom('notifications').selectAll().where('user_id', '=', auth.userId);
      if (req.query.unread) q = q.where('read_at', 'is', null);
      const [rows, unread] = await Promise.all([
        q.orderBy('id', 'desc').limit(req.query.limit ?? 50).execute(),
        svc.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', auth.userId).where('read_at', 'is', null).executeTakeFirstOrThrow(),
      ]);
      const gone = await goneLinks(svc.db, rows.map((n) => n.link));
      return {
        unread: Number(unread.n),
        items: rows.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, createdAt: n.created_at, read: n.read_at !== null, gone: n.link !== null && gone.has(n.link) })),
      };
    },
  );

  app.post('/notifications/:id/read', { config: { policy: InboxPolicy.read }, schema: { tags, summary: '标为已读', params: Type.Object({ id: Type.Integer() }), response: { 200: Type.Object({ ok: Type.Boolean() }) } } }, async (req) => {
    const auth = authOf(req);
    const r = await svc.db.updateTable('notifications').set({ read_at: nowIso() }).where('id', '=', req.params.id).where('user_id', '=', auth.userId).where('read_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
      const mine = await svc.db.selectFrom('notifications').select('id').where('id', '=', req.params.id).where('user_id', '=', auth.userId).executeTakeFirst();
      if (!mine) throw notFound('找不到该消息');
    }
    return { ok: true };
  });

  app.post('/notifications/read-all', { config: { policy: InboxPolicy.read }, schema: { tags, summary: '全部标为已读', response: { 200: Type.Object({ ok: Type.Boolean() }) } } }, async (req) => {
    const auth = authOf(req);
    await svc.db.updateTable('notifications').set({ read_at: nowIso() }).where('user_id', '=', auth.userId).where('read_at', 'is', null).execute();
    return { ok: true };
  });
};

export default routes;
