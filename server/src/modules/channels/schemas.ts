import { Type, type Static } from 'typebox';

export const CHANNEL_KINDS = { wecom: '企业微信群机器人', dingtalk: '钉钉群机器人', smtp: '电子邮件（SMTP）' } as const;

/** Notice kinds the console offers for a channel; '*' is every kind. */
export const EVENT_LABELS: Record<string, string> = {
  '*': '全部通知',
  'study.plan-missing': '月初：制定本月阅读计划',
  'study.evening': '每晚：当日学习未达标',
  'study.month-end': '月末：本月计划的书未读完',
  'loan-due': '借阅：图书即将到期 / 今天到期',
  'loan-overdue': '借阅：图书已逾期',
  'hold-ready': '借阅：预约的书已到',
  'seminar.speaker': '研讨会：提醒发言人准备（提前一周、前一天）',
  'seminar.attend': '研讨会：会前一天提醒参会',
  'lecture.attend': '党课：课前一天提醒听课',
  'seminar.evaluation-due': '研讨会：会后仍无书记评',
  'display.screen-dark': '大屏：屏幕离线（超过设定时间未联系）',
};

const Kind = Type.Union([Type.Literal('wecom'), Type.Literal('dingtalk'), Type.Literal('smtp')]);
const Events = Type.Array(Type.String({ pattern: '^(\\*|[a-z][a-z0-9.-]{0,60})$' }), { minItems: 1, maxItems: 30 });
const Url = Type.String({ minLength: 1, maxLength: 1000 });

/** What the API shows of a channel's configuration: secrets only masked. */
export const ChannelConfigView = Type.Object({
  webhookUrl: Type.Optional(Type.String()),
  format: Type.Optional(Type.String()),
  hasSecret: Type.Optional(Type.Boolean()),
  host: Type.Optional(Type.String()),
  port: Type.Optional(Type.Integer()),
  secure: Type.Optional(Type.Boolean()),
  user: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  hasPassword: Type.Optional(Type.Boolean()),
  from: Type.Optional(Type.String()),
});

export const DeliveryCounts = Type.Object({ pending: Type.Integer(), sending: Type.Integer(), sent: Type.Integer(), failed: Type.Integer() });

export const ChannelDto = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  kindLabel: Type.String(),
  name: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  config: ChannelConfigView,
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
  counts: DeliveryCounts,
  lastError: Type.Union([Type.String(), Type.Null()]),
});
export type ChannelView = Static<typeof ChannelDto>;

/**
 * Configuration as sent by the form. On create every required field of the
 * kind must be there; on update a secret left out (or the webhook URL left
 * out) keeps the stored one, and null removes an optional secret.
 */
export const ChannelConfigInput = Type.Object(
  {
    webhookUrl: Type.Optional(Url),
    format: Type.Optional(Type.Union([Type.Literal('text'), Type.Literal('markdown')])),
    secret: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    host: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    secure: Type.Optional(Type.Boolean()),
    user: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    password: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    from: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ChannelConfigIn = Static<typeof ChannelConfigInput>;

export const ChannelCreateBody = Type.Object(
  {
    kind: Kind,
    name: Type.String({ minLength: 1, maxLength: 60 }),
    unitId: Type.Integer(),
    config: ChannelConfigInput,
    events: Events,
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ChannelCreate = Static<typeof ChannelCreateBody>;

export const ChannelUpdateBody = Type.Object(
  {
    version: Type.Integer(),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    unitId: Type.Optional(Type.Integer()),
    config: Type.Optional(ChannelConfigInput),
    events: Type.Optional(Events),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ChannelUpdate = Static<typeof ChannelUpdateBody>;

export const TestSendBody = Type.Object(
  {
    /** E-mail channels: where the test goes (default: the signed-in member's own address). */
    to: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const TestSendResult = Type.Object({ ok: Type.Boolean(), error: Type.Union([Type.String(), Type.Null()]), deliveryId: Type.Integer() });

export const DeliveryDto = Type.Object({
  id: Type.Integer(),
  channelId: Type.Integer(),
  kind: Type.String(),
  kindLabel: Type.String(),
  recipient: Type.String(),
  subject: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Type.String(),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type DeliveryView = Static<typeof DeliveryDto>;

export const DeliveryQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('failed')])),
    page: Type.Optional(Type.Integer({ minimum: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const DeliveryPage = Type.Object({ items: Type.Array(DeliveryDto), total: Type.Integer() });

export const ChannelMeta = Type.Object({
  kinds: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
  events: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
});

export const PreferencesDto = Type.Object({
  /** The evening reminder when today's study is under the target. */
  eveningReminder: Type.Boolean(),
});
export type Preferences = Static<typeof PreferencesDto>;
export const PreferencesBody = Type.Object({ eveningReminder: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
