import os from 'node:os';
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** Directory for the embedded SQLite database and other local state. */
  dataDir: string;
  /** postgres://… when set; otherwise the embedded SQLite database is used. */
  databaseUrl?: string;
  /** Whether the demo town may be loaded into an empty database on start. */
  demo: boolean;
  demoPassword: string;
  /** Absolute URL users reach the app at; used in QR codes. */
  publicUrl?: string;
  /** Serve cookies with the Secure flag (behind HTTPS). */
  secureCookies: boolean;
  /**
   * Addresses (IP or CIDR) of the reverse proxies whose X-Forwarded-For is believed
   * (SHUXIANG_TRUST_PROXY, comma-separated; "1" means the proxy on this machine, 127.0.0.1 and ::1).
   * Empty: the peer address is the client's, and X-Forwarded-For is ignored.
   */
  trustProxy: string[];
  webDist: string;
  logLevel: string;
  /**
   * Overrides both sign-in rate ceilings (per account and address, per address) with one number;
   * unset, they come from the security settings. Tests lift them; SHUXIANG_LOGIN_RATE_LIMIT sets it.
   */
  loginRateLimit?: number;
  /**
   * SQLite's `synchronous` in WAL mode (SHUXIANG_SQLITE_SYNCHRONOUS: normal or full). NORMAL, the
   * default, loses no acknowledged write when the process dies (the crash drill kills it with -9);
   * FULL also survives a power cut or a crash of the operating system, at one fsync per write.
   * See docs/security.md, "崩溃与断电".
   */
  sqliteSynchronous: SqliteSynchronous;
  /** App processes on this machine sharing the port (SHUXIANG_WORKERS: a number or auto = one per core). */
  workers: number;
  /**
   * How long a computed monthly unit view is served again while nothing it reads is written
   * through this process (SHUXIANG_UNIT_VIEW_CACHE_SECONDS, 0–300, default 10; 0 shares only
   * computations still running). Decision 020.
   */
  unitViewCacheSeconds?: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = path.resolve(import.meta.dirname, '../..');
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.SHUXIANG_DATA_DIR ?? path.join(root, 'data')),
    databaseUrl: env.DATABASE_URL || undefined,
    demo: env.SHUXIANG_DEMO !== '0',
    demoPassword: env.SHUXIANG_DEMO_PASSWORD ?? 'shuxiang-demo',
    publicUrl: env.SHUXIANG_PUBLIC_URL || undefined,
    secureCookies: env.SHUXIANG_SECURE_COOKIES === '1',
    trustProxy: trustedProxies(env.SHUXIANG_TRUST_PROXY),
    webDist: path.join(root, 'web/dist'),
    logLevel: env.LOG_LEVEL ?? 'info',
    loginRateLimit: env.SHUXIANG_LOGIN_RATE_LIMIT ? Number(env.SHUXIANG_LOGIN_RATE_LIMIT) : undefined,
    workers: workerCount(env.SHUXIANG_WORKERS),
    sqliteSynchronous: sqliteSynchronous(env.SHUXIANG_SQLITE_SYNCHRONOUS),
    unitViewCacheSeconds: cacheSeconds(env.SHUXIANG_UNIT_VIEW_CACHE_SECONDS),
  };
}

function cacheSeconds(v: string | undefined): number {
  if (v === undefined || v === '') return 10;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 300) throw new Error(`SHUXIANG_UNIT_VIEW_CACHE_SECONDS 应为 0–300 的整数（秒），收到：${v}`);
  return n;
}

export type SqliteSynchronous = 'NORMAL' | 'FULL';

function sqliteSynchronous(v: string | undefined): SqliteSynchronous {
  if (!v) return 'NORMAL';
  const u = v.trim().toUpperCase();
  if (u === 'NORMAL' || u === 'FULL') return u;
  throw new Error(`SHUXIANG_SQLITE_SYNCHRONOUS 应为 normal 或 full，收到：${v}`);
}

function workerCount(v: string | undefined): number {
  if (!v) return 1;
  if (v === 'auto') return os.availableParallelism();
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`SHUXIANG_WORKERS 应为 1–64 的整数或 auto，收到：${v}`);
  return n;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d|[12]\d|3[0-2]))?$/;
const IPV6 = /^[0-9a-f:.]+(\/(\d|[1-9]\d|1[01]\d|12[0-8]))?$/i;

/** The trusted proxy list: each entry an IPv4 or IPv6 address or CIDR; anything else stops the start. */
export function trustedProxies(v: string | undefined): string[] {
  if (!v || v === '0') return [];
  if (v === '1') return ['127.0.0.1', '::1'];
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const e of list) {
    const m = IPV4.exec(e);
    const ok = m ? m.slice(1, 5).every((o) => Number(o) <= 255) : IPV6.test(e) && e.includes(':');
    if (!ok) throw new Error(`SHUXIANG_TRUST_PROXY 应为逗号分隔的代理地址或网段（如 127.0.0.1,10.0.0.0/8），收到：${e}`);
  }
  return list;
}
