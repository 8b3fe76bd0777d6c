// Time of the similarity check of a new 1,600-character reflection (the submit
// step's findMatches: LSH candidates from the band table, the candidates' texts,
// the exact overlap) against stores of 10,000, 100,000 and 1,000,000 reflections.
//
//   npx tsx bench/similarity.ts                         (SQLite)
//   DATABASE_URL=postgres://… npx tsx bench/similarity.ts
//   BENCH_SIZES=10000,100000 BENCH_REAL=1000 BENCH_QUERIES=40
//
// The store: BENCH_REAL (default 1,000) real reflections composed by the demo's
// composer on the same book and themes (their bands collide with the query the way
// reflections on one book do) plus 3 lightly edited copies of the query's source;
// the rest of each size is band rows only, generated in SQL with random hashes
// (writing a million 1,800-character texts and their MinHash would take hours and
// the check never reads a text that is not a candidate). A band-only row that
// becomes a candidate costs its lookup like any other; it has no text to compare.
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../server/src/db';
import { migrateToLatest } from '../server/src/db/migrate';
import { composeReflection, lightlyEdit } from '../server/src/demo/reflections';
import { makeBook, makeMember, makeUnit, rng } from '../server/src/demo/factories';
import { bodyText } from '../server/src/modules/reflections/sanitize';
import { candidates, findMatches, indexBands, textBands } from '../server/src/modules/reflections/service';
import { maskedText } from '../server/src/modules/reflections/sanitize';
import { overlap } from '../server/src/modules/reflections/similarity';
import { wordCount } from '../server/src/modules/reflections/wordcount';
import { BANDS } from '../server/src/modules/reflections/similarity';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const REAL = Number(process.env.BENCH_REAL ?? 1000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 40);
const FILLER_BASE = 10_000_000; // ref_id of band-only rows, far above real ids

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-bench-sim-'));
const handle = openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, sqliteFile: path.join(dir, 'bench.db') });
const db = handle.db;
const pg = handle.dialect === 'postgres';
await migrateToLatest(db);

const unit = await makeUnit(db, { name: '基准镇', kind: 'town' });
const m = await makeMember(db, { name: '基准干部', unitId: unit.id });
const book = await makeBook(db, { title: '乡土中国', authors: ['费孝通'], category: '社会' });
const r = rng(2026);
const compose = () => composeReflection(r, { book: '乡土中国', author: '费孝通', summary: '乡土社会的经典之作。', unit: '党政办', month: '11月' }).html;

async function store(html: string) {
  const text = bodyText(html);
  const now = new Date().toISOString();
  const row = await db
    .insertInto('reflections')
    .values({ member_id: m.id, unit_id: unit.id, book_id: book.id, book_title: '乡土中国', plan_item_id: null, title: '心得', body_html: html, body_text: text, char_count: wordCount(text), status: 'approved', month: '2026-11', submitted_at: now, similarity_percent: 0, similarity_top_id: null, scores_json: null, score: null, review_comment: null, reviewed_by: null, reviewed_at: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await indexBands(db, 'r', row.id, textBands(maskedText(html)));
  return row.id;
}

// The query texts: new 1,600-character reflections, and one source that three stored texts copied.
let t0 = performance.now();
const source = compose();
for (let i = 0; i < 3; i++) await store(lightlyEdit(source.replace(/<p>[^<]*<\/p>/, '')));
const realTexts: string[] = [];
for (let i = 0; i < REAL; i++) {
  const h = compose();
  realTexts.push(h);
  await store(h);
}
const queries = [source, ...Array.from({ length: QUERIES - 1 }, () => compose())];
console.log(`stored ${REAL + 3} real reflections in ${((performance.now() - t0) / 1000).toFixed(1)} s; query length ${wordCount(bodyText(source))} 字`);

/** Adds band-only rows so the store holds `target` reflections in all. */
async function growTo(target: number, have: number) {
  const from = FILLER_BASE + have;
  const to = FILLER_BASE + target - 1;
  const step = 50_000;
  // Bulk load without the lookup index, then build it once (as a restore would).
  await sql`DROP INDEX reflection_bands_lookup`.execute(db);
  for (let lo = from; lo <= to; lo += step) {
    const hi = Math.min(to, lo + step - 1);
    if (pg) {
      await sql`INSERT INTO reflection_bands (source, ref_id, band, hash)
        SELECT 'r', i, b, (floor(random() * 4294967296) - 2147483648)::int
        FROM generate_series(${lo}::int, ${hi}::int) i, generate_series(0, ${BANDS - 1}) b`.execute(db);
    } else {
      await sql`WITH RECURSIVE ids(i) AS (SELECT ${lo} UNION ALL SELECT i + 1 FROM ids WHERE i < ${hi}),
        bands(b) AS (SELECT 0 UNION ALL SELECT b + 1 FROM bands WHERE b < ${BANDS - 1})
        INSERT INTO reflection_bands (source, ref_id, band, hash) SELECT 'r', i, b, random() % 2147483648 FROM ids, bands`.execute(db);
    }
  }
  await sql`CREATE INDEX reflection_bands_lookup ON reflection_bands (hash, band)`.execute(db);
  if (pg) await sql`ANALYZE reflection_bands`.execute(db);
  else await sql`ANALYZE`.execute(db);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

// The linear baseline: exact overlap of one query against every stored text, per text.
t0 = performance.now();
const sample = realTexts.slice(0, 200).map(maskedText);
const mine = maskedText(queries[1]);
for (const s of sample) overlap(mine, s);
const perText = (performance.now() - t0) / sample.length;

const results: string[] = [];
let have = REAL + 3;
for (const size of SIZES) {
  t0 = performance.now();
  await growTo(size, have);
  have = size;
  const gen = (performance.now() - t0) / 1000;
  // Warm up, then time each query.
  await findMatches(db, queries[0], book.id, null);
  const times: number[] = [];
  const lookups: number[] = [];
  let kept = 0;
  let caught = 0;
  for (const [i, q] of queries.entries()) {
    const s = performance.now();
    const { matches } = await findMatches(db, q, book.id, null);
    times.push(performance.now() - s);
    kept += matches.length;
    // The index lookup alone (the part that depends on the store's size).
    const bands = textBands(maskedText(q));
    const l = performance.now();
    await candidates(db, bands);
    lookups.push(performance.now() - l);
    if (i === 0 && matches.filter((x) => x.percent >= 30).length === 3) caught++;
  }
  const line = `| ${size.toLocaleString('en')} | ${pg ? 'PostgreSQL' : 'SQLite'} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} | ${pct(lookups, 50).toFixed(2)} | ${(kept / queries.length).toFixed(1)} | ${caught ? 'yes' : 'NO'} | ${((perText * size) / 1000).toFixed(1)} s | ${gen.toFixed(0)} s |`;
  console.log(line);
  results.push(line);
}
console.log('\n| store | db | check p50 ms | check p95 ms | index lookup p50 ms | matches kept per query | 3 copies caught | linear scan (estimate) | generation |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const l of results) console.log(l);
console.log(`\nexact overlap per stored text: ${perText.toFixed(2)} ms`);
await handle.destroy();
fs.rmSync(dir, { recursive: true, force: true });
