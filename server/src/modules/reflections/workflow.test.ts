import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../test/helper';
import { addDistrictClerk, makeWorld } from '../../../test/world';
import { composeReflection } from '../../demo/reflections';
import { makeBook, rng } from '../../demo/factories';
import { remindQuota, windowStart } from './jobs';
import { readXlsxRows } from '../../platform/xlsx';
import { htmlText, wordCount } from './wordcount';

let t: TestApp;
let book: { id: number };
let member: Client;
let li: Client;
let clerkA: Client;
let clerkB: Client;
let leader: Client;
let district: Client;

const long = (seed: number, min = 1500) => composeReflection(rng(seed), { book: '乡土中国', author: '费孝通', summary: '', unit: '党政办', month: '11月' }, min).html;

beforeAll(async () => {
  t = await createTestApp();
  await addDistrictClerk(t.db, await makeWorld(t.db));
  book = await makeBook(t.db, { title: '乡土中国', authors: ['费孝通'], category: '社会' } as Parameters<typeof makeBook>[1]);
  [member, li, clerkA, clerkB, leader, district] = await Promise.all(['zhangsan', 'lisi', 'clerka', 'clerkb', 'leader', 'clerkd'].map((u) => signedIn(t.app, u)));
});
afterAll(() => t.close());

const count = async (table: 'reflections' | 'reflection_events') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('reflection workflow', () => {
  it('goes draft → submitted → returned → resubmitted → excellent → reported, every step recorded', async () => {
    const cfg = (await member.get('/api/reflections/config')).json();
    expect(cfg.minChars).toBe(1500);
    expect(cfg.rubric).toEqual([
      { name: '联系实际', points: 40 },
      { name: '思想深度', points: 30 },
      { name: '文字表达', points: 30 },
    ]);

    // A short draft cannot be submitted; nothing changes.
    let res = await member.post('/api/reflections', { title: '读《乡土中国》有感', bodyHtml: '<p>读完这本书，我很有收获。</p>', bookId: book.id });
    expect(res.statusCode).toBe(201);
    let r = res.json();
    expect(r.status).toBe('draft');
    expect(r.charCount).toBe(12);
    res = await member.post(`/api/reflections/${r.id}/submit`, { version: r.version });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'TOO_SHORT', message: '字数不足：当前 12 字，至少需要 1500 字', details: { count: 12, min: 1500 } });
    expect((await member.get(`/api/reflections/${r.id}`)).json().status).toBe('draft');

    // Autosave with the current version; a second device with an old version gets the server copy.
    const body = long(1);
    // The autosave sends only title and text: the draft keeps its book.
    res = await member.put(`/api/reflections/${r.id}`, { version: r.version, title: r.title, bodyHtml: body });
    expect(res.statusCode).toBe(200);
    const saved = res.json();
    expect(saved.version).toBe(r.version + 1);
    expect(saved).toMatchObject({ bookId: book.id, bookTitle: r.bookTitle });
    // The editor's count (the same function on the stored HTML) is the server's.
    expect(saved.charCount).toBe(wordCount(htmlText(saved.bodyHtml)));
    expect(saved.charCount).toBeGreaterThanOrEqual(1500);
    res = await member.put(`/api/reflections/${r.id}`, { version: r.version, title: '旧设备上的标题', bodyHtml: '<p>旧设备上的内容</p>', bookId: book.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('STALE');
    expect(res.json().details.current.bodyHtml).toBe(saved.bodyHtml);
    expect((await member.get(`/api/reflections/${r.id}`)).json().title).toBe('读《乡土中国》有感');

    // Submit; twice is one submission.
    res = await member.post(`/api/reflections/${r.id}/submit`, { version: saved.version });
    expect(res.statusCode).toBe(200);
    r = res.json();
    expect(r.status).toBe('submitted');
    expect(r.month).toMatch(/^\d{4}-\d{2}$/);
    expect(r.similarityPercent).toBe(0);
    res = await member.post(`/api/reflections/${r.id}/submit`, { version: r.version });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'ALREADY_SUBMITTED', message: '心得已提交，请勿重复提交' });
    // Editing after submission is refused, and the text is kept.
    res = await member.put(`/api/reflections/${r.id}`, { version: r.version, title: '改', bodyHtml: '<p>改</p>', bookId: book.id });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'LOCKED', message: '心得已提交，退回后才能修改' });
    expect((await member.get(`/api/reflections/${r.id}`)).json().bodyHtml).toBe(saved.bodyHtml);

    // Review outside one's scope, or read-only: 403, nothing changes.
    expect((await clerkB.post(`/api/reflections/${r.id}/return`, { comment: '不行' })).statusCode).toBe(403);
    expect((await clerkB.get(`/api/reflections/${r.id}/review`)).statusCode).toBe(403);
    expect((await leader.post(`/api/reflections/${r.id}/approve`, {})).statusCode).toBe(403);
    const view = await leader.get(`/api/reflections/${r.id}/review`);
    expect(view.statusCode).toBe(200);
    expect(view.json().canReview).toBe(false);
    expect((await li.get(`/api/reflections/${r.id}`)).statusCode).toBe(403);
    const queue = (await clerkB.get('/api/reflections/review')).json();
    expect(queue.items.map((i: { id: number }) => i.id)).not.toContain(r.id);

    // The clerk returns it with a comment on one passage.
    const quote = r.bodyText.slice(10, 30);
    expect((await clerkA.post(`/api/reflections/${r.id}/return`, {})).json().message).toBe('请填写退回意见');
    res = await clerkA.post(`/api/reflections/${r.id}/return`, { comment: '请结合本职工作多写一些实例。', passages: [{ quote, comment: '这里可以展开' }] });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('returned');
    const mine = (await member.get(`/api/reflections/${r.id}`)).json();
    expect(mine.reviewComment).toBe('请结合本职工作多写一些实例。');
    expect(mine.passageComments).toEqual([{ quote, comment: '这里可以展开' }]);
    expect(mine.canEdit).toBe(true);

    // The member revises and resubmits; the month stays the month of the first submission.
    res = await member.put(`/api/reflections/${r.id}`, { version: mine.version, title: mine.title, bodyHtml: `${mine.bodyHtml}<p>补充：我在村里调解纠纷时，正是用了书中讲的办法。</p>`, bookId: book.id });
    expect(res.statusCode).toBe(200);
    res = await member.post(`/api/reflections/${r.id}/submit`, { version: res.json().version });
    expect(res.statusCode).toBe(200);
    expect(res.json().month).toBe(r.month);

    // Scores must fit the rubric.
    res = await clerkA.post(`/api/reflections/${r.id}/excellent`, { scores: [{ name: '联系实际', points: 45 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('评分不正确：“联系实际”应在 0–40 分之间');
    res = await clerkA.post(`/api/reflections/${r.id}/excellent`, { comment: '写得好', scores: [{ name: '联系实际', points: 38 }, { name: '思想深度', points: 27 }, { name: '文字表达', points: 28 }] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'excellent', score: 93 });
    // Approving an excellent one again is a wrong state.
    expect((await clerkA.post(`/api/reflections/${r.id}/approve`, {})).json().error).toBe('STATE');

    // The upward report: .docx holds the text, .xlsx the list; the reflection is reported.
    expect((await clerkA.get('/api/reflections/excellent')).json().items.map((i: { id: number }) => i.id)).toEqual([r.id]);
    res = await clerkA.post('/api/reflections/reports', { title: '11月优秀读书心得汇编', recipient: '区委组织部', reflectionIds: [r.id] });
    expect(res.statusCode).toBe(201);
    const report = res.json();
    expect(report.items).toHaveLength(1);
    expect(report.items[0]).toMatchObject({ memberName: '张三', feedback: '待反馈' });
    expect((await clerkA.post('/api/reflections/reports', { title: '再报', recipient: '区委组织部', reflectionIds: [r.id] })).statusCode).toBe(409);

    const docx = await clerkA.get(`/api/reflections/reports/${report.id}/docx`);
    expect(docx.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    const plain = xml.replace(/<[^>]+>/g, '');
    expect(plain).toContain('11月优秀读书心得汇编');
    expect(plain).toContain('读《乡土中国》有感');
    expect(plain).toContain('张三');
    expect(plain).toContain('补充：我在村里调解纠纷时，正是用了书中讲的办法。');
    // A paragraph of the body, whole.
    const firstPara = /<p>([^<]+)<\/p>/.exec(saved.bodyHtml)![1].replace(/&amp;/g, '&');
    expect(plain).toContain(firstPara);
    expect(xml).toContain('方正小标宋简体');
    expect(xml).toContain('仿宋_GB2312');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/); // A4
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/); // 37/26/35/28 mm
    const fonts = await zip.file('word/fontTable.xml')!.async('string');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');

    const xlsx = await clerkA.get(`/api/reflections/reports/${report.id}/xlsx`);
    const rows = await readXlsxRows(xlsx.rawPayload);
    expect(rows.some((row) => row.cells.includes('读《乡土中国》有感') && row.cells.includes('张三'))).toBe(true);

    res = await clerkA.put(`/api/reflections/reports/${report.id}/items/${report.items[0].id}`, { feedback: '采用', note: '刊发于区专栏' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({ feedback: '采用', note: '刊发于区专栏' });
    expect((await clerkA.put(`/api/reflections/reports/${report.id}/items/${report.items[0].id}`, { feedback: '很好' })).statusCode).toBe(400);
    expect((await clerkB.get(`/api/reflections/reports/${report.id}/docx`)).statusCode).toBe(403);

    const final = (await member.get(`/api/reflections/${r.id}`)).json();
    expect(final.status).toBe('reported');
    expect(final.events.map((e: { action: string; toStatus: string }) => `${e.action}:${e.toStatus}`)).toEqual([
      'create:draft',
      'submit:submitted',
      'return:returned',
      'resubmit:submitted',
      'excellent:excellent',
      'report:reported',
      'feedback:reported',
    ]);
    expect(final.events[2]).toMatchObject({ actorName: expect.any(String), comment: '请结合本职工作多写一些实例。', passages: [{ quote, comment: '这里可以展开' }] });
    const audits = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(r.id)).where('entity', '=', 'reflection').execute();
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['reflection.create', 'reflection.submit', 'reflection.return', 'reflection.resubmit', 'reflection.excellent']));
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    const before = await count('reflections');
    // An oversized paste: the request itself is too big.
    let res = await member.post('/api/reflections', { title: '大', bodyHtml: `<p>${'字'.repeat(600_000)}</p>`, bookId: book.id });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toBe('提交的内容过大');
    // Too much text.
    res = await member.post('/api/reflections', { title: '长', bodyHtml: `<p>${'字'.repeat(30_001)}</p>`, bookId: book.id });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toBe('正文过长，最多 30000 字');
    // Markup with nothing a reflection can keep.
    res = await member.post('/api/reflections', { title: '空', bodyHtml: '<script>alert(1)</script><img src=x onerror=alert(1)><iframe src="//evil"></iframe>', bookId: book.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('正文不是有效的内容');
    res = await member.post('/api/reflections', { title: '  ', bodyHtml: '<p>内容</p>', bookId: book.id });
    expect(res.json().message).toBe('标题不能为空');
    res = await member.post('/api/reflections', { title: '无书', bodyHtml: '<p>内容</p>' });
    expect(res.json().message).toBe('请选择所读的书');
    res = await member.post('/api/reflections', { title: '错书', bodyHtml: '<p>内容</p>', bookId: 999_999 });
    expect(res.json().message).toBe('所选的图书不存在');
    // Broken HTML is repaired, not refused: unclosed tags close, the text stays.
    res = await member.post('/api/reflections', { title: '残缺', bodyHtml: '<p>第一段<strong>加粗<p>第二段</em></div>', bookTitle: '自选书' });
    expect(res.statusCode).toBe(201);
    expect(res.json().bodyText).toContain('第一段');
    expect(res.json().bodyText).toContain('第二段');
    expect(await count('reflections')).toBe(before + 1);
    // Someone else's draft: neither readable nor writable.
    const id = res.json().id;
    expect((await li.get(`/api/reflections/${id}`)).statusCode).toBe(403);
    expect((await li.put(`/api/reflections/${id}`, { version: 1, title: 'x', bodyHtml: '<p>x</p>', bookTitle: 'x' })).statusCode).toBe(403);
    expect((await li.post(`/api/reflections/${id}/submit`, {})).statusCode).toBe(403);
    expect((await member.get('/api/reflections/999999')).statusCode).toBe(404);
    // A draft can be deleted; a submitted one cannot.
    expect((await member.delete(`/api/reflections/${id}`)).statusCode).toBe(204);
    expect(await count('reflections')).toBe(before);
  });

  it('approves many at once and says why others were skipped', async () => {
    const ids: number[] = [];
    for (const [seed, who] of [
      [11, member],
      [12, li],
    ] as const) {
      const d = (await who.post('/api/reflections', { title: `心得${seed}`, bodyHtml: long(seed), bookId: book.id })).json();
      expect((await who.post(`/api/reflections/${d.id}/submit`, { version: d.version })).statusCode).toBe(200);
      ids.push(d.id);
    }
    const draft = (await member.post('/api/reflections', { title: '草稿', bodyHtml: '<p>未写完</p>', bookId: book.id })).json();
    expect((await leader.post('/api/reflections/batch', { action: 'approve', ids })).statusCode).toBe(403);
    const res = await clerkA.post('/api/reflections/batch', { action: 'approve', ids: [...ids, draft.id], comment: '同意' });
    expect(res.statusCode).toBe(200);
    // A draft is its author's alone: the clerk cannot act on it, whatever its id.
    expect(res.json()).toEqual({ done: ids, skipped: [{ id: draft.id, reason: '您没有权限审核该心得' }] });
    const q = (await clerkA.get('/api/reflections/review?status=approved')).json();
    expect(q.items.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining(ids));
    expect((await clerkA.post('/api/reflections/batch', { action: 'excellent', ids: [ids[0]] })).json().done).toEqual([ids[0]]);
  });

  it('keeps the rubric in settings: a list the settings page edits, checked on save', async () => {
    let res = await district.put('/api/settings/reflections.rubric', { value: [{ name: '联系实际', points: 0 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('“心得评分标准（各项名称与分值）”不正确：“联系实际”的分值应为 1 至 1000 的整数');
    res = await district.put('/api/settings/reflections.rubric', { value: 'abc' });
    expect(res.statusCode).toBe(400);
    res = await district.put('/api/settings/reflections.rubric', { value: [{ name: '联系实际', points: 50 }, { name: '文字表达', points: 50 }] });
    expect(res.statusCode).toBe(200);
    const list = (await district.get('/api/settings')).json().items;
    expect(list.find((s: { key: string }) => s.key === 'reflections.rubric')).toMatchObject({ kind: 'json', value: [{ name: '联系实际', points: 50 }, { name: '文字表达', points: 50 }] });
    expect((await member.get('/api/reflections/config')).json().rubric).toEqual([{ name: '联系实际', points: 50 }, { name: '文字表达', points: 50 }]);
    // Back to the default for the other tests.
    await district.put('/api/settings/reflections.rubric', { value: [{ name: '联系实际', points: 40 }, { name: '思想深度', points: 30 }, { name: '文字表达', points: 30 }] });
  });
});

async function handIn(who: Client, title: string, bodyHtml: string) {
  const d = (await who.post('/api/reflections', { title, bodyHtml, bookId: book.id })).json();
  const res = await who.post(`/api/reflections/${d.id}/submit`, { version: d.version });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const ids = (res: { json: () => { items: { id: number }[] } }) => res.json().items.map((i) => i.id);

describe('privacy', () => {
  it('keeps a draft its author’s alone: no reader, reviewer or queue filter reaches it', async () => {
    const draft = (await member.post('/api/reflections', { title: '还没写完的心得', bodyHtml: '<p>只写给自己看的半成品。</p>', bookId: book.id })).json();
    for (const who of [clerkA, leader]) {
      const res = await who.get(`/api/reflections/${draft.id}`);
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toBe('该心得尚未提交，只有作者本人可以查看');
      expect(res.body).not.toContain('半成品');
      const view = await who.get(`/api/reflections/${draft.id}/review`);
      expect(view.statusCode).toBe(403);
      expect(view.body).not.toContain('半成品');
      expect(ids(await who.get('/api/reflections/review'))).not.toContain(draft.id);
    }
    // The queue has no draft filter any more.
    const filtered = await clerkA.get('/api/reflections/review?status=draft');
    expect(filtered.statusCode).toBe(400);
    expect(filtered.body).not.toContain('半成品');
    // Reviewing it is refused like any reflection outside one's reach.
    expect((await clerkA.post(`/api/reflections/${draft.id}/approve`, {})).json().message).toBe('您没有权限审核该心得');
    // The author still reads and edits it.
    const own = (await member.get(`/api/reflections/${draft.id}`)).json();
    expect(own).toMatchObject({ status: 'draft', canEdit: true });
    expect(own.bodyText).toContain('只写给自己看的半成品。');
    await member.delete(`/api/reflections/${draft.id}`);
  });

  it('gives a colleague the text, author, book, likes and comments of a shared reflection — not its review', async () => {
    const r = await handIn(li, '差序格局里的村务', long(41));
    const scores = [
      { name: '联系实际', points: 35 },
      { name: '思想深度', points: 25 },
      { name: '文字表达', points: 26 },
    ];
    expect((await clerkA.post(`/api/reflections/${r.id}/approve`, { comment: '内部意见：第三段可再精炼。', scores })).statusCode).toBe(200);

    // 张三, a colleague in the same town, reads it.
    const seen = await member.get(`/api/reflections/${r.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ title: '差序格局里的村务', memberName: '李四', unitName: '东风村', bookTitle: '乡土中国', bodyText: r.bodyText, likes: 0, comments: 0 });
    expect(seen.json()).toMatchObject({ scores: null, score: null, reviewComment: null, passageComments: [], events: [], similarityPercent: null, flagged: false });
    expect(seen.body).not.toContain('内部意见');
    expect(seen.body).not.toContain('王芳'); // the reviewer's name is in the event log only
    // The same in the colleagues' list.
    const listed = (await member.get('/api/reflections/shared')).json().items.find((i: { id: number }) => i.id === r.id);
    expect(listed).toMatchObject({ score: null, similarityPercent: null, flagged: false });

    // The author and those who manage the unit still see the review.
    for (const who of [li, leader, clerkA]) {
      const full = (await who.get(`/api/reflections/${r.id}`)).json();
      expect(full).toMatchObject({ score: 86, reviewComment: '内部意见：第三段可再精炼。', similarityPercent: expect.any(Number) });
      expect(full.events.map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'approve']);
    }
  });

  it('shows a match outside the reviewer’s scope anonymously (其他单位的一篇心得) as the overlapping passages, never its whole text, author, unit or title', async () => {
    // 赵强 of 乙镇 (outside 甲镇's clerk's scope) writes first; 张三 of 甲镇 hands in a light edit of it.
    const theirs = await handIn(clerkB, '乙镇的心得', long(61));
    const parts = (long(61) as string).split('</p>');
    const copy = parts
      .filter((_, i) => i !== 2)
      .join('</p>')
      .replace(/我们/g, '咱们')
      .concat('<p>以上是我的一点体会，请批评指正。</p>');
    const mine = await handIn(member, '抄来的心得', copy);
    expect(mine.flagged).toBe(true);

    const view = (await clerkA.get(`/api/reflections/${mine.id}/review`)).json();
    const m = view.matches.find((x: { id: number; kind: string }) => x.kind === 'reflection' && x.id === theirs.id);
    expect(m).toMatchObject({ outOfScope: true, author: '', unitName: null, title: '其他单位的一篇心得' });
    // Nothing in the answer names the other side (defect 9).
    const answer = JSON.stringify(m);
    for (const word of ['赵强', '乙镇', '党政办']) expect(answer).not.toContain(word);
    // Only what the two share: much shorter than the other text, and every part of it highlighted.
    expect(m.theirsText.length).toBeLessThan(theirs.bodyText.length);
    const pieces = m.theirsText.split('\n……\n');
    expect(pieces.length).toBe(m.theirs.length);
    expect(m.theirs.map((p: { start: number; end: number }) => m.theirsText.slice(p.start, p.end))).toEqual(pieces);
    for (const p of pieces) expect(theirs.bodyText).toContain(p);
    // A sentence 赵强 wrote that 张三 dropped (the paragraph left out) is not shown.
    const dropped = /<p>([^<]{20,})/.exec(parts[2])![1].slice(0, 20);
    expect(theirs.bodyText).toContain(dropped);
    expect(m.theirsText).not.toContain(dropped);

    // Seen from 乙镇, the 甲镇 reflections are the ones outside: 乙镇's clerk gets their shared passages only.
    const fromB = (await clerkB.get(`/api/reflections/${theirs.id}/review`)).json().matches.filter((x: { kind: string }) => x.kind === 'reflection');
    for (const x of fromB) expect(x.outOfScope).toBe(true);
    // In scope nothing is cut: 甲镇's clerk sees a 甲镇 reflection's whole text (a match of 张三's copy, or of any other).
    const inScope = (await clerkA.get(`/api/reflections/${mine.id}/review`)).json().matches.filter((x: { outOfScope: boolean; kind: string }) => x.kind === 'reflection' && !x.outOfScope);
    for (const x of inScope) expect(x.theirsText).toBe((await clerkA.get(`/api/reflections/${x.id}`)).json().bodyText);
  });
});

describe('reference corpus', () => {
  it('lets a clerk list and delete only the reference texts of their own subtree, and audits a refused delete', async () => {
    const a = (await clerkA.post('/api/reflections/references', { title: '甲镇上传的范文', text: '甲镇上传的范文正文，供查重使用。'.repeat(20), kind: 'copied' })).json();
    const b = (await clerkB.post('/api/reflections/references', { title: '乙镇上传的范文', text: '乙镇上传的范文正文，供查重使用。'.repeat(20), kind: 'copied' })).json();
    const titles = async (who: Client) => (await who.get('/api/reflections/references')).json().items.map((i: { title: string }) => i.title);
    expect(await titles(clerkA)).toContain('甲镇上传的范文');
    expect(await titles(clerkA)).not.toContain('乙镇上传的范文');
    expect(await titles(clerkB)).toEqual(['乙镇上传的范文']);

    const res = await clerkB.delete(`/api/reflections/references/${a.id}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toBe('该参考文本不在您的管理范围内');
    expect(await titles(clerkA)).toContain('甲镇上传的范文');
    // The app's hook audits a refused write once the response is out.
    const denied = () => t.db.selectFrom('audit_log').select(['outcome', 'username']).where('action', '=', 'DELETE /api/reflections/references/:id').execute();
    await expect.poll(denied).toEqual([{ outcome: 'denied', username: 'clerkb' }]);

    expect((await clerkB.delete(`/api/reflections/references/${b.id}`)).statusCode).toBe(204);
    expect(await titles(clerkB)).toEqual([]);
    const done = await t.db.selectFrom('audit_log').select(['outcome', 'username']).where('action', '=', 'reflection.reference.delete').where('entity_id', '=', String(b.id)).execute();
    expect(done).toEqual([{ outcome: 'success', username: 'clerkb' }]);
  });
});

describe('review', () => {
  it('returns with passage comments alone, but not with nothing', async () => {
    const r = await handIn(member, '只有逐段意见的退回', long(71));
    const quote = r.bodyText.slice(5, 25);
    let res = await clerkA.post(`/api/reflections/${r.id}/return`, { passages: [{ quote, comment: '  ' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('请填写退回意见');
    res = await clerkA.post(`/api/reflections/${r.id}/return`, { passages: [{ quote, comment: '这里举个例子' }] });
    expect(res.statusCode).toBe(200);
    expect((await member.get(`/api/reflections/${r.id}`)).json()).toMatchObject({ status: 'returned', reviewComment: null, passageComments: [{ quote, comment: '这里举个例子' }] });
  });

  it('returns many at once with one comment, and refuses a batch return without one', async () => {
    const a = await handIn(member, '批量退回一', long(81));
    const b = await handIn(li, '批量退回二', long(82));
    let res = await clerkA.post('/api/reflections/batch', { action: 'return', ids: [a.id, b.id], comment: '  ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('批量退回时请填写退回意见');
    expect((await member.get(`/api/reflections/${a.id}`)).json().status).toBe('submitted');
    expect((await leader.post('/api/reflections/batch', { action: 'return', ids: [a.id], comment: '不行' })).statusCode).toBe(403);
    res = await clerkA.post('/api/reflections/batch', { action: 'return', ids: [a.id, b.id], comment: '请补充本单位的具体做法。' });
    expect(res.json()).toEqual({ done: [a.id, b.id], skipped: [] });
    for (const [who, id] of [
      [member, a.id],
      [li, b.id],
    ] as const) {
      const r = (await who.get(`/api/reflections/${id}`)).json();
      expect(r).toMatchObject({ status: 'returned', reviewComment: '请补充本单位的具体做法。', canEdit: true });
      expect(r.events.at(-1)).toMatchObject({ action: 'return', comment: '请补充本单位的具体做法。' });
    }
  });

  it('filters the queue to 重新提交: handed in again after a return', async () => {
    const again = await handIn(member, '退回后重交', long(91));
    const fresh = await handIn(li, '第一次提交', long(92));
    expect((await clerkA.post(`/api/reflections/${again.id}/return`, { comment: '再改改' })).statusCode).toBe(200);
    const back = (await member.get(`/api/reflections/${again.id}`)).json();
    const saved = (await member.put(`/api/reflections/${again.id}`, { version: back.version, title: back.title, bodyHtml: `${back.bodyHtml}<p>补充了一段。</p>` })).json();
    expect((await member.post(`/api/reflections/${again.id}/submit`, { version: saved.version })).statusCode).toBe(200);

    const resub = (await clerkA.get('/api/reflections/review?status=resubmitted')).json();
    expect(resub.items.map((i: { id: number }) => i.id)).toContain(again.id);
    expect(resub.items.map((i: { id: number }) => i.id)).not.toContain(fresh.id);
    expect(resub.items.every((i: { status: string; resubmitted: boolean }) => i.status === 'submitted' && i.resubmitted)).toBe(true);
    // 待审核 holds both; the flag tells them apart.
    const all = (await clerkA.get('/api/reflections/review?status=submitted')).json().items;
    expect(all.find((i: { id: number }) => i.id === again.id)).toMatchObject({ resubmitted: true });
    expect(all.find((i: { id: number }) => i.id === fresh.id)).toMatchObject({ resubmitted: false });
    // Still returned (not yet handed in again) is not 重新提交.
    const returned = (await clerkA.get('/api/reflections/review?status=returned')).json().items;
    expect(returned.every((i: { resubmitted: boolean }) => !i.resubmitted)).toBe(true);
  });
});

describe('comments on shared reflections', () => {
  it('lets a comment’s author or the clerk in scope delete it, audited; nobody else', async () => {
    const r = await handIn(li, '欢迎讨论', long(101));
    expect((await clerkA.post(`/api/reflections/${r.id}/approve`, {})).statusCode).toBe(200);
    const c1 = (await member.post(`/api/reflections/${r.id}/comments`, { body: '写得好，想请教一下具体做法。' })).json();
    const c2 = (await member.post(`/api/reflections/${r.id}/comments`, { body: '说错了，删掉这条' })).json();
    expect(c1).toMatchObject({ mine: true, canDelete: true });

    // The reflection's author sees the comments but may not delete someone else's; nor may another town's clerk.
    const asAuthor = (await li.get(`/api/reflections/${r.id}/comments`)).json().items;
    expect(asAuthor.map((c: { canDelete: boolean }) => c.canDelete)).toEqual([false, false]);
    const res = await li.delete(`/api/reflections/${r.id}/comments/${c1.id}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toBe('只能删除自己的评论');
    expect((await clerkB.delete(`/api/reflections/${r.id}/comments/${c1.id}`)).statusCode).toBe(403);
    expect((await member.delete(`/api/reflections/999999/comments/${c1.id}`)).statusCode).toBe(404);

    // The comment's author deletes their own.
    expect((await member.delete(`/api/reflections/${r.id}/comments/${c2.id}`)).statusCode).toBe(204);
    // The clerk in scope moderates any comment there.
    expect((await clerkA.get(`/api/reflections/${r.id}/comments`)).json().items).toEqual([expect.objectContaining({ id: c1.id, canDelete: true })]);
    expect((await clerkA.delete(`/api/reflections/${r.id}/comments/${c1.id}`)).statusCode).toBe(204);
    expect((await li.get(`/api/reflections/${r.id}/comments`)).json().items).toEqual([]);
    expect((await li.get(`/api/reflections/${r.id}`)).json().comments).toBe(0);

    const audits = await t.db.selectFrom('audit_log').select(['username', 'detail']).where('action', '=', 'reflection.comment.delete').where('entity_id', '=', String(r.id)).orderBy('id').execute();
    expect(audits.map((a) => [a.username, JSON.parse(a.detail as string)])).toEqual([
      ['zhangsan', { commentId: c2.id, by: 'author', body: '说错了，删掉这条' }],
      ['clerka', { commentId: c1.id, by: 'clerk', body: '写得好，想请教一下具体做法。' }],
    ]);
  });
});

describe('quota reminder', () => {
  it('has its own setting for how many days before month end the clerk hears of an unmet quota', async () => {
    const list = (await district.get('/api/settings')).json().items;
    expect(list.find((s: { key: string }) => s.key === 'reflections.quotaReminderDays')).toMatchObject({ label: '月末前几天提醒党建办本月心得配额未完成', value: 3 });
    expect((await district.put('/api/settings/reflections.quotaReminderDays', { value: 5 })).statusCode).toBe(200);
    // The unfinished-book reminder's setting does not move it.
    expect((await district.put('/api/settings/reminders.monthEndDays', { value: 10 })).statusCode).toBe(200);
    // A month with nothing handed in: every unit in reach misses its quota.
    const month = '2099-03';
    expect(await remindQuota(t.svc, windowStart(month, 6))).toBe(0);
    expect(await remindQuota(t.svc, windowStart(month, 5))).toBe(3); // 甲镇's clerk, 乙镇's and the district's
    const inbox = (await clerkA.get('/api/notifications')).json().items.filter((n: { kind: string; title: string }) => n.kind === 'reflection.quota' && n.title.startsWith('3月'));
    expect(inbox).toHaveLength(1);
    expect(inbox[0].link).toBe('/console/reflections/quota');
    await district.put('/api/settings/reflections.quotaReminderDays', { value: 3 });
    await district.put('/api/settings/reminders.monthEndDays', { value: 3 });
  });
});
