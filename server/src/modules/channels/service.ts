// Outgoing notification channels: who may set them up, how their secrets are
// kept out of the API, and the test message.
import crypto from 'node:crypto';
import type { AuthContext } from '../../platform/auth/context';
import { badRequest, conflict, notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { nowIso } from '../../platform/time';
import { absoluteLink } from './outbox';
import { CHANNEL_KINDS, EVENT_LABELS, type ChannelConfigIn, type ChannelCreate, type ChannelUpdate, type ChannelView, type DeliveryView, type Preferences } from './schemas';
import { sendThrough, type ChannelConfig, type DingtalkConfig, type SmtpConfig, type WecomConfig } from './senders';
import { ChannelPolicy } from './policy';
import * as repo from './repository';
import type { ChannelRow } from './repository';

/** Who manages channels: the system admin anywhere, the clerk (党建办) in their own subtree. */

const EMAIL_RE = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
export const isEmail = (s: string) => EMAIL_RE.test(s) && s.length <= 120;

/** Shows the start and end of a secret and hides the rest. */
export function maskSecret(s: string): string {
  if (s.length <= 8) return '****';
  return `${s.slice(0, 4)}****${s.slice(-4)}`;
}

/** A webhook URL with the values of its query (key, access_token) masked. */
export function maskUrl(raw: string): string {
  try {
    const u = new URL(raw);
    const parts = [...u.searchParams.entries()].map(([k, v]) => `${k}=${maskSecret(v)}`);
    return `${u.origin}${u.pathname}${parts.length ? `?${parts.join('&')}` : ''}`;
  } catch {
    return maskSecret(raw);
  }
}

function checkWebhookUrl(url: string | undefined): string {
  const s = url?.trim();
  if (!s) throw badRequest('请填写机器人的 Webhook 地址');
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw badRequest('Webhook 地址格式不正确，应以 https:// 开头');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw badRequest('Webhook 地址应以 https:// 开头');
  if (u.username || u.password) throw badRequest('Webhook 地址中不能含用户名和密码');
  return s;
}

/** The stored configuration of a kind from the form's input, keeping stored secrets the form left out. */
export function buildConfig(kind: string, input: ChannelConfigIn, stored?: Record<string, unknown>): ChannelConfig {
  const old = stored ?? {};
  if (kind === 'wecom') {
    const cfg: WecomConfig = {
      webhookUrl: input.webhookUrl !== undefined ? checkWebhookUrl(input.webhookUrl) : checkWebhookUrl(old.webhookUrl as string | undefined),
      format: input.format ?? (old.format as WecomConfig['format'] | undefined) ?? 'text',
    };
    return cfg;
  }
  if (kind === 'dingtalk') {
    const secret = input.secret === undefined ? ((old.secret as string | null | undefined) ?? null) : input.secret?.trim() || null;
    if (secret && !/^[\x21-\x7e]+$/.test(secret)) throw badRequest('加签密钥只能包含英文字母、数字和符号（以 SEC 开头）');
    const cfg: DingtalkConfig = {
      webhookUrl: input.webhookUrl !== undefined ? checkWebhookUrl(input.webhookUrl) : checkWebhookUrl(old.webhookUrl as string | undefined),
      secret,
    };
    return cfg;
  }
  const host = (input.host ?? (old.host as string | undefined))?.trim();
  if (!host) throw badRequest('请填写 SMTP 服务器地址');
  if (!/^[A-Za-z0-9.-]+$/.test(host)) throw badRequest('SMTP 服务器地址格式不正确');
  const secure = input.secure ?? (old.secure as boolean | undefined) ?? true;
  const port = input.port ?? (old.port as number | undefined) ?? (secure ? 465 : 25);
  const from = (input.from ?? (old.from as string | undefined))?.trim();
  if (!from) throw badRequest('请填写发件人邮箱');
  const fromAddr = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from;
  if (!isEmail(fromAddr)) throw badRequest('发件人邮箱格式不正确');
  const user = input.user === undefined ? ((old.user as string | null | undefined) ?? null) : input.user?.trim() || null;
  const password = input.password === undefined ? ((old.password as string | null | undefined) ?? null) : input.password || null;
  const cfg: SmtpConfig = { host, port, secure, user, password: user ? password : null, from };
  return cfg;
}

/** The configuration as the API shows it. */
export function presentConfig(kind: string, cfg: Record<string, unknown>): ChannelView['config'] {
  if (kind === 'wecom') return { webhookUrl: maskUrl(String(cfg.webhookUrl ?? '')), format: String(cfg.format ?? 'text') };
  if (kind === 'dingtalk') return { webhookUrl: maskUrl(String(cfg.webhookUrl ?? '')), hasSecret: Boolean(cfg.secret) };
  return {
    host: String(cfg.host ?? ''),
    port: Number(cfg.port ?? 0),
    secure: Boolean(cfg.secure),
    user: (cfg.user as string | null) ?? null,
    hasPassword: Boolean(cfg.password),
    from: String(cfg.from ?? ''),
  };
}

function parseEvents(raw: string): string[] {
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

const eventLabel = (k: string) => (k === 'test' ? '测试消息' : (EVENT_LABELS[k] ?? k));

/** A channel the caller may manage: the system admin any, a clerk those of their subtree. */
async function manageable(svc: Services, auth: AuthContext, id: number): Promise<ChannelRow> {
  await svc.guard.authorize(auth, ChannelPolicy.manage);
  const c = await repo.channelById(svc.db, id);
  if (!c) throw notFound('找不到该通知通道');
  await svc.guard.authorize(auth, ChannelPolicy.manage, { unitPath: c.unit_path }, '该通知通道不在您的管理范围内');
  return c;
}

async function unitFor(svc: Services, auth: AuthContext, unitId: number) {
  const unit = await repo.unitById(svc.db, unitId);
  if (!unit) throw badRequest('找不到所选的单位');
  await svc.guard.authorize(auth, ChannelPolicy.manage, { unitPath: unit.path }, '只能为您管理的单位设置通知通道');
  return unit;
}

async function countsOf(svc: Services, ids: number[]) {
  const out = new Map<number, { pending: number; sending: number; sent: number; failed: number }>();
  if (ids.length === 0) return out;
  const rows = await repo.deliveryCounts(svc.db, ids);
  for (const r of rows) {
    const c = out.get(r.channel_id) ?? { pending: 0, sending: 0, sent: 0, failed: 0 };
    if (r.status in c) c[r.status as keyof typeof c] = Number(r.n);
    out.set(r.channel_id, c);
  }
  return out;
}

async function lastErrors(svc: Services, ids: number[]) {
  const out = new Map<number, string>();
  if (ids.length === 0) return out;
  // The newest delivery with an error per channel.
  const rows = await repo.lastDeliveryErrors(svc.db, ids);
  for (const r of rows) if (r.last_error) out.set(r.channel_id, r.last_error);
  return out;
}

async function present(svc: Services, rows: ChannelRow[]): Promise<ChannelView[]> {
  const ids = rows.map((r) => r.id);
  const [counts, errors] = await Promise.all([countsOf(svc, ids), lastErrors(svc, ids)]);
  return rows.map((c) => ({
    id: c.id,
    kind: c.kind,
    kindLabel: CHANNEL_KINDS[c.kind as keyof typeof CHANNEL_KINDS] ?? c.kind,
    name: c.name,
    unitId: c.unit_id,
    unitName: c.unit_name,
    config: presentConfig(c.kind, JSON.parse(c.config) as Record<string, unknown>),
    events: parseEvents(c.events),
    enabled: Boolean(c.enabled),
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    version: c.version,
    counts: counts.get(c.id) ?? { pending: 0, sending: 0, sent: 0, failed: 0 },
    lastError: errors.get(c.id) ?? null,
  }));
}

export async function listChannels(svc: Services, auth: AuthContext): Promise<ChannelView[]> {
  await svc.guard.authorize(auth, ChannelPolicy.manage);
  const reach = await svc.guard.reach(auth, ChannelPolicy.manage);
  return present(svc, await repo.channelsWithin(svc.db, reach));
}

export async function getChannel(svc: Services, auth: AuthContext, id: number): Promise<ChannelView> {
  return (await present(svc, [await manageable(svc, auth, id)]))[0];
}

/** Secrets never go into the audit log: only which fields changed. */
function auditConfig(input: ChannelConfigIn | undefined) {
  if (!input) return undefined;
  return Object.keys(input).filter((k) => input[k as keyof ChannelConfigIn] !== undefined);
}

export async function createChannel(svc: Services, auth: AuthContext, input: ChannelCreate): Promise<number> {
  await svc.guard.authorize(auth, ChannelPolicy.manage);
  await unitFor(svc, auth, input.unitId);
  const config = buildConfig(input.kind, input.config);
  const now = nowIso();
  return svc.db.transaction().execute(async (trx) => {
    const id = await repo.insertChannel(trx, {
      kind: input.kind,
      name: input.name.trim(),
      unit_id: input.unitId,
      config: JSON.stringify(config),
      events: JSON.stringify([...new Set(input.events)]),
      enabled: input.enabled === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    });
    await svc.audit.record(trx, auth.actor(), {
      action: 'channel.create',
      entity: 'notification_channel',
      entityId: id,
      detail: { kind: input.kind, name: input.name, unitId: input.unitId, events: input.events, enabled: input.enabled !== false, configFields: auditConfig(input.config) },
    });
    return id;
  });
}

export async function updateChannel(svc: Services, auth: AuthContext, id: number, input: ChannelUpdate) {
  const c = await manageable(svc, auth, id);
  if (input.unitId !== undefined && input.unitId !== c.unit_id) await unitFor(svc, auth, input.unitId);
  const config = input.config ? buildConfig(c.kind, input.config, JSON.parse(c.config) as Record<string, unknown>) : undefined;
  await svc.db.transaction().execute(async (trx) => {
    const updated = await repo.updateChannelIf(trx, id, input.version, {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
      ...(config ? { config: JSON.stringify(config) } : {}),
      ...(input.events !== undefined ? { events: JSON.stringify([...new Set(input.events)]) } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled ? 1 : 0 } : {}),
      updated_at: nowIso(),
      version: input.version + 1,
    });
    if (!updated) throw conflict();
    const { version: _v, config: cfgIn, ...changes } = input;
    await svc.audit.record(trx, auth.actor(), { action: 'channel.update', entity: 'notification_channel', entityId: id, detail: { changes, configFields: auditConfig(cfgIn) } });
  });
}

export async function deleteChannel(svc: Services, auth: AuthContext, id: number) {
  const c = await manageable(svc, auth, id);
  await svc.db.transaction().execute(async (trx) => {
    const deliveries = await repo.deleteChannelRows(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'channel.delete', entity: 'notification_channel', entityId: id, detail: { name: c.name, kind: c.kind, deliveries } });
  });
}

