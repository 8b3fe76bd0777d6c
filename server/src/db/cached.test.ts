// cachedQuery: one compiled shape, the new values each time, on either database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helper';
import { makeUnit } from '../demo/factories';
import { cachedQuery } from './cached';
import { migrateToLatest } from './migrate';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await migrateToLatest(t.handle.db);
});
afterAll(() => t.drop());

describe('cachedQuery', () => {
  it('answers each call with its own values, fixed values of the shape kept', async () => {
    const db = t.handle.db;
    const a = await makeUnit(db, { name: '甲镇', kind: 'town' });
    const b = await makeUnit(db, { name: '乙镇', kind: 'town' });
    const byName = (name: string) =>
      cachedQuery(db, 'test.unitByName', [name], (n) => db.selectFrom('units').select(['id', 'name']).where('name', '=', n).where('kind', '=', 'town').limit(1));
    expect(await byName('甲镇')).toEqual([{ id: a.id, name: '甲镇' }]);
    expect(await byName('乙镇')).toEqual([{ id: b.id, name: '乙镇' }]);
    expect(await byName('丙镇')).toEqual([]);
    const some = (ids: number[]) => cachedQuery(db, `test.units:${ids.length}`, [...ids], (...xs) => db.selectFrom('units').select('name').where('id', 'in', xs).orderBy('name'));
    expect((await some([a.id, b.id])).map((r) => r.name).sort()).toEqual(['乙镇', '甲镇'].sort());
    expect(await some([b.id])).toEqual([{ name: '乙镇' }]);
  });

  it('refuses a builder that uses an argument other than as a value', async () => {
    const db = t.handle.db;
    await expect(cachedQuery(db, 'test.bad', [5], (n) => db.selectFrom('units').select('id').limit(Number(n) || 1))).rejects.toThrow(/does not reach the query/);
  });
});
