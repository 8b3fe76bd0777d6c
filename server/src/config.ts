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
  trustProxy: boolean;
  webDist: string;
  logLevel: string;
  /** Sign-in attempts per minute from one address, across all usernames. */
  loginRateLimit: number;
  /** App processes on this machine sharing the port (SHUXIANG_WORKERS: a number or auto = one per core). */
  workers: number;
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
    trustProxy: env.SHUXIANG_TRUST_PROXY === '1',
    webDist: path.join(root, 'web/dist'),
    logLevel: env.LOG_LEVEL ?? 'info',
    loginRateLimit: Number(env.SHUXIANG_LOGIN_RATE_LIMIT ?? 30),
    workers: workerCount(env.SHUXIANG_WORKERS),
  };
}

function workerCount(v: string | undefined): number {
  if (!v) return 1;
  if (v === 'auto') return os.availableParallelism();
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`SHUXIANG_WORKERS 应为 1–64 的整数或 auto，收到：${v}`);
  return n;
}
