// The evidence-provider registry: each module that keeps records a unit can be judged by
// (study plans and logs, reflections, the reading corner, check-in, seminars, tests…) hands
// in one provider. The inspection's on-site form and the acceptance's automatic evidence
// read every unit's facts through these providers, never through another module's tables.
import type { Services } from '../../../platform/services';

export interface EvidenceUnit {
  id: number;
  name: string;
  path: string;
}

export interface EvidenceQuery {
  year: number;
  /** Calendar dates (Asia/Shanghai), inclusive. `to` is never after today. */
  from: string;
  to: string;
  /** The units to report on; each unit's facts cover its whole subtree. */
  units: EvidenceUnit[];
}

export interface EvidenceFact {
  /** The metric's key, `<module>.<name>`. */
  metric: string;
  label: string;
  /** What a clerk reads: '应制定 14 份，已制定 12 份'. */
  text: string;
  value: number;
  /** The whole the value is counted against, when there is one. */
  of: number | null;
  /** 0–1 when the fact is a share the plan asks to be full (feeds the suggested score); null for plain counts. */
  ratio: number | null;
  /** The web page with the records behind the number. */
  link: string;
  /** true when higher is worse (books never returned). */
  adverse?: boolean;
}

export interface EvidenceMetric {
  key: string;
  label: string;
  /** The plan's section the metric speaks to (三.3, 三.5 …). */
  section: string;
  /**
   * A supporting metric names the metric it stands beside: a checklist item whose source is that
   * metric shows this one's fact too (the tests' average beside their participation), while the
   * suggested score comes from the source's fact alone.
   */
  with?: string;
}

export interface EvidenceProvider {
  module: string;
  metrics: EvidenceMetric[];
  collect(svc: Services, q: EvidenceQuery, roll: RollUp): Promise<Map<number, EvidenceFact[]>>;
}

const providers = new Map<string, EvidenceProvider>();

/** Adds a module's provider (once per module; a second registration replaces the first). */
export function registerEvidenceProvider(p: EvidenceProvider): void {
  providers.set(p.module, p);
}

export function evidenceProviders(): EvidenceProvider[] {
  return [...providers.values()];
}

export function evidenceMetrics(): EvidenceMetric[] {
  return evidenceProviders().flatMap((p) => p.metrics);
}

/**
 * Counts kept per unit id (the unit a member or a location belongs to) summed up to the
 * units asked for: a unit's number is the sum over its subtree.
 */
export class RollUp {
  private readonly targets: EvidenceUnit[];
  private readonly pathOf: Map<number, string>;
  constructor(targets: EvidenceUnit[], all: { id: number; path: string }[]) {
    this.targets = targets;
    this.pathOf = new Map(all.map((u) => [u.id, u.path]));
  }

  pathOfUnit(id: number): string | undefined {
    return this.pathOf.get(id);
  }

  /** The ids of every unit in the targets' subtrees (for `where unit_id in …`). */
  unitIds(): number[] {
    return [...this.pathOf.keys()];
  }

  sum(perUnit: Map<number, number> | Iterable<[number, number]>): Map<number, number> {
    const src = perUnit instanceof Map ? perUnit : new Map(perUnit);
    const out = new Map<number, number>(this.targets.map((t) => [t.id, 0]));
    for (const [unitId, n] of src) {
      const p = this.pathOf.get(unitId);
      if (!p) continue;
      for (const t of this.targets) if (p.startsWith(t.path)) out.set(t.id, (out.get(t.id) ?? 0) + n);
    }
    return out;
  }
}

/** A share as Chinese text: '85.7%'. */
export const percent = (ratio: number | null) => (ratio === null ? '—' : `${(Math.round(ratio * 1000) / 10).toFixed(1)}%`);

export const ratioOf = (value: number, of: number) => (of > 0 ? Math.min(1, value / of) : null);

/** The months 'YYYY-MM' from `from` to `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
