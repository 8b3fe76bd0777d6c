// The outbox worker: every app node runs it; a node sends a delivery only after
// claiming it with a conditional update, so each is sent by one node. A node
// that dies mid-send leaves a lease that expires, and another node takes over.
// See docs/decisions/005-notification-outbox.md.
import { publicUrl } from '../../platform/publicurl';
import crypto from 'node:crypto';
import os from 'node:os';
import type { Services } from '../../platform/services';
import { clock, nowIso } from '../../platform/time';
import { sendThrough, SEND_TIMEOUT_MS, type ChannelConfig } from './senders';
import { claimDeliveries, claimedDelivery, finishDelivery } from './repository';

/** How often each node looks for due deliveries. */
export const OUTBOX_INTERVAL_MS = 15_000;
/** A claim lasts this long; it must exceed one send's timeout by a wide margin. */
export const LEASE_MS = SEND_TIMEOUT_MS * 8;
/** Attempts before a delivery is given up as failed. */
export const MAX_ATTEMPTS = 6;
const BATCH = 20;
const MAX_BATCHES_PER_TICK = 10;
/** A reminder not out within this time is stale; it is dropped instead of sent late. */
const STALE_MS = 24 * 3_600_000;

/** Wait after the n-th failed attempt: 30 s, 2 min, 8 min, 32 min, ~2 h. */
export const backoffMs = (attempts: number) => 30_000 * 4 ** Math.max(0, attempts - 1);

const nodeId = `${os.hostname()}:${process.pid}`;
const iso = (ms: number) => new Date(ms).toISOString();

/** Claims up to `limit` due deliveries for this holder; returns their ids. */
export async function claimDue(svc: Services, holder: string, limit = BATCH): Promise<number[]> {
  const now = clock.now().getTime();
  const nowS = iso(now);
  // One token per claim: the rows the conditional update wins carry it, and only those.
  const token = `${holder}#${crypto.randomBytes(6).toString('hex')}`;
  return claimDeliveries(svc.db, token, nowS, iso(now + LEASE_MS), limit);
}

async function finish(svc: Services, id: number, claimedBy: string, change: { status: string; last_error: string | null; next_attempt_at?: string; sent_at?: string }) {
  return finishDelivery(svc.db, id, claimedBy, change);
}

/** A link in an outgoing message, on the public address (setting site.publicBaseUrl, else SHUXIANG_PUBLIC_URL); none while neither is set. */
export async function absoluteLink(svc: Services, link: string | undefined | null): Promise<string | undefined> {
  if (!link) return undefined;
  if (/^https?:\/\//.test(link)) return link;
  const base = await publicUrl(svc);
  return base.source === 'setting' || base.source === 'env' ? `${base.url}${link}` : undefined;
}

/** Sends one claimed delivery and records the outcome. */
async function sendClaimed(svc: Services, id: number) {
  const d = await claimedDelivery(svc.db, id);
  if (!d || !d.claimed_by) return 'lost';
  if (!d.enabled) return (await finish(svc, id, d.claimed_by, { status: 'failed', last_error: '通道已停用，未发送' })) ? 'failed' : 'lost';
  if (clock.now().getTime() - Date.parse(d.created_at) > STALE_MS) {
    return (await finish(svc, id, d.claimed_by, { status: 'failed', last_error: '超过一天未能发出，已不再发送' })) ? 'failed' : 'lost';
  }
  const extra = JSON.parse(d.extra) as { mentions?: string[]; link?: string; names?: string[] };
  try {
    await sendThrough(d.channel_kind, JSON.parse(d.config) as ChannelConfig, {
      subject: d.subject,
      body: d.body,
      names: extra.names,
      mentions: extra.mentions,
      url: await absoluteLink(svc, extra.link),
      to: d.channel_kind === 'smtp' ? d.recipient : undefined,
    });
  } catch (e) {
    const message = (e as Error).message.slice(0, 500);
    const last = Number(d.attempts) >= MAX_ATTEMPTS;
    const next = iso(clock.now().getTime() + backoffMs(Number(d.attempts)));
    await finish(svc, id, d.claimed_by, last ? { status: 'failed', last_error: message } : { status: 'pending', last_error: message, next_attempt_at: next });
    return 'failed';
  }
  await finish(svc, id, d.claimed_by, { status: 'sent', last_error: null, sent_at: nowIso() });
  return 'sent';
}

export interface DrainResult {
  sent: number;
  failed: number;
}

/** Claims and sends what is due now, batch after batch (bounded per call). */
export async function drainOutbox(svc: Services, holder = nodeId): Promise<DrainResult> {
  const out = { sent: 0, failed: 0 };
  for (let i = 0; i < MAX_BATCHES_PER_TICK; i++) {
    const ids = await claimDue(svc, holder);
    if (ids.length === 0) break;
    for (const id of ids) {
      const r = await sendClaimed(svc, id);
      if (r === 'sent') out.sent++;
      else if (r === 'failed') out.failed++;
    }
  }
  return out;
}

/**
 * Starts this node's outbox worker (every OUTBOX_INTERVAL_MS); safe on every
 * node at once. Returns a function that stops it and waits for a running tick.
 */
export function startOutbox(svc: Services, log: (msg: string, err?: unknown) => void, intervalMs = OUTBOX_INTERVAL_MS) {
  const holder = `${nodeId}:${crypto.randomBytes(3).toString('hex')}`;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = drainOutbox(svc, holder)
      .then((r) => {
        if (r.sent || r.failed) log(`通知外发：成功 ${r.sent} 条，失败 ${r.failed} 条`);
      })
      .catch((e: unknown) => log('通知外发出错', e))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
