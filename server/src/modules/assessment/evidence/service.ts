// Collects every registered provider's facts for a set of units over a period.
import type { Services } from '../../../platform/services';
import { todayLocal } from '../../../platform/time';
import './providers';
import { evidenceProviders, RollUp, type EvidenceFact, type EvidenceUnit } from './registry';
import { unitsUnder } from './repository';

export { sendPhoto, uploadPhoto } from './files';

export async function collectEvidence(svc: Services, units: EvidenceUnit[], year: number, from: string, to: string): Promise<Map<number, EvidenceFact[]>> {
  const today = todayLocal();
  const end = to > today ? today : to;
  const out = new Map<number, EvidenceFact[]>(units.map((u) => [u.id, []]));
  if (!units.length || end < from) return out;
  const paths = [...new Set(units.map((u) => u.path))];
  const roll = new RollUp(units, await unitsUnder(svc.db, paths));
  const q = { year, from, to: end, units };
  // One provider at a time: on SQLite the queries share one connection anyway.
  for (const p of evidenceProviders()) {
    const facts = await p.collect(svc, q, roll);
    for (const [unitId, list] of facts) out.get(unitId)?.push(...list);
  }
  return out;
}

export function quarterBounds(year: number, quarter: number): { from: string; to: string } {
  const m1 = (quarter - 1) * 3 + 1;
  const m3 = m1 + 2;
  const last = new Date(Date.UTC(year, m3, 0)).getUTCDate();
  return { from: `${year}-${String(m1).padStart(2, '0')}-01`, to: `${year}-${String(m3).padStart(2, '0')}-${last}` };
}
