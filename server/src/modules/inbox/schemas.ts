import { Type, type Static } from 'typebox';

export const Notification = Type.Object({
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
export type NotificationView = Static<typeof Notification>;

export const InboxQuery = Type.Object({ unread: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false });
export const InboxDto = Type.Object({ items: Type.Array(Notification), unread: Type.Integer() });
export type InboxView = Static<typeof InboxDto>;
export const IdParams = Type.Object({ id: Type.Integer() });
export const Ok = Type.Object({ ok: Type.Boolean() });
