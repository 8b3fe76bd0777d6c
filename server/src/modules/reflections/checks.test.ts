import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../test/helper';
import { addDistrictClerk, makeWorld, PASSWORD } from '../../../test/world';
import { composeReflection } from '../../demo/reflections';
import { makeBook, makeMember, makeUser, rng } from '../../demo/factories';
import { BOOKS, honestReflection } from '../../../../bench/reflection-text';
import { bodyText } from './sanitize';
import { estimatedJaccard, FINGERPRINT_BAND, minhash, normalize, STOCK_PHRASE_TEXTS } from './similarity';
import { candidateRows } from './service';
import { todayLocal } from '../../platform/time';
import { remindQuota, windowStart } from './jobs';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let book: { id: number };
let member: Client;
let li: Client;
let clerkA: Client;
let clerkB: Client;
let leader: Client;
let district: Client;

const compose = (seed: number) => composeReflection(rng(seed), { book: '乡土中国', author: '费孝通', summary: '', unit: '东风村', month: '11月' }).html;

// The book's own words, as the clerk uploads them (kind 'excerpt').
const EXCERPT = '好像把一块石头丢在水面上所发生的一圈圈推出去的波纹，愈推愈远，也愈推愈薄。在这里我们遇到了中国社会结构的基本特性了。';

async function submitted(who: Client, title: string, bodyHtml: string) {
  const d = (await who.post('/api/reflections', { title, bodyHtml, bookId: book.id })).json();
  const res = await who.post(`/api/reflections/${d.id}/submit`, { version: d.version });
  expect(res.statusCode).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  await addDistrictClerk(t.db, world);
  book = await makeBook(t.db, { title: '乡土中国', authors: ['费孝通'], category: '社会' });
  [member, li, clerkA, clerkB, leader, district] = await Promise.all(['zhangsan', 'lisi', 'clerka', 'clerkb', 'leader', 'clerkd'].map((u) => signedIn(t.app, u)));
});
afterAll(() => t.close());

