// “线上+线下”“理论+实践” (plan §三.8) per unit, for assessment's evidence registry: the cadres
// who kept online-learning records (学习强国, 干部教育在线 …) and those who kept practice records.
import type { EvidenceFact, EvidenceProvider } from '../assessment/evidence/registry';
import { percent, ratioOf } from '../assessment/evidence/registry';
import { learningPerUnit } from './repository';

export const learningEvidence: EvidenceProvider = {
  module: 'learning',
  metrics: [
    { key: 'learning.online', label: '有线上学习记录的干部', section: '三.8' },
    { key: 'learning.practice', label: '有实践活动记录的干部', section: '三.8', with: 'learning.online' },
  ],
  async collect(svc, q, roll) {
    const out = new Map<number, EvidenceFact[]>(q.units.map((u) => [u.id, []]));
    const ids = roll.unitIds();
    if (!ids.length) return out;
    const r = await learningPerUnit(svc.db, ids, q.from, q.to);
    const heads = roll.sum(r.heads.map((x) => [x.unit_id, Number(x.n)]));
    const onlineMembers = roll.sum(r.online.map((x) => [x.unit_id, Number(x.members)]));
    const onlineRecords = roll.sum(r.online.map((x) => [x.unit_id, Number(x.records)]));
    const practiceMembers = roll.sum(r.practice.map((x) => [x.unit_id, Number(x.members)]));
    const practiceRecords = roll.sum(r.practice.map((x) => [x.unit_id, Number(x.records)]));
    for (const u of q.units) {
      const h = heads.get(u.id) ?? 0;
      const on = onlineMembers.get(u.id) ?? 0;
      const pr = practiceMembers.get(u.id) ?? 0;
      const link = `/console/learning?unitId=${u.id}`;
      out.get(u.id)!.push(
        { metric: 'learning.online', label: '线上学习', text: `${h} 名干部中 ${on} 人有线上学习记录（${percent(ratioOf(on, h))}），共 ${onlineRecords.get(u.id) ?? 0} 条`, value: on, of: h, ratio: ratioOf(on, h), link },
        { metric: 'learning.practice', label: '实践活动', text: `${h} 名干部中 ${pr} 人有实践活动记录（${percent(ratioOf(pr, h))}），共 ${practiceRecords.get(u.id) ?? 0} 条`, value: pr, of: h, ratio: ratioOf(pr, h), link },
      );
    }
    return out;
  },
};
