// Time of the similarity check of a new 1,600-character reflection (the submit
// step's findMatches: LSH candidates from the band table, the candidates' texts,
// the exact overlap) against stores of 10,000, 100,000 and 1,000,000 reflections.
//
//   npx tsx bench/similarity.ts                         (SQLite)
//   DATABASE_URL=postgres://…/empty_db npx tsx bench/similarity.ts
//   BENCH_SIZES=10000,100000 BENCH_REAL=10000 BENCH_QUERIES=200
//
// The store holds honest reflections generated on six books from a vocabulary of
// real words and stock phrases (bench/reflection-text.ts): on one book two of them
// have a Jaccard of ≈ 0.03 and share a 13-character run now and then, as real ones
// do, so LSH bands collide at a realistic rate and the lookup returns more rows as
// the store grows.
// - BENCH_REAL (default 10,000) of them are stored in full (text and index rows,
//   as submit writes them), plus 3 lightly edited copies of the first query.
// - The rest are index rows only, signed from generated texts: each text is ~75
//   sentences drawn from a pool of generated sentences of its book, and its MinHash
//   is the element-wise least of its sentences' MinHashes (computed once per
//   sentence), i.e. the MinHash of all its shingles but the few that straddle two
//   sentences. That is what makes a million signatures take seconds, not the hour
//   the full pipeline would. Their texts are not stored, so one that becomes a
//   candidate costs its lookup but no exact comparison. They have negative ids, so
//   a stored text wins a tie and every query still compares up to 12 texts exactly
//   as long as 12 stored texts are among its candidates; the table says how many it did.
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../server/src/db';
import { migrateToLatest } from '../server/src/db/migrate';
import { lightlyEdit } from '../server/src/demo/reflections';
import { makeBook, makeMember, makeUnit, rng } from '../server/src/demo/factories';
import { bodyText } from '../server/src/modules/reflections/sanitize';
import { candidateRows, candidates, findMatches, indexBands, reflectionBands } from '../server/src/modules/reflections/service';
import { bandRows, BANDS, fingerprintRows, LARGE, minhash, normalize, overlap, PERMUTATIONS, prepare, SHINGLE, SMALL, windowBands } from '../server/src/modules/reflections/similarity';
import { wordCount } from '../server/src/modules/reflections/wordcount';
import { BOOKS, honestReflection, honestSentence } from './reflection-text';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const REAL = Number(process.env.BENCH_REAL ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const FLAG = 30;
// Index-only rows get negative ids: in a tie of shared bands the check takes the higher id first, so the
// stored texts come before them and each query compares as many texts exactly as a store of full texts would.
const POOL_PER_BOOK = 40_000;
const SENTENCES_PER_TEXT = 75;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-bench-sim-'));
const handle = openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, sqliteFile: path.join(dir, 'bench.db') });
const db = handle.db;
const pg = handle.dialect === 'postgres';
await migrateToLatest(db);

const unit = await makeUnit(db, { name: '基准镇', kind: 'town' });
const m = await makeMember(db, { name: '基准干部', unitId: unit.id });
const books: { id: number }[] = [];
for (const b of BOOKS) books.push(await makeBook(db, { title: b.title, authors: [b.author], category: '社会' }));
const r = rng(2026);
const write = (k: number) => honestReflection(r, BOOKS[k % BOOKS.length]);

async function storeMany(htmls: { html: string; book: number }[]) {
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    for (const { html, book } of htmls) {
      const text = bodyText(html);
      const row = await trx
        .insertInto('reflections')
        .values({ member_id: m.id, unit_id: unit.id, book_id: books[book].id, book_title: BOOKS[book].title, plan_item_id: null, title: '心得', body_html: html, body_text: text, char_count: wordCount(text), status: 'approved', month: '2026-11', submitted_at: now, similarity_percent: 0, similarity_top_id: null, scores_json: null, score: null, review_comment: null, reviewed_by: null, reviewed_at: null, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await indexBands(trx, 'r', row.id, reflectionBands(html));
    }
  });
}

