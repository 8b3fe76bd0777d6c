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
// quoting the book shares those with others without being a copy. Text inside
// <blockquote> is blanked by the caller first (sanitize.ts maskedText), offsets kept.

export const SHINGLE = 5;
export const PERMUTATIONS = 96;
// 32 bands × 3 rows: a pair at Jaccard 0.3 meets in some band with probability ≈ 0.58, at 0.5 ≈ 0.99,
// at 0.05 (texts on the same book by different people) ≈ 0.004.
export const BANDS = 32;
const ROWS = PERMUTATIONS / BANDS;
// Length of a shared run that counts as copied (meaningful characters). 13, as the
// common rule of Chinese plagiarism checkers (“连续13个字相同”): shorter shared runs are
// set phrases and slogans every cadre writes, not copying.
const K = 13;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** A letter or digit of any script; the common CJK block without a regular expression. */
function isMeaningful(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code >= 0x4e00 && code <= 0x9fff) return true;
  if (code < 0x80) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return LETTER_OR_DIGIT.test(c);
}

/** Characters that carry meaning, with their positions in the original text. Quotations are dropped. */
export function normalize(text: string): { chars: string[]; pos: number[] } {
  const chars: string[] = [];
  const pos: number[] = [];
  let depth = 0;
  for (let offset = 0; offset < text.length; ) {
    const code = text.charCodeAt(offset);
    const width = code >= 0xd800 && code <= 0xdbff && offset + 1 < text.length ? 2 : 1;
    if (code === 0x201c || code === 0x300c || code === 0x300e) depth++; // “ 「 『
    else if ((code === 0x201d || code === 0x300d || code === 0x300f) && depth > 0) depth--; // ” 」 』
    else if (depth === 0) {
      if (code >= 0x4e00 && code <= 0x9fff) {
        chars.push(text[offset]);
        pos.push(offset);
      } else {
        const c = width === 2 ? text.slice(offset, offset + 2) : text[offset];
        if (isMeaningful(c)) {
          chars.push(c.toLowerCase());
          pos.push(offset);
        }
      }
    }
    offset += width;
  }
  return { chars, pos };
}

const codes = (chars: string[]) => chars.map((c) => c.codePointAt(0)!);

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Fixed random hash functions (odd multiplier, xor key), the same in every process.
const PERM: [number, number][] = (() => {
  let s = 0x9e3779b9;
  const next = () => {
    s = (Math.imul(s ^ (s >>> 16), 0x85ebca6b) + 0x6b43a9b5) >>> 0;
    return s;
  };
  return Array.from({ length: PERMUTATIONS }, () => [(next() | 1) >>> 0, next()] as [number, number]);
})();

/** One of the PERMUTATIONS hash functions: a multiply–xorshift mix keyed by the permutation's pair. */
const MUL = Int32Array.from(PERM, ([a]) => a | 0);
const KEY = Int32Array.from(PERM, ([, b]) => b | 0);

function permute(h: number, p: number): number {
  let v = Math.imul(h ^ KEY[p], MUL[p]);
  v ^= v >>> 15;
  v = Math.imul(v, 0x2c1b3c6d);
  v ^= v >>> 12;
  return v >>> 0;
}

export function minhash(chars: string[]): number[] {
  const sig = new Array<number>(PERMUTATIONS).fill(Number.MAX_SAFE_INTEGER);
  const seen = new Set<number>();
  const cs = codes(chars);
  for (let i = 0; i + SHINGLE <= cs.length; i++) {
    let h = 0x811c9dc5;
    for (let k = 0; k < SHINGLE; k++) h = Math.imul(h ^ cs[i + k], 0x01000193);
    seen.add(h >>> 0);
  }
  for (const h of seen) {
    for (let p = 0; p < PERMUTATIONS; p++) {
      const v = permute(h, p);
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

/** The band keys as numbers for the index table: [band, signed 32-bit hash]. */
export function bandRows(sig: number[]): [number, number][] {
  const rows: [number, number][] = [];
  for (let b = 0; b < BANDS; b++) rows.push([b, fnv1a(sig.slice(b * ROWS, (b + 1) * ROWS).join(',')) | 0]);
  return rows;
}

export function estimatedJaccard(a: number[], b: number[]): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Characters (UTF-16) between two neighbours in one highlighted passage, at most: a character and punctuation. */
const MAX_GAP = 4;


/** FNV-1a over the K code points from i: the hash of one run, without building a string. */
function gramHash(cs: number[], i: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < K; k++) {
    h ^= cs[i + k];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
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
    // A passage stops where the text between two matched characters is more than
    // punctuation: a quotation or blockquote left out of the comparison.
    while (j + 1 < hits.length && hits[j + 1] && pos[j + 1] - pos[j] <= MAX_GAP) j++;
    const endChar = pos[j] + ((text.codePointAt(pos[j]) ?? 0) > 0xffff ? 2 : 1);
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
/** A text read once for comparison with many others: its meaningful characters and their run hashes. */
export interface Prepared {
  text: string;
  pos: number[];
  grams: number[];
}

export function prepare(text: string): Prepared {
  const n = normalize(text);
  const cs = codes(n.chars);
  const grams: number[] = [];
  for (let i = 0; i + K <= cs.length; i++) grams.push(gramHash(cs, i));
  return { text, pos: n.pos, grams };
}

export function overlap(mineText: string | Prepared, theirsText: string, excluded: Set<number> = new Set()): Overlap {
  const a = typeof mineText === 'string' ? prepare(mineText) : mineText;
  const b = prepare(theirsText);
  if (!a.grams.length || !b.grams.length) return { ratio: 0, mine: [], theirs: [] };
  const gramsB = new Map<number, number[]>();
  for (let i = 0; i < b.grams.length; i++) {
    const h = b.grams[i];
    if (excluded.has(h)) continue;
    const list = gramsB.get(h);
    if (list) list.push(i);
    else gramsB.set(h, [i]);
  }
  const hitA = new Array<boolean>(a.pos.length).fill(false);
  const hitB = new Array<boolean>(b.pos.length).fill(false);
  for (let i = 0; i < a.grams.length; i++) {
    const h = a.grams[i];
    if (excluded.has(h)) continue;
    const where = gramsB.get(h);
    if (!where) continue;
    for (let k = 0; k < K; k++) hitA[i + k] = true;
    for (const j of where) for (let k = 0; k < K; k++) hitB[j + k] = true;
  }
  const matched = hitA.filter(Boolean).length;
  return { ratio: matched / a.pos.length, mine: toPassages(hitA, a.pos, a.text), theirs: toPassages(hitB, b.pos, b.text) };
}

/** Every k-gram hash of a text: the excluded set built from the book's excerpts. */
export function gramSet(text: string): Set<number> {
  const cs = codes(normalize(text).chars);
  const out = new Set<number>();
  for (let i = 0; i + K <= cs.length; i++) out.add(gramHash(cs, i));
  return out;
}