/** Sends a test message right away (not through the outbox) and records it among the deliveries. */
export async function testChannel(svc: Services, auth: AuthContext, id: number, to?: string) {
  const c = await manageable(svc, auth, id);
  let recipient = '';
  if (c.kind === 'smtp') {
    const own = auth.user.memberId ? await repo.memberEmail(svc.db, auth.user.memberId) : undefined;
    recipient = to?.trim() || own || '';
    if (!recipient) throw badRequest('请填写接收测试邮件的邮箱');
    if (!isEmail(recipient)) throw badRequest('测试收件邮箱格式不正确');
  }
  const subject = '测试消息';
  const body = `这是“${c.name}”通道的测试消息，由 ${auth.user.displayName || auth.user.username} 发送。看到这条消息，说明通道设置正确。`;
  let error: string | null = null;
  try {
    await sendThrough(c.kind, JSON.parse(c.config) as ChannelConfig, { subject, body, to: recipient, url: await absoluteLink(svc, '/') });
  } catch (e) {
    error = (e as Error).message.slice(0, 500);
  }
  const now = nowIso();
  return svc.db.transaction().execute(async (trx) => {
    const deliveryId = await repo.insertDelivery(trx, {
      channel_id: id,
      dedupe_key: `test:${crypto.randomUUID()}`,
      kind: 'test',
      recipient: recipient || c.name,
      subject,
      body,
      extra: '{}',
      status: error ? 'failed' : 'sent',
      attempts: 1,
      next_attempt_at: now,
      claimed_by: null,
      claimed_until: null,
      sent_at: error ? null : now,
      last_error: error,
      created_at: now,
    });
    await svc.audit.record(trx, auth.actor(), { action: 'channel.test', entity: 'notification_channel', entityId: id, detail: { ok: !error, error } });
    return { ok: !error, error, deliveryId };
  });
}