describe('similarity check', () => {
  it('catches a lightly edited copy, highlights both sides, and passes an honest reflection quoting the book', async () => {
    const ex = await clerkA.post('/api/reflections/references', { title: '《乡土中国》原文摘录', text: EXCERPT, kind: 'excerpt', bookId: book.id });
    expect(ex.statusCode).toBe(201);

    // 李四's reflection, quoting the book in a blockquote.
    const original = compose(101);
    const withQuote = original.replace('</p>', `</p><blockquote><p>${EXCERPT}</p></blockquote>`);
    const a = await submitted(li, '读《乡土中国》有感', withQuote);
    expect(a.similarityPercent).toBe(0);

    // 张三 copies it with light edits: words swapped, a paragraph dropped, a sentence added.
    const paragraphs = withQuote.split('</p>');
    const edited = paragraphs
      .filter((_, i) => i !== 3)
      .join('</p>')
      .replace(/我们/g, '咱们')
      .replace(/群众/g, '老百姓')
      .replace(/工作/, '日常工作')
      .concat('<p>我还要带动科室同事一起读书，把读书活动坚持下去。</p>');
    const b = await submitted(member, '学习《乡土中国》的体会', edited);
    expect(b.similarityPercent).toBeGreaterThanOrEqual(60);
    expect(b.flagged).toBe(true);

    const view = (await clerkA.get(`/api/reflections/${b.id}/review`)).json();
    expect(view.flagPercent).toBe(30);
    const top = view.matches[0];
    expect(top).toMatchObject({ kind: 'reflection', id: a.id, author: '李四', unitName: '东风村', percent: b.similarityPercent });
    // Highlights are ranges into each side's text and cover the same words.
    const mineText = top.mine.map((p: { start: number; end: number }) => view.reflection.bodyText.slice(p.start, p.end)).join('');
    const theirsText = top.theirs.map((p: { start: number; end: number }) => top.theirsText.slice(p.start, p.end)).join('');
    expect(mineText.length).toBeGreaterThan(500);
    expect(theirsText.length).toBeGreaterThan(500);
    const firstMine = view.reflection.bodyText.slice(top.mine[0].start, top.mine[0].end);
    expect(top.theirsText).toContain(firstMine.slice(0, 13));
    // The shared quotation of the book is not highlighted as copied.
    expect(mineText).not.toContain('愈推愈远');

    // The queue filters by similarity.
    const flagged = (await clerkA.get('/api/reflections/review?minSimilarity=30')).json();
    expect(flagged.items.map((i: { id: number }) => i.id)).toEqual([b.id]);

    // 钱多's own honest reflection on the same book, quoting the same passage in quotation marks
    // and in a blockquote, and using the book's words without marks (the excerpt covers them).
    const mOwn = await makeMember(t.db, { name: '周敏', unitId: world.officeA.id, category: 'staff' });
    await t.db.updateTable('users').set({ member_id: mOwn.id }).where('username', '=', 'leader').execute();
    const honest = compose(202).replace(
      '</p>',
      `</p><p>费孝通先生写道：“${EXCERPT}”这句话我读了很多遍。</p><blockquote><p>${EXCERPT}</p></blockquote><p>我的体会是，${EXCERPT}这正是差序格局的意思。</p>`,
    );
    const c = await submitted(leader, '差序格局与网格治理', honest);
    expect(c.similarityPercent).toBeLessThan(30);
    expect(c.flagged).toBe(false);
  });

  it('matches texts from the reference corpus of commonly copied texts', async () => {
    const model = compose(303);
    const text = model.replace(/<[^>]+>/g, '\n');
    const ref = await clerkA.post('/api/reflections/references', { title: '网上流传的范文', text, kind: 'copied', bookId: null });
    expect(ref.statusCode).toBe(201);
    expect((await member.post('/api/reflections/references', { title: 'x', text: 'y', kind: 'copied' })).statusCode).toBe(403);
    const d = await submitted(member, '范文改写', model.replace(/读书/g, '阅读'));
    expect(d.flagged).toBe(true);
    const view = (await clerkA.get(`/api/reflections/${d.id}/review`)).json();
    expect(view.matches[0]).toMatchObject({ kind: 'reference', id: ref.json().id, title: '网上流传的范文', author: '参考文本' });
    const list = (await clerkA.get('/api/reflections/references')).json().items;
    expect(list.map((r: { title: string }) => r.title)).toEqual(['网上流传的范文', '《乡土中国》原文摘录']);
  });
});

// Payloads from the usual XSS cheat sheets: none may survive in the stored HTML.
const XSS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//xss.example/xss.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<p onclick="alert(1)">点我</p>',
  '<p onmouseover=alert(1)>悬停</p>',
  '<a href="javascript:alert(1)">链接</a>',
  '<a href="JaVaScRiPt:alert(1)">链接</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">实体</a>',
  '<a href="jav&#x09;ascript:alert(1)">制表符</a>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<p style="background:url(javascript:alert(1))">样式</p>',
  '<div style="width: expression(alert(1))">表达式</div>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  '<a href="data:text/html,<script>alert(1)</script>">数据</a>',
  '<body onload=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<form action="javascript:alert(1)"><button>提交</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel=stylesheet href="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<style>@import "javascript:alert(1)";</style>',
  '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
  '<<script>script>alert(1)<</script>/script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<p title="&quot;><script>alert(1)</script>">引号</p>',
  '<strong onmouseover="alert(1)">粗体</strong><blockquote cite="javascript:alert(1)">引用</blockquote>',
  '<h2 id="x" class="y" data-x="1">标题</h2>',
  '<template><script>alert(1)</script></template>',
  '"><img src=x onerror=alert(1)>',
  '<img src="x` `<script>alert(1)</script>"` `>',
  '<xss onafterscriptexecute=alert(1)><script>1</script>',
];

