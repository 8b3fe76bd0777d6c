// Rectifications closed on time (plan §四: inspection findings followed up), per unit.
import type { EvidenceFact, EvidenceProvider } from '../evidence/registry';
import { ratioOf } from '../evidence/registry';
import { rectificationsDueBetween } from './repository';
import { localDayOfIso } from '../../../platform/time';

export const rectificationEvidence: EvidenceProvider = {
  module: 'assessment',
  metrics: [{ key: 'assessment.rectifiedOnTime', label: '督查整改按期完成', section: '四' }],
  async collect(svc, q, roll) {
    const ids = roll.unitIds();
    const out = new Map<number, EvidenceFact[]>(q.units.map((u) => [u.id, []]));
    if (!ids.length) return out;
    const rows = await rectificationsDueBetween(svc.db, ids, q.from, q.to);
    const due = roll.sum(countBy(rows.map((r) => r.unit_id)));
    const onTime = roll.sum(countBy(rows.filter((r) => r.status === 'accepted' && r.accepted_at && localDayOfIso(r.accepted_at) <= r.deadline).map((r) => r.unit_id)));
    for (const u of q.units) {
      const d = due.get(u.id) ?? 0;
      const ok = onTime.get(u.id) ?? 0;
      out.get(u.id)!.push({
        metric: 'assessment.rectifiedOnTime',
        label: '督查整改',
        text: d ? `期间到期整改 ${d} 项，按期完成 ${ok} 项` : '期间没有到期的整改任务',
        value: ok,
        of: d,
        ratio: d ? ratioOf(ok, d) : null,
        link: `/console/assessment/rectifications?unitId=${u.id}`,
      });
    }
    return out;
  },
};

function countBy(ids: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}
