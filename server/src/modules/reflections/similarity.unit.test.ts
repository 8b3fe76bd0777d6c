import { describe, expect, it } from 'vitest';
import { blockquoteRanges, bodyText } from './sanitize';
import { bandKeys, estimatedJaccard, fingerprints, gramSet, LARGE, MIN_SHARED_FINGERPRINTS, WINNOW, K, minhash, normalize, overlap, prepare, quotedShare, SMALL, unionCoverage, windowBands, windowsOf } from './similarity';

// An honest reflection on 《乡土中国》, written for the test.
const ORIGINAL = `读完费孝通先生的《乡土中国》，我对基层社会有了新的认识。书中提出的差序格局，像石子投入水中泛起的波纹，一圈圈推出去，愈推愈远，也愈推愈薄。
结合我在镇里联系村组的工作，我发现群众办事首先找熟人，这正是差序格局在今天的影子。作为基层干部，我们既要尊重乡村的人情，又要把政策讲清楚、把规矩立起来。
书中说乡土社会是礼治的社会，我理解礼治并不是不要规则，而是规则内化为习惯。推进乡村治理，要把法治和德治结合起来，用村规民约引导群众，用身边事教育身边人。
今后我要多下村入户，少坐办公室，把书中的方法用到调解矛盾、服务群众的具体工作中去，真正做到学思用贯通、知信行统一。`;

// The same text with light edits: a few words swapped, one sentence cut, one added.
const LIGHTLY_EDITED = `读完费孝通先生的《乡土中国》，我对基层社会有了全新的认识。书中提出的差序格局，像石子投入水中泛起的波纹，一圈圈推出去，愈推愈远，也愈推愈薄。
结合我在镇里联系村组的日常工作，我发现群众办事首先找熟人，这正是差序格局在今天的影子。作为一名基层干部，我们既要尊重乡村的人情，又要把政策讲清楚、把规矩立起来。
推进乡村治理，要把法治和德治结合起来，用村规民约引导群众，用身边事教育身边人。
今后我要多下村入户，少坐办公室，把书中的方法用到调解矛盾、服务群众的具体工作中去。我还要带动科室同事一起读书。`;

const BOOK = '好像把一块石头丢在水面上所发生的一圈圈推出去的波纹，愈推愈远，也愈推愈薄。';

// Another cadre's honest reflection on the same book, quoting the book in quotation marks.
const HONEST_QUOTING = `《乡土中国》是一本薄薄的小书，却让我反复读了三遍。费孝通写道：“${BOOK}”
这句话让我想起在社区工作的日子。居民之间的关系就是这样一圈一圈的，远亲不如近邻。我在网格里走访时，先找楼栋长，再由楼栋长去敲门，事情往往就好办多了。
读这本书也让我反思自己的工作方式：有时候我们习惯发通知、填表格，却忘了面对面说话的力量。下一步我打算在网格里办一个读书角，请老党员讲讲村里的老故事。`;

// A third cadre quoting the same passage, in 「」 marks.
const HONEST_QUOTING_TOO = `我读《乡土中国》时在“差序格局”一章停留最久。书里有一句：「${BOOK}」
在村里搞人居环境整治，最先响应的总是村干部的亲戚和邻居，然后才一户带一户。我体会到，做群众工作要善于借助这种关系，但不能被人情牵着走，办事要一碗水端平。`;

const chars = (n: ReturnType<typeof normalize>, quoted: boolean) => n.chars.filter((_, i) => Boolean(n.quoted[i]) === quoted).join('');