export async function listDeliveries(svc: Services, auth: AuthContext, id: number, q: { status?: string; page?: number; pageSize?: number }) {
  await manageable(svc, auth, id);
  const size = q.pageSize ?? 20;
  const { rows, total } = await repo.deliveryPage(svc.db, id, q.status, size, ((q.page ?? 1) - 1) * size);
  const items: DeliveryView[] = rows.map((d) => ({
    id: d.id,
    channelId: d.channel_id,
    kind: d.kind,
    kindLabel: eventLabel(d.kind),
    recipient: d.recipient,
    subject: d.subject,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.next_attempt_at,
    sentAt: d.sent_at,
    lastError: d.last_error,
    createdAt: d.created_at,
  }));
  return { items, total };
}

/** Puts a failed delivery back in the queue for another round of attempts. */
export async function retryDelivery(svc: Services, auth: AuthContext, channelId: number, deliveryId: number) {
  await manageable(svc, auth, channelId);
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.requeueFailed(trx, channelId, deliveryId, nowIso()))) throw badRequest('只有发送失败的通知可以重新发送');
    await svc.audit.record(trx, auth.actor(), { action: 'channel.retry', entity: 'notification_delivery', entityId: deliveryId, detail: { channelId } });
  });
}

export function channelMeta() {
  return {
    kinds: Object.entries(CHANNEL_KINDS).map(([value, label]) => ({ value, label })),
    events: Object.entries(EVENT_LABELS).map(([value, label]) => ({ value, label })),
  };
}

// Preferences of the signed-in user (user_preferences rows; absent = the default).
const PREF_EVENING = 'reminder.evening';

export async function getPreferences(svc: Services, auth: AuthContext): Promise<Preferences> {
  const rows = await repo.preferencesOf(svc.db, auth.userId);
  const map = new Map(rows.map((r) => [r.key, r.value]));
  return { eveningReminder: map.get(PREF_EVENING) !== 'off' };
}

export async function setPreferences(svc: Services, auth: AuthContext, input: Partial<Preferences>): Promise<Preferences> {
  if (input.eveningReminder !== undefined) {
    const value = input.eveningReminder ? 'on' : 'off';
    await svc.db.transaction().execute(async (trx) => {
      await repo.upsertPreference(trx, auth.userId, PREF_EVENING, value);
      await svc.audit.record(trx, auth.actor(), { action: 'preference.update', entity: 'user', entityId: auth.userId, detail: { [PREF_EVENING]: value } });
    });
  }
  return getPreferences(svc, auth);
}

/** Members who switched the evening reminder off (on any of their accounts). */
export async function eveningOptOuts(svc: Services): Promise<Set<number>> {
  return new Set(await repo.membersWithPreference(svc.db, PREF_EVENING, 'off'));
}
