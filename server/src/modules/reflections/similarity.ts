// Copy detection for reflections (读书心得), for Chinese text.
//
// 1. Candidates: MinHash over character shingles, banded for LSH, so a new text
//    is compared only with the few stored texts that share a band, not with all.
//    Long texts are signed in overlapping windows, so a copy of one part of a long
//    text still meets that part (see windowsOf).
// 2. Evidence: every shared run of K characters between the new text and each
//    candidate (exact, not sampled: there are only a few candidates), grown into
//    passages that give the overlap percentage and the highlights on both sides.
// Quotations stay in the comparison: wrapping another person's text in quotation
// marks or a <blockquote> hides nothing. A shared run is excused as a quotation
// only when it is quoted in both texts (two reflections quoting the same passage
// of the book), or when it is found in the book's own excerpts (the reference
// corpus the office may upload). Quoted text is “…”, 「…」, 『…』 — an unclosed
// mark ends with its paragraph — and the blockquotes the caller passes as ranges
// (sanitize.ts blockquoteRanges).

export const SHINGLE = 5;
export const PERMUTATIONS = 96;
// 32 bands × 3 rows: a pair at Jaccard 0.3 meets in some band with probability ≈ 0.58, at 0.5 ≈ 0.99,
// at 0.05 (texts on the same book by different people) ≈ 0.004.
export const BANDS = 32;
const ROWS = PERMUTATIONS / BANDS;
// Length of a shared run that counts as copied (meaningful characters). 13, as the
// common rule of Chinese plagiarism checkers (“连续13个字相同”): shorter shared runs are
// set phrases and slogans every cadre writes, not copying.
export const K = 13;

/**
 * Windows (in meaningful characters) in which texts are signed for the LSH index.
 * LARGE: every stored text longer than 2,000 characters, and the new text, so a
 * 1,600-字 reflection lifted from one part of a 10,000-字 text shares most of one
 * window with it (Jaccard ≈ 0.6–0.8 instead of ≈ 0.15 against the whole).
 * SMALL: the reference corpus (few texts, so the extra rows cost little) and the
 * new text, so a passage of ~500 characters taken from a reference text is a
 * candidate too — which is what adding up several sources needs.
 */
export const LARGE: Scale = { size: 2000, step: 1000 };
export const SMALL: Scale = { size: 500, step: 250 };
export interface Scale {
  size: number;
  step: number;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** A letter or digit of any script; the common CJK block without a regular expression. */
function isMeaningful(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code >= 0x4e00 && code <= 0x9fff) return true;
  if (code < 0x80) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return LETTER_OR_DIGIT.test(c);
}

const OPEN = new Set([0x201c, 0x300c, 0x300e]); // “ 「 『
const CLOSE = new Set([0x201d, 0x300d, 0x300f]); // ” 」 』

export interface Passage {
  start: number; // offsets into the original text (UTF-16)
  end: number;
}

export interface Normalized {
  /** Meaningful characters (letters, digits, CJK), lower-cased. */
  chars: string[];
  /** Offset of each in the original text. */
  pos: number[];
  /** 1 where the character is quoted: inside quotation marks or one of the given ranges (blockquotes). */
  quoted: Uint8Array;
}

/**
 * Characters that carry meaning, with their positions in the original text and
 * whether each is quoted. Quotation marks nest; a mark left open closes at the
 * end of its paragraph (a line break), so one stray “ never quotes the rest of the text.
 */
export function normalize(text: string, quotedRanges: readonly Passage[] = []): Normalized {
  const chars: string[] = [];
  const pos: number[] = [];
  const quotedList: number[] = [];
  const ranges = [...quotedRanges].sort((a, b) => a.start - b.start);
  let r = 0;
  let depth = 0;
  for (let offset = 0; offset < text.length; ) {
    const code = text.charCodeAt(offset);
    const width = code >= 0xd800 && code <= 0xdbff && offset + 1 < text.length ? 2 : 1;
    if (code === 10) depth = 0;
    else if (OPEN.has(code)) depth++;
    else if (CLOSE.has(code)) depth = Math.max(0, depth - 1);
    else {
      let c: string | null = null;
      if (code >= 0x4e00 && code <= 0x9fff) c = text[offset];
      else {
        const s = width === 2 ? text.slice(offset, offset + 2) : text[offset];
        if (isMeaningful(s)) c = s.toLowerCase();
      }
      if (c !== null) {
        while (r < ranges.length && ranges[r].end <= offset) r++;
        const inRange = r < ranges.length && ranges[r].start <= offset;
        chars.push(c);
        pos.push(offset);
        quotedList.push(depth > 0 || inRange ? 1 : 0);
      }
    }
    offset += width;
  }
  return { chars, pos, quoted: Uint8Array.from(quotedList) };
}

