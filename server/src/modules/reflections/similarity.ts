// Copy detection for reflections (读书心得), for Chinese text.
//
// 1. Candidates: MinHash over character shingles, banded for LSH, so a new text
//    is compared only with the few stored texts that share a band, not with all.
// 2. Evidence: every shared run of K characters between the new text and each
//    candidate (exact, not sampled: there are only a few candidates), grown into
//    passages that give the overlap percentage and the highlights on both sides.
// Quotations are not evidence of copying: text inside Chinese quotation marks
// (“…”, 「…」) is left out, and so is any passage found in the book's own
// excerpts (the reference corpus the office may upload) — an honest reflection
// quoting the book shares those with others without being a copy.

export const SHINGLE = 5;
export const PERMUTATIONS = 96;
export const BANDS = 24; // 24 bands × 4 rows: pairs around 0.5 Jaccard and above meet in some band
const ROWS = PERMUTATIONS / BANDS;
const K = 8; // length of a shared run that counts as copied (characters)

/** Characters that carry meaning, with their positions in the original text. Quotations are dropped. */
export function normalize(text: string): { chars: string[]; pos: number[] } {
  const chars: string[] = [];
  const pos: number[] = [];
  let depth = 0;
  const arr = [...text];
  let offset = 0;
  for (const c of arr) {
    if (c === '“' || c === '「' || c === '『') depth++;
    else if ((c === '”' || c === '」' || c === '』') && depth > 0) depth--;
    else if (depth === 0 && /[\p{L}\p{N}]/u.test(c)) {
      chars.push(c.toLowerCase());
      pos.push(offset);
    }
    offset += c.length;
  }
  return { chars, pos };
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Fixed random permutations (a·x + b mod p), the same in every process.
const P = 4294967311; // a prime above 2^32
const PERM: [number, number][] = (() => {
  let s = 0x9e3779b9;
  const next = () => {
    s = (Math.imul(s ^ (s >>> 16), 0x85ebca6b) + 0x6b43a9b5) >>> 0;
    return s;
  };
  return Array.from({ length: PERMUTATIONS }, () => [(next() | 1) >>> 0, next()] as [number, number]);
})();

function mulmod(a: number, x: number, b: number): number {
  // (a*x + b) mod P without losing precision: split x into 16-bit halves.
  const hi = Math.floor(x / 65536);
  const lo = x % 65536;
  return (((((a * hi) % P) * 65536) % P) + ((a * lo) % P) + b) % P;
}

export function minhash(chars: string[]): number[] {
  const sig = new Array<number>(PERMUTATIONS).fill(Number.MAX_SAFE_INTEGER);
  const seen = new Set<number>();
  for (let i = 0; i + SHINGLE <= chars.length; i++) seen.add(fnv1a(chars.slice(i, i + SHINGLE).join('')));
  for (const h of seen) {
    for (let p = 0; p < PERMUTATIONS; p++) {
      const v = mulmod(PERM[p][0], h, PERM[p][1]);
      if (v < sig[p]) sig[p] = v;
    }
  }
  return sig;
}

/** One key per band; two texts are candidates when any band key is equal. */
export function bandKeys(sig: number[]): string[] {
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) keys.push(`${b}:${fnv1a(sig.slice(b * ROWS, (b + 1) * ROWS).join(',')).toString(36)}`);
  return keys;
}

export function estimatedJaccard(a: number[], b: number[]): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

export interface Passage {
  start: number; // offsets into the original text (UTF-16)
  end: number;
}

export interface Overlap {
  /** Share of the new text's meaningful characters found in the other text, 0–1. */
  ratio: number;
  mine: Passage[];
  theirs: Passage[];
}

function toPassages(hits: boolean[], pos: number[], text: string): Passage[] {
  const out: Passage[] = [];
  let i = 0;
  while (i < hits.length) {
    if (!hits[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < hits.length && hits[j + 1]) j++;
    const endChar = pos[j] + ([...text.slice(pos[j])][0]?.length ?? 1);
    out.push({ start: pos[i], end: endChar });
    i = j + 1;
  }
  return out;
}

/**
 * Exact overlap between a new text and an earlier one: every run of K characters
 * of the new text that also occurs in the other is matched, except runs found in
 * the excluded set (the book's own words).
 */
export function overlap(mineText: string, theirsText: string, excluded: Set<number> = new Set()): Overlap {
  const a = normalize(mineText);
  const b = normalize(theirsText);
  if (a.chars.length < K || b.chars.length < K) return { ratio: 0, mine: [], theirs: [] };
  const gramsB = new Map<number, number[]>();
  for (let i = 0; i + K <= b.chars.length; i++) {
    const h = fnv1a(b.chars.slice(i, i + K).join(''));
    if (excluded.has(h)) continue;
    const list = gramsB.get(h);
    if (list) list.push(i);
    else gramsB.set(h, [i]);
  }
  const hitA = new Array<boolean>(a.chars.length).fill(false);
  const hitB = new Array<boolean>(b.chars.length).fill(false);
  for (let i = 0; i + K <= a.chars.length; i++) {
    const h = fnv1a(a.chars.slice(i, i + K).join(''));
    if (excluded.has(h)) continue;
    const where = gramsB.get(h);
    if (!where) continue;
    for (let k = 0; k < K; k++) hitA[i + k] = true;
    for (const j of where) for (let k = 0; k < K; k++) hitB[j + k] = true;
  }
  const matched = hitA.filter(Boolean).length;
  return { ratio: matched / a.chars.length, mine: toPassages(hitA, a.pos, mineText), theirs: toPassages(hitB, b.pos, theirsText) };
}

/** Every k-gram hash of a text: the excluded set built from the book's excerpts. */
export function gramSet(text: string): Set<number> {
  const { chars } = normalize(text);
  const out = new Set<number>();
  for (let i = 0; i + K <= chars.length; i++) out.add(fnv1a(chars.slice(i, i + K).join('')));
  return out;
}
