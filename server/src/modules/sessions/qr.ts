// The rotating check-in code: an HMAC with the session's own secret over the
// session id and the current time window. Only the current and the previous
// window are accepted, so a photo of the screen stops working within a minute.
import crypto from 'node:crypto';

export const newQrSecret = () => crypto.randomBytes(32).toString('base64url');

export const windowOf = (ms: number, rotateSeconds: number) => Math.floor(ms / (rotateSeconds * 1000));

export function qrToken(secret: string, sessionId: number, window: number): string {
  return crypto.createHmac('sha256', secret).update(`checkin:${sessionId}:${window}`).digest('base64url').slice(0, 22);
}

export type TokenCheck = 'valid' | 'expired' | 'invalid';

/** How far back an old code is still recognised as "expired" rather than "invalid" (for the message only). */
const RECOGNISE_WINDOWS = 480;

export function checkQrToken(secret: string, sessionId: number, token: string, nowMs: number, rotateSeconds: number): TokenCheck {
  if (!/^[A-Za-z0-9_-]{22}$/.test(token)) return 'invalid';
  const w = windowOf(nowMs, rotateSeconds);
  const same = (x: number) => {
    const a = Buffer.from(qrToken(secret, sessionId, x));
    const b = Buffer.from(token);
    return a.length === b.length && crypto.timingSafeEqual(a, b);
  };
  if (same(w) || same(w - 1)) return 'valid';
  for (let x = w - 2; x > w - RECOGNISE_WINDOWS; x--) if (same(x)) return 'expired';
  return 'invalid';
}

/** Seconds until the code on the screen changes. */
export const secondsLeft = (nowMs: number, rotateSeconds: number) => rotateSeconds - Math.floor((nowMs / 1000) % rotateSeconds);
