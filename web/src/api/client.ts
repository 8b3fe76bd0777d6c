// The one way the web app talks to the server: JSON over fetch with the session
// cookie, the CSRF header on writes, and the app-wide reactions to 401, the
// sign-in restrictions (403) and lost connectivity.
import type { ApiErrorBody } from './types';

export const CSRF_COOKIE = 'sx_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const RESTRICTION_PAGES: Record<string, string> = {
  PASSWORD_CHANGE_REQUIRED: '/password',
  PASSWORD_EXPIRED: '/password',
  TOTP_SETUP_REQUIRED: '/totp',
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const OFFLINE_MESSAGE = '网络已断开，请检查网络后重试';

type Navigate = (to: string, opts?: { replace?: boolean }) => void;
let navigateFn: Navigate = (to) => window.location.assign(to);
/** The router registers its navigate function so redirects stay inside the app. */
export function setNavigator(fn: Navigate) {
  navigateFn = fn;
}

type OfflineListener = (offline: boolean) => void;
const offlineListeners = new Set<OfflineListener>();
export function onOfflineChange(fn: OfflineListener): () => void {
  offlineListeners.add(fn);
  return () => offlineListeners.delete(fn);
}
function setOffline(offline: boolean) {
  for (const fn of offlineListeners) fn(offline);
}

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function currentPath(): string {
  return window.location.pathname + window.location.search;
}

export function loginUrl(next = currentPath()): string {
  return next && next !== '/' && !next.startsWith('/login') ? `/login?next=${encodeURIComponent(next)}` : '/login';
}

export type Query = Record<string, string | number | boolean | undefined | null>;

/** Builds `/api/…?a=1` skipping empty values; also used for download links. */
export function apiUrl(path: string, query?: Query): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return `/api${path}${s ? `?${s}` : ''}`;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Let the caller handle 401/403 itself (the sign-in form). */
  noRedirect?: boolean;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (UNSAFE.has(method)) {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), { method, headers, body, credentials: 'same-origin' });
  } catch {
    // fetch only rejects when the request never reached a server.
    setOffline(true);
    throw new ApiError(0, 'OFFLINE', navigator.onLine ? '无法连接服务器，请稍后重试' : OFFLINE_MESSAGE);
  }
  setOffline(false);
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (res.ok) return data as T;

  const err = (data ?? {}) as Partial<ApiErrorBody>;
  const apiError = new ApiError(res.status, err.error ?? `HTTP_${res.status}`, err.message ?? `请求失败（${res.status}）`, err.details);
  if (!opts.noRedirect) {
    if (res.status === 401 && !window.location.pathname.startsWith('/login')) {
      navigateFn(loginUrl(), { replace: true });
    } else if (res.status === 403 && RESTRICTION_PAGES[apiError.code]) {
      const page = RESTRICTION_PAGES[apiError.code];
      if (window.location.pathname !== page) navigateFn(page, { replace: true });
    }
  }
  throw apiError;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** Errors the user already sees elsewhere (a redirect, the offline banner) need no toast. */
export function isQuietError(e: unknown): boolean {
  if (!(e instanceof ApiError)) return false;
  return e.status === 401 || e.code === 'OFFLINE' || Boolean(RESTRICTION_PAGES[e.code]);
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return '操作失败，请稍后重试';
}
