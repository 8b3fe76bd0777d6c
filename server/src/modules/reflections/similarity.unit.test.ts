import { describe, expect, it } from 'vitest';
import { bandKeys, estimatedJaccard, gramSet, minhash, normalize, overlap } from './similarity';

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

// Another cadre's honest reflection on the same book, quoting the same passage.
const HONEST_QUOTING = `《乡土中国》是一本薄薄的小书，却让我反复读了三遍。费孝通写道：“好像把一块石头丢在水面上所发生的一圈圈推出去的波纹，愈推愈远，也愈推愈薄。”
这句话让我想起在社区工作的日子。居民之间的关系就是这样一圈一圈的，远亲不如近邻。我在网格里走访时，先找楼栋长，再由楼栋长去敲门，事情往往就好办多了。
读这本书也让我反思自己的工作方式：有时候我们习惯发通知、填表格，却忘了面对面说话的力量。下一步我打算在网格里办一个读书角，请老党员讲讲村里的老故事。`;

describe('similarity', () => {
  it('ignores quotations and punctuation when reading the text', () => {
    const n = normalize('他说：“不要抄。”我没有抄！');
    expect(n.chars.join('')).toBe('他说我没有抄');
  });

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

  it('passes an honest reflection that quotes the same passage of the book', () => {
    const a = minhash(normalize(ORIGINAL).chars);
    const c = minhash(normalize(HONEST_QUOTING).chars);
    expect(estimatedJaccard(a, c)).toBeLessThan(0.1);
    expect(overlap(HONEST_QUOTING, ORIGINAL).ratio).toBeLessThan(0.05);
  });

  it('does not count the book’s own words, given as excerpts, as copying', () => {
    const bookExcerpt = '好像把一块石头丢在水面上所发生的一圈圈推出去的波纹，愈推愈远，也愈推愈薄。';
    const a = '我最喜欢的一句话是，好像把一块石头丢在水面上所发生的一圈圈推出去的波纹，愈推愈远，也愈推愈薄。这让我想到工作。';
    const b = '书里说好像把一块石头丢在水面上所发生的一圈圈推出去的波纹，愈推愈远，也愈推愈薄。我觉得很形象。';
    expect(overlap(a, b).ratio).toBeGreaterThan(0.5);
    expect(overlap(a, b, gramSet(bookExcerpt)).ratio).toBe(0);
  });
});
