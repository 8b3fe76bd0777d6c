// `shuxiang import books` on the first morning: an empty database, and a run without --location.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, createTestApp, type TestApp } from '../../../../test/helper';
import { makeWorld } from '../../../../test/world';
import { testdata } from '../../../../test/testdata';

const MARC = testdata('marc');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('import books from the command line', () => {
  it('says what is missing on an empty database, then warns when no copies were made', async () => {
    const empty = await cli(['import', 'books', path.join(MARC, 'marcjs-bib.mrc'), '--json'], t.testDb.env);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/还没有任何单位/);
    expect(empty.stderr).not.toMatch(/没有权限/);

    await makeWorld(t.db);
    const json = await cli(['import', 'books', path.join(MARC, 'marcjs-bib.mrc'), '--json'], t.testDb.env);
    expect(json.code, json.stderr).toBe(0);
    const j = JSON.parse(json.stdout);
    expect(j.copiesAdded).toBe(0);
    expect(j.warnings).toEqual([expect.stringMatching(/未指定 --location.*没有新增任何馆藏册/)]);
    const text = await cli(['import', 'books', path.join(MARC, 'marcjs-bib.mrc')], t.testDb.env);
    expect(text.stderr).toMatch(/注意：未指定 --location/);
  }, 120_000);
});