describe('rich text is sanitized on the server', () => {
  it('stores none of the XSS payloads: only allowed tags, no attributes, no script', async () => {
    for (const payload of XSS) {
      const res = await member.post('/api/reflections', { title: 'XSS', bodyHtml: `<p>正文</p>${payload}<p>结尾</p>`, bookId: book.id });
      expect(res.statusCode, payload).toBe(201);
      const html: string = res.json().bodyHtml;
      for (const tag of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
        expect(['p', 'h2', 'h3', 'strong', 'b', 'em', 'ul', 'ol', 'li', 'blockquote', 'br'], `${payload} → ${html}`).toContain(tag[1]);
        expect(['', ' /'], `${payload} → ${html}`).toContain(tag[2]);
      }
      expect(html, payload).not.toMatch(/<script|<svg|<iframe|<img|<object|<embed|<style|<a |javascript:|on\w+=|expression\(|data:text/i);
      // The text before the payload is kept (an unclosed <style> or <svg> may swallow what follows it).
      expect(html).toMatch(/^<p>正文<\/p>/);
      // The same holds when the stored reflection is read back.
      expect((await member.get(`/api/reflections/${res.json().id}`)).json().bodyHtml).toBe(html);
      await member.delete(`/api/reflections/${res.json().id}`);
    }
  });

  it('keeps the formatting a reflection needs and cleans Word/WeChat paste', async () => {
    const res = await member.post('/api/reflections', {
      title: '格式',
      bodyHtml:
        '<h1 style="font-family:宋体">一、标题</h1><p class="MsoNormal"><span style="mso-bidi-font-size:12pt"><b>粗</b>和<i>斜</i></span></p><ul><li>甲</li></ul><ol><li>乙</li></ol><blockquote><p>引文</p></blockquote><section style="color:red"><p>公众号正文<br/>换行</p></section><o:p></o:p>',
      bookId: book.id,
    });
    expect(res.json().bodyHtml).toBe('<h2>一、标题</h2><p><b>粗</b>和<em>斜</em></p><ul><li>甲</li></ul><ol><li>乙</li></ol><blockquote><p>引文</p></blockquote><p>公众号正文<br />换行</p>');
  });

  it('keeps the space between two formatted words, so the server counts them as the editor does', async () => {
    const res = await member.post('/api/reflections', { title: '空格', bodyHtml: '<p>\n  <strong>hello</strong> <em>world</em>\n</p>\n<p>读书</p>', bookId: book.id });
    expect(res.json().bodyHtml).toBe('<p><strong>hello</strong> <em>world</em></p><p>读书</p>');
    // Two Latin runs and two CJK characters: 4, not 3 as "helloworld" would give.
    expect(res.json().charCount).toBe(4);
  });
});

describe('monthly quota', () => {
  it('counts submitted and approved per unit against ⌈10 % × active headcount⌉ and reminds the clerk at month end', async () => {
    const month = todayLocal().slice(0, 7);
    // 东风村: 李四 and nine more cadres (one left) → headcount 10, required 1.
    for (let i = 0; i < 9; i++) await makeMember(t.db, { name: `村干部${i}`, unitId: world.villageA.id, category: 'staff' });
    await makeMember(t.db, { name: '已调离', unitId: world.villageA.id, category: 'staff', status: 'left' });
    // 党政办 (甲镇): 张三, 王芳, 孙书记, 周敏 (added above) and 8 more → 12, required ⌈1.2⌉ = 2.
    for (let i = 0; i < 8; i++) await makeMember(t.db, { name: `科员${i}`, unitId: world.officeA.id, category: 'staff' });

    let q = (await clerkA.get(`/api/reflections/quota?month=${month}`)).json();
    expect(q.percent).toBe(10);
    const row = (name: string) => q.items.find((i: { unitName: string }) => i.unitName === name);
    // Earlier tests in this file: 李四 submitted one (东风村); 张三 two and 周敏 one (党政办), none approved.
    expect(row('东风村')).toMatchObject({ headcount: 10, required: 1, submitted: 1, approved: 0, met: false });
    expect(row('党政办')).toMatchObject({ headcount: 12, required: 2, submitted: 3, approved: 0, met: false });
    // Only 甲镇's units with cadres of their own; 乙镇 is outside the clerk's scope.
    expect(q.items).toHaveLength(2);

    // Month end: each clerk hears of the units of their own subtree, once however often the job runs.
    const last = windowStart(month, 1);
    expect(await remindQuota(t.svc, windowStart(month, 4))).toBe(0); // before the last 3 days
    expect(await remindQuota(t.svc, last)).toBe(3); // 甲镇's clerk, 乙镇's and the district's
    expect(await remindQuota(t.svc, last)).toBe(0);
    const inbox = (await clerkA.get('/api/notifications')).json().items.filter((n: { kind: string }) => n.kind === 'reflection.quota');
    expect(inbox).toHaveLength(1);
    expect(inbox[0].title).toBe(`${Number(month.slice(5))}月读书心得配额尚未完成（2 个单位）`);
    expect(inbox[0].body).toContain('东风村：已通过 0 篇，需 1 篇（已提交 1 篇）');
    const inboxB = (await clerkB.get('/api/notifications')).json().items.filter((n: { kind: string }) => n.kind === 'reflection.quota');
    expect(inboxB.map((n: { body: string }) => n.body)).toEqual(['党政办：已通过 0 篇，需 1 篇（已提交 0 篇）']);

    // Approving 李四's reflection meets 东风村's quota.
    const queue = (await clerkA.get(`/api/reflections/review?month=${month}&status=submitted&unitId=${world.villageA.id}`)).json();
    expect(queue.items).toHaveLength(1);
    expect((await clerkA.post(`/api/reflections/${queue.items[0].id}/approve`, {})).statusCode).toBe(200);
    q = (await leader.get(`/api/reflections/quota?month=${month}`)).json();
    expect(row('东风村')).toMatchObject({ approved: 1, met: true });
    expect((await clerkB.get(`/api/reflections/quota?unitId=${world.villageA.id}`)).statusCode).toBe(403);
    expect((await member.get('/api/reflections/quota')).statusCode).toBe(403);
  });
});

describe('sharing with colleagues', () => {
  it('lets colleagues of the same town read, like and comment approved reflections, when the setting is on', async () => {
    const approved = (await clerkA.get('/api/reflections/review?status=approved')).json().items[0];
    expect(approved.memberName).toBe('李四');
    // 张三 (甲镇) sees it; 乙镇's clerk-member does not (outside scope and town).
    const shared = (await member.get('/api/reflections/shared')).json();
    expect(shared.enabled).toBe(true);
    expect(shared.items.map((i: { id: number }) => i.id)).toContain(approved.id);
    expect((await member.get(`/api/reflections/${approved.id}`)).statusCode).toBe(200);
    expect((await clerkB.get(`/api/reflections/${approved.id}`)).statusCode).toBe(403);
    expect((await clerkB.get('/api/reflections/shared')).json().items).toHaveLength(0);

    expect((await member.post(`/api/reflections/${approved.id}/like`)).json()).toEqual({ likes: 1, likedByMe: true });
    expect((await member.post(`/api/reflections/${approved.id}/like`)).json()).toEqual({ likes: 1, likedByMe: true });
    expect((await member.post(`/api/reflections/${approved.id}/comments`, { body: '  ' })).json().message).toBe('评论不能为空');
    const c = await member.post(`/api/reflections/${approved.id}/comments`, { body: '<b>写得实在</b>，学习了！' });
    expect(c.statusCode).toBe(201);
    const comments = (await li.get(`/api/reflections/${approved.id}/comments`)).json().items;
    expect(comments).toEqual([expect.objectContaining({ memberName: '张三', body: '<b>写得实在</b>，学习了！', mine: false })]);
    expect((await li.get(`/api/reflections/${approved.id}`)).json()).toMatchObject({ likes: 1, comments: 1 });
    expect((await member.delete(`/api/reflections/${approved.id}/like`)).json()).toEqual({ likes: 0, likedByMe: false });

    // A submitted (not approved) reflection is not shared.
    const pending = (await clerkA.get('/api/reflections/review?status=submitted')).json().items.find((i: { memberName: string }) => i.memberName !== '张三');
    expect((await member.post(`/api/reflections/${pending.id}/like`)).statusCode).toBe(403);

    // Setting off: nothing shared.
    expect((await district.put('/api/settings/reflections.sharedWithColleagues', { value: false })).statusCode).toBe(200);
    expect((await member.get('/api/reflections/shared')).json()).toEqual({ items: [], total: 0, enabled: false });
    expect((await member.get(`/api/reflections/${approved.id}`)).statusCode).toBe(403);
    await district.put('/api/settings/reflections.sharedWithColleagues', { value: true });
  });
});

// Quotations, long reference texts and copies from several sources. Texts here come
// from the benchmark's generator (honest reflections that share what real ones do),
// not from the demo's composer, whose texts share whole template sentences.
describe('similarity check: quotations, long reference texts, several sources', () => {
  type Range = { start: number; end: number };
  let book: { id: number };
  let writers: Client[];
  // Pages of the book that both honest writers quote at length (摘抄式心得): long enough that
  // the two texts are LSH candidates of each other, so the exact comparison must excuse them.
  const PASSAGE = `焦裕禄同志到兰考的时候，正是这个地区遭受内涝、风沙、盐碱三害最严重的时刻。他心里装着全体人民，唯独没有他自己。${bodyText(honestReflection(rng(99), BOOKS[3], 1000)).replace(/\n/g, '')}`;
  const own = (seed: number, book = BOOKS[3], chars = 1600) => honestReflection(rng(seed), book, chars);
  const marked = (text: string, ranges: Range[]) => ranges.map((p) => text.slice(p.start, p.end)).join('');
  const flagPercent = 30;

  async function submitAs(who: Client, title: string, bodyHtml: string, bookId = book.id) {
    const d = (await who.post('/api/reflections', { title, bodyHtml, bookId })).json();
    const res = await who.post(`/api/reflections/${d.id}/submit`, { version: d.version });
    expect(res.statusCode, res.body).toBe(200);
    const view = (await clerkA.get(`/api/reflections/${d.id}/review`)).json();
    return { ...res.json(), view };
  }

  beforeAll(async () => {
    book = await makeBook(t.db, { title: BOOKS[3].title, authors: [BOOKS[3].author], category: '党建' });
    writers = [];
    for (const [k, name] of ['吴一', '郑二', '冯三', '陈四', '褚五'].entries()) {
      const m = await makeMember(t.db, { name, unitId: world.villageA.id, category: 'staff' });
      await makeUser(t.db, { username: `writer${k}`, password: PASSWORD, memberId: m.id, roles: [{ role: 'member', unitId: world.villageA.id }] });
      writers.push(await signedIn(t.app, `writer${k}`));
    }
  });

  it('passes two honest reflections quoting the same passage of the book, and flags another’s reflection wrapped in quotes', async () => {
    // 吴一 quotes the passage in quotation marks, 郑二 in a blockquote; no excerpt of this book was uploaded.
    const a = await submitAs(writers[0], '学习焦裕禄精神的体会', `${own(11, BOOKS[3], 600)}<p>书中写道：“${PASSAGE}”每读一遍，我都深受教育。</p>`);
    expect(a.similarityPercent).toBe(0);
    const b = await submitAs(writers[1], '心中装着群众', `${own(12, BOOKS[3], 600)}<blockquote><p>${PASSAGE}</p></blockquote><p>这段文字我抄在了笔记本的扉页上。</p>`);
    // The shared quotation is all they share: nothing is counted and nothing highlighted.
    expect(b.flagged).toBe(false);
    expect(b.similarityPercent).toBeLessThan(5);
    const highlighted = b.view.matches.map((m: { mine: Range[] }) => marked(b.view.reflection.bodyText, m.mine)).join('');
    expect(highlighted).not.toContain('唯独没有他自己');
    // What the reviewer sees instead: most of the text is quoted.
    expect(b.view.quotedPercent).toBeGreaterThanOrEqual(55);
    expect(b.view.quotedPercent).toBeLessThan(75);

    // 冯三 hands in 吴一's reflection in quotation marks, then 陈四 hands it in as a blockquote.
    const text = (a.view.reflection.bodyText as string).split('\n').filter(Boolean);
    const inMarks = `<p>我很认同一位同志的体会，摘录如下：</p>${text.map((p) => `<p>“${p}”</p>`).join('')}`;
    const c = await submitAs(writers[2], '摘录', inMarks);
    expect(c.flagged).toBe(true);
    // All that 吴一 wrote is counted; the book's pages 吴一 quoted are quoted in both texts and are not.
    expect(c.similarityPercent).toBeGreaterThanOrEqual(100 - a.view.quotedPercent - 5);
    expect(c.view.quotedPercent).toBeGreaterThanOrEqual(90);
    expect(c.view.matches[0]).toMatchObject({ kind: 'reflection', id: a.id, author: '吴一' });
    // 吴一's own quotation of the book is quoted on both sides: not highlighted.
    expect(marked(c.view.reflection.bodyText, c.view.matches[0].mine)).not.toContain('唯独没有他自己');
    const d = await submitAs(writers[3], '摘录二', `<p>以下是我读书的体会。</p><blockquote>${text.map((p) => `<p>${p}</p>`).join('')}</blockquote>`);
    expect(d.flagged).toBe(true);
    expect(d.view.matches.map((m: { id: number }) => m.id)).toContain(a.id);
  });

  it('finds a reflection lifted from one part of a long reference text, with light edits', async () => {
    // A 10,000-字 text of the corpus; the reflection takes ~1,600 characters from its middle.
    const reference = bodyText(own(21, BOOKS[1], 10_000));
    const ref = await clerkA.post('/api/reflections/references', { title: '网上流传的长篇心得汇编', text: reference, kind: 'copied', bookId: null });
    expect(ref.statusCode).toBe(201);
    // As after migration 0011, which dropped reference texts' one-signature rows: the next check signs it again.
    await t.db.deleteFrom('reflection_bands').where('source', '=', 't').where('ref_id', '=', ref.json().id).execute();
    const paragraphs = reference.split('\n').filter(Boolean);
    const middle: string[] = [];
    let at = paragraphs.findIndex((_, i) => paragraphs.slice(0, i).join('').length > 4000);
    while (middle.join('').length < 1900) middle.push(paragraphs[at++]);
    const lifted = middle
      .map((p) => p.replace(/我们/g, '咱们').replace(/群众/g, '老百姓').replace(/深入/, '深度'))
      .map((p) => `<p>${p}</p>`)
      .join('');
    // Against the whole reference text it would not be a candidate: too small a part of it.
    expect(estimatedJaccard(minhash(normalize(bodyText(lifted)).chars), minhash(normalize(reference).chars))).toBeLessThan(0.25);
    const r = await submitAs(writers[4], '读《之江新语》有感', lifted);
    expect(r.flagged).toBe(true);
    const top = r.view.matches[0];
    expect(top).toMatchObject({ kind: 'reference', id: ref.json().id, title: '网上流传的长篇心得汇编' });
    expect(top.percent).toBeGreaterThanOrEqual(60);
    // Highlighted on the reference's side where it was taken, past its first 4,000 characters
    // (but for a stock phrase or two that the text also has earlier).
    const length = (ps: Range[]) => ps.reduce((n, p) => n + p.end - p.start, 0);
    expect(length(top.theirs.filter((p: Range) => p.start > 3500))).toBeGreaterThan(0.9 * length(top.theirs));
    // Signed in windows of both sizes: ~9 of 2,000 characters and ~39 of 500 (the row count is 32 per window).
    const rows = await t.db.selectFrom('reflection_bands').select(['part']).where('source', '=', 't').where('ref_id', '=', ref.json().id).execute();
    expect(rows.length % 32).toBe(0);
    expect(new Set(rows.map((x) => x.part)).size).toBeGreaterThan(40);
  });

  it('adds up copies from several sources: 25 % from one text and 25 % from another is flagged at 30 %', async () => {
    const refs = [];
    for (const [k, seed] of [31, 32].entries()) {
      const text = bodyText(own(seed, BOOKS[k === 0 ? 4 : 5], 3000));
      const res = await clerkA.post('/api/reflections/references', { title: `常见范文${k + 1}`, text, kind: 'copied', bookId: null });
      expect(res.statusCode).toBe(201);
      refs.push({ id: res.json().id as number, text });
    }
    /** About `n` meaningful characters of whole sentences from the middle of a text. */
    const take = (text: string, n: number) => {
      const sentences = text.slice(1000).split(/(?<=。)/);
      let out = '';
      for (const s of sentences.slice(1)) {
        if (normalize(out).chars.length >= n) break;
        out += s;
      }
      return out;
    };
    const mine = bodyText(own(33, BOOKS[3], 900));
    const html = `<p>${mine.slice(0, mine.length / 2)}</p><p>${take(refs[0].text, 450)}</p><p>${mine.slice(mine.length / 2)}</p><p>${take(refs[1].text, 450)}</p>`;
    const r = await submitAs(writers[0], '拼凑的心得', html);
    const byRef = (id: number) => r.view.matches.find((m: { kind: string; id: number }) => m.kind === 'reference' && m.id === id);
    // Each source alone stays under the threshold…
    for (const ref of refs) {
      expect(byRef(ref.id).percent).toBeGreaterThanOrEqual(20);
      expect(byRef(ref.id).percent).toBeLessThan(flagPercent);
    }
    // …together they are half the text, and that is what is flagged.
    expect(r.similarityPercent).toBeGreaterThanOrEqual(45);
    expect(r.similarityPercent).toBeGreaterThanOrEqual(byRef(refs[0].id).percent + byRef(refs[1].id).percent - 2);
    expect(r.flagged).toBe(true);
    expect(r.view.flagPercent).toBe(flagPercent);
    expect((await clerkA.get(`/api/reflections/review?minSimilarity=${flagPercent}`)).json().items.map((i: { id: number }) => i.id)).toContain(r.id);
  });
});

describe('similarity check: who came first, and small quoted passages (issue 12 defect 13)', () => {
  type Range = { start: number; end: number };
  let book: { id: number };
  let authors: Client[];
  const own = (seed: number, chars = 1600) => honestReflection(rng(seed), BOOKS[2], chars);

  async function view(id: number) {
    return (await clerkA.get(`/api/reflections/${id}/review`)).json();
  }
  async function hand(who: Client, id: number, version: number) {
    const res = await who.post(`/api/reflections/${id}/submit`, { version });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  beforeAll(async () => {
    book = await makeBook(t.db, { title: BOOKS[2].title, authors: [BOOKS[2].author], category: '党建' });
    authors = [];
    for (const [k, name] of ['秦原', '尤抄', '许引'].entries()) {
      const m = await makeMember(t.db, { name, unitId: world.villageA.id, category: 'staff' });
      await makeUser(t.db, { username: `first${k}`, password: PASSWORD, memberId: m.id, roles: [{ role: 'member', unitId: world.villageA.id }] });
      authors.push(await signedIn(t.app, `first${k}`));
    }
  });

  it('never flags a returned original against the copies made of its first submission, and shows both dates', async () => {
    const clock = await import('../../platform/time');
    const realNow = clock.clock.now;
    let at = Date.parse('2026-11-02T01:00:00Z');
    // Each step an hour after the last: which came first is never a tie of milliseconds.
    clock.clock.now = () => new Date((at += 3_600_000));
    try {
      const originalHtml = own(51);
      const d = (await authors[0].post('/api/reflections', { title: '原创心得', bodyHtml: originalHtml, bookId: book.id })).json();
      const first = await hand(authors[0], d.id, d.version);
      expect(first.flagged).toBe(false);
      const returned = await clerkA.post(`/api/reflections/${d.id}/return`, { comment: '请结合本职工作补充事例。' });
      expect(returned.statusCode, returned.body).toBe(200);

      // 尤抄 copies the first submission with light edits while it is back with its author.
      const copyHtml = originalHtml.replace(/我们/g, '咱们').replace(/群众/g, '老百姓');
      const c = (await authors[1].post('/api/reflections', { title: '抄来的心得', bodyHtml: copyHtml, bookId: book.id })).json();
      const copy = await hand(authors[1], c.id, c.version);
      expect(copy.flagged).toBe(true);

      // 秦原 revises a little and hands in again: the copy came later, so it is no source of hers.
      const revised = `${originalHtml}<p>按照审核意见，我补充了在社区调解纠纷的一个事例。</p>`;
      const put = await authors[0].put(`/api/reflections/${d.id}`, { title: '原创心得', bodyHtml: revised, version: returned.json().version });
      expect(put.statusCode, put.body).toBe(200);
      const again = await hand(authors[0], d.id, put.json().version);
      expect(again.flagged).toBe(false);
      expect(again.similarityPercent).toBeLessThan(5);
      const mine = await view(d.id);
      expect(mine.matches.map((m: { id: number }) => m.id)).not.toContain(c.id);

      // The reviewer of the copy sees which side came first: the dates of first submission on both sides.
      const theirs = await view(c.id);
      expect(theirs.firstSubmittedAt).toBe(copy.submittedAt);
      const top = theirs.matches[0];
      expect(top).toMatchObject({ kind: 'reflection', id: d.id });
      expect(top.firstSubmittedAt).toBe(first.submittedAt);
      expect(Date.parse(top.firstSubmittedAt)).toBeLessThan(Date.parse(theirs.firstSubmittedAt));
      // The resubmitted original keeps the date it was first handed in, not the later one.
      expect(mine.firstSubmittedAt).toBe(first.submittedAt);
    } finally {
      clock.clock.now = realNow;
    }
  });

  it('reads a stock phrase’s fingerprint no further than the cap and drops it, and still returns a rare one', async () => {
    // Index rows of texts that are not stored (negative ids, as the benchmark's filler): a fingerprint that
    // many texts share (a stock phrase) and one that two share (a passage).
    const STOCK = 1_234_567;
    const RARE = 7_654_321;
    const rowsOf = (hash: number, ids: number[]) => ids.map((id) => ({ source: 'r', ref_id: id, part: 0, band: FINGERPRINT_BAND, hash }));
    const stockIds = Array.from({ length: STOCK_PHRASE_TEXTS + 10 }, (_, i) => -100 - i);
    await t.db.insertInto('reflection_bands').values([...rowsOf(STOCK, stockIds), ...rowsOf(RARE, [-1, -2])]).execute();
    try {
      const stats = { read: 0 };
      const found = await candidateRows(t.db, [[FINGERPRINT_BAND, STOCK, 0], [FINGERPRINT_BAND, RARE, 1]], stats);
      expect(found.map((r) => r.ref_id).sort((a, b) => a - b)).toEqual([-2, -1]);
      expect(stats.read).toBe(STOCK_PHRASE_TEXTS + 1 + 2);
    } finally {
      await t.db.deleteFrom('reflection_bands').where('ref_id', '<', 0).execute();
    }
  });

  it('reports three sentences of another reflection quoted in quotation marks as copied from it, below the threshold', async () => {
    const source = own(61);
    const s = (await authors[0].post('/api/reflections', { title: '被引用的心得', bodyHtml: source, bookId: book.id })).json();
    await hand(authors[0], s.id, s.version);
    // Three sentences from the middle of it, in quotation marks, in an honest text of ~1,600 字.
    const sentences = bodyText(source).replace(/\n/g, '').split(/(?<=。)/);
    const three = sentences.slice(10, 13).join('');
    const mineText = bodyText(own(62));
    const half = mineText.indexOf('\n', mineText.length / 2);
    const html = `<p>${mineText.slice(0, half)}</p><p>一位同志在心得中写道：“${three}”我很赞同。</p><p>${mineText.slice(half + 1)}</p>`;
    const share = normalize(three).chars.length / normalize(bodyText(html)).chars.length;
    expect(share).toBeGreaterThan(0.04);
    expect(share).toBeLessThan(0.09);
    const q = (await authors[2].post('/api/reflections', { title: '引了三句的心得', bodyHtml: html, bookId: book.id })).json();
    const r = await hand(authors[2], q.id, q.version);
    expect(r.flagged).toBe(false);
    const v = await view(q.id);
    const match = v.matches.find((m: { kind: string; id: number }) => m.kind === 'reflection' && m.id === s.id);
    expect(match, JSON.stringify(v.matches.map((m: { id: number; percent: number }) => [m.id, m.percent]))).toBeDefined();
    expect(match.percent).toBeGreaterThanOrEqual(3);
    expect(match.percent).toBeLessThan(30);
    const marked = match.mine.map((p: Range) => v.reflection.bodyText.slice(p.start, p.end)).join('');
    expect(normalize(marked).chars.length).toBeGreaterThanOrEqual(0.8 * normalize(three).chars.length);
  });
});
