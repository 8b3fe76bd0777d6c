// Two app nodes on one PostgreSQL, behind a small round-robin proxy started here:
// what a district runs (docs/deploy.md). Each node is its own process on its own port.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialect, type TestDb } from '../test/helper';
import { migrateToLatest } from './db/migrate';
import { makeBook, makeCopy, makeLocation, makeMember, makeUnit, makeUser } from './demo/factories';
import { SETTINGS } from './platform/settings';
import { todayLocal } from './platform/time';
import { addDays } from './platform/workcalendar';

const root = path.resolve(import.meta.dirname, '../..');
const LABEL_COPIES = 300;
const WRITERS = 4;

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

interface Node {
  proc: ChildProcess;
  base: string;
  output: string;
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 90_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await Promise.resolve().then(check).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function startNode(env: Record<string, string>): Promise<Node> {
  const port = await freePort();
  const node: Node = { proc: null as unknown as ChildProcess, base: `http://127.0.0.1:${port}`, output: '' };
  node.proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, ...env, SHUXIANG_DEMO: '0', SHUXIANG_JOBS: '0', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  node.proc.stdout!.on('data', (d) => (node.output += String(d)));
  node.proc.stderr!.on('data', (d) => (node.output += String(d)));
  await until(async () => (await fetch(`${node.base}/api/health`)).ok, `node on ${port}: ${node.output}`);
  return node;
}

/** Round-robin HTTP proxy over the nodes; counts which node answered. */
function startProxy(nodes: Node[]) {
  let next = 0;
  const served = nodes.map(() => 0);
  const server = http.createServer((req, res) => {
    const i = next++ % nodes.length;
    served[i]++;
    const target = new URL(nodes[i].base);
    const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, connection: 'close' } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  return new Promise<{ base: string; served: number[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ base: `http://127.0.0.1:${port}`, served, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

function runCli(env: Record<string, string>, args: string[]) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/cli.ts'), ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += String(d)));
    p.stderr.on('data', (d) => (out += String(d)));
    p.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

async function signIn(base: string, username: string, password: string) {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = cookie.match(/sx_csrf=([^;]+)/)?.[1] ?? '';
  return { status: r.status, body: (await r.json()) as { code?: string; error?: string; message?: string }, cookie, csrf };
}

describe.skipIf(dialect !== 'postgres')('two app nodes on one PostgreSQL', () => {
  let testDb: TestDb;
  let a: Node;
  let b: Node;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let townId = 0;
  let locationId = 0;
  let readerId = 0;
  let readerUserId = 0;

  beforeAll(async () => {
    testDb = await createTestDb();
    const db = testDb.handle.db;
    await migrateToLatest(db);
    const town = await makeUnit(db, { name: '双节点镇', kind: 'town' });
    townId = town.id;
    const reader = await makeMember(db, { name: '钱七', unitId: town.id });
    readerId = reader.id;
    readerUserId = (await makeUser(db, { username: 'qianqi', password: 'nodes-pass-1', memberId: reader.id, roles: [{ role: 'member', unitId: town.id }] })).id;
    const locked = await makeMember(db, { name: '孙八', unitId: town.id });
    await makeUser(db, { username: 'sunba', password: 'nodes-pass-2', memberId: locked.id, roles: [{ role: 'member', unitId: town.id }] });
    const limited = await makeMember(db, { name: '王十', unitId: town.id });
    await makeUser(db, { username: 'wangshi', password: 'nodes-pass-4', memberId: limited.id, roles: [{ role: 'member', unitId: town.id }] });
    const clerk = await makeMember(db, { name: '周九', unitId: town.id });
    await makeUser(db, { username: 'zhoujiu', password: 'nodes-pass-3', memberId: clerk.id, roles: [{ role: 'clerk', unitId: town.id }, { role: 'member', unitId: town.id }] });
    locationId = (await makeLocation(db, { unitId: town.id, name: '阅览室' })).id;
    const book = await makeBook(db, { title: '双节点测试图书', category: '其他' });
    for (let i = 0; i < LABEL_COPIES; i++) await makeCopy(db, { bookId: book.id, barcode: `MN${String(i).padStart(5, '0')}`, locationId });
    a = await startNode(testDb.env);
    b = await startNode(testDb.env);
    proxy = await startProxy([a, b]);
  }, 180_000);

  afterAll(async () => {
    await proxy?.close();
    for (const n of [a, b]) if (n && n.proc.exitCode === null && n.proc.signalCode === null) n.proc.kill('SIGKILL');
    await testDb?.drop();
  });

  it('keeps a session across nodes', async () => {
    const s = await signIn(proxy.base, 'qianqi', 'nodes-pass-1');
    expect(s.status).toBe(200);
    const before = [...proxy.served];
    for (let i = 0; i < 10; i++) {
      const r = await fetch(`${proxy.base}/api/me`, { headers: { cookie: s.cookie } });
      expect(r.status).toBe(200);
    }
    // Both nodes answered some of the ten.
    expect(proxy.served[0] - before[0]).toBeGreaterThan(0);
    expect(proxy.served[1] - before[1]).toBeGreaterThan(0);
    // A write made through one node is seen by the other.
    const note = await fetch(`${a.base}/api/notes`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ bookTitle: '双节点测试图书', thought: '在一号节点写下' }) });
    expect(note.status).toBe(200);
    const { id } = (await note.json()) as { id: number };
    const mine = await fetch(`${b.base}/api/notes/${id}`, { headers: { cookie: s.cookie } });
    expect(mine.status).toBe(200);
  });

  it('locks an account after failures spread over both nodes', async () => {
    const max = SETTINGS.find((d) => d.key === 'security.maxFailedLogins')!.default as number;
    for (let i = 0; i < max; i++) {
      const r = await signIn(i % 2 ? b.base : a.base, 'sunba', 'wrong-password');
      expect([401, 429]).toContain(r.status);
    }
    // The right password is refused on either node now: the count lives in the database.
    for (const n of [a, b]) {
      const r = await signIn(n.base, 'sunba', 'nodes-pass-2');
      expect(r.status).toBe(429);
    }
  });

  it('holds the sign-in rate limit of one account from one address across both nodes', async () => {
    const perPair = SETTINGS.find((d) => d.key === 'security.loginPerAccountAddressPerMinute')!.default as number;
    // The limit counts per minute: start early in a minute so the attempts fall in one.
    const second = new Date().getUTCSeconds();
    if (second > 40) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    // Right password every time, alternating nodes: each node alone has seen only half.
    for (let i = 0; i < perPair; i++) {
      const r = await signIn(i % 2 ? b.base : a.base, 'wangshi', 'nodes-pass-4');
      expect(r.status, `attempt ${i + 1}`).toBe(200);
    }
    for (const n of [a, b]) {
      const r = await signIn(n.base, 'wangshi', 'nodes-pass-4');
      expect(r.status).toBe(429);
      expect(r.body.error).toBe('RATE_LIMITED');
      expect(r.body.message).toContain('登录尝试过于频繁');
    }
  }, 120_000);

  it("holds a route's rate limit (the public redraw check, 30 a minute) across both nodes", async () => {
    // The limit counts per minute: start early in a minute so the requests fall in one.
    const second = new Date().getUTCSeconds();
    if (second > 40) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const redraw = (n: Node) => fetch(`${n.base}/api/assessment/public/draws/999999/redraw`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    // Alternating nodes: each node alone sees 15 of the 30, half its limit.
    for (let i = 0; i < 30; i++) {
      const r = await redraw(i % 2 ? b : a);
      expect(r.status, `request ${i + 1}`).not.toBe(429);
    }
    for (const n of [a, b]) {
      const r = await redraw(n);
      expect(r.status).toBe(429);
      expect(((await r.json()) as { message: string }).message).toBe('请求过于频繁，请稍后再试');
    }
  }, 120_000);

  it('sends a reminder once when two nodes run the same job at the same moment', async () => {
    const db = testDb.handle.db;
    const copy = await db.selectFrom('copies').select('id').where('barcode', '=', 'MN00000').executeTakeFirstOrThrow();
    await db.updateTable('copies').set({ status: 'loaned' }).where('id', '=', copy.id).execute();
    await db
      .insertInto('loans')
      .values({ copy_id: copy.id, member_id: readerId, loaned_at: new Date().toISOString(), due_on: addDays(todayLocal(), 1), returned_at: null, renewals: 0, last_reminded_on: null, created_by: null })
      .execute();
    const runs = await Promise.all([runCli(testDb.env, ['jobs', 'run', 'library.due-reminders']), runCli(testDb.env, ['jobs', 'run', 'library.due-reminders'])]);
    for (const r of runs) expect(r.code, r.out).toBe(0);
    expect(runs.filter((r) => r.out.includes('已执行：')).length).toBe(1);
    expect(runs.filter((r) => r.out.includes('未重复执行')).length).toBe(1);
    const notices = await db.selectFrom('notifications').select('title').where('user_id', '=', readerUserId).where('kind', '=', 'loan-due').execute();
    expect(notices.map((n) => n.title)).toEqual(['《双节点测试图书》明天到期']);
    // Asked again the same day on a node: not sent again.
    const again = await runCli(testDb.env, ['jobs', 'run', 'library.due-reminders']);
    expect(again.out).toContain('未重复执行');
  }, 120_000);

  it('answers on one node while the other builds a long export', { timeout: 240_000 }, async () => {
    const clerk = await signIn(a.base, 'zhoujiu', 'nodes-pass-3');
    expect(clerk.status).toBe(200);
    let exportDone = 0;
    const exported = fetch(`${a.base}/api/library/labels`, {
      method: 'POST',
      headers: { cookie: clerk.cookie, 'x-csrf-token': clerk.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ locationId, size: 'small' }),
    }).then(async (r) => {
      const bytes = (await r.arrayBuffer()).byteLength;
      exportDone = Date.now();
      return { status: r.status, bytes };
    });
    // While node A builds it, node B keeps answering.
    await new Promise((r) => setTimeout(r, 100));
    const answered: number[] = [];
    const latencies: number[] = [];
    while (!exportDone) {
      const t = Date.now();
      const r = await fetch(`${b.base}/api/me`, { headers: { cookie: clerk.cookie } });
      expect(r.status).toBe(200);
      latencies.push(Date.now() - t);
      answered.push(Date.now());
    }
    const result = await exported;
    expect(result.status).toBe(200);
    expect(result.bytes).toBeGreaterThan(10_000);
    const during = answered.filter((t) => t < exportDone);
    console.log(`[multinode] labels for ${LABEL_COPIES} copies on node A: node B answered ${during.length} requests meanwhile, slowest ${Math.max(...latencies)} ms`);
    expect(during.length).toBeGreaterThanOrEqual(3);
  });

  it('loses no acknowledged write when a node is killed in the middle of writing', async () => {
    const s = await signIn(proxy.base, 'qianqi', 'nodes-pass-1');
    const acknowledged: number[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop && i < 400; i++) {
        try {
          const r = await fetch(`${proxy.base}/api/notes`, {
            method: 'POST',
            headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
            body: JSON.stringify({ bookTitle: '双节点测试图书', thought: `写入 ${w}-${i}` }),
          });
          if (r.status === 200) acknowledged.push(((await r.json()) as { id: number }).id);
        } catch {
          /* the killed node's connection: not acknowledged */
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    await until(() => acknowledged.length >= 40, 'writes through both nodes', 60_000);
    a.proc.kill('SIGKILL');
    await until(() => acknowledged.length >= 120, 'writes after the kill', 60_000);
    stop = true;
    await Promise.all(writers);
    const ids = new Set((await testDb.handle.db.selectFrom('notes').select('id').where('member_id', '=', readerId).execute()).map((r) => r.id));
    const lost = acknowledged.filter((id) => !ids.has(id));
    console.log(`[multinode] ${acknowledged.length} notes acknowledged across a kill -9 of one node; lost ${lost.length}`);
    expect(lost).toEqual([]);
    expect(townId).toBeGreaterThan(0);
  }, 120_000);
});
