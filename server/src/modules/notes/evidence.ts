// Study notes per unit, for inspections and the acceptance (assessment's evidence registry).
import type { EvidenceFact, EvidenceProvider } from '../assessment/evidence/registry';
import { ratioOf } from '../assessment/evidence/registry';
import { localMidnightIso } from '../../platform/time';
import { addDays } from '../../platform/workcalendar';
import { activeHeads, writersByUnit } from './repository';

export const notesEvidence: EvidenceProvider = {
  module: 'notes',
  metrics: [{ key: 'notes.writers', label: '记学习笔记的干部', section: '三.5' }],
  async collect(svc, q, roll) {
    const ids = roll.unitIds();
    const out = new Map<number, EvidenceFact[]>(q.units.map((u) => [u.id, []]));
    if (!ids.length) return out;
    const [heads, rows] = await Promise.all([
      activeHeads(svc.db, ids),
      writersByUnit(svc.db, ids, localMidnightIso(q.from), localMidnightIso(addDays(q.to, 1))),
    ]);
    const head = roll.sum(heads.map((r) => [r.unit_id, Number(r.n)]));
    const writers = roll.sum(rows.map((r) => [r.unit_id, Number(r.writers)]));
    const notes = roll.sum(rows.map((r) => [r.unit_id, Number(r.notes)]));
    for (const u of q.units) {
      const h = head.get(u.id) ?? 0;
      const wr = writers.get(u.id) ?? 0;
      out.get(u.id)!.push({ metric: 'notes.writers', label: '学习笔记', text: `${h} 名干部中 ${wr} 人记了笔记，共 ${notes.get(u.id) ?? 0} 条`, value: wr, of: h, ratio: ratioOf(wr, h), link: `/console/study?unitId=${u.id}` });
    }
    return out;
  },
};
