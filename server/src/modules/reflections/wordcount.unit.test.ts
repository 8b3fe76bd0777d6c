import { describe, expect, it } from 'vitest';
import { htmlText, wordCount } from './wordcount';

// Each case: the text, Word's 字数, and why.
const CASES: [string, number, string][] = [
  ['', 0, 'nothing'],
  ['读书', 2, 'two Han characters'],
  ['读书。', 3, 'a full-width full stop counts'],
  ['读书，学习！', 6, 'full-width comma and exclamation count'],
  ['“书香机关”', 6, 'Chinese curly quotes count one each'],
  ['《之江新语》', 6, 'book-title marks count'],
  ['（一）', 3, 'full-width parentheses count'],
  ['学习……', 4, 'each ellipsis character counts'],
  ['改革——开放', 6, 'each em dash counts'],
  ['毛泽东·选集', 6, 'the middle dot counts'],
  ['Word', 1, 'a Latin word is one'],
  ['hello world', 2, 'two Latin words'],
  ['2026年', 2, 'a number is one, then one Han character'],
  ['学习2小时', 5, 'digits between Han characters are one run'],
  ['e-mail', 1, 'a hyphen between letters keeps one word'],
  ['3.14', 1, 'a decimal point keeps one number'],
  ["don't", 1, 'an apostrophe inside a word keeps it whole'],
  ['hello, world.', 2, 'half-width punctuation counts nothing'],
  ['a - b', 2, 'a half-width hyphen standing alone counts nothing'],
  ['  ', 0, 'spaces count nothing'],
  ['读\u3000书', 2, 'the ideographic (full-width) space counts nothing'],
  ['ＡＢＣ', 3, 'full-width letters count one each'],
  ['１２３', 3, 'full-width digits count one each'],
  ['GDP增长5.2%', 4, 'GDP, 增, 长, 5.2 — the half-width % counts nothing'],
  ['新时代中国特色社会主义思想', 13, 'a long phrase: thirteen characters'],
  ['学习强国APP', 5, 'four characters and one Latin run'],
  ['第1章 第2节', 6, '第,1,章,第,2,节'],
  ['café', 1, 'accented Latin letters stay in their word'],
  ['みんな', 3, 'kana count one each'],
  ['\n\n读书\n', 2, 'line breaks count nothing'],
];

describe('wordCount, like Word’s 字数', () => {
  for (const [text, expected, why] of CASES) {
    it(`${JSON.stringify(text)} → ${expected}: ${why}`, () => expect(wordCount(text)).toBe(expected));
  }

  it('counts a 1,500-character reflection as 1,500', () => {
    const para = '书香机关建设要求我们坚持学习，'.repeat(100);
    expect(wordCount(para)).toBe(1500);
  });

  it('reads HTML as text first', () => {
    expect(wordCount(htmlText('<h2>心得</h2><p>读书&amp;学习<br>每天<strong>一小时</strong></p>'))).toBe(2 + 4 + 2 + 3);
    expect(htmlText('<p>a&lt;b</p>')).toBe('a<b\n');
  });
});
