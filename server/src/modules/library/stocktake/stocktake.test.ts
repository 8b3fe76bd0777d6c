import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../../../test/helper';
import { makeWorld, PASSWORD } from '../../../../test/world';
import { makeBook, makeCopy, makeLocation } from '../../../demo/factories';

let t: TestApp;
let clerk: Client;
let room: { id: number };
let corner: { id: number };
let roomB: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  const world = await makeWorld(t.db);
  room = await makeLocation(t.db, { unitId: world.townA.id, name: '阅览室' });
  corner = await makeLocation(t.db, { unitId: world.officeA.id, name: '党政办图书角', kind: 'corner' });
  roomB = await makeLocation(t.db, { unitId: world.townB.id, name: '乙镇阅览室' });
  const book = await makeBook(t.db, { title: '红岩', category: '文化' });
  for (const b of ['S1', 'S2', 'S3', 'S4']) await makeCopy(t.db, { bookId: book.id, barcode: b, locationId: room.id });
  await makeCopy(t.db, { bookId: book.id, barcode: 'C1', locationId: corner.id });
  clerk = await signedIn(t.app, 'clerka', PASSWORD);
  const member = await signedIn(t.app, 'zhangsan', PASSWORD);
  await member.post('/api/library/copies/S4/borrow');
});
afterAll(() => t.close());

describe('stocktake', () => {
  it('finds present, missing, misplaced, loaned and unknown copies, and marks the missing as lost in one step', async () => {
    const { id } = (await clerk.post('/api/library/stocktakes', { locationId: room.id })).json();
    expect((await clerk.post('/api/library/stocktakes', { locationId: room.id })).json().id).toBe(id);
    for (const code of ['s1', 'S2', 'S2', 'C1', 'ZZZ9']) expect((await clerk.post(`/api/library/stocktakes/${id}/scans`, { barcode: code })).statusCode).toBe(200);
    const wrong = (await clerk.post(`/api/library/stocktakes/${id}/scans`, { barcode: 'C1' })).json();
    expect(wrong).toMatchObject({ known: true, duplicate: true, wrongPlace: '党政办图书角' });

    const r = (await clerk.get(`/api/library/stocktakes/${id}`)).json();
    expect(r.scanned).toBe(4);
    expect(r.present.map((x: { barcode: string }) => x.barcode)).toEqual(['S1', 'S2']);
    expect(r.missing.map((x: { barcode: string }) => x.barcode)).toEqual(['S3']);
    expect(r.wrongPlace).toEqual([expect.objectContaining({ barcode: 'C1', belongsTo: '党政办图书角' })]);
    expect(r.onLoan).toEqual([expect.objectContaining({ barcode: 'S4', scanned: false })]);
    expect(r.unknown).toEqual(['ZZZ9']);

    const x = await clerk.get(`/api/library/stocktakes/${id}/export`);
    expect(x.headers['content-type']).toContain('spreadsheetml');

    expect((await clerk.post(`/api/library/stocktakes/${id}/finish`, { markMissingLost: true })).json()).toEqual({ marked: 1 });
    const s3 = await t.db.selectFrom('copies').select('status').where('barcode', '=', 'S3').executeTakeFirstOrThrow();
    expect(s3.status).toBe('lost');
    expect((await clerk.post(`/api/library/stocktakes/${id}/finish`, { markMissingLost: true })).statusCode).toBe(400);
    expect((await clerk.post(`/api/library/stocktakes/${id}/scans`, { barcode: 'S3' })).json().message).toBe('该盘点已结束');
  });

  it('is limited to the clerk’s own places', async () => {
    expect((await clerk.post('/api/library/stocktakes', { locationId: roomB.id })).statusCode).toBe(403);
    const member = await signedIn(t.app, 'zhangsan', PASSWORD);
    expect((await member.post('/api/library/stocktakes', { locationId: room.id })).statusCode).toBe(403);
  });
});
