// SHUXIANG_WORKERS: several app processes on one port, on either database.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../test/helper';
import { migrateToLatest } from './db/migrate';
import { makeBook, makeCopy, makeLocation, makeMember, makeUnit, makeUser } from './demo/factories';

const root = path.resolve(import.meta.dirname, '../..');
let testDb: TestDb;
let primary: ChildProcess;
let base = '';
let output = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
// The primary's child processes, as Linux lists them.
const workersOf = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 110_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; output:\n${output}`);
}

beforeAll(async () => {
  testDb = await createTestDb();
  await migrateToLatest(testDb.handle.db);
  const town = await makeUnit(testDb.handle.db, { name: '进程镇', kind: 'town' });
  const m = await makeMember(testDb.handle.db, { name: '赵六', unitId: town.id });
  await makeUser(testDb.handle.db, { username: 'zhaoliu', password: 'cluster-pass-1', memberId: m.id, roles: [{ role: 'member', unitId: town.id }] });
  const room = await makeLocation(testDb.handle.db, { unitId: town.id, name: '阅览室' });
  for (let i = 0; i < 4; i++) {
    const b = await makeBook(testDb.handle.db, { title: `进程测试图书${i}`, category: '其他' });
    await makeCopy(testDb.handle.db, { bookId: b.id, barcode: `CL${i}`, locationId: room.id });
  }
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  primary = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, ...testDb.env, SHUXIANG_WORKERS: '2', SHUXIANG_DEMO: '0', SHUXIANG_JOBS: '0', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  primary.stdout!.on('data', (d) => (output += String(d)));
  primary.stderr!.on('data', (d) => (output += String(d)));
  await until(() => output.includes('已启动'), 'the cluster to listen');
}, 120_000);

afterAll(async () => {
  if (primary && primary.exitCode === null) {
    primary.kill('SIGTERM');
    await new Promise((r) => primary.once('exit', r));
  }
  await testDb?.drop();
});

describe('SHUXIANG_WORKERS=2', () => {
  it('serves one port from two processes that share sign-ins, and replaces a worker that dies', async () => {
    expect(output).toContain('2 个进程');
    const workers = workersOf(primary.pid!);
    expect(workers).toHaveLength(2);

    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'zhaoliu', password: 'cluster-pass-1' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    // Whichever process answers, the session is the same one (it lives in the database).
    const me = async () => (await fetch(`${base}/api/me`, { headers: { cookie, connection: 'close' } })).status;
    for (let i = 0; i < 10; i++) expect(await me()).toBe(200);

    // Writes from both processes at once: each waits for the other, none fails.
    const csrf = cookie.match(/sx_csrf=([^;]+)/)![1];
    const post = (p: string) => fetch(`${base}${p}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', connection: 'close' }, body: '{}' }).then((r) => r.status);
    for (let round = 0; round < 5; round++) {
      expect(await Promise.all([0, 1, 2, 3].map((i) => post(`/api/library/copies/CL${i}/borrow`)))).toEqual([200, 200, 200, 200]);
      expect(await Promise.all([0, 1, 2, 3].map((i) => post(`/api/library/copies/CL${i}/return`)))).toEqual([200, 200, 200, 200]);
    }
    const loans = await testDb.handle.db.selectFrom('loans').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(loans.n)).toBe(20);

    process.kill(workers[0], 'SIGKILL');
    await until(() => {
      const now = workersOf(primary.pid!);
      return now.length === 2 && !now.includes(workers[0]);
    }, 'a replacement worker');
    await until(async () => (await me().catch(() => 0)) === 200, 'the app to answer again', 20_000);
    for (let i = 0; i < 10; i++) expect(await me()).toBe(200);

    primary.kill('SIGTERM');
    const code = await new Promise((r) => primary.once('exit', r));
    expect(code).toBe(0);
    expect(workersOf(primary.pid!)).toHaveLength(0);
  }, 120_000);
});
