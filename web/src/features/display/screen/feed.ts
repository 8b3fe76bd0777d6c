// The screen's connection to the server: its feed and its report-ins, with the
// last feed kept in localStorage so a dropped network or a restarting server
// leaves the screen showing what it last had.
import type { ScreenFeedView } from '../../../../../server/src/modules/display/screens/schemas';

export type ScreenFeed = ScreenFeedView;
export type FeedData = ScreenFeed['data'];

const cacheKey = (token: string) => `sx-screen:${token.slice(0, 12)}`;

export function readCache(token: string): ScreenFeed | null {
  try {
    const raw = localStorage.getItem(cacheKey(token));
    return raw ? (JSON.parse(raw) as ScreenFeed) : null;
  } catch {
    return null;
  }
}

export function writeCache(token: string, feed: ScreenFeed) {
  try {
    localStorage.setItem(cacheKey(token), JSON.stringify(feed));
  } catch {
    /* storage full or disabled: the screen still works, without the fallback */
  }
}

export function clearCache(token: string) {
  try {
    localStorage.removeItem(cacheKey(token));
  } catch {
    /* nothing kept */
  }
}

/** What a request came to: data, a refusal (unknown or revoked screen), or no answer. */
export type Outcome<T> = { kind: 'ok'; value: T } | { kind: 'unauthorized' } | { kind: 'offline' };

export async function getJson<T>(url: string, signal: AbortSignal): Promise<Outcome<T>> {
  try {
    const res = await fetch(url, { signal, cache: 'no-store', credentials: 'omit' });
    if (res.status === 403) return { kind: 'unauthorized' };
    if (!res.ok) return { kind: 'offline' };
    return { kind: 'ok', value: (await res.json()) as T };
  } catch {
    return { kind: 'offline' };
  }
}

export interface Ping {
  ok: boolean;
  heartbeatSeconds: number;
  refreshSeconds: number;
  stamp: string;
}

export const feedUrl = (token: string) => `/api/screen/${encodeURIComponent(token)}/feed`;
export const pingUrl = (token: string) => `/api/screen/${encodeURIComponent(token)}/ping?w=${window.innerWidth}&h=${window.innerHeight}`;

/** Slides with nothing to show are skipped (the month and the QR code always have something). */
export function hasContent(kind: string, d: FeedData): boolean {
  switch (kind) {
    case 'leaderboard':
      return d.leaderboard.units.length > 0;
    case 'books':
      return d.books.length > 0;
    case 'reflections':
      return d.reflections.length > 0;
    case 'events':
      return true;
    case 'announcements':
      return d.announcements.length > 0;
    case 'quote':
      return d.quote !== null;
    default:
      return true;
  }
}

export type Layout = 'wide' | 'strip' | 'tall';
export const layoutOf = (w: number, h: number): Layout => (w / h >= 3 ? 'strip' : w / h < 0.8 ? 'tall' : 'wide');
