// A deterministic district (or province) of any size, into SQLite or PostgreSQL, for the
// benchmarks. Same seed and size, same data.
//
//   npx tsx bench/generate.ts                         district: 20 towns × 10 units × 30 = 6,000 members, a year
//   npx tsx bench/generate.ts --sqlite /tmp/d.db
//   npx tsx bench/generate.ts --db postgres://…/empty_db
//   npx tsx bench/generate.ts --towns 200 --units 10 --per-unit 50 --days 7 --db …   a province of 100,000, this week
//
// What is in it (the shape of a real district's year, not uniform noise):
// - a district, its towns, each town's offices (units); members with Chinese names; each town a reading room;
// - study logs on the last `days` days: each member has a diligence drawn from a spread (a few who hardly log,
//   most between 55 % and 95 % of required days), reading 20–90 minutes, online learning on ~30 % of those days,
//   some weekend reading;
// - a reading plan item per member per month: finished on time, finished late (after its target day), still
//   reading, or none at all (≈ 10 %);
// - a library: 1,000 copies per town of 2,000 titles; ≈ 12 loans per member over the year, most returned,
//   ≈ 8 % of members with a book out now, a third of those overdue;
// - ≈ 1 reflection per member per month on the reading, reviewed in a spread of statuses; a few (≈ 0.3 %) copied
//   from a colleague's and flagged with the similarity they would show;
// - a collective session per office per past month with check-ins (50–100 % of its members, by diligence), and
//   practice and online learning on required days of the year covered (the year score's other sources);
// - sign-in accounts (one password for all, `BENCH_PASSWORD`): `m0…m199` members spread over the towns,
//   `clerk1…` a clerk per town, `district` the district's clerk, `office` a clerk of one office.
// Rows go in by batched raw inserts (prepared statements on SQLite, multi-row VALUES on PostgreSQL);
// the app's factories make the units and one user so the password hash is the app's own.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openDatabase } from '../server/src/db';
import { migrateToLatest } from '../server/src/db/migrate';
import { chineseName, makeUnit, makeUser, rng } from '../server/src/demo/factories';
import { addDays, bundledDay } from '../server/src/platform/workcalendar';
import { BOOKS, honestSentence } from './reflection-text';

export const BENCH_PASSWORD = 'bench-password-1';

export interface Spec {
  towns: number;
  unitsPerTown: number;
  perUnit: number;
  /** Study logs on the last `days` days up to today. */
  days: number;
  /** Months of plans, loans and reflections back from this one. */
  months: number;
  seed: number;
}

export const DISTRICT: Spec = { towns: 20, unitsPerTown: 10, perUnit: 30, days: 365, months: 12, seed: 17 };
/** 100,000 members; the current month only (the unit views are monthly). */
export const PROVINCE: Spec = { towns: 200, unitsPerTown: 10, perUnit: 50, days: 31, months: 1, seed: 17 };

export interface District {
  spec: Spec;
  sqliteFile?: string;
  databaseUrl?: string;
  districtId: number;
  towns: { id: number; path: string; clerk: string; copies: string[] }[];
  members: number;
  /** Sign-in names of members, with their town's index; none has a book out. */
  memberUsers: { username: string; town: number }[];
  districtClerk: string;
  officeClerk: { username: string; unitId: number };
  counts: Record<string, number>;
  generatedSeconds: number;
}

/** Today in Asia/Shanghai. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

interface Sink {
  insert(table: string, cols: string[], rows: unknown[][]): Promise<void>;
  /** Inserts and returns the new ids in order. */
  insertIds(table: string, cols: string[], rows: unknown[][]): Promise<number[]>;
  close(): Promise<void>;
}

function sqliteSink(file: string): Sink {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  const stmts = new Map<string, Database.Statement>();
  const stmt = (table: string, cols: string[]) => {
    const key = `${table}(${cols})`;
    let s = stmts.get(key);
    if (!s) stmts.set(key, (s = raw.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)));
    return s;
  };
  return {
    async insert(table, cols, rows) {
      const s = stmt(table, cols);
      raw.transaction(() => {
        for (const r of rows) s.run(...r);
      })();
    },
    async insertIds(table, cols, rows) {
      const s = stmt(table, cols);
      const ids: number[] = [];
      raw.transaction(() => {
        for (const r of rows) ids.push(Number(s.run(...r).lastInsertRowid));
      })();
      return ids;
    },
    async close() {
      raw.exec('ANALYZE');
      raw.close();
    },
  };
}

