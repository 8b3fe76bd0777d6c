// The reproducible draw (随机抽查). Anyone holding the published seed, the algorithm's
// name and the candidate lists recorded at the draw gets the same units and members.
//
// sx-draw-v1:
//   random stream for a label L: the SHA-256 of `${seed}|${L}|${n}` for n = 0, 1, 2, …,
//   each digest read as eight unsigned 32-bit big-endian integers in order;
//   an integer below k: the next integer x of the stream, skipped while x >= 2^32 - (2^32 mod k)
//   (so every value is equally likely), then x mod k;
//   a sample of m out of a list sorted by id ascending: a partial Fisher–Yates shuffle,
//   for i = 0 … m-1 swap position i with position i + (an integer below length - i); the first m;
//   units: label 'units' over the candidate units; members of a drawn unit U: label `members:${U}`
//   over that unit's candidate members.
import crypto from 'node:crypto';

export const DRAW_ALGORITHM = 'sx-draw-v1';
export const DRAW_ALGORITHMS = [DRAW_ALGORITHM] as const;

const TWO32 = 2 ** 32;

export class DrawStream {
  private block = 0;
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  constructor(
    private readonly seed: string,
    private readonly label: string,
  ) {}

  next32(): number {
    if (this.pos >= this.buf.length) {
      this.buf = crypto.createHash('sha256').update(`${this.seed}|${this.label}|${this.block++}`, 'utf8').digest();
      this.pos = 0;
    }
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  below(k: number): number {
    if (!Number.isInteger(k) || k < 1) throw new Error('below(k): k must be a positive integer');
    const limit = TWO32 - (TWO32 % k);
    for (;;) {
      const x = this.next32();
      if (x < limit) return x % k;
    }
  }
}

/** m items of `ids` (sorted ascending first), in the order drawn. */
export function sample(seed: string, label: string, ids: readonly number[], m: number): number[] {
  const list = [...ids].sort((a, b) => a - b);
  const take = Math.min(m, list.length);
  const s = new DrawStream(seed, label);
  for (let i = 0; i < take; i++) {
    const j = i + s.below(list.length - i);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list.slice(0, take);
}

export interface DrawCandidates {
  units: number[];
  /** Active members per candidate unit (id as text key, as JSON keeps it). */
  members: Record<string, number[]>;
}

export interface DrawResult {
  units: { unitId: number; memberIds: number[] }[];
}

export function draw(algorithm: string, seed: string, candidates: DrawCandidates, unitCount: number, membersPerUnit: number): DrawResult {
  if (algorithm !== DRAW_ALGORITHM) throw new Error(`unknown draw algorithm ${algorithm}`);
  const units = sample(seed, 'units', candidates.units, unitCount);
  return { units: units.map((u) => ({ unitId: u, memberIds: sample(seed, `members:${u}`, candidates.members[String(u)] ?? [], membersPerUnit) })) };
}

/** A seed as people write it: 1–64 visible characters, no spaces at the ends. */
export function checkSeed(seed: string): string | null {
  if (seed !== seed.trim()) return '种子首尾不能有空格';
  if (seed.length < 1 || seed.length > 64) return '种子应为 1 至 64 个字符';
  if (/\p{Cc}/u.test(seed)) return '种子不能包含控制字符';
  return null;
}

export const newSeed = () => crypto.randomBytes(8).toString('hex');
