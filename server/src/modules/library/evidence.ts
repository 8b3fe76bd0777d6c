// The reading corner of a unit (plan §三.3: books of every field) and books its cadres have
// not brought back, for inspections and the acceptance (assessment's evidence registry).
import type { EvidenceFact, EvidenceProvider } from '../assessment/evidence/registry';
import { ratioOf } from '../assessment/evidence/registry';
import { CATEGORIES } from './catalog/clc';
import { overdueByUnit, shelfTitlesByUnit } from './reports/repository';

export const libraryEvidence: EvidenceProvider = {
  module: 'library',
  metrics: [
    { key: 'library.cornerBooks', label: '图书角藏书与种类', section: '三.3' },
    { key: 'library.unreturned', label: '逾期未还图书', section: '三.3', with: 'library.cornerBooks' },
  ],
  async collect(svc, q, roll) {
    const ids = roll.unitIds();
    const out = new Map<number, EvidenceFact[]>(q.units.map((u) => [u.id, []]));
    if (!ids.length) return out;
    const [shelf, overdue] = await Promise.all([shelfTitlesByUnit(svc.db, ids), overdueByUnit(svc.db, ids, q.to)]);
    const late = roll.sum(overdue.map((r) => [r.unit_id, Number(r.n)]));
    // Each shelf row counts for the units asked about whose subtree holds it: those among the
    // ancestors of its room's unit (and the unit itself), found by the path's prefixes. One pass over
    // the rows, not one per unit (a province's 2,000 units × its 200,000 rows of titles by unit).
    const asked = new Map(q.units.map((u) => [u.path, u.id]));
    const titles = new Map<number, { books: Set<number>; cats: Set<string> }>();
    for (const r of shelf) {
      const p = roll.pathOfUnit(r.unit_id);
      if (!p) continue;
      for (let i = p.indexOf('/', 1); i > 0; i = p.indexOf('/', i + 1)) {
        const id = asked.get(p.slice(0, i + 1));
        if (id === undefined) continue;
        let t = titles.get(id);
        if (!t) titles.set(id, (t = { books: new Set(), cats: new Set() }));
        t.books.add(r.book_id);
        t.cats.add(r.category);
      }
    }
    for (const u of q.units) {
      const books = titles.get(u.id)?.books.size ?? 0;
      const cats = titles.get(u.id)?.cats.size ?? 0;
      const n = late.get(u.id) ?? 0;
      out.get(u.id)!.push(
        {
          metric: 'library.cornerBooks',
          label: '阅览室（图书角）',
          text: `在架图书 ${books} 种，涵盖 ${cats} 个门类（共 ${CATEGORIES.length} 类）`,
          value: cats,
          of: CATEGORIES.length,
          ratio: ratioOf(cats, CATEGORIES.length),
          link: `/console/library?unitId=${u.id}`,
        },
        { metric: 'library.unreturned', label: '逾期未还', text: n ? `${n} 册图书逾期未还` : '没有逾期未还的图书', value: n, of: null, ratio: null, adverse: true, link: `/console/library/desk?overdue=1&unitId=${u.id}` },
      );
    }
    return out;
  },
};
