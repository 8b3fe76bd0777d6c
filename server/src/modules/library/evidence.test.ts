import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helper';
import { makeWorld } from '../../../test/world';
import { makeBook, makeCopy, makeLocation } from '../../demo/factories';
import { RollUp } from '../assessment/evidence/registry';
import { libraryEvidence } from './evidence';

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeWorld(t.db);
});
afterAll(() => t.close());

describe('library evidence', () => {
  it('counts a unit’s titles and fields over the rooms of its whole subtree, and no other town’s', async () => {
    const village = await makeLocation(t.db, { unitId: world.villageA.id, name: '东风村图书角', kind: 'corner' });
    const office = await makeLocation(t.db, { unitId: world.officeA.id, name: '党政办书架', kind: 'corner' });
    const other = await makeLocation(t.db, { unitId: world.officeB.id, name: '乙镇书架', kind: 'corner' });
    const theory = await makeBook(t.db, { title: '之江新语', category: '思想理论' });
    const history = await makeBook(t.db, { title: '中国共产党简史', category: '历史' });
    const law = await makeBook(t.db, { title: '民法典通俗读本', category: '法律' });
    await makeCopy(t.db, { bookId: theory.id, barcode: 'EV1', locationId: village.id });
    await makeCopy(t.db, { bookId: theory.id, barcode: 'EV2', locationId: office.id });
    await makeCopy(t.db, { bookId: history.id, barcode: 'EV3', locationId: office.id });
    await makeCopy(t.db, { bookId: law.id, barcode: 'EV4', locationId: other.id });
    const units = [world.townA, world.villageA, world.officeA, world.townB].map((u) => ({ id: u.id, name: u.name, path: u.path }));
    const roll = new RollUp(units, await t.db.selectFrom('units').select(['id', 'path']).execute());
    const facts = await libraryEvidence.collect(t.svc, { year: 2026, from: '2026-01-01', to: '2026-12-31', units }, roll);
    const corner = (id: number) => facts.get(id)!.find((f) => f.metric === 'library.cornerBooks')!;
    // 甲镇: 之江新语 (in two rooms, one title) and 中国共产党简史: two titles in two fields; 乙镇's law book is not its.
    expect([corner(world.townA.id).value, corner(world.townA.id).text]).toEqual([2, expect.stringContaining('在架图书 2 种，涵盖 2 个门类')]);
    expect(corner(world.villageA.id).text).toContain('在架图书 1 种，涵盖 1 个门类');
    expect(corner(world.officeA.id).text).toContain('在架图书 2 种，涵盖 2 个门类');
    expect(corner(world.townB.id).text).toContain('在架图书 1 种，涵盖 1 个门类');
  });
});
