// Test helper: a real migrated database (SQLite or PostgreSQL, per the
// project the test runs in) and the real app, driven through app.inject.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { buildApp } from '../src/app';
import { loadConfig, type Config } from '../src/config';
import { openDatabase, type DatabaseHandle } from '../src/db';
import { migrateToLatest } from '../src/db/migrate';
import type { App } from '../src/platform/http';
import type { Services } from '../src/platform/services';

export const dialect = (process.env.TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';

export interface TestDb {
  handle: DatabaseHandle;
  /** Environment that points the `shuxiang` command at this database. */
  env: Record<string, string>;
  /** Opens another handle to the same database (a second app node). */
  reopen(): DatabaseHandle;
  drop(): Promise<void>;
}

/** A database to start from instead of an empty one (server/test/demo.ts makes them): a SQLite file to copy, or a PostgreSQL database to use as template. */
export interface DbTemplate {
  sqliteFile?: string;
  pgDatabase?: string;
}

export async function createTestDb(from?: DbTemplate): Promise<TestDb> {
  const name = `sx_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  if (dialect === 'postgres') {
    const admin = process.env.TEST_PG_URL;
    if (!admin) throw new Error('TEST_PG_URL is not set: run the tests with `npm test`, which starts PostgreSQL');
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    if (from?.pgDatabase) {
      // PostgreSQL copies the template's files: no rows are inserted again. The template must have
      // no connections; another CREATE DATABASE from it at the same moment is fine.
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${from.pgDatabase}`);
    } else {
      await client.query(`CREATE DATABASE ${name}`);
    }
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const open = () => openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
    const handle = open();
    const others: DatabaseHandle[] = [];
    return {
      handle,
      env: { DATABASE_URL: url.toString() },
      reopen: () => {
        const h = open();
        others.push(h);
        return h;
      },
      drop: async () => {
        await Promise.all([handle, ...others].map((h) => h.destroy().catch(() => undefined)));
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        // A pool's end() resolves before its sockets have closed: wait for the
        // server to see them go, so FORCE does not kill a connection still
        // ending (its client would report the kill as an uncaught error).
        for (let i = 0; i < 100; i++) {
          const r = await c.query('SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (r.rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-test-'));
  const file = path.join(dir, 'shuxiang.db');
  if (from?.sqliteFile) fs.copyFileSync(from.sqliteFile, file);
  const handle = openDatabase({ sqliteFile: file });
  const others: DatabaseHandle[] = [];
  return {
    handle,
    env: { SHUXIANG_DATA_DIR: dir, DATABASE_URL: '' },
    reopen: () => {
      const h = openDatabase({ sqliteFile: file });
      others.push(h);
      return h;
    },
    drop: async () => {
      await Promise.all([handle, ...others].map((h) => h.destroy().catch(() => undefined)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestApp {
  app: App;
  svc: Services;
  db: Services['db'];
  testDb: TestDb;
  close(): Promise<void>;
}

/** `overrides` change the test config (the sign-in ceilings are lifted unless `loginRateLimit: undefined`). */
export async function createTestApp(overrides: Partial<Config> = {}, from?: DbTemplate): Promise<TestApp> {
  const testDb = await createTestDb(from);
  await migrateToLatest(testDb.handle.db);
  // The database's own URL, so what is kept per database outside it (audit checkpoints) is kept apart per test database.
  const config: Config = { ...loadConfig({}), databaseUrl: testDb.env.DATABASE_URL || undefined, demo: false, dataDir: os.tmpdir(), loginRateLimit: 100_000, ...overrides };
  const { app, svc } = await buildApp(config, testDb.handle);
  await app.ready();
  return {
    app,
    svc,
    db: svc.db,
    testDb,
    close: async () => {
      await app.close();
      await testDb.drop();
    },
  };
}

/** Runs the `shuxiang` command against a test database. */
export function cli(args: string[], env: Record<string, string>) {
  const root = path.resolve(import.meta.dirname, '../..');
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/shuxiang.mjs'), ...args], { env: { ...process.env, ...env }, cwd: root }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A signed-in browser, as far as the API can tell: its cookies and CSRF token. */
export class Client {
  cookies: Record<string, string> = {};
  constructor(
    readonly app: App,
    readonly ip = '127.0.0.1',
  ) {}

  private cookieHeader() {
    return Object.entries(this.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  }

  async request(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        cookie: this.cookieHeader(),
        ...(method !== 'GET' && this.cookies.sx_csrf ? { 'x-csrf-token': this.cookies.sx_csrf } : {}),
        ...(body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      payload: body === undefined ? undefined : Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const c of res.cookies as { name: string; value: string; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
    return res;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  put = (url: string, body?: unknown) => this.request('PUT', url, body ?? {});
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body ?? {});
  delete = (url: string) => this.request('DELETE', url);

  async login(username: string, password: string, totp?: string) {
    const res = await this.post('/api/auth/login', { username, password, ...(totp ? { totp } : {}) });
    return res;
  }
}

export async function signedIn(app: App, username: string, password = 'Passw0rd-test') {
  const c = new Client(app);
  const res = await c.login(username, password);
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
  return c;
}

/** A multipart/form-data body with one file field, as a browser sends it. */
export function multipart(field: string, filename: string, content: Buffer, type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
  const boundary = `----sx${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, content, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}
