import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld, PASSWORD } from '../../../test/world';
import { makeBook, makeMember, makeUser } from '../../demo/factories';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let zhang: Client;
let colleague: Client;
let other: Client;
let book: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  book = await makeBook(t.db, { title: '习近平新时代中国特色社会主义思想学习纲要', category: '思想理论' });
  // A colleague in 张三's unit (党政办 of 甲镇), and 李四 in another unit (东风村).
  const m = await makeMember(t.db, { name: '王五', unitId: world.officeA.id, category: 'party' });
  await makeUser(t.db, { username: 'wangwu', password: PASSWORD, memberId: m.id, roles: [{ role: 'member', unitId: world.officeA.id }] });
  [zhang, colleague, other] = await Promise.all(['zhangsan', 'wangwu', 'lisi'].map((u) => signedIn(t.app, u, PASSWORD)));
});
afterAll(() => t.close());

describe('notes', () => {
  it('private by default; shared notes reach colleagues of the same unit only', async () => {
    const priv = await zhang.post('/api/notes', { bookId: book.id, chapter: '第一章', page: '12', quote: '江山就是人民，人民就是江山。', thought: '要把群众的事当成自己的事。' });
    expect(priv.statusCode, priv.body).toBe(200);
    const shared = await zhang.post('/api/notes', { bookId: book.id, chapter: '第三章', page: '45', quote: '', thought: '发展是党执政兴国的第一要务，结合镇里产业园谈体会。', visibility: 'unit' });
    expect(shared.statusCode).toBe(200);

    const mine = (await zhang.get('/api/notes')).json();
    expect(mine).toHaveLength(2);
    expect(mine.find((n: { id: number }) => n.id === priv.json().id).visibility).toBe('private');

    const seen = (await colleague.get('/api/notes?scope=unit')).json();
    expect(seen.map((n: { id: number }) => n.id)).toEqual([shared.json().id]);
    expect(seen[0]).toMatchObject({ authorName: '张三', bookTitle: '习近平新时代中国特色社会主义思想学习纲要', mine: false });
    expect((await colleague.get(`/api/notes/${priv.json().id}`)).statusCode).toBe(404);
    expect((await colleague.get(`/api/notes/${shared.json().id}`)).statusCode).toBe(200);
    expect((await colleague.get('/api/notes')).json()).toHaveLength(0);

    expect((await other.get('/api/notes?scope=unit')).json()).toHaveLength(0);
    expect((await other.get(`/api/notes/${shared.json().id}`)).statusCode).toBe(404);
  });

  it('only the owner edits or deletes; a stale version is refused', async () => {
    const id = (await zhang.post('/api/notes', { bookTitle: '我的一本书', thought: '初稿' })).json().id;
    const n = (await zhang.get(`/api/notes/${id}`)).json();
    expect(n.bookId).toBeNull();
    expect((await colleague.put(`/api/notes/${id}`, { thought: '改了', version: n.version })).statusCode).toBe(403);
    expect((await colleague.delete(`/api/notes/${id}`)).statusCode).toBe(403);
    expect((await zhang.put(`/api/notes/${id}`, { thought: '二稿', version: n.version })).statusCode).toBe(200);
    const stale = await zhang.put(`/api/notes/${id}`, { thought: '三稿', version: n.version });
    expect(stale.statusCode).toBe(409);
    expect((await zhang.get(`/api/notes/${id}`)).json().thought).toBe('二稿');
    expect((await zhang.delete(`/api/notes/${id}?version=${n.version}`)).statusCode).toBe(409);
    expect((await zhang.delete(`/api/notes/${id}?version=${n.version + 1}`)).statusCode).toBe(200);
    expect((await zhang.get(`/api/notes/${id}`)).statusCode).toBe(404);
  });

  it('refuses empty notes and unknown books', async () => {
    const before = (await zhang.get('/api/notes')).json().length;
    const a = await zhang.post('/api/notes', { bookId: book.id, quote: ' ', thought: '' });
    expect(a.statusCode).toBe(400);
    expect(a.json().message).toBe('请填写摘录或心得体会');
    const b = await zhang.post('/api/notes', { thought: '没有书' });
    expect(b.statusCode).toBe(400);
    expect(b.json().message).toBe('请选择图书或填写书名');
    expect((await zhang.post('/api/notes', { bookId: 999999, thought: 'x' })).statusCode).toBe(404);
    expect((await zhang.get('/api/notes')).json().length).toBe(before);
  });

  it('searches own notes and the unit’s shared notes by quote, thought and title', async () => {
    const hits = (await zhang.get(`/api/notes?q=${encodeURIComponent('人民就是江山')}`)).json();
    expect(hits).toHaveLength(1);
    expect((await zhang.get(`/api/notes?q=${encodeURIComponent('学习纲要')}`)).json()).toHaveLength(2);
    expect((await zhang.get(`/api/notes?q=${encodeURIComponent('没有这句话')}`)).json()).toHaveLength(0);
    expect((await colleague.get(`/api/notes?scope=unit&q=${encodeURIComponent('产业园')}`)).json()).toHaveLength(1);
    expect((await colleague.get(`/api/notes?scope=unit&q=${encodeURIComponent('人民就是江山')}`)).json()).toHaveLength(0);
    const books = (await zhang.get('/api/notes/books')).json();
    expect(books.find((b: { bookId: number }) => b.bookId === book.id).count).toBe(2);
  });

  it('exports the notebook of a book as .docx with name, unit and every note', async () => {
    const res = await zhang.get(`/api/notes/notebook.docx?bookId=${book.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    for (const s of ['《习近平新时代中国特色社会主义思想学习纲要》读书笔记', '姓名：张三', '单位：党政办', '第一章', '第 12 页', '江山就是人民，人民就是江山。', '要把群众的事当成自己的事。', '产业园']) expect(xml).toContain(s);
    expect((await colleague.get(`/api/notes/notebook.docx?bookId=${book.id}`)).statusCode).toBe(404);
  });

  it('a note shared with the whole town reaches colleagues of other units of the town, not another town', async () => {
    const town = await zhang.post('/api/notes', { bookTitle: '乡村振兴读本', thought: '全镇共享：网格化治理的做法值得各村借鉴。', visibility: 'town' });
    expect(town.statusCode, town.body).toBe(200);
    const id = town.json().id;
    // 李四 of 东风村 (甲镇) and 王五 of 党政办 see it; 赵强 of 乙镇 does not.
    const ids = async (c: Client) => ((await c.get('/api/notes?scope=unit')).json() as { id: number }[]).map((n) => n.id);
    expect(await ids(other)).toContain(id);
    expect(await ids(colleague)).toContain(id);
    expect((await other.get(`/api/notes/${id}`)).json()).toMatchObject({ visibility: 'town', authorName: '张三', mine: false });
    const farAway = await signedIn(t.app, 'clerkb', PASSWORD);
    expect(await ids(farAway)).not.toContain(id);
    expect((await farAway.get(`/api/notes/${id}`)).statusCode).toBe(404);
    // Back to the unit only: 李四 no longer sees it.
    const n = (await zhang.get(`/api/notes/${id}`)).json();
    expect((await zhang.put(`/api/notes/${id}`, { visibility: 'unit', version: n.version })).statusCode).toBe(200);
    expect(await ids(other)).not.toContain(id);
    expect((await other.get(`/api/notes/${id}`)).statusCode).toBe(404);
    expect(await ids(colleague)).toContain(id);
  });

  it('% and _ typed into the search are plain characters, not wildcards', async () => {
    for (const thought of ['全年目标完成率100%以上', '完成率1000户', 'A_B 两套方案对比', 'AxB 两套方案对比', '路径 C:\\学习'])
      expect((await zhang.post('/api/notes', { bookTitle: '统计工作手册', thought })).statusCode).toBe(200);
    const find = async (q: string) => ((await zhang.get(`/api/notes?q=${encodeURIComponent(q)}`)).json() as { thought: string }[]).map((n) => n.thought);
    expect(await find('100%')).toEqual(['全年目标完成率100%以上']);
    expect(await find('A_B')).toEqual(['A_B 两套方案对比']);
    expect(await find('%')).toEqual(['全年目标完成率100%以上']);
    expect(await find('_')).toEqual(['A_B 两套方案对比']);
    expect(await find('C:\\')).toEqual(['路径 C:\\学习']);
    expect(await find('两套方案')).toHaveLength(2);
  });
});