function pgSink(url: string): Sink {
  const client = new pg.Client({ connectionString: url });
  const ready = client.connect();
  async function many(table: string, cols: string[], rows: unknown[][], returning: boolean) {
    await ready;
    const ids: number[] = [];
    const per = Math.floor(60_000 / cols.length);
    for (let c = 0; c < rows.length; c += per) {
      const chunk = rows.slice(c, c + per);
      const values: unknown[] = [];
      const tuples = chunk.map((r) => `(${r.map((v) => `$${values.push(v)}`).join(',')})`);
      const res = await client.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${tuples.join(',')}${returning ? ' RETURNING id' : ''}`, values);
      if (returning) for (const row of res.rows as { id: number }[]) ids.push(Number(row.id));
    }
    return ids;
  }
  return {
    insert: async (t, c, r) => void (await many(t, c, r, false)),
    insertIds: (t, c, r) => many(t, c, r, true),
    async close() {
      await client.query('ANALYZE');
      await client.end();
    },
  };
}

/** Makes the district into an empty database (SQLite file or PostgreSQL URL). */
export async function generate(target: { sqliteFile?: string; databaseUrl?: string }, spec: Spec = DISTRICT, log: (m: string) => void = () => {}): Promise<District> {
  const t0 = Date.now();
  const handle = openDatabase({ databaseUrl: target.databaseUrl, sqliteFile: target.sqliteFile });
  await migrateToLatest(handle.db);
  const r = rng(spec.seed);
  const now = new Date().toISOString();
  const day = today();
  const counts: Record<string, number> = {};
  const count = (k: string, n: number) => (counts[k] = (counts[k] ?? 0) + n);

  // Units through the app's factory (paths), one user through it (the password hash).
  const district = await makeUnit(handle.db, { name: '书香区', kind: 'district' });
  const towns: { id: number; path: string; units: { id: number; path: string }[] }[] = [];
  for (let t = 0; t < spec.towns; t++) {
    const town = await makeUnit(handle.db, { name: `第${t + 1}镇`, kind: 'town', parentId: district.id, sortOrder: t });
    const units: { id: number; path: string }[] = [];
    for (let u = 0; u < spec.unitsPerTown; u++) units.push(await makeUnit(handle.db, { name: `第${t + 1}镇${['党政办', '经发办', '社事办', '综治办', '财政所', '农业中心', '文化站', '司法所', '派出所', '卫生院'][u % 10]}${u >= 10 ? u : ''}`, kind: 'office', parentId: town.id, sortOrder: u }));
    towns.push({ ...town, units });
  }
  const first = await makeUser(handle.db, { username: 'district', password: BENCH_PASSWORD, displayName: '区委组织部', roles: [{ role: 'clerk', unitId: district.id }] });
  const hash = (await handle.db.selectFrom('users').select('password_hash').where('id', '=', first.id).executeTakeFirstOrThrow()).password_hash;
  await handle.destroy();

  const sink = target.databaseUrl ? pgSink(target.databaseUrl) : sqliteSink(target.sqliteFile!);
  try {
    // Members: a diligence each, from a spread.
    const taken = new Set<string>();
    const members: { id: number; unit: number; town: number; diligence: number }[] = [];
    for (const [ti, t] of towns.entries())
      for (const u of t.units) {
        const rows: unknown[][] = [];
        const dil: number[] = [];
        for (let i = 0; i < spec.perUnit; i++) {
          if (taken.size > 40_000) taken.clear(); // names repeat in a province, as they do
          const name = chineseName(r, taken);
          const x = r.next();
          dil.push(x < 0.05 ? r.next() * 0.2 : x < 0.15 ? 0.3 + r.next() * 0.25 : 0.55 + r.next() * 0.4);
          rows.push([u.id, name, '', name, i === 0 ? '主任' : '干部', i === 0 ? 'leader' : r.next() < 0.7 ? 'party' : 'staff', r.next() < 0.8 ? 1 : 0, 'active', 0, now, now, 1]);
        }
        const ids = await sink.insertIds('members', ['unit_id', 'name', 'name_initials', 'name_pinyin', 'position', 'category', 'party_member', 'status', 'leading_group', 'created_at', 'updated_at', 'version'], rows);
        ids.forEach((id, i) => members.push({ id, unit: u.id, town: ti, diligence: dil[i] }));
      }
    count('members', members.length);
    log(`members: ${members.length}`);

    // Accounts.
    const memberUsers: { username: string; town: number }[] = [];
    const withAccount = new Set<number>();
    const userRows: unknown[][] = [];
    const roleFor: { role: string; unit: number }[][] = [];
    const addUser = (username: string, display: string, memberId: number | null, roles: { role: string; unit: number }[]) => {
      userRows.push([username, hash, memberId, display, 0, 0, now, 0, 0, now, now, 1]);
      roleFor.push(roles);
    };
    const step = Math.max(1, Math.floor(members.length / 200));
    for (let i = 0; i < 200 && i * step < members.length; i++) {
      const m = members[i * step];
      memberUsers.push({ username: `m${i}`, town: m.town });
      withAccount.add(m.id);
      addUser(`m${i}`, `干部${i}`, m.id, [{ role: 'member', unit: m.unit }]);
    }
    towns.forEach((t, i) => addUser(`clerk${i + 1}`, `第${i + 1}镇管理员`, null, [{ role: 'clerk', unit: t.id }]));
    addUser('office', '党政办管理员', null, [{ role: 'clerk', unit: towns[0].units[0].id }]);
    const userIds = await sink.insertIds('users', ['username', 'password_hash', 'member_id', 'display_name', 'disabled', 'must_change_password', 'password_changed_at', 'totp_enabled', 'is_demo', 'created_at', 'updated_at', 'version'], userRows);
    await sink.insert('user_roles', ['user_id', 'role', 'unit_id'], userIds.flatMap((id, i) => roleFor[i].map((x) => [id, x.role, x.unit])));

    // Study logs.
    const days: { day: string; required: boolean }[] = [];
    for (let d = addDays(day, -(spec.days - 1)); d <= day; d = addDays(d, 1)) days.push({ day: d, required: bundledDay(d).kind === 'workday' });
    const LOG_COLS = ['member_id', 'day', 'kind', 'minutes', 'progress', 'note', 'source', 'created_at'];
    let batch: unknown[][] = [];
    for (const m of members) {
      for (const d of days) {
        if (r.next() > (d.required ? m.diligence : m.diligence * 0.3)) continue;
        batch.push([m.id, d.day, 'reading', 20 + Math.floor(r.next() * 70), '', '', 'manual', now]);
        if (r.next() < 0.3) batch.push([m.id, d.day, 'online', 10 + Math.floor(r.next() * 40), '', '', 'manual', now]);
      }
      if (batch.length > 50_000) {
        count('study_logs', batch.length);
        await sink.insert('study_logs', LOG_COLS, batch);
        batch = [];
      }
    }
    count('study_logs', batch.length);
    await sink.insert('study_logs', LOG_COLS, batch);
    log(`study_logs: ${counts.study_logs}`);

    // Months back from this one.
    const months: string[] = [];
    for (let i = spec.months - 1; i >= 0; i--) {
      const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() - i);
      months.push(d.toISOString().slice(0, 7));
    }
    const current = day.slice(0, 7);

    // Reading plans: on time, late, still reading, or none.
    const plans: unknown[][] = [];
    for (const m of members)
      for (const mo of months) {
        if (r.next() < 0.1) continue;
        const target = `${mo}-25`;
        const past = mo < current;
        const done = r.next() < m.diligence;
        const late = done && r.next() < 0.2;
        const finished = done && past ? (late ? addDays(target, 1 + Math.floor(r.next() * 10)) : `${mo}-${String(5 + Math.floor(r.next() * 19)).padStart(2, '0')}`) : null;
        plans.push([m.id, mo, BOOKS[Math.floor(r.next() * BOOKS.length)].title, target, finished ? 'finished' : 'reading', finished, now, now, 1]);
      }
    count('reading_plan_items', plans.length);
    await sink.insert('reading_plan_items', ['member_id', 'month', 'own_title', 'target_on', 'status', 'finished_on', 'created_at', 'updated_at', 'version'], plans);

    // The library: titles, a reading room and copies per town, a year of loans.
    const TITLES = Math.min(2000, 200 * spec.towns);
    const bookIds = await sink.insertIds(
      'books',
      ['title', 'authors', 'category', 'tags', 'title_initials', 'search_text', 'created_at', 'updated_at', 'version'],
      Array.from({ length: TITLES }, (_, i) => {
        const b = BOOKS[i % BOOKS.length];
        const title = i < BOOKS.length ? b.title : `${b.title}（第${Math.floor(i / BOOKS.length) + 1}版）`;
        return [title, b.author, '其他', '[]', '', title, now, now, 1];
      }),
    );
    count('books', bookIds.length);
    const locIds = await sink.insertIds('locations', ['unit_id', 'name', 'kind', 'created_at', 'version'], towns.map((t, i) => [t.id, `第${i + 1}镇阅览室`, 'room', now, 1]));
    const COPIES = 1000;
    const copyRows: unknown[][] = [];
    const barcodes: string[][] = towns.map(() => []);
    towns.forEach((_, ti) => {
      for (let c = 0; c < COPIES; c++) {
        const barcode = `T${String(ti + 1).padStart(3, '0')}${String(c).padStart(5, '0')}`;
        barcodes[ti].push(barcode);
        copyRows.push([bookIds[(ti * 37 + c) % bookIds.length], barcode, locIds[ti], 'available', 'purchase', now, now, 1]);
      }
    });
    const copyIds = await sink.insertIds('copies', ['book_id', 'barcode', 'location_id', 'status', 'source', 'created_at', 'updated_at', 'version'], copyRows);
    count('copies', copyIds.length);
    const loans: unknown[][] = [];
    const out = new Set<number>();
    const start = addDays(day, -30 * spec.months);
    for (const m of members) {
      const n = Math.round(m.diligence * 16 * (spec.months / 12));
      for (let k = 0; k < n; k++) {
        const copy = copyIds[m.town * COPIES + Math.floor(r.next() * COPIES)];
        const from = addDays(start, Math.floor(r.next() * 30 * spec.months - 35));
        loans.push([copy, m.id, `${from}T02:00:00.000Z`, addDays(from, 30), `${addDays(from, 5 + Math.floor(r.next() * 28))}T08:00:00.000Z`, 0]);
      }
      // Books out now; a third of them overdue. The copies near the end of each town's shelf stay free for the borrow benchmark.
      if (r.next() < 0.08 && !withAccount.has(m.id)) {
        const copy = copyIds[m.town * COPIES + Math.floor(r.next() * (COPIES - 200))];
        if (out.has(copy)) continue;
        out.add(copy);
        const from = r.next() < 0.33 ? addDays(day, -40 - Math.floor(r.next() * 20)) : addDays(day, -Math.floor(r.next() * 25));
        loans.push([copy, m.id, `${from}T02:00:00.000Z`, addDays(from, 30), null, 0]);
      }
    }
    await sink.insert('loans', ['copy_id', 'member_id', 'loaned_at', 'due_on', 'returned_at', 'renewals'], loans);
    count('loans', loans.length);
    count('loans_open', out.size);
    if (out.size) {
      const ids = [...out];
      for (let c = 0; c < ids.length; c += 5000) {
        const h = openDatabase(target);
        await h.db.updateTable('copies').set({ status: 'loaned' }).where('id', 'in', ids.slice(c, c + 5000)).execute();
        await h.destroy();
      }
    }
    log(`loans: ${loans.length}`);

    // Reflections, about one a member a month; a few copied from a colleague.
    const STATUSES = ['submitted', 'approved', 'approved', 'approved', 'excellent', 'returned', 'draft'];
    const REFL_COLS = ['member_id', 'unit_id', 'book_title', 'title', 'body_html', 'body_text', 'char_count', 'status', 'month', 'submitted_at', 'similarity_percent', 'flagged', 'created_at', 'updated_at', 'version'];
    let refl: unknown[][] = [];
    const recent: string[] = [];
    for (const m of members) {
      for (const mo of months) {
        if (r.next() > m.diligence + 0.1) continue;
        const b = BOOKS[Math.floor(r.next() * BOOKS.length)];
        const copied = recent.length > 10 && r.next() < 0.003;
        let text = copied ? recent[Math.floor(r.next() * recent.length)] : '';
        if (!copied) {
          text = `我读完了${b.author}的《${b.title}》。`;
          while (text.length < 240) text += honestSentence(r, b);
          recent.push(text);
          if (recent.length > 200) recent.shift();
        }
        const status = STATUSES[Math.floor(r.next() * STATUSES.length)];
        refl.push([m.id, m.unit, b.title, `读《${b.title}》有感`, `<p>${text}</p>`, text, 1500 + Math.floor(r.next() * 800), status, mo, status === 'draft' ? null : `${mo}-20T02:00:00.000Z`, copied ? 60 + Math.floor(r.next() * 35) : Math.floor(r.next() * 15), copied ? 1 : 0, now, now, 1]);
        if (copied) count('reflections_copied', 1);
      }
      if (refl.length > 20_000) {
        count('reflections', refl.length);
        await sink.insert('reflections', REFL_COLS, refl);
        refl = [];
      }
    }
    count('reflections', refl.length);
    await sink.insert('reflections', REFL_COLS, refl);
    log(`reflections: ${counts.reflections}`);

    // A collective session per office per past month (the 15th, 09:00–11:00) with check-ins by most of its
    // members; practice and online learning through the year (the year score's and the evidence's other sources).
    // Drawn after everything above, so the rows above are the same as before these were added.
    const iso = (d: string, hm: string) => new Date(`${d}T${hm}:00+08:00`).toISOString();
    const byUnit = new Map<number, typeof members>();
    for (const m of members) byUnit.set(m.unit, [...(byUnit.get(m.unit) ?? []), m]);
    const sessionMonths = months.filter((mo) => mo < current);
    const offices = towns.flatMap((t) => t.units);
    const sessionIds = await sink.insertIds(
      'study_sessions',
      ['unit_id', 'topic', 'starts_at', 'ends_at', 'minutes', 'status', 'qr_secret', 'created_at', 'updated_at'],
      offices.flatMap((u) => sessionMonths.map((mo, i) => [u.id, `第${i + 1}次集中学习`, iso(`${mo}-15`, '09:00'), iso(`${mo}-15`, '11:00'), 120, 'closed', 'x', now, now])),
    );
    await sink.insert('study_session_units', ['session_id', 'unit_id'], sessionIds.map((id, k) => [id, offices[Math.floor(k / sessionMonths.length)]!.id]));
    count('study_sessions', sessionIds.length);
    let extra: unknown[][] = [];
    const flush = async (table: string, cols: string[], force = false) => {
      if (!force && extra.length < 20_000) return;
      count(table, extra.length);
      if (extra.length) await sink.insert(table, cols, extra);
      extra = [];
    };
    const CHECK_COLS = ['session_id', 'member_id', 'checked_at', 'method'];
    offices.forEach((u, ui) => {
      sessionMonths.forEach((mo, i) => {
        for (const m of byUnit.get(u.id) ?? []) if (r.next() < 0.5 + m.diligence / 2) extra.push([sessionIds[ui * sessionMonths.length + i], m.id, iso(`${mo}-15`, '08:55'), 'qr']);
      });
    });
    await flush('check_ins', CHECK_COLS, true);
    const yearDays = days.filter((d) => d.required && d.day >= `${day.slice(0, 4)}-01-01`).map((d) => d.day);
    if (yearDays.length) {
      const PRACTICE_COLS = ['member_id', 'day', 'kind', 'title', 'minutes', 'created_at'];
      for (const m of members) {
        for (let k = 0; k < 4; k++) if (r.next() < m.diligence) extra.push([m.id, yearDays[Math.floor(r.next() * yearDays.length)], 'volunteer', '志愿服务', 60, now]);
        await flush('practice_activities', PRACTICE_COLS);
      }
      await flush('practice_activities', PRACTICE_COLS, true);
      const ONLINE_COLS = ['member_id', 'day', 'platform', 'content', 'minutes', 'created_at'];
      for (const m of members) {
        for (let k = 0; k < 10; k++) if (r.next() < m.diligence) extra.push([m.id, yearDays[Math.floor(r.next() * yearDays.length)], '学习强国', '', 45, now]);
        await flush('online_learning', ONLINE_COLS);
      }
      await flush('online_learning', ONLINE_COLS, true);
    }
    log(`sessions: ${counts.study_sessions}, check-ins: ${counts.check_ins}`);

    return {
      spec,
      ...target,
      districtId: district.id,
      towns: towns.map((t, i) => ({ id: t.id, path: t.path, clerk: `clerk${i + 1}`, copies: barcodes[i].slice(COPIES - 200) })),
      members: members.length,
      memberUsers,
      districtClerk: 'district',
      officeClerk: { username: 'office', unitId: towns[0].units[0].id },
      counts,
      generatedSeconds: Number(((Date.now() - t0) / 1000).toFixed(1)),
    };
  } finally {
    await sink.close();
  }
}

function specFrom(args: string[]): Spec {
  const arg = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const base = arg('province') !== undefined || args.includes('--province') ? PROVINCE : DISTRICT;
  const num = (name: string, d: number) => (arg(name) === undefined ? d : Number(arg(name)));
  return { towns: num('towns', base.towns), unitsPerTown: num('units', base.unitsPerTown), perUnit: num('per-unit', base.perUnit), days: num('days', base.days), months: num('months', base.months), seed: num('seed', base.seed) };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bench/generate.ts')) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--db');
  const j = args.indexOf('--sqlite');
  const target = i >= 0 ? { databaseUrl: args[i + 1] } : { sqliteFile: j >= 0 ? args[j + 1] : path.resolve('.tmp/bench/district.db') };
  if (target.sqliteFile) {
    fs.mkdirSync(path.dirname(target.sqliteFile), { recursive: true });
    if (fs.existsSync(target.sqliteFile)) throw new Error(`${target.sqliteFile} exists; give a new file`);
  }
  const d = await generate(target, specFrom(args), (m) => console.error(m));
  console.log(JSON.stringify({ ...d, towns: d.towns.length }, null, 2));
}