describe('reading the text', () => {
  it('keeps quotations, marking which characters are quoted, and drops punctuation', () => {
    const n = normalize('他说：“不要抄。”我没有抄！');
    expect(n.chars.join('')).toBe('他说不要抄我没有抄');
    expect(chars(n, true)).toBe('不要抄');
  });

  it('nests quotation marks, and closes a quotation left open at the end of its paragraph', () => {
    const n = normalize('甲说：“乙说「丙」，对。”丁\n戊说：“没有收尾\n第二段照常');
    expect(chars(n, true)).toBe('乙说丙对没有收尾');
    expect(chars(n, false)).toBe('甲说丁戊说第二段照常');
    // A closing mark with nothing open changes nothing.
    expect(chars(normalize('多余的”结尾'), true)).toBe('');
  });

  it('marks the text of blockquotes as quoted, at the offsets of the body text', () => {
    const html = '<p>我的话</p><blockquote><p>书里的话</p><p>第二段</p></blockquote><p>又是我</p>';
    const text = bodyText(html);
    const ranges = blockquoteRanges(html);
    expect(ranges.map((r) => text.slice(r.start, r.end).trim())).toEqual(['书里的话\n第二段']);
    expect(chars(normalize(text, ranges), true)).toBe('书里的话第二段');
    // 7 of the 13 characters (我的话 书里的话 第二段 又是我) are quoted.
    expect(Math.round(quotedShare(prepare(text, ranges)) * 100)).toBe(54);
  });
});

describe('copies', () => {
  it('finds a lightly edited copy as an LSH candidate and shows a high overlap with the copied passages', () => {
    const a = minhash(normalize(ORIGINAL).chars);
    const b = minhash(normalize(LIGHTLY_EDITED).chars);
    expect(estimatedJaccard(a, b)).toBeGreaterThan(0.5);
    const shared = bandKeys(a).filter((k) => bandKeys(b).includes(k));
    expect(shared.length).toBeGreaterThan(0);

    const o = overlap(LIGHTLY_EDITED, ORIGINAL);
    expect(o.ratio).toBeGreaterThan(0.8);
    const firstMine = LIGHTLY_EDITED.slice(o.mine[0].start, o.mine[0].end);
    expect(firstMine).toContain('读完费孝通先生的');
    expect(o.theirs.some((p) => ORIGINAL.slice(p.start, p.end).includes('差序格局'))).toBe(true);
  });

  it('counts another person’s text wrapped in quotation marks or a blockquote as copied', () => {
    const inMarks = `我很认同下面这段话：“${ORIGINAL}”`;
    expect(overlap(inMarks, ORIGINAL).ratio).toBeGreaterThan(0.9);
    // Every paragraph opened with a mark and never closed: each quotation ends with its paragraph, the copy shows.
    const strayMarks = ORIGINAL.split('\n').map((p) => `“${p}`).join('\n');
    expect(overlap(strayMarks, ORIGINAL).ratio).toBeGreaterThan(0.95);
    const html = `<p>摘录如下。</p><blockquote>${ORIGINAL.split('\n').map((p) => `<p>${p}</p>`).join('')}</blockquote>`;
    const mine = prepare(bodyText(html), blockquoteRanges(html));
    expect(quotedShare(mine)).toBeGreaterThan(0.95);
    expect(overlap(mine, ORIGINAL).ratio).toBeGreaterThan(0.9);
  });

  it('passes two honest reflections that quote the same passage of the book, both in quotation marks', () => {
    const o = overlap(HONEST_QUOTING_TOO, HONEST_QUOTING);
    expect(o.ratio).toBe(0);
    expect(o.mine).toEqual([]);
    // The quotation is a real share of the text, which the reviewer sees.
    expect(quotedShare(prepare(HONEST_QUOTING_TOO))).toBeGreaterThan(0.2);
    // Quoted in a blockquote on one side and in marks on the other: quoted in both.
    const html = `<p>我读《乡土中国》时在差序格局一章停留最久。</p><blockquote><p>${BOOK}</p></blockquote><p>在村里搞人居环境整治，最先响应的总是村干部的亲戚和邻居。</p>`;
    expect(overlap(prepare(bodyText(html), blockquoteRanges(html)), HONEST_QUOTING).ratio).toBe(0);
  });

  it('counts the book’s words quoted in one text and written without marks in the other, unless the book’s excerpts cover them', () => {
    const bare = `我最喜欢的一句话是，${BOOK}这让我想到工作中的人情往来，也想到基层治理的难处。`;
    const o = overlap(bare, HONEST_QUOTING);
    expect(o.ratio).toBeGreaterThan(0.4);
    expect(overlap(bare, HONEST_QUOTING, gramSet(BOOK)).ratio).toBe(0);
  });

  it('does not count a shared lead-in shorter than 13 characters next to a shared quotation', () => {
    const a = `费孝通先生写道：“${BOOK}”我觉得说得好。`;
    const b = `费孝通先生写道：“${BOOK}”这让我想起了村里的事。`;
    expect(overlap(a, b).ratio).toBe(0);
  });
});

