// Issue 12, "make the audit permanent": the event-loop guard. Every route that takes an uploaded
// file (found from the app's route table, so a new one without cases here fails) is sent hostile
// files — zip bombs, decompression-bomb pictures, huge dimensions, truncated files, wrong magic
// bytes — while a probe measures /api/health through the app. Each must be refused with a Chinese
// 4xx, write nothing, and keep /api/health under 100 ms. (xlsx-guard.test.ts goes deeper into the
// workbooks themselves: wide and 100,000-row sheets.)
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, multipart, signedIn, type Client, type TestApp } from '../../test/helper';
import { exe, healthWhileBestOf3, hugeJpeg, officeBomb, png, pngBomb, wideSheet, zipBomb } from '../../test/hostile';
import { SMALL_JPEG } from '../../test/photos';
import { makeWorld, PASSWORD } from '../../test/world';
import { routeTable } from '../app';

let t: TestApp;
let clerk: Client;
let zhang: Client;
let ids: { announcement: number; lecture: number; seminar: number; speaker: number; town: number };

beforeAll(async () => {
  t = await createTestApp();
  const world = await makeWorld(t.db);
  [clerk, zhang] = await Promise.all(['clerka', 'zhangsan'].map((u) => signedIn(t.app, u, PASSWORD)));
  const ann = await clerk.post('/api/announcements', { unitId: world.townA.id, title: '公告', bodyHtml: '<p>正文</p>' });
  expect(ann.statusCode, ann.body).toBe(200);
  const lecture = await zhang.post('/api/lectures', { topic: '党课', outline: '提纲' });
  expect(lecture.statusCode, lecture.body).toBe(200);
  const seminar = await clerk.post('/api/seminars', {
    unitId: world.townA.id,
    theme: '研讨',
    date: '2026-03-20',
    start: '15:00',
    end: '17:00',
    place: '会议室',
    unitIds: [world.townA.id],
    chairUserId: world.users.leader.id,
    speakerMemberIds: [world.members.mZhang.id],
  });
  expect(seminar.statusCode, seminar.body).toBe(200);
  const detail = (await zhang.get(`/api/seminars/${seminar.json().id}`)).json();
  ids = { announcement: ann.json().id, lecture: lecture.json().id, seminar: seminar.json().id, speaker: detail.speakers[0].id, town: world.townA.id };
});
afterAll(() => t.close());

type Hostile = [name: string, filename: string, make: () => Buffer];

// The four .xlsx imports of xlsx-guard.test.ts get the slow cases (the lying zip bomb, the wide and
// the 100,000-row sheets) there; here every other route that reads a workbook gets them too.
const WORKBOOKS: Hostile[] = [
  ['a zip bomb declaring 1 GiB', 'bomb.xlsx', () => zipBomb(1024, true)],
  ['a truncated workbook', 'cut.xlsx', () => wideSheet(5).subarray(0, 700)],
  ['a program named .xlsx', 'roster.xlsx', exe],
];
const SLOW_WORKBOOKS: Hostile[] = [
  ['a zip bomb lying about its size', 'bomb.xlsx', () => zipBomb(200, false)],
  ['the audit’s wide sheet', 'wide.xlsx', () => wideSheet(200)],
];
const PICTURES: Hostile[] = [
  ['a decompression-bomb PNG (30,000 × 30,000)', 'bomb.png', pngBomb],
  ['a JPEG declaring 65,000 × 65,000 pixels', 'huge.jpg', hugeJpeg],
  ['a truncated PNG', 'cut.png', () => png(16, 16).subarray(0, 50)],
  ['a truncated JPEG', 'cut.jpg', () => SMALL_JPEG.subarray(0, Math.floor(SMALL_JPEG.length / 2))],
  ['a program named .png', 'photo.png', exe],
];
const DOCUMENTS: Hostile[] = [
  ['a .pptx whose content types inflate to 1 GiB', 'bomb.pptx', () => officeBomb(1024, true)],
  ['a .pptx zip bomb lying about its size', 'bomb.pptx', () => officeBomb(200, false)],
  ['a program named .pdf', 'slides.pdf', exe],
  ['a truncated .pptx', 'cut.pptx', () => officeBomb(1, true).subarray(0, 200)],
];
const TEXTS: Hostile[] = [
  ['2 MB of unclosed GIFT braces', 'bank.gift.txt', () => Buffer.from('::题::'.repeat(10) + '{'.repeat(2 * 1024 * 1024))],
  ['a MARC record claiming 99,999 bytes with garbage', 'books.mrc', () => Buffer.from(`99999nam a2200000   4500${'\x1e'.repeat(100_000)}`, 'latin1')],
];

