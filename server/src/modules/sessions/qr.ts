// The rotating check-in code: an HMAC with the session's own secret over the
// session id and the current time window. The current window's code is
// accepted; the previous one only for a few seconds after the change
// (sessions.qrGraceSeconds, for a scan that crossed it), so a photo of the
// screen stops working as soon as the screen shows the next code.
//
// A member who still has to sign in cannot beat that: the QR code's URL first
// goes to the server (GET /api/s/:id/:token), which checks the code at that
// moment and gives this browser a short-lived pass, bound to the session, the
// code's window and the moment of the scan. After signing in, the scan is
// accepted with the pass and recorded at the moment of the scan. The pass is
// an HttpOnly cookie: a forwarded link carries no pass.
import crypto from 'node:crypto';

export const newQrSecret = () => crypto.randomBytes(32).toString('base64url');

export const windowOf = (ms: number, rotateSeconds: number) => Math.floor(ms / (rotateSeconds * 1000));

const mac = (secret: string, text: string) => crypto.createHmac('sha256', secret).update(text).digest('base64url');

export function qrToken(secret: string, sessionId: number, window: number): string {
  return mac(secret, `checkin:${sessionId}:${window}`).slice(0, 22);
}

const sameText = (x: string, y: string) => {
  const a = Buffer.from(x);
  const b = Buffer.from(y);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
};

export type TokenCheck = 'valid' | 'expired' | 'invalid';

/** How far back an old code is still recognised as "expired" rather than "invalid" (for the message only). */
const RECOGNISE_WINDOWS = 480;

export const TOKEN_RE = /^[A-Za-z0-9_-]{22}$/;

/** The window a code belongs to, from the current one back; null for a code that was never shown. */
export function windowOfToken(secret: string, sessionId: number, token: string, nowMs: number, rotateSeconds: number): number | null {
  if (!TOKEN_RE.test(token)) return null;
  const w = windowOf(nowMs, rotateSeconds);
  for (let x = w; x > w - RECOGNISE_WINDOWS; x--) if (sameText(qrToken(secret, sessionId, x), token)) return x;
  return null;
}

/** The current code is valid; the previous one for graceSeconds after the screen changed; older ones are expired. */
export function checkQrToken(secret: string, sessionId: number, token: string, nowMs: number, rotateSeconds: number, graceSeconds = 0): TokenCheck {
  const x = windowOfToken(secret, sessionId, token, nowMs, rotateSeconds);
  if (x === null) return 'invalid';
  const w = windowOf(nowMs, rotateSeconds);
  if (x === w) return 'valid';
  const sinceChange = nowMs - w * rotateSeconds * 1000;
  return x === w - 1 && sinceChange < graceSeconds * 1000 ? 'valid' : 'expired';
}

/** Seconds until the code on the screen changes. */
export const secondsLeft = (nowMs: number, rotateSeconds: number) => rotateSeconds - Math.floor((nowMs / 1000) % rotateSeconds);

// ---- the scan pass: the moment of the scan, kept while the member signs in ----

/** How long a pass lasts: time enough to type a username and password on a phone. */
export const SCAN_PASS_SECONDS = 180;
export const SCAN_PASS_COOKIE = 'sx_scan';

export function scanPass(secret: string, sessionId: number, window: number, scannedMs: number): string {
  return `${sessionId}.${window}.${scannedMs}.${mac(secret, `pass:${sessionId}:${window}:${scannedMs}`)}`;
}

/** When the pass is genuine, of this session and code, and not older than SCAN_PASS_SECONDS: the moment of the scan. */
export function checkScanPass(secret: string, sessionId: number, token: string, pass: string | undefined, nowMs: number): number | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.([A-Za-z0-9_-]{43})$/.exec(pass ?? '');
  if (!m || Number(m[1]) !== sessionId) return null;
  const window = Number(m[2]);
  const scannedMs = Number(m[3]);
  if (!sameText(mac(secret, `pass:${sessionId}:${window}:${scannedMs}`), m[4])) return null;
  if (!sameText(qrToken(secret, sessionId, window), token)) return null;
  if (scannedMs > nowMs || nowMs - scannedMs > SCAN_PASS_SECONDS * 1000) return null;
  return scannedMs;
}
