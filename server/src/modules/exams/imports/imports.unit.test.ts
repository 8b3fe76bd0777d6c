import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftProblem, type QuestionDraft } from '../bank/model';
import { parseAiken, writeAiken } from './aiken';
import { parseGift, writeGift } from './gift';
import { parseQuestionXlsx, writeQuestionXlsx } from './xlsx';
import { buildXlsx } from '../../../platform/xlsx';
import { testdata } from '../../../../test/testdata';

const fixtures = testdata('questions');
const read = (f: string) => fs.readFileSync(path.join(fixtures, f), 'utf8');

describe('GIFT: Moodle fixtures', () => {
  it('questions.gift.txt: Moodle takes 9; we take the 7 our types hold and refuse matching and numeric by name and line', () => {
    const r = parseGift(read('moodle-questions.gift.txt'));
    expect(r.questions).toHaveLength(7);
    expect(r.refused).toEqual([
      { line: 5, reason: expect.stringContaining('“Moodle activities”是配对题（matching）') },
      { line: 31, reason: expect.stringContaining('“Q5”是数值题（numerical）') },
    ]);
    const byName = Object.fromEntries(r.questions.map((q) => [q.draft.name, q]));
    // Essay {} → a short answer graded by hand.
    expect(byName.Q8!.draft).toMatchObject({ type: 'short', stem: 'How are you?' });
    // Multiple choice with one right answer and feedback per option; [html] and [plain] on the answers.
    expect(byName.Q2!.draft.type).toBe('single');
    expect(byName.Q2!.draft.options).toEqual([
      { key: 'A', text: 'yellow', fraction: 1, feedback: 'right; good!' },
      { key: 'B', text: 'red', fraction: 0, feedback: "wrong, it's yellow" },
      { key: 'C', text: 'blue', fraction: 0, feedback: "wrong, it's yellow" },
    ]);
    // No `=` and weights: multiple answers with %50% and %-100%.
    expect(byName.colours!.draft.type).toBe('multiple');
    expect(byName.colours!.draft.options.map((o) => o.fraction)).toEqual([0.5, -1, 0.5, -1]);
    // Moodle's short answer (only `=`): our fill-in-the-blank; Cat at 50 %, the `*` wildcard is no accepted answer.
    expect(byName.Shortanswer!.draft.type).toBe('fill');
    expect(byName.Shortanswer!.draft.accepted).toEqual([
      { text: 'Frog', fraction: 1, feedback: 'Good!' },
      { text: 'Cat', fraction: 0.5, feedback: 'What is it with Moodlers and cats?' },
    ]);
    // True/false with right and wrong feedback and general feedback (####) as the explanation; the stray `";` is not text.
    expect(byName.Q1!.draft).toMatchObject({ type: 'truefalse', truth: false, stem: '42 is the Absolute Answer to everything.', explanation: "This is, of course, a Hitchiker's Guide to the Galaxy reference." });
    expect(r.questions.filter((q) => q.draft.name === '2-08 TSL').map((q) => q.draft.truth)).toEqual([true, true]);
    expect(r.questions.map((q) => q.line)).toEqual([2, 14, 22, 34, 41, 46, 49]);
    for (const q of r.questions) expect(draftProblem(q.draft)).toBeNull();
  });

  it('questions_in_category.gift.txt: $CATEGORY and escapes; 3 taken, the matching one refused', () => {
    const r = parseGift(read('moodle-questions_in_category.gift.txt'));
    expect(r.refused).toEqual([{ line: 5, reason: expect.stringContaining('配对题') }]);
    expect(r.questions.map((q) => q.draft.category)).toEqual(['Default for New Features', 'Default for New Features', 'Default for New Features']);
    const greeting = r.questions.find((q) => q.draft.name === 'Greeting')!.draft;
    expect(greeting.stemFormat).toBe('html');
    // \= and \: are the characters themselves.
    expect(greeting.stem).toContain('<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3">Listen to this greeting:</a>');
    expect(greeting.options.find((o) => o.fraction === 1)!.text).toBe('French');
    const acronym = r.questions.find((q) => q.draft.name === 'Moodle acronym')!.draft;
    expect(acronym).toMatchObject({ type: 'truefalse', truth: true });
    expect(acronym.stem).toContain('<span style="font-style: italic;">');
    const user = r.questions.find((q) => q.draft.name === 'Moodle user')!.draft;
    expect(user).toMatchObject({ type: 'fill', accepted: [{ text: 'Moodler', fraction: 1, feedback: '' }] });
  });

  it('refuses a malformed question by line and keeps the rest', () => {
    const r = parseGift('::甲::中国共产党成立于哪一年？{=1921~1919~1949}\n\n::乙:: 没有答案的说明文字\n\n::丙::遵义会议是哪一年召开的{=1935年=}\n');
    expect(r.questions.map((q) => q.draft.name)).toEqual(['甲', '丙']);
    expect(r.refused).toEqual([{ line: 3, reason: expect.stringContaining('没有答案部分') }]);
    expect(draftProblem(r.questions[1]!.draft)).toBe('填空题答案为空');
  });
});