/** Every upload route: who sends, where, and which hostile files. */
const ROUTES: Record<string, { as: () => Client; url: () => string; files: Hostile[] }> = {
  'POST /api/members/import': { as: () => clerk, url: () => '/api/members/import', files: WORKBOOKS },
  'POST /api/library/import': { as: () => clerk, url: () => '/api/library/import', files: [...WORKBOOKS, TEXTS[1]!] },
  'POST /api/learning/import': { as: () => clerk, url: () => '/api/learning/import', files: WORKBOOKS },
  'POST /api/study/calendar-days/import': { as: () => clerk, url: () => '/api/study/calendar-days/import', files: WORKBOOKS },
  'POST /api/exams/questions/import': { as: () => clerk, url: () => '/api/exams/questions/import', files: [...WORKBOOKS, ...SLOW_WORKBOOKS, TEXTS[0]!] },
  'POST /api/learning/files': { as: () => zhang, url: () => '/api/learning/files', files: PICTURES },
  'POST /api/assessment/photos': { as: () => zhang, url: () => '/api/assessment/photos?purpose=evidence', files: PICTURES },
  'POST /api/announcements/:id/images': { as: () => clerk, url: () => `/api/announcements/${ids.announcement}/images`, files: PICTURES },
  'POST /api/scorecard/seal': { as: () => clerk, url: () => `/api/scorecard/seal?unitId=${ids.town}`, files: PICTURES },
  'POST /api/lectures/:id/files': { as: () => zhang, url: () => `/api/lectures/${ids.lecture}/files?kind=slides`, files: DOCUMENTS },
  'POST /api/seminars/:id/speakers/:speakerId/file': { as: () => zhang, url: () => `/api/seminars/${ids.seminar}/speakers/${ids.speaker}/file`, files: [...DOCUMENTS, ...PICTURES] },
};

/** Rows in every table but the audit log (refusals are audited) and the live state of sign-ins. */
async function rowCounts(): Promise<Record<string, number>> {
  const names =
    t.testDb.handle.dialect === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(t.db)).rows
      : (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(t.db)).rows;
  const out: Record<string, number> = {};
  for (const { name } of names) {
    if (['audit_log', 'sessions', 'login_rate', 'login_throttle', 'job_leases'].includes(name)) continue;
    out[name] = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(name)}`.execute(t.db)).rows[0]!.n);
  }
  return out;
}

/**
 * The Chinese reason a hostile file was refused, or '' if it was not: a 4xx with a message, or an
 * import's per-row report that took nothing (the roster's { ok: false }, the bank's and the
 * catalogue's refusals).
 */
function refusal(res: Awaited<ReturnType<Client['request']>>): string {
  const body = res.json() as { message?: string; ok?: boolean; taken?: number; errors?: { problems: string[] }[]; refused?: { reason: string }[] | number; records?: { reason?: string }[] };
  if (res.statusCode >= 400 && res.statusCode < 500) return body.message ?? '';
  if (res.statusCode !== 200) return '';
  if (body.ok === false) return body.errors?.[0]?.problems[0] ?? '';
  if (body.taken === 0 && Array.isArray(body.refused)) return body.refused[0]?.reason ?? '';
  if (body.taken === 0 && typeof body.refused === 'number' && body.refused > 0) return body.records?.find((r) => r.reason)?.reason ?? '';
  return '';
}

describe('the event-loop guard on every upload route', () => {
  it('knows every route that takes a file', () => {
    const uploads = routeTable(t.app)
      .filter((r) => r.multipart)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(uploads).toEqual(Object.keys(ROUTES).sort());
  });

  for (const [route, { as, url, files }] of Object.entries(ROUTES)) {
    it(`${route}: hostile files are refused in Chinese, nothing is written, /api/health stays under 100 ms`, async () => {
      const before = await rowCounts();
      for (const [name, filename, make] of files) {
        const file = make();
        const m = multipart('file', filename, file, 'application/octet-stream');
        let res!: Awaited<ReturnType<Client['request']>>;
        const best = await healthWhileBestOf3(t.app, async () => {
          res = await as().request('POST', url(), m.body, { 'content-type': m.contentType });
        });
        const { slowest, probes } = best;
        const message = refusal(res);
        console.log(`[upload guard] ${route} ← ${name} (${file.length} B): ${res.statusCode} ${message.slice(0, 60)}; /api/health slowest ${best.figures} ms over ${probes} probes`);
        expect(message, `${route} ← ${name}: ${res.statusCode} ${res.body.slice(0, 200)}`).toMatch(/[\u4e00-\u9fa5]/);
        expect(probes).toBeGreaterThan(0);
        expect(slowest, `${route} ← ${name}: /api/health took ${slowest.toFixed(1)} ms`).toBeLessThan(best.limit);
      }
      expect(await rowCounts(), route).toEqual(before);
    });
  }
});
