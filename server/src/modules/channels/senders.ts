// The three kinds of outgoing channel and how a message goes out through each.
import crypto from 'node:crypto';
import nodemailer from 'nodemailer';

export interface WecomConfig {
  webhookUrl: string;
  /** text (may @-mention by phone) or markdown (no mentions). */
  format: 'text' | 'markdown';
}
export interface DingtalkConfig {
  webhookUrl: string;
  /** 加签 secret (SEC…), optional. */
  secret: string | null;
}
export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
}
export type ChannelConfig = WecomConfig | DingtalkConfig | SmtpConfig;

export interface OutgoingMessage {
  subject: string;
  body: string;
  /** Names listed in a group message (a daily batch); a single member's notice has the name in its subject. */
  names?: string[];
  /** Phones to @-mention in a group message. */
  mentions?: string[];
  /** Absolute link into the app, when the public URL is known. */
  url?: string;
  /** For e-mail: the address. */
  to?: string;
}

/** How long one send may take; the outbox lease is well above it. */
export const SEND_TIMEOUT_MS = 15_000;
// The robots' documented limits: WeCom text 2048 bytes, DingTalk 20000 bytes.
const WECOM_MAX_BYTES = 2048;
const DINGTALK_MAX_BYTES = 20_000;
const MAX_MENTIONS = 100;

/** Cuts text to a byte budget on a character boundary. */
export function clipBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch + '…') > max) break;
    out += ch;
  }
  return `${out}…`;
}

/** The text of a group message: title, body, the names (cut with 等N人 when long), link. */
export function robotText(m: OutgoingMessage, maxBytes: number, mentionInline = false): string {
  const head = [`【书香机关】${m.subject}`, m.body].filter(Boolean).join('\n');
  const tail = m.url ? `\n${m.url}` : '';
  const at = mentionInline && m.mentions?.length ? `\n${m.mentions.slice(0, MAX_MENTIONS).map((p) => `@${p}`).join(' ')}` : '';
  let list = '';
  if (m.names && m.names.length > 0) {
    const budget = maxBytes - Buffer.byteLength(head + tail + at) - 64;
    const shown: string[] = [];
    for (const n of m.names) {
      const next = [...shown, n].join('、');
      if (Buffer.byteLength(next) > budget) break;
      shown.push(n);
    }
    list = `\n名单（${m.names.length}人）：${shown.join('、')}${shown.length < m.names.length ? ` 等${m.names.length}人` : ''}`;
  }
  return clipBytes(head + list + tail + at, maxBytes);
}

async function postJson(url: string, payload: unknown): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (e) {
    throw new Error(`无法连接机器人地址：${(e as Error).name === 'TimeoutError' ? '超时' : ((e as Error).cause as Error | undefined)?.message ?? (e as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`机器人地址返回 HTTP ${res.status}`);
  let data: { errcode?: unknown; errmsg?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    throw new Error('机器人地址返回的不是 JSON');
  }
  // Both robots answer HTTP 200 with errcode 0 on success and a non-zero errcode otherwise.
  if (data.errcode !== 0) throw new Error(`机器人返回错误 ${String(data.errcode)}：${String(data.errmsg ?? '')}`);
}

export async function sendWecom(cfg: WecomConfig, m: OutgoingMessage): Promise<void> {
  if (cfg.format === 'markdown') {
    const content = robotText({ ...m, subject: `**${m.subject}**` }, WECOM_MAX_BYTES);
    await postJson(cfg.webhookUrl, { msgtype: 'markdown', markdown: { content } });
    return;
  }
  await postJson(cfg.webhookUrl, {
    msgtype: 'text',
    text: { content: robotText(m, WECOM_MAX_BYTES), mentioned_mobile_list: (m.mentions ?? []).slice(0, MAX_MENTIONS) },
  });
}

/** DingTalk's 加签: HMAC-SHA256 keyed by the secret over "timestamp\nsecret", base64, URL-encoded. */
export function dingtalkSign(secret: string, timestamp: number): string {
  const digest = crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(digest);
}

export function dingtalkUrl(cfg: DingtalkConfig, timestamp = Date.now()): string {
  if (!cfg.secret) return cfg.webhookUrl;
  return `${cfg.webhookUrl}${cfg.webhookUrl.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${dingtalkSign(cfg.secret, timestamp)}`;
}

export async function sendDingtalk(cfg: DingtalkConfig, m: OutgoingMessage): Promise<void> {
  // DingTalk highlights an @ only when the phone also appears in the text.
  await postJson(dingtalkUrl(cfg), {
    msgtype: 'text',
    text: { content: robotText(m, DINGTALK_MAX_BYTES, true) },
    at: { atMobiles: (m.mentions ?? []).slice(0, MAX_MENTIONS), isAtAll: false },
  });
}

export async function sendSmtp(cfg: SmtpConfig, m: OutgoingMessage): Promise<void> {
  if (!m.to) throw new Error('没有收件人邮箱');
  const transport = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    auth: cfg.user ? { user: cfg.user, pass: cfg.password ?? '' } : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: cfg.from,
      to: m.to,
      subject: `【书香机关】${m.subject}`,
      text: [m.body, m.url ? `查看：${m.url}` : '', '——此邮件由书香机关平台自动发送，请勿直接回复。'].filter(Boolean).join('\n\n'),
    });
  } catch (e) {
    throw new Error(`邮件发送失败：${(e as Error).message}`);
  } finally {
    transport.close();
  }
}

export async function sendThrough(kind: string, config: ChannelConfig, m: OutgoingMessage): Promise<void> {
  if (kind === 'wecom') return sendWecom(config as WecomConfig, m);
  if (kind === 'dingtalk') return sendDingtalk(config as DingtalkConfig, m);
  if (kind === 'smtp') return sendSmtp(config as SmtpConfig, m);
  throw new Error(`未知的通道类型 ${kind}`);
}