const SAMPLE: QuestionDraft[] = [
  {
    type: 'single', name: '建党', stem: '中国共产党第一次全国代表大会在哪里开幕？', stemFormat: 'plain',
    options: [
      { key: 'A', text: '上海', fraction: 1, feedback: '' },
      { key: 'B', text: '北京', fraction: 0, feedback: '' },
      { key: 'C', text: '广州', fraction: 0, feedback: '不对' },
    ],
    truth: null, accepted: [], reference: '', explanation: '1921年7月23日在上海开幕，最后一天转移到浙江嘉兴南湖。', difficulty: 2, tags: ['建党'], source: '《中国共产党简史》', category: '党史',
  },
  {
    type: 'multiple', name: '', stem: '“四个意识”是指：{ }（多选）', stemFormat: 'plain',
    options: [
      { key: 'A', text: '政治意识', fraction: 0.25, feedback: '' },
      { key: 'B', text: '大局意识', fraction: 0.25, feedback: '' },
      { key: 'C', text: '忧患意识', fraction: 0, feedback: '' },
      { key: 'D', text: '核心意识', fraction: 0.25, feedback: '' },
      { key: 'E', text: '看齐意识', fraction: 0.25, feedback: '' },
    ],
    truth: null, accepted: [], reference: '', explanation: '', difficulty: 3, tags: [], source: '', category: '政治理论',
  },
  { type: 'truefalse', name: '', stem: '遵义会议召开于1935年1月。', stemFormat: 'plain', options: [], truth: true, accepted: [], reference: '', explanation: '遵义会议 = 生死攸关的转折点', difficulty: 2, tags: ['长征', '转折'], source: '', category: '党史' },
  { type: 'fill', name: '', stem: '党的最高理想和最终目标是实现____。', stemFormat: 'plain', options: [], truth: null, accepted: [{ text: '共产主义', fraction: 1, feedback: '' }], reference: '', explanation: '', difficulty: 1, tags: [], source: '', category: '政治理论' },
  { type: 'short', name: '', stem: '简述公文处理“办文”的主要环节。', stemFormat: 'plain', options: [], truth: null, accepted: [], reference: '收文：签收、登记、初审、承办、传阅、催办、答复。', explanation: '', difficulty: 4, tags: [], source: '《党政机关公文处理工作条例》', category: '业务知识' },
];

