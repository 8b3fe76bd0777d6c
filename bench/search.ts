// Catalog search latency over 100,000 titles, through the real app (signed in),
// for the kinds of query people type: one and two characters, a phrase, pinyin
// initials, an ISBN. Usage: npx tsx bench/search.ts  (BENCH_TITLES, BENCH_SECONDS)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../server/src/db';
import { migrateToLatest } from '../server/src/db/migrate';
import { makeMember, makeUnit, makeUser, rng } from '../server/src/demo/factories';
import { bookSearchText } from '../server/src/modules/library/catalog/repository';
import { pinyinOf } from '../server/src/platform/pinyin';

const TITLES = Number(process.env.BENCH_TITLES ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-search-'));
const sqliteFile = path.join(dir, 'bench.db');
const handle = openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, sqliteFile });
await migrateToLatest(handle.db);
const town = await makeUnit(handle.db, { name: '基准镇', kind: 'town' });
const m = await makeMember(handle.db, { name: '读者', unitId: town.id });
await makeUser(handle.db, { username: 'reader', password: 'bench-password-1', memberId: m.id, roles: [{ role: 'member', unitId: town.id }] });

const WORDS = '中国 乡村 振兴 治理 基层 经济 发展 历史 文化 法治 哲学 科技 创新 改革 人民 社会 主义 思想 党建 学习 纲要 读本 概论 简史 实践 研究 案例 问答 手册 导论'.split(' ');
const r = rng(7);
const t0 = Date.now();
const names = new Map<string, string>();
const initials = (title: string) => {
  if (!names.has(title)) names.set(title, pinyinOf(title).initials);
  return names.get(title)!;
};
for (let start = 0; start < TITLES; start += 1000) {
  await handle.db.transaction().execute(async (trx) => {
    const rows = [];
    for (let i = start; i < Math.min(TITLES, start + 1000); i++) {
      const title = `${r.pick(WORDS)}${r.pick(WORDS)}${r.pick(WORDS)}${i % 7 === 0 ? '（第二版）' : ''}`;
      const isbn13 = `979${String(i).padStart(9, '0')}0`;
      const now = new Date().toISOString();
      rows.push({ title, subtitle: null, authors: `作者${i % 997}`, publisher: '人民出版社', pub_year: 2000 + (i % 25), pages: null, isbn13, isbn10: null, clc: 'D6', clc_class: 'D', category: '其他', series: null, tags: '', summary: null, cover_url: null, online_url: null, title_initials: initials(title), search_text: bookSearchText({ title, authors: `作者${i % 997}`, isbn13 }), created_at: now, updated_at: now, version: 1 });
    }
    await trx.insertInto('books').values(rows).execute();
  });
}
console.error(`generated ${TITLES} titles in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
await handle.destroy();

const port = 40_000 + Math.floor(Math.random() * 1000);
const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'serve.ts'), 'app', String(port)], { env: { ...process.env, BENCH_SQLITE: sqliteFile }, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((resolve) => child.stdout!.on('data', (d) => String(d).includes('ready') && resolve()));
const base = `http://127.0.0.1:${port}`;
const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reader', password: 'bench-password-1' }) });
const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

const queries: Record<string, string> = { 'one character': '史', 'two characters': '乡村', phrase: '基层治理', 'pinyin initials': 'xczx', isbn: '9790000123450' };
const results: Record<string, { reqPerSec: number; p50ms: number; p99ms: number; hits: number }> = {};
for (const [label, q] of Object.entries(queries)) {
  const url = `${base}/api/library/books?q=${encodeURIComponent(q)}`;
  const hits = ((await (await fetch(url, { headers: { cookie } })).json()) as { total: number }).total;
  const res = await new Promise<autocannon.Result>((resolve, reject) => autocannon({ url, connections: 10, duration: SECONDS, headers: { cookie } }, (e, x) => (e ? reject(e) : resolve(x))));
  results[label] = { reqPerSec: res.requests.average, p50ms: res.latency.p50, p99ms: res.latency.p99, hits };
}
child.kill();
console.log(JSON.stringify({ db: process.env.DATABASE_URL ? 'postgres' : 'sqlite', titles: TITLES, connections: 10, results }, null, 2));
if (process.env.BENCH_KEEP) console.error(`kept ${sqliteFile}`);
else fs.rmSync(dir, { recursive: true, force: true });
