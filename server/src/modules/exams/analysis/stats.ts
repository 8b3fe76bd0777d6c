// Item analysis, pure (the figures Moodle's quiz statistics report shows):
// facility = mean score fraction; discrimination = correlation between an item's
// score and the rest of the test (the attempt's total without the item), ×100;
// for the paper: mean, median, standard deviation and Cronbach's alpha.

export interface AttemptScores {
  /** Total score of the attempt. */
  total: number;
  /** Per item id: points earned and points possible. */
  items: Map<number, { score: number; max: number }>;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
/** Sample variance (n − 1), as Moodle uses. */
function variance(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

export function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const stdDev = (xs: number[]) => Math.sqrt(variance(xs));

/** Pearson correlation; null when either side does not vary. */
export function correlation(xs: number[], ys: number[]): number | null {
  if (xs.length < 2 || xs.length !== ys.length) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

export interface ItemFigures {
  /** Attempts that had this item. */
  n: number;
  /** 0–100 */
  facility: number;
  /** −100 … 100, null when it cannot be computed (no variation). */
  discrimination: number | null;
}

export function itemFigures(attempts: AttemptScores[], itemId: number): ItemFigures {
  const xs: number[] = [];
  const rest: number[] = [];
  for (const a of attempts) {
    const it = a.items.get(itemId);
    if (!it || it.max <= 0) continue;
    xs.push(it.score / it.max);
    rest.push(a.total - it.score);
  }
  const r = correlation(xs, rest);
  return { n: xs.length, facility: Math.round(mean(xs) * 1000) / 10, discrimination: r === null ? null : Math.round(r * 1000) / 10 };
}

/**
 * Cronbach's alpha over the items every attempt had (k ≥ 2):
 * k/(k−1) × (1 − Σ var(item) / var(total of those items)). Null when it cannot be computed.
 */
export function cronbachAlpha(attempts: AttemptScores[]): number | null {
  if (attempts.length < 2) return null;
  const common = [...attempts[0]!.items.keys()].filter((id) => attempts.every((a) => a.items.has(id)));
  const k = common.length;
  if (k < 2) return null;
  const itemVar = common.reduce((s, id) => s + variance(attempts.map((a) => a.items.get(id)!.score)), 0);
  const totVar = variance(attempts.map((a) => common.reduce((s, id) => s + a.items.get(id)!.score, 0)));
  if (totVar === 0) return null;
  return Math.round((k / (k - 1)) * (1 - itemVar / totVar) * 1000) / 1000;
}

export function paperFigures(totals: number[]) {
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return { n: totals.length, mean: r1(mean(totals)), median: r1(median(totals)), sd: r1(stdDev(totals)) };
}

export interface FlagInput {
  figures: ItemFigures;
  /** For choice questions: how many picked each option, and which options are right. */
  options?: { key: string; count: number; right: boolean }[];
  /** Fewer attempts than this: no flags (too few to judge). */
  minAttempts: number;
}

/**
 * A correlation drawn from n answers wobbles by about 1/√n around its true value,
 * so a question answered by a dozen people of a random draw shows a negative
 * discrimination by chance about as often as a positive one. A negative figure is
 * flagged only when it lies below −1.645/√n, where a question that in truth does
 * not discriminate falls in one case in twenty (one-sided 5 %).
 */
const NOISE_Z = 1.645;

/** Why a question looks broken, in Chinese. */
export function itemFlags(f: FlagInput): string[] {
  const flags: string[] = [];
  if (f.figures.n < f.minAttempts) return flags;
  if (f.figures.discrimination !== null && f.figures.discrimination / 100 < -NOISE_Z / Math.sqrt(f.figures.n))
    flags.push(`区分度为负（${f.figures.discrimination}%）：成绩好的人反而答错得多，请检查答案是否有误`);
  // A distractor nobody picks is worth a look only when enough wrong answers were given that a working one would
  // have drawn some: if each of k distractors were as likely as the others, one would miss all W wrong
  // answers with the chance ((k−1)/k)^W; flagged when that is under one in twenty, as above.
  const wrong = (f.options ?? []).filter((o) => !o.right);
  const wrongAnswers = wrong.reduce((s, o) => s + o.count, 0);
  if (wrong.length > 1 && ((wrong.length - 1) / wrong.length) ** wrongAnswers < 0.05)
    for (const o of wrong) if (o.count === 0) flags.push(`干扰项 ${o.key} 无人选择`);
  if (f.figures.facility >= 95) flags.push('过易（得分率 ≥ 95%）');
  if (f.figures.facility <= 10) flags.push('过难（得分率 ≤ 10%）');
  return flags;
}