const codes = (chars: string[]) => Int32Array.from(chars, (c) => c.codePointAt(0)!);

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

// One of the PERMUTATIONS hash functions: a multiply–xorshift mix keyed by the permutation's pair.
const MUL = Int32Array.from(PERM, ([a]) => a | 0);
const KEY = Int32Array.from(PERM, ([, b]) => b | 0);

/** Distinct SHINGLE-character hashes of cs[from, to). */
function shingles(cs: Int32Array, from: number, to: number): Int32Array {
  const n = Math.max(0, to - from - SHINGLE + 1);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5 | 0;
    for (let k = 0; k < SHINGLE; k++) h = Math.imul(h ^ cs[from + i + k], 0x01000193);
    out[i] = h;
  }
  out.sort();
  let u = 0;
  for (let i = 0; i < n; i++) if (i === 0 || out[i] !== out[i - 1]) out[u++] = out[i];
  return out.subarray(0, u);
}

/**
 * The MinHash signature of a set of shingle hashes: per hash function, the least
 * value (unsigned 32-bit). Kept in int32 arithmetic for speed: flipping the sign
 * bit orders signed values as their unsigned counterparts.
 */
function signature(hs: Int32Array): number[] {
  const sig = new Array<number>(PERMUTATIONS);
  for (let p = 0; p < PERMUTATIONS; p++) {
    const key = KEY[p];
    const mul = MUL[p];
    let min = 0x7fffffff;
    for (let i = 0; i < hs.length; i++) {
      let v = Math.imul(hs[i] ^ key, mul);
      v ^= v >>> 15;
      v = Math.imul(v, 0x2c1b3c6d);
      v = (v ^ (v >>> 12) ^ 0x80000000) | 0;
      if (v < min) min = v;
    }
    sig[p] = hs.length ? (min ^ 0x80000000) >>> 0 : Number.MAX_SAFE_INTEGER;
  }
  return sig;
}

export function minhash(chars: string[]): number[] {
  const cs = codes(chars);
  return signature(shingles(cs, 0, cs.length));
}

