// Months in which a unit met the reflection quota (plan §三.5: at least 10 % of its cadres each
// month), read through the module's own quota service, for assessment's evidence registry.
import type { EvidenceFact, EvidenceProvider } from '../assessment/evidence/registry';
import { monthsBetween, ratioOf } from '../assessment/evidence/registry';
import { quota } from './service';

export const reflectionsEvidence: EvidenceProvider = {
  module: 'reflections',
  metrics: [{ key: 'reflections.quotaMonths', label: '心得上报达到配额的月份', section: '三.5' }],
  async collect(svc, q) {
    const out = new Map<number, EvidenceFact[]>(q.units.map((u) => [u.id, []]));
    if (!q.units.length) return out;
    const months = monthsBetween(q.from, q.to);
    const paths = q.units.map((u) => u.path).sort((a, b) => a.length - b.length);
    const tops = paths.filter((p, i) => !paths.slice(0, i).some((t) => p.startsWith(t)));
    const perMonth = await Promise.all(months.map((m) => quota(svc, m, tops)));
    for (const u of q.units) {
      let metMonths = 0;
      let counted = 0;
      let approved = 0;
      for (const { items } of perMonth) {
        const mine = items.filter((r) => r.unitPath.startsWith(u.path));
        if (!mine.length) continue;
        counted++;
        const req = mine.reduce((s, r) => s + r.required, 0);
        const ok = mine.reduce((s, r) => s + r.approved, 0);
        approved += ok;
        if (ok >= req) metMonths++;
      }
      out.get(u.id)!.push({
        metric: 'reflections.quotaMonths',
        label: '心得上报配额',
        text: `${counted} 个月中 ${metMonths} 个月达到配额，审核通过心得 ${approved} 篇`,
        value: metMonths,
        of: counted,
        ratio: ratioOf(metMonths, counted),
        link: `/console/reflections/quota?month=${q.to.slice(0, 7)}`,
      });
    }
    return out;
  },
};