describe('export read back gives the same bank', () => {
  it('GIFT', () => {
    const text = writeGift(SAMPLE);
    const back = parseGift(text);
    expect(back.refused).toEqual([]);
    expect(back.questions.map((q) => q.draft)).toEqual(SAMPLE);
  });
  it('Aiken (choice questions; the others are counted as left out)', () => {
    const { text, skipped } = writeAiken(SAMPLE);
    expect(skipped).toBe(3);
    const back = parseAiken(text);
    expect(back.refused).toEqual([]);
    expect(back.questions.map((q) => [q.draft.type, q.draft.stem, q.draft.options.map((o) => [o.text, o.fraction])])).toEqual(
      SAMPLE.filter((d) => d.type === 'single' || d.type === 'multiple').map((d) => [d.type, d.stem, d.options.map((o) => [o.text, o.fraction])]),
    );
  });
  it('Excel (what the template has columns for)', async () => {
    const back = await parseQuestionXlsx(await writeQuestionXlsx(SAMPLE));
    expect(back.refused).toEqual([]);
    expect(back.questions.map((q) => q.line)).toEqual([2, 3, 4, 5, 6]);
    expect(back.questions.map((q) => q.draft)).toEqual(SAMPLE.map((d) => ({ ...d, name: '', options: d.options.map((o) => ({ ...o, feedback: '' })) })));
  });
});

describe('Aiken: Moodle fixtures', () => {
  it('questions.aiken.txt: 2 questions, raw HTML and & kept as text', () => {
    const r = parseAiken(read('moodle-questions.aiken.txt'));
    expect(r.refused).toEqual([]);
    expect(r.questions).toHaveLength(2);
    expect(r.questions[0]!.draft.options.find((o) => o.fraction === 1)!.text).toBe('Martin Dougiamas');
    expect(r.questions[1]!.draft.stem).toBe('Moodle\'s abilities include handling user input that includes <html class="cool"> & images:');
    expect(r.questions[1]!.line).toBe(8);
  });

  it('aiken_errors.txt: the two good questions, and the errors Moodle names with their lines', () => {
    const r = parseAiken(read('moodle-aiken_errors.txt'));
    expect(r.questions.map((q) => q.draft.stem)).toEqual(['A good question', 'A second good question']);
    expect(r.questions[1]!.draft.options).toEqual([
      { key: 'A', text: 'Incorrect (No space)', fraction: 0, feedback: '' },
      { key: 'B', text: 'Correct (No space)', fraction: 1, feedback: '' },
    ]);
    expect(r.refused).toEqual([
      { line: 3, reason: expect.stringContaining('至少要有 2 个选项') },
      { line: 5, reason: expect.stringContaining('题目尚未开始') },
      { line: 7, reason: expect.stringContaining('题目尚未开始') },
      { line: 14, reason: expect.stringMatching(/“A question started but not finished”在下一题（第 18 行）开始前没有完成/) },
    ]);
  });
});

describe('Excel template', () => {
  it('reports each bad row by its number and takes the rest', async () => {
    const header = ['分类', '题型', '题干', '选项A', '选项B', '选项C', '答案', '解析', '难度'];
    const rows = [
      ['党史', '单选', '中国共产党成立于哪一年？', '1919年', '1921年', '1927年', 'B', '', '1'],
      ['党史', '单选', '没有正确答案的题', '甲', '乙', '', 'D', '', ''],
      ['党史', '判断', '古田会议召开于1929年12月。', '', '', '', '对', '', ''],
      ['党史', '判断', '答案写错的判断题', '', '', '', '也许', '', ''],
      ['业务知识', '连线', '不支持的题型', '', '', '', 'A', '', ''],
      ['业务知识', '填空', '公文的“密级”分为绝密、机密和____。', '', '', '', '秘密｜秘密级', '', '9'],
      ['业务知识', '多选', '党政机关公文种类包括', '决议', '决定', '便条', 'AB', '', '3'],
    ];
    const buf = await buildXlsx([{ name: 'x', columns: header.map((h) => ({ header: h, key: h })), rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) }]);
    const r = await parseQuestionXlsx(buf);
    expect(r.questions.map((q) => q.line)).toEqual([2, 4, 8]);
    expect(r.refused).toEqual([
      { line: 3, reason: '答案“D”中的 D 不是已有的选项' },
      { line: 5, reason: '判断题的答案应为“对”或“错”（现为“也许”）' },
      { line: 6, reason: expect.stringContaining('题型“连线”无法识别') },
      { line: 7, reason: '难度“9”应为 1 至 5 的整数' },
    ]);
    expect(r.questions[2]!.draft.options.map((o) => o.fraction)).toEqual([0.5, 0.5, 0]);
  });
});