/** One key per band; two texts are candidates when any band key is equal. */
export function bandKeys(sig: number[]): string[] {
  return bandRows(sig).map(([b, h]) => `${b}:${(h >>> 0).toString(36)}`);
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

/** [start, end) of the windows of a text of n characters at one scale: the whole text when it fits one. */
export function windowsOf(n: number, scale: Scale): [number, number][] {
  if (n <= scale.size) return [[0, n]];
  const out: [number, number][] = [];
  for (let s = 0; s + scale.size < n; s += scale.step) out.push([s, s + scale.size]);
  out.push([n - scale.size, n]);
  return out;
}

/** A row of the LSH index: [band, hash, part] — part numbers the text's windows. */
export type BandRow = [band: number, hash: number, part: number];

/** Band rows of a text's windows at the given scales (a window shared by two scales is signed once). */
export function windowBands(chars: string[], scales: readonly Scale[] = [LARGE]): BandRow[] {
  const cs = codes(chars);
  const seen = new Set<string>();
  const rows: BandRow[] = [];
  let part = 0;
  for (const scale of scales) {
    for (const [a, b] of windowsOf(cs.length, scale)) {
      if (seen.has(`${a}:${b}`)) continue;
      seen.add(`${a}:${b}`);
      for (const [band, hash] of bandRows(signature(shingles(cs, a, b)))) rows.push([band, hash, part]);
      part++;
    }
  }
  return rows;
}

/** Characters (UTF-16) between two neighbours in one highlighted passage, at most: a character and punctuation. */
const MAX_GAP = 4;

/** FNV-1a over the K code points from i: the hash of one run, without building a string. */
function gramHash(cs: Int32Array, i: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < K; k++) {
    h ^= cs[i + k];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Overlap {
  /** Share of the new text's meaningful characters found in the other text (shared quotations and excerpts excepted), 0–1. */
  ratio: number;
  mine: Passage[];
  theirs: Passage[];
  /** 1 for each meaningful character of the new text counted as copied from the other: the union over sources adds these up. */
  hits: Uint8Array;
}

function toPassages(hits: Uint8Array, pos: number[], text: string): Passage[] {
  const out: Passage[] = [];
  let i = 0;
  while (i < hits.length) {
    if (!hits[i]) {
      i++;
      continue;
    }
    let j = i;
    // A passage stops where the text between two matched characters is more than
    // punctuation, or where an excused quotation sits between them.
    while (j + 1 < hits.length && hits[j + 1] && pos[j + 1] - pos[j] <= MAX_GAP) j++;
    const endChar = pos[j] + ((text.codePointAt(pos[j]) ?? 0) > 0xffff ? 2 : 1);
    out.push({ start: pos[i], end: endChar });
    i = j + 1;
  }
  return out;
}

/** Clears runs of marked characters shorter than `min` (K: what is left of a shared run once its quoted part is excused). */
function dropShortRuns(hits: Uint8Array, min = K): number {
  let total = 0;
  for (let i = 0; i < hits.length; ) {
    if (!hits[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < hits.length && hits[j]) j++;
    if (j - i < min) hits.fill(0, i, j);
    else total += j - i;
    i = j;
  }
  return total;
}

/** A text read once for comparison with many others: its meaningful characters, quoting and run hashes. */
export interface Prepared {
  text: string;
  pos: number[];
  quoted: Uint8Array;
  grams: Uint32Array;
}

export function prepare(text: string, quotedRanges: readonly Passage[] = []): Prepared {
  const n = normalize(text, quotedRanges);
  const cs = codes(n.chars);
  const grams = new Uint32Array(Math.max(0, cs.length - K + 1));
  for (let i = 0; i < grams.length; i++) grams[i] = gramHash(cs, i);
  return { text, pos: n.pos, quoted: n.quoted, grams };
}

/** Share of the text's meaningful characters that are quoted, 0–1. */
export function quotedShare(p: Prepared): number {
  if (!p.pos.length) return 0;
  let q = 0;
  for (const v of p.quoted) q += v;
  return q / p.pos.length;
}

/** 1 for each character inside a run of the book's own words (a run of the excluded set). */
function bookWords(p: Prepared, excluded: Set<number>): Uint8Array {
  const out = new Uint8Array(p.pos.length);
  if (!excluded.size) return out;
  for (let i = 0; i < p.grams.length; i++) if (excluded.has(p.grams[i])) out.fill(1, i, i + K);
  return out;
}

/**
 * Exact overlap between a new text and an earlier one: every run of K characters
 * of the new text that also occurs in the other is matched, except runs found in
 * the excluded set (the book's own words) and characters quoted on both sides
 * (a shared quotation); what remains of a run after taking those out counts only
 * if it is still K characters long (a lead-in like “费孝通写道” does not).
 */
export function overlap(mineText: string | Prepared, theirsText: string | Prepared, excluded: Set<number> = new Set(), minRun = K): Overlap {
  const a = typeof mineText === 'string' ? prepare(mineText) : mineText;
  const b = typeof theirsText === 'string' ? prepare(theirsText) : theirsText;
  const hitA = new Uint8Array(a.pos.length);
  const hitB = new Uint8Array(b.pos.length);
  if (!a.grams.length || !b.grams.length) return { ratio: 0, mine: [], theirs: [], hits: hitA };
  const bookA = bookWords(a, excluded);
  const bookB = bookWords(b, excluded);
  // Where each run of the other text occurs: its first position, and the next occurrence of the same run.
  const first = new Map<number, number>();
  const next = new Int32Array(b.grams.length).fill(-1);
  for (let j = b.grams.length - 1; j >= 0; j--) {
    const h = b.grams[j];
    if (excluded.has(h)) continue;
    const f = first.get(h);
    if (f !== undefined) next[j] = f;
    first.set(h, j);
  }
  for (let i = 0; i < a.grams.length; i++) {
    for (let j = first.get(a.grams[i]) ?? -1; j >= 0; j = next[j]) {
      for (let k = 0; k < K; k++) {
        if ((a.quoted[i + k] && b.quoted[j + k]) || bookA[i + k] || bookB[j + k]) continue;
        hitA[i + k] = 1;
        hitB[j + k] = 1;
      }
    }
  }
  const matched = dropShortRuns(hitA, minRun);
  dropShortRuns(hitB, minRun);
  return { ratio: matched / a.pos.length, mine: toPassages(hitA, a.pos, a.text), theirs: toPassages(hitB, b.pos, b.text), hits: hitA };
}

/**
 * Share of the new text's characters copied from any of the sources: the union of
 * the overlaps' hits, 0–1. A text pieced together from several sources adds up
 * (25 % from one and 25 % from another is 50 %), where the best single source says 25 %.
 */
export function unionCoverage(overlaps: readonly Overlap[]): number {
  if (!overlaps.length || !overlaps[0].hits.length) return 0;
  const n = overlaps[0].hits.length;
  const any = new Uint8Array(n);
  for (const o of overlaps) for (let i = 0; i < n; i++) any[i] |= o.hits[i];
  let covered = 0;
  for (let i = 0; i < n; i++) covered += any[i];
  return covered / n;
}

/** Every k-gram hash of a text: the excluded set built from the book's excerpts. */
export function gramSet(text: string): Set<number> {
  return new Set(prepare(text).grams);
}

/**
 * Fingerprints of a text for finding small copied passages: winnowing over its
 * K-character run hashes (Schleimer, Wilkerson, Aiken 2003). In every WINNOW
 * consecutive runs the least hash is kept, so two texts sharing a passage of
 * WINNOW + K − 1 = 36 meaningful characters share at least one fingerprint, and
 * of 2 × WINNOW + K − 1 = 60 (two or three sentences) at least two — whatever
 * the rest of the texts. About 2 / (WINNOW + 1) of the runs are kept: ~130 for a
 * 1,600-字 reflection. MinHash over the whole text cannot find such a passage
 * (three sentences are ~6 % of the text: a Jaccard of ~0.03).
 */
export const WINNOW = 24;
/**
 * A source found by fingerprints alone (no LSH band) counts only its passages of at least this
 * many characters, the length fingerprints are sure to find: shorter shared runs with an
 * otherwise different text are the stock phrases every cadre writes.
 */
export const MIN_PASSAGE = WINNOW + K - 1;
/** Fingerprints two texts must share before the exact comparison: one is a stock phrase now and then, two are a passage. */
export const MIN_SHARED_FINGERPRINTS = 2;
/** The band number that marks a fingerprint row of the index (its `part` numbers the text's fingerprints). */
export const FINGERPRINT_BAND = -1;
/**
 * A fingerprint stored for more than this many texts is a stock phrase of cadres' writing
 * (“深入学习贯彻……”, “不忘初心、牢记使命”), not a sign of copying from any one of them: the lookup reads
 * at most this many + 1 rows of it and then drops it. Without the cap every stock phrase of a new
 * text read all its rows, ≈ 0.12 rows per stored text per check, so the lookup grew with the
 * store; with it a check reads at most (fingerprints × (cap + 1)) fingerprint rows at any size.
 * A whole copy is still found by the LSH bands, which the cap does not touch.
 */
export const STOCK_PHRASE_TEXTS = 25;

/**
 * Distinct fingerprints (signed 32-bit, as the index keeps hashes) of a text's meaningful characters.
 * With `quoted` (a stored text's quoting), fingerprints of runs touching a quotation are left out:
 * what the text quotes is not its own words, and the book's famous lines would otherwise meet
 * every reflection on the book in the index. The winnowing is the same, so a passage of its own
 * words copied into a new text, quoted there or not, still meets its fingerprints.
 */
export function fingerprints(chars: string[], quoted?: Uint8Array): number[] {
  const cs = codes(chars);
  const n = Math.max(0, cs.length - K + 1);
  if (!n) return [];
  const grams = new Int32Array(n);
  for (let i = 0; i < n; i++) grams[i] = gramHash(cs, i) | 0;
  // quotedBefore[i]: quoted characters among the first i; a run at i touches a quotation when its K differ.
  const quotedBefore = new Int32Array(cs.length + 1);
  if (quoted) for (let i = 0; i < cs.length; i++) quotedBefore[i + 1] = quotedBefore[i] + (quoted[i] ? 1 : 0);
  const own = (i: number) => quotedBefore[i + K] === quotedBefore[i];
  const out = new Set<number>();
  const keep = (i: number) => {
    if (own(i)) out.add(grams[i]);
  };
  if (n <= WINNOW) {
    let min = 0;
    for (let i = 1; i < n; i++) if (grams[i] < grams[min]) min = i;
    keep(min);
    return [...out];
  }
  // The rightmost least hash of each window; a window whose least is the same position adds nothing.
  let last = -1;
  for (let s = 0; s + WINNOW <= n; s++) {
    let min = s;
    for (let i = s + 1; i < s + WINNOW; i++) if (grams[i] <= grams[min]) min = i;
    if (min !== last) {
      keep(min);
      last = min;
    }
  }
  return [...out];
}

/** Index rows of a text's fingerprints: [FINGERPRINT_BAND, hash, ordinal] (its own words only, when its quoting is given). */
export function fingerprintRows(chars: string[], quoted?: Uint8Array): BandRow[] {
  return fingerprints(chars, quoted).map((h, i) => [FINGERPRINT_BAND, h, i]);
}