// The queries: new reflections on the six books; the first is the source of three stored near-copies.
let t0 = performance.now();
const queries = Array.from({ length: QUERIES }, (_, i) => ({ html: write(i), book: i % BOOKS.length }));
await storeMany([0, 1, 2].map(() => ({ html: lightlyEdit(queries[0].html.replace(/<p>[^<]*<\/p>/, '')), book: 0 })));
for (let done = 0; done < REAL; done += 500) {
  await storeMany(Array.from({ length: Math.min(500, REAL - done) }, (_, i) => ({ html: write(done + i), book: (done + i) % BOOKS.length })));
}
const realSeconds = (performance.now() - t0) / 1000;
console.log(`stored ${REAL + 3} full reflections in ${realSeconds.toFixed(1)} s; query length ${wordCount(bodyText(queries[0].html))} 字`);

// ------------------------------------------------------------------ index-only rows

t0 = performance.now();
/** MinHash (PERMUTATIONS values) of each pool sentence's shingles, per book. */
const pools = BOOKS.map((b) => {
  const sigs = new Float64Array(POOL_PER_BOOK * PERMUTATIONS);
  for (let s = 0; s < POOL_PER_BOOK; s++) {
    const chars = normalize(honestSentence(r, b)).chars;
    const sig = chars.length >= SHINGLE ? minhash(chars) : new Array<number>(PERMUTATIONS).fill(Number.MAX_SAFE_INTEGER);
    sigs.set(sig, s * PERMUTATIONS);
  }
  return sigs;
});
console.log(`sentence pool: ${POOL_PER_BOOK * BOOKS.length} sentences signed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

/** The 32 band hashes of one generated text: SENTENCES_PER_TEXT sentences of its book's pool. */
function fillerBands(book: number): number[] {
  const pool = pools[book];
  const sig = new Array<number>(PERMUTATIONS).fill(Number.MAX_SAFE_INTEGER);
  for (let k = 0; k < SENTENCES_PER_TEXT; k++) {
    const at = Math.floor(r.next() * POOL_PER_BOOK) * PERMUTATIONS;
    for (let p = 0; p < PERMUTATIONS; p++) if (pool[at + p] < sig[p]) sig[p] = pool[at + p];
  }
  return bandRows(sig).map(([, h]) => h);
}

/** Adds index-only rows so the store holds `target` reflections in all. */
async function growTo(target: number, have: number) {
  const step = 5_000;
  // Bulk load without the lookup index, then build it once (as a restore would).
  await sql`DROP INDEX reflection_bands_lookup`.execute(db);
  for (let lo = have; lo < target; lo += step) {
    const n = Math.min(step, target - lo);
    const hashes: number[] = [];
    for (let i = 0; i < n; i++) hashes.push(...fillerBands((lo + i) % BOOKS.length));
    const base = lo + 1;
    if (pg) {
      await sql`INSERT INTO reflection_bands (source, ref_id, part, band, hash)
        SELECT 'r', -(${base}::int + ((o - 1) / ${BANDS})::int), 0, ((o - 1) % ${BANDS})::int, h
        FROM unnest(${hashes}::int[]) WITH ORDINALITY AS t(h, o)`.execute(db);
    } else {
      await sql`INSERT INTO reflection_bands (source, ref_id, part, band, hash)
        SELECT 'r', -(${base} + (key / ${BANDS})), 0, key % ${BANDS}, value FROM json_each(${JSON.stringify(hashes)})`.execute(db);
    }
  }
  await lookupIndex(false);
}

/** The lookup index as migration 0011 makes it, or (covering) with the columns the lookup reads, so no table row is visited. */
async function lookupIndex(covering: boolean) {
  await sql`DROP INDEX IF EXISTS reflection_bands_lookup`.execute(db);
  if (covering) await sql`CREATE INDEX reflection_bands_lookup ON reflection_bands (hash, band, source, ref_id, part)`.execute(db);
  else await sql`CREATE INDEX reflection_bands_lookup ON reflection_bands (hash, band)`.execute(db);
  // As after a restore and the database's own maintenance: statistics, and on PostgreSQL the visibility map.
  if (pg) await sql`VACUUM ANALYZE reflection_bands`.execute(db);
  else await sql`ANALYZE`.execute(db);
}

// A check of the filler: queries meet index-only rows in LSH as often as full ones.
function collisionRate(stored: Set<string>[], q: Set<string>[]) {
  let hits = 0;
  for (const s of stored) for (const keys of q) if ([...keys].some((k) => s.has(k))) hits++;
  return hits / (stored.length * q.length);
}
{
  const qKeys = queries.slice(1, 41).map((x) => new Set(windowBands(normalize(bodyText(x.html)).chars, [LARGE, SMALL]).map(([b, h]) => `${b}:${h}`)));
  const real = Array.from({ length: 3000 }, (_, i) => new Set(reflectionBands(write(i)).map(([b, h]) => `${b}:${h}`)));
  const filler = Array.from({ length: 3000 }, (_, i) => new Set(fillerBands(i % BOOKS.length).map((h, b) => `${b}:${h}`)));
  console.log(`LSH collision rate per (query, stored) pair: full texts ${(collisionRate(real, qKeys) * 100).toFixed(3)} %, index-only filler ${(collisionRate(filler, qKeys) * 100).toFixed(3)} %`);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// The linear baseline: exact overlap of one query against every stored text, per text.
t0 = performance.now();
const sample = Array.from({ length: 200 }, (_, i) => prepare(bodyText(write(i))));
const mine = prepare(bodyText(queries[1].html));
for (const s of sample) overlap(mine, s);
const perText = (performance.now() - t0) / sample.length;

const results: string[] = [];
let have = REAL + 3;
const runs: { size: number; covering: boolean }[] = SIZES.map((size) => ({ size, covering: false }));
// What if the lookup index covered the columns read (not what migration 0011 creates): the largest store again.
if (process.env.BENCH_COVERING !== '0') runs.push({ size: SIZES[SIZES.length - 1], covering: true });
for (const { size, covering } of runs) {
  t0 = performance.now();
  if (size > have) await growTo(size, have);
  if (covering) await lookupIndex(true);
  have = Math.max(have, size);
  const gen = (performance.now() - t0) / 1000;
  // Warm up, then time each query.
  for (const q of queries.slice(0, 5)) await findMatches(db, q.html, books[q.book].id, null);
  const times: number[] = [];
  const lookups: number[] = [];
  const rows: number[] = [];
  const cands: number[] = [];
  const compared: number[] = [];
  let caught = 0;
  let honestFlagged = 0;
  let honestMax = 0;
  for (const [i, q] of queries.entries()) {
    const s = performance.now();
    const found = await findMatches(db, q.html, books[q.book].id, null);
    times.push(performance.now() - s);
    // The index lookup alone (the part that depends on the store's size), and what it returned.
    // As findMatches looks up: the windows' bands and the text's fingerprints (small copied passages).
    const chars = normalize(bodyText(q.html)).chars;
    const bands = [...windowBands(chars, [LARGE, SMALL]), ...fingerprintRows(chars)];
    const l = performance.now();
    const c = await candidates(db, bands);
    lookups.push(performance.now() - l);
    const read = { read: 0 };
    await candidateRows(db, bands, read);
    rows.push(read.read);
    cands.push((await candidates(db, bands, 1e9)).length);
    compared.push(c.filter((x) => x.refId > 0).length);
    if (i === 0) caught = found.matches.filter((x) => x.percent >= FLAG).length;
    else {
      if (found.percent >= FLAG) honestFlagged++;
      honestMax = Math.max(honestMax, found.percent);
    }
  }
  const slowest = times.indexOf(Math.max(...times));
  console.log(`  ${size}${covering ? ' covering' : ''}: p95 ${pct(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (query ${slowest}, ${rows[slowest]} index rows, lookup ${lookups[slowest].toFixed(1)} ms)`);
  const line = `| ${size.toLocaleString('en')}${covering ? ' (covering index)' : ''} | ${pg ? 'PostgreSQL' : 'SQLite'} | ${pct(times, 50).toFixed(1)} | ${pct(times, 99).toFixed(1)} | ${pct(lookups, 50).toFixed(2)} | ${avg(rows).toFixed(0)} | ${avg(cands).toFixed(1)} | ${avg(compared).toFixed(1)} | ${caught}/3 | ${honestFlagged}/${QUERIES - 1} (max ${honestMax} %) | ${((perText * size) / 1000).toFixed(0)} s | ${gen.toFixed(0)} s |`;
  console.log(line);
  results.push(line);
}
console.log(
  `\n| store | db | check p50 ms | check p99 ms | index lookup p50 ms | index rows read per query | candidates per query | exact comparisons per query | copies caught | honest queries flagged | linear scan (estimate) | generation |`,
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const l of results) console.log(l);
console.log(`\nexact overlap per stored text: ${perText.toFixed(2)} ms; ${REAL + 3} full reflections stored in ${realSeconds.toFixed(0)} s`);
await handle.destroy();
fs.rmSync(dir, { recursive: true, force: true });
