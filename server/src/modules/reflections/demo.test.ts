// The demo town's reflections, as the office sees them after `npm start`: the
// near-copies it plants are flagged by the check, the honest reflections are not
// (two of them quote the same passage of 《乡土中国》, which the office uploaded as
// the book's own words).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type Client, type TestApp } from '../../../test/helper';
import { DEMO_EXCERPT } from '../../demo/reflections';
import { createDemoTestApp, DEMO_PASSWORD } from '../../../test/demo';

const PASSWORD = DEMO_PASSWORD;
/** The closing paragraph every demo near-copy ends with (demo/reflections.ts lightlyEdit). */
const NEAR_COPY_END = '以上是我读这本书的一点粗浅体会，不当之处请批评指正。';

let t: TestApp;
let clerk: Client;

beforeAll(async () => {
  t = await createDemoTestApp();
  clerk = await signedIn(t.app, 'clerk', PASSWORD);
}, 120_000);
afterAll(() => t.close());

interface Item {
  id: number;
  title: string;
  flagged: boolean;
  similarityPercent: number | null;
  memberName: string;
}

async function queue(query = ''): Promise<Item[]> {
  const res = await clerk.get(`/api/reflections/review?pageSize=200${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

describe('demo reflections', () => {
  it('flags the planted near-copies and none of the honest reflections', async () => {
    const all = await queue();
    const texts = await t.db.selectFrom('reflections').select(['id', 'body_text']).execute();
    const nearCopies = new Set(texts.filter((r) => r.body_text.includes(NEAR_COPY_END)).map((r) => r.id));
    expect(nearCopies.size).toBe(3);
    // What the clerk sees: the flagged ones in the queue are exactly the near-copies.
    const flagged = all.filter((i) => i.flagged).map((i) => i.id);
    expect(flagged.sort()).toEqual([...nearCopies].sort());
    const flag = (await clerk.get('/api/reflections/config')).json().flagPercent;
    for (const i of all.filter((x) => nearCopies.has(x.id))) expect(i.similarityPercent).toBeGreaterThanOrEqual(flag);
    for (const i of all.filter((x) => !nearCopies.has(x.id))) expect(i.similarityPercent ?? 0, i.title).toBeLessThan(flag);
    // The similarity filter at the threshold finds the same ones.
    expect((await queue(`&minSimilarity=${flag}`)).map((i) => i.id).sort()).toEqual([...nearCopies].sort());

    // The reading view of a near-copy points at the reflection it was copied from, with passages on both sides.
    const view = (await clerk.get(`/api/reflections/${[...nearCopies][0]}/review`)).json();
    expect(view.matches[0].kind).toBe('reflection');
    expect(view.matches[0].mine.length).toBeGreaterThan(0);
    expect(view.matches[0].theirs.length).toBeGreaterThan(0);
  });

  it('seeds the book excerpt the office uploaded, and the honest reflections quoting it are not flagged', async () => {
    const refs = (await clerk.get('/api/reflections/references')).json().items;
    expect(refs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'excerpt', bookTitle: '乡土中国', title: '《乡土中国·差序格局》原文摘录' }),
        expect.objectContaining({ kind: 'copied' }),
      ]),
    );
    const quoting = await t.db.selectFrom('reflections').select(['id', 'body_text']).where('book_title', '=', '乡土中国').where('status', '!=', 'draft').execute();
    const withExcerpt = quoting.filter((r) => r.body_text.includes(DEMO_EXCERPT.slice(10, 40)));
    expect(withExcerpt.length).toBe(2);
    const items = await queue();
    for (const r of withExcerpt) {
      const item = items.find((i) => i.id === r.id)!;
      expect(item.flagged).toBe(false);
      // The shared quotation is not highlighted as copied in the reading view.
      const view = (await clerk.get(`/api/reflections/${r.id}/review`)).json();
      const marked = view.matches.flatMap((m: { mine: { start: number; end: number }[] }) => m.mine.map((p) => view.reflection.bodyText.slice(p.start, p.end))).join('');
      expect(marked).not.toContain('愈推愈远');
    }
  });
});
