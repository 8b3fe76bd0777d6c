// The in-app inbox: each user reads and marks only their own notices (InboxPolicy.read, scope own);
// a notice whose object was deleted meanwhile is flagged gone, never an error.
import type { AuthContext } from '../../platform/auth/context';
import { notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { nowIso } from '../../platform/time';
import * as repo from './repository';
import type { InboxView } from './schemas';

export async function list(svc: Services, auth: AuthContext, q: { unread?: boolean; limit?: number }): Promise<InboxView> {
  const [rows, unread] = await Promise.all([repo.notices(svc.db, auth.userId, { unreadOnly: Boolean(q.unread), limit: q.limit ?? 50 }), repo.unreadCount(svc.db, auth.userId)]);
  const gone = await repo.goneLinks(svc.db, rows.map((n) => n.link));
  return {
    unread,
    items: rows.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, createdAt: n.created_at, read: n.read_at !== null, gone: n.link !== null && gone.has(n.link) })),
  };
}

export async function markRead(svc: Services, auth: AuthContext, id: number): Promise<{ ok: true }> {
  if (!(await repo.markRead(svc.db, auth.userId, id, nowIso())) && !(await repo.isMine(svc.db, auth.userId, id))) throw notFound('找不到该消息');
  return { ok: true };
}

export async function markAllRead(svc: Services, auth: AuthContext): Promise<{ ok: true }> {
  await repo.markAllRead(svc.db, auth.userId, nowIso());
  return { ok: true };
}
