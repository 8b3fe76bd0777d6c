import { describe, expect, it } from 'vitest';
import { gradeResponse, keyText } from './grading';
import { draftProblem, emptyDraft, fingerprint, normalizeAnswer, type QuestionDraft } from './model';

const single: QuestionDraft = { ...emptyDraft('single'), stem: '遵义会议召开于', options: [{ key: 'A', text: '1934年', fraction: 0, feedback: '' }, { key: 'B', text: '1935年', fraction: 1, feedback: '' }] };
const multi: QuestionDraft = {
  ...emptyDraft('multiple'),
  stem: '党的三大作风是',
  options: [
    { key: 'A', text: '理论联系实际', fraction: 1 / 3, feedback: '' },
    { key: 'B', text: '密切联系群众', fraction: 1 / 3, feedback: '' },
    { key: 'C', text: '批评与自我批评', fraction: 1 / 3, feedback: '' },
    { key: 'D', text: '艰苦奋斗', fraction: 0, feedback: '' },
  ],
};

describe('grading', () => {
  it('single choice and true/false', () => {
    expect(gradeResponse(single, { choices: ['B'] }, 2, false)).toEqual({ score: 2, correct: true });
    expect(gradeResponse(single, { choices: ['A'] }, 2, false)).toEqual({ score: 0, correct: false });
    expect(gradeResponse(single, { choices: ['A', 'B'] }, 2, false)).toEqual({ score: 0, correct: false });
    const tf = { ...emptyDraft('truefalse'), stem: 'x', truth: false };
    expect(gradeResponse(tf, { choices: ['false'] }, 1, false).score).toBe(1);
    expect(gradeResponse(tf, { choices: ['true'] }, 1, false).score).toBe(0);
    expect(gradeResponse(tf, null, 1, false).score).toBe(0);
  });

  it('multiple choice: all or nothing, or partial credit where a wrong pick takes a share away', () => {
    expect(gradeResponse(multi, { choices: ['A', 'B', 'C'] }, 3, false)).toEqual({ score: 3, correct: true });
    expect(gradeResponse(multi, { choices: ['A', 'B'] }, 3, false)).toEqual({ score: 0, correct: false });
    expect(gradeResponse(multi, { choices: ['A', 'B'] }, 3, true)).toEqual({ score: 2, correct: false });
    expect(gradeResponse(multi, { choices: ['A', 'B', 'D'] }, 3, true)).toEqual({ score: 1, correct: false });
    expect(gradeResponse(multi, { choices: ['A', 'B', 'C', 'D'] }, 3, true)).toEqual({ score: 2, correct: false });
    expect(gradeResponse(multi, { choices: ['D'] }, 3, true)).toEqual({ score: 0, correct: false });
    expect(keyText(multi)).toBe('ABC');
  });

  it('fill-in: several accepted answers, full- and half-width alike, partial answers', () => {
    const fill = { ...emptyDraft('fill'), stem: '____', accepted: [{ text: '实事求是', fraction: 1, feedback: '' }, { text: 'ABC 123', fraction: 1, feedback: '' }, { text: '求是', fraction: 0.5, feedback: '' }] };
    expect(gradeResponse(fill, { text: ' 实事求是 ' }, 2, false).score).toBe(2);
    expect(gradeResponse(fill, { text: 'ａｂｃ　１２３' }, 2, false).score).toBe(2);
    expect(gradeResponse(fill, { text: '求是' }, 2, false)).toEqual({ score: 1, correct: false });
    expect(gradeResponse(fill, { text: '实事' }, 2, false).score).toBe(0);
    expect(normalizeAnswer('（１９２１）')).toBe('(1921)');
  });

  it('short answers wait for a person, unless left blank', () => {
    const short = { ...emptyDraft('short'), stem: '简述' };
    expect(gradeResponse(short, { text: '我的回答' }, 10, false)).toEqual({ score: null, correct: null });
    expect(gradeResponse(short, { text: '  ' }, 10, false)).toEqual({ score: 0, correct: false });
  });
});

describe('the bank', () => {
  it('finds duplicates whatever the punctuation, spaces and width', () => {
    expect(fingerprint({ type: 'single', stem: '中国共产党成立于哪一年？', stemFormat: 'plain' })).toBe(fingerprint({ type: 'single', stem: ' 中国共产党成立于哪一年?', stemFormat: 'plain' }));
    expect(fingerprint({ type: 'single', stem: '<p>中国共产党成立于哪一年？</p>', stemFormat: 'html' })).toBe(fingerprint({ type: 'single', stem: '中国共产党成立于哪一年', stemFormat: 'plain' }));
    expect(fingerprint({ type: 'truefalse', stem: '中国共产党成立于哪一年', stemFormat: 'plain' })).not.toBe(fingerprint({ type: 'single', stem: '中国共产党成立于哪一年', stemFormat: 'plain' }));
  });
  it('says what is wrong with a question', () => {
    expect(draftProblem(single)).toBeNull();
    expect(draftProblem(multi)).toBeNull();
    expect(draftProblem({ ...single, options: single.options.map((o) => ({ ...o, fraction: 0 })) })).toBe('没有标出正确选项');
    expect(draftProblem({ ...multi, options: multi.options.map((o, i) => ({ ...o, fraction: i === 0 ? 0.5 : o.fraction })) })).toContain('比例之和应为 100%');
    expect(draftProblem({ ...single, stem: ' ' })).toBe('题干为空');
    expect(draftProblem({ ...emptyDraft('truefalse'), stem: 'x' })).toBe('判断题没有给出正确答案');
  });
});