describe('several sources and long texts', () => {
  it('adds up what was copied from several sources: the union of the characters covered', () => {
    const own = '我在镇里负责农房安全排查，每天跑三四个村，晚上整理台账。读书让我学会先调查再下结论，不能凭印象办事。';
    const mine = prepare(`${ORIGINAL.split('\n')[2]}\n${HONEST_QUOTING.split('\n')[1]}\n${own}`);
    const a = overlap(mine, ORIGINAL);
    const b = overlap(mine, HONEST_QUOTING);
    expect(a.ratio).toBeGreaterThan(0.2);
    expect(b.ratio).toBeGreaterThan(0.2);
    const union = unionCoverage([a, b]);
    expect(union).toBeCloseTo(a.ratio + b.ratio, 5); // disjoint passages add up
    expect(union).toBeGreaterThan(Math.max(a.ratio, b.ratio) + 0.2);
    // The same source twice covers nothing more.
    expect(unionCoverage([a, a])).toBeCloseTo(a.ratio, 5);
    expect(unionCoverage([])).toBe(0);
  });

  it('signs long texts in overlapping windows', () => {
    expect(windowsOf(1600, LARGE)).toEqual([[0, 1600]]);
    expect(windowsOf(4500, LARGE)).toEqual([
      [0, 2000],
      [1000, 3000],
      [2000, 4000],
      [2500, 4500],
    ]);
    // A short text is one window at both scales, signed once.
    const short = normalize(ORIGINAL).chars;
    expect(windowBands(short, [LARGE, SMALL])).toHaveLength(32);
    expect(new Set(windowBands(short, [LARGE, SMALL]).map(([, , part]) => part))).toEqual(new Set([0]));
  });
});

describe('fingerprints for small copied passages', () => {
  const shared = (a: string, b: string) => {
    const fb = new Set(fingerprints(normalize(b).chars));
    return fingerprints(normalize(a).chars).filter((h) => fb.has(h)).length;
  };
  it('two texts sharing a passage of 2 × WINNOW + K − 1 characters share enough fingerprints, whatever surrounds it', () => {
    const passage = normalize(ORIGINAL).chars.slice(30, 30 + 2 * WINNOW + K - 1).join('');
    expect(shared(`${HONEST_QUOTING}“${passage}”`, `${HONEST_QUOTING_TOO.slice(0, 60)}${passage}${LIGHTLY_EDITED.slice(-80)}`)).toBeGreaterThanOrEqual(MIN_SHARED_FINGERPRINTS);
  });
  it('keeps about 2 / (WINNOW + 1) of the runs, and texts that share no passage share no fingerprint', () => {
    const n = normalize(ORIGINAL).chars.length - K + 1;
    const f = fingerprints(normalize(ORIGINAL).chars).length;
    expect(f).toBeGreaterThan(n / (WINNOW + 1));
    expect(f).toBeLessThan((3 * n) / (WINNOW + 1));
    expect(shared(HONEST_QUOTING_TOO, '今后我要多下村入户，少坐办公室。')).toBe(0);
  });
});
