// Objective grading, pure: a stored question's key, a response, the points.
import { normalizeAnswer, type QuestionDraft } from './model';

/** What a person answered: the option keys they chose (true/false as 'true'/'false'), or the text they wrote. */
export interface Response {
  choices?: string[];
  text?: string;
}

export interface Grade {
  /** Points earned, or null when a person must grade it (short answers). */
  score: number | null;
  /** Whether the answer earns full marks (null while waiting for a grader). */
  correct: boolean | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function isEmptyResponse(r: Response | null | undefined): boolean {
  return !r || ((r.choices?.length ?? 0) === 0 && !(r.text ?? '').trim());
}

/**
 * Grades one answer. Multiple choice is all-or-nothing unless `partialMultiple`:
 * then the chosen options' fractions add up (wrong ones may take away), never below 0.
 */
export function gradeResponse(q: QuestionDraft, r: Response | null, points: number, partialMultiple: boolean): Grade {
  if (q.type === 'short') return isEmptyResponse(r) ? { score: 0, correct: false } : { score: null, correct: null };
  if (isEmptyResponse(r)) return { score: 0, correct: false };
  const chosen = new Set(r!.choices ?? []);
  switch (q.type) {
    case 'single': {
      if (chosen.size !== 1) return { score: 0, correct: false };
      const o = q.options.find((x) => chosen.has(x.key));
      const f = Math.max(0, o?.fraction ?? 0);
      return { score: round2(points * f), correct: f === 1 };
    }
    case 'multiple': {
      const right = new Set(q.options.filter((o) => o.fraction > 0).map((o) => o.key));
      const exact = right.size === chosen.size && [...chosen].every((k) => right.has(k));
      if (!partialMultiple) return { score: exact ? points : 0, correct: exact };
      // Partial credit: each chosen option adds its fraction; a wrong one with no penalty of its own takes away as much as a right one gives.
      const share = 1 / Math.max(1, right.size);
      let f = 0;
      for (const k of chosen) {
        const o = q.options.find((x) => x.key === k);
        if (!o) continue;
        f += o.fraction > 0 ? o.fraction : o.fraction < 0 ? o.fraction : -share;
      }
      f = Math.min(1, Math.max(0, f));
      return { score: round2(points * f), correct: exact };
    }
    case 'truefalse': {
      if (chosen.size !== 1) return { score: 0, correct: false };
      const ok = chosen.has(q.truth ? 'true' : 'false');
      return { score: ok ? points : 0, correct: ok };
    }
    case 'fill': {
      const given = normalizeAnswer(r!.text ?? '');
      let f = 0;
      for (const a of q.accepted) if (normalizeAnswer(a.text) === given) f = Math.max(f, a.fraction);
      return { score: round2(points * f), correct: f === 1 };
    }
  }
}

/** The correct answer in words, for review and the practice's feedback. */
export function keyText(q: QuestionDraft): string {
  switch (q.type) {
    case 'single':
    case 'multiple':
      return q.options
        .filter((o) => o.fraction > 0)
        .map((o) => o.key)
        .join('');
    case 'truefalse':
      return q.truth ? '正确' : '错误';
    case 'fill':
      return q.accepted
        .filter((a) => a.fraction > 0)
        .map((a) => a.text)
        .join(' / ');
    case 'short':
      return q.reference;
  }
}
