import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, createTestApp, multipart, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld } from '../../../test/world';
import { draft, fixtures, opt } from './testkit';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerk: Client;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  clerk = await signedIn(t.app, 'clerka');
});
afterAll(() => t.close());

async function upload(c: Client, file: string, query = '') {
  const mp = multipart('file', path.basename(file), fs.readFileSync(file), 'text/plain');
  return c.request('POST', `/api/exams/questions/import${query}`, mp.body, { 'content-type': mp.contentType });
}

describe('the question bank', () => {
  it('gives a clerk the three default categories, nested categories, and finds questions by any substring', async () => {
    const cats = (await clerk.get('/api/exams/categories')).json();
    expect(cats.map((c: { name: string }) => c.name)).toEqual(['政治理论', '党史', '业务知识']);
    const history = cats.find((c: { name: string }) => c.name === '党史');
    const sub = await clerk.post('/api/exams/categories', { name: '新民主主义革命时期', parentId: history.id });
    expect(sub.statusCode).toBe(200);
    const q = await clerk.post('/api/exams/questions', {
      categoryId: sub.json().id,
      draft: draft({ stem: '中国共产党第一次全国代表大会于1921年7月在哪里开幕？', options: [opt('A', '上海', 1), opt('B', '北京'), opt('C', '广州')], explanation: '会议最后一天转移到浙江嘉兴南湖的游船上举行。', tags: ['建党'] }),
    });
    expect(q.statusCode).toBe(200);
    // A substring of the explanation finds it; searching the parent category includes the child.
    const found = (await clerk.get(`/api/exams/questions?q=${encodeURIComponent('嘉兴南湖')}&categoryId=${history.id}`)).json();
    expect(found.total).toBe(1);
    expect(found.items[0].options[0]).toEqual({ key: 'A', text: '上海', fraction: 1, feedback: '' });
    expect((await clerk.get(`/api/exams/questions?q=${encodeURIComponent('遵义')}`)).json().total).toBe(0);
    // The same stem again (other punctuation) is a duplicate.
    const dup = await clerk.post('/api/exams/questions', { categoryId: history.id, draft: draft({ stem: '中国共产党第一次全国代表大会于1921年7月在哪里开幕?', options: [opt('A', '上海', 1), opt('B', '南京')] }) });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().message).toContain('题库中已有相同的题目');
    // A bad question is refused with the reason.
    const bad = await clerk.post('/api/exams/questions', { categoryId: history.id, draft: draft({ stem: '没有正确选项', options: [opt('A', '甲'), opt('B', '乙')] }) });
    expect(bad.json().message).toBe('没有标出正确选项');
  });

  it('imports the Moodle fixtures as Moodle does, minus the types we do not hold, and refuses a second import as duplicates', async () => {
    const gift = await upload(clerk, path.join(fixtures, 'moodle-questions.gift.txt'));
    expect(gift.statusCode).toBe(200);
    // Moodle takes 9: we refuse the matching (line 5) and numerical (line 31) ones by name, and the
    // second "2-08 TSL" ({TRUE} after {T}, the same statement) as a duplicate of line 46.
    expect(gift.json().taken).toBe(6);
    expect(gift.json().refused).toEqual([
      { line: 5, reason: expect.stringContaining('配对题（matching）') },
      { line: 31, reason: expect.stringContaining('数值题（numerical）') },
      { line: 49, reason: '与本文件第 46 行的题目重复' },
    ]);
    const inCat = await upload(clerk, path.join(fixtures, 'moodle-questions_in_category.gift.txt'));
    expect(inCat.json()).toMatchObject({ taken: 3, refused: [{ line: 5 }] });
    const cats = (await clerk.get('/api/exams/categories')).json();
    expect(cats.find((c: { name: string }) => c.name === 'Default for New Features').questionCount).toBe(3);
    const aiken = await upload(clerk, path.join(fixtures, 'moodle-questions.aiken.txt'));
    expect(aiken.json()).toMatchObject({ taken: 2, refused: [] });
    const errors = await upload(clerk, path.join(fixtures, 'moodle-aiken_errors.txt'));
    expect(errors.json().taken).toBe(2);
    expect(errors.json().refused.map((r: { line: number }) => r.line)).toEqual([3, 5, 7, 14]);
    // Everything again: all duplicates, nothing written.
    const before = (await clerk.get('/api/exams/questions?pageSize=1')).json().total;
    const again = await upload(clerk, path.join(fixtures, 'moodle-questions.gift.txt'));
    expect(again.json().taken).toBe(0);
    expect(again.json().refused.filter((r: { reason: string }) => r.reason.startsWith('与题库中已有题目重复'))).toHaveLength(6);
    expect((await clerk.get('/api/exams/questions?pageSize=1')).json().total).toBe(before);
    // The HTML stem is kept without its link and style attributes.
    const greeting = (await clerk.get(`/api/exams/questions?q=${encodeURIComponent('What language')}`)).json().items[0];
    expect(greeting.stem).toContain('Listen to this greeting:');
    expect(greeting.stem).not.toContain('href');
  });

  it('refuses a file that is none of the formats, by content', async () => {
    const mp = multipart('file', 'x.gift.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]), 'text/plain');
    const res = await clerk.request('POST', '/api/exams/questions/import', mp.body, { 'content-type': mp.contentType });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('无法识别的文件');
  });

  it('exports GIFT, Aiken and Excel, and an export read back gives the same bank', async () => {
    const cats = (await clerk.get('/api/exams/categories')).json();
    const history = cats.find((c: { name: string }) => c.name === '党史');
    for (const format of ['gift', 'xlsx'] as const) {
      const out = await clerk.get(`/api/exams/questions/export?format=${format}&categoryId=${history.id}`);
      expect(out.statusCode).toBe(200);
      // Read back by the clerk of the other town, whose bank is empty: the same questions.
      const other = await signedIn(t.app, 'clerkb');
      const mp = multipart('file', `bank.${format}`, out.rawPayload, 'application/octet-stream');
      const back = await other.request('POST', '/api/exams/questions/import', mp.body, { 'content-type': mp.contentType });
      expect(back.json().refused).toEqual([]);
      const mine = (await clerk.get(`/api/exams/questions?categoryId=${history.id}`)).json().items;
      const theirs = (await other.get(`/api/exams/questions?q=${encodeURIComponent('第一次全国代表大会')}`)).json().items;
      const strip = (q: Record<string, unknown>) => ({ type: q.type, stem: q.stem, options: q.options, explanation: q.explanation, tags: q.tags, difficulty: q.difficulty });
      expect(theirs.map(strip)).toEqual(mine.map(strip));
      expect(theirs[0].categoryName).toBe('新民主主义革命时期');
      // Clean up for the next format.
      for (const q of theirs) await other.delete(`/api/exams/questions/${q.id}?version=${q.version}`);
    }
    const aiken = await clerk.get('/api/exams/questions/export?format=aiken');
    expect(aiken.body).toContain('ANSWER: A');
    expect(Number(aiken.headers['x-skipped'])).toBeGreaterThan(0);
  });

  it('the CLI imports like the HTTP import and prints {taken, refused}', async () => {
    const file = path.join(os.tmpdir(), `sx-aiken-${process.pid}.txt`);
    fs.writeFileSync(file, ['遵义会议召开于哪一年？', 'A. 1934年', 'B. 1935年', 'ANSWER: B', '', '只有一个选项的题', 'A. 甲', 'ANSWER: A', '', '古田会议决议确立了什么原则？', 'A、思想建党、政治建军', 'B、农村包围城市', '答案：A', ''].join('\n'));
    const r = await cli(['import', 'questions', file, '--category', '命令行导入', '--json'], t.testDb.env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({ taken: 2, refused: [{ line: 8, reason: '“只有一个选项的题”至少要有 2 个选项' }] });
    // Duplicates of the bank across the district are refused by line, as over HTTP.
    const again = JSON.parse((await cli(['import', 'questions', file, '--json'], t.testDb.env)).stdout);
    expect(again.taken).toBe(0);
    expect(again.refused.map((x: { line: number }) => x.line)).toEqual([1, 8, 10]);
    const n = await t.db.selectFrom('exam_categories').innerJoin('exam_questions', 'exam_questions.category_id', 'exam_categories.id').select('exam_questions.id').where('exam_categories.name', '=', '命令行导入').execute();
    expect(n).toHaveLength(2);
    expect(world.district.id).toBeGreaterThan(0);
  });
});
