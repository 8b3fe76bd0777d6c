import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../../test/helper';
import { makeWorld, PASSWORD } from '../../../../test/world';
import { makeLocation } from '../../../demo/factories';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let clerk: Client;
let member: Client;
let roomA: { id: number };
let roomB: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
  roomA = await makeLocation(t.db, { unitId: world.townA.id, name: '甲镇阅览室' });
  roomB = await makeLocation(t.db, { unitId: world.townB.id, name: '乙镇阅览室' });
  clerk = await signedIn(t.app, 'clerka', PASSWORD);
  member = await signedIn(t.app, 'zhangsan', PASSWORD);
});
afterAll(() => t.close());

describe('catalog', () => {
  it('catalogs a book with a validated ISBN, suggests its category from the CLC, and refuses a second record of the same ISBN', async () => {
    const created = await clerk.post('/api/library/books', { title: '乡土中国', authors: ['费孝通'], publisher: '人民出版社', year: 2008, isbn: '978-7-01-006972-2', clc: 'C912.82' });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().id;
    const detail = (await member.get(`/api/library/books/${id}`)).json();
    expect(detail.book).toMatchObject({ title: '乡土中国', isbn13: '9787010069722', category: '其他' });

    const theory = await clerk.post('/api/library/books', { title: '习近平谈治国理政 第四卷', authors: ['习近平'], clc: 'D2-0', tags: ['必学'] });
    expect((await member.get(`/api/library/books/${theory.json().id}`)).json().book.category).toBe('思想理论');

    const dup = await clerk.post('/api/library/books', { title: '乡土中国（另一条）', isbn: '9787010069722' });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().message).toContain('已在馆藏目录中');
    const bad = await clerk.post('/api/library/books', { title: '坏号', isbn: '978-7-01-006972-0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('ISBN 无效');
    expect((await clerk.post('/api/library/books', { title: '坏分类', clc: '中文' })).json().message).toContain('中图法分类号');
    expect((await member.post('/api/library/books', { title: '越权' })).statusCode).toBe(403);
  });

  it('finds books by any Chinese fragment (one and two characters too), pinyin initials and either ISBN form', async () => {
    const ids = (q: string) => member.get(`/api/library/books?q=${encodeURIComponent(q)}`).then((r) => r.json().items.map((b: { title: string }) => b.title));
    expect(await ids('乡')).toContain('乡土中国');
    expect(await ids('土中')).toContain('乡土中国');
    expect(await ids('费孝通')).toContain('乡土中国');
    expect(await ids('xtzg')).toContain('乡土中国');
    expect(await ids('9787010069722')).toEqual(['乡土中国']);
    expect(await ids('7-01-006972-7')).toEqual(['乡土中国']);
    expect(await ids('zzz不存在')).toEqual([]);
    const required = (await member.get(`/api/library/books?tag=${encodeURIComponent('必学')}`)).json();
    expect(required.items.map((b: { title: string }) => b.title)).toEqual(['习近平谈治国理政 第四卷']);
  });

  it('adds copies only to places in the clerk’s own town, with unique barcodes', async () => {
    const book = (await member.get(`/api/library/books?q=${encodeURIComponent('乡土')}`)).json().items[0];
    const ok = await clerk.post(`/api/library/books/${book.id}/copies`, { barcode: 'xa-0001', locationId: roomA.id, shelf: 'C2', source: 'donation', donor: '镇党委' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await clerk.post(`/api/library/books/${book.id}/copies`, { barcode: 'XA-0001', locationId: roomA.id })).json().message).toContain('已被其他馆藏册使用');
    expect((await clerk.post(`/api/library/books/${book.id}/copies`, { barcode: 'XB-0001', locationId: roomB.id })).statusCode).toBe(403);
    const detail = (await member.get(`/api/library/books/${book.id}`)).json();
    expect(detail.copies).toEqual([expect.objectContaining({ barcode: 'XA-0001', statusLabel: '在架', shelf: 'C2', donor: '镇党委', location: '甲镇阅览室' })]);
    const list = (await member.get(`/api/library/books?locationId=${roomA.id}`)).json();
    expect(list.items.map((b: { title: string }) => b.title)).toEqual(['乡土中国']);
    expect(list.items[0]).toMatchObject({ copies: 1, available: 1 });
  });
});

describe('labels', () => {
  it('prints an A4 sheet of QR labels for a whole location, with the Chinese font embedded', async () => {
    const book = (await member.get(`/api/library/books?q=${encodeURIComponent('乡土')}`)).json().items[0];
    for (let i = 2; i <= 70; i++) await clerk.post(`/api/library/books/${book.id}/copies`, { barcode: `XA-${String(i).padStart(4, '0')}`, locationId: roomA.id, shelf: 'C2' });
    const res = await clerk.post('/api/library/labels', { locationId: roomA.id, size: 'small' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload.toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    // 70 labels at 65 per sheet: two pages.
    expect(pdf.match(/\/Type \/Page\b/g)).toHaveLength(2);
    expect(pdf).toMatch(/NotoSansSC/);
    expect((await clerk.post('/api/library/labels', { size: 'large' })).statusCode).toBe(400);
    expect((await member.post('/api/library/labels', { locationId: roomA.id, size: 'small' })).statusCode).toBe(403);
    expect((await clerk.post('/api/library/labels', { locationId: roomB.id, size: 'small' })).json().message).toContain('没有可打印');
  });
});
