import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSeed, draw, DrawStream, sample } from './draw';

describe('sx-draw-v1', () => {
  it('reads the stream as SHA-256 of seed|label|n, eight big-endian words per digest', () => {
    const s = new DrawStream('2026Q4', 'units');
    const d0 = crypto.createHash('sha256').update('2026Q4|units|0').digest();
    const d1 = crypto.createHash('sha256').update('2026Q4|units|1').digest();
    const words = [...Array.from({ length: 8 }, (_, i) => d0.readUInt32BE(i * 4)), d1.readUInt32BE(0)];
    for (const w of words) expect(s.next32()).toBe(w);
  });

  it('draws the same sample from the same seed and a different one from another seed', () => {
    const ids = Array.from({ length: 40 }, (_, i) => 100 + i);
    const a = sample('seed-A', 'units', ids, 5);
    expect(sample('seed-A', 'units', [...ids].reverse(), 5)).toEqual(a);
    expect(new Set(a).size).toBe(5);
    for (const x of a) expect(ids).toContain(x);
    expect(sample('seed-B', 'units', ids, 5)).not.toEqual(a);
  });

  it('follows the partial Fisher–Yates steps written in its description', () => {
    const ids = [5, 3, 9, 1];
    const s = new DrawStream('x', 'units');
    const list = [1, 3, 5, 9];
    for (let i = 0; i < 2; i++) {
      const j = i + s.below(list.length - i);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    expect(sample('x', 'units', ids, 2)).toEqual(list.slice(0, 2));
  });

  it('gives every unit about the same chance', () => {
    const ids = [1, 2, 3, 4, 5];
    const counts = new Map<number, number>();
    for (let k = 0; k < 5000; k++) for (const x of sample(`s${k}`, 'units', ids, 1)) counts.set(x, (counts.get(x) ?? 0) + 1);
    for (const id of ids) expect(Math.abs((counts.get(id) ?? 0) - 1000)).toBeLessThan(150);
  });

  it('draws members within each drawn unit, and takes everyone when fewer than asked', () => {
    const r = draw('sx-draw-v1', 'q', { units: [1, 2, 3], members: { '1': [10, 11, 12, 13], '2': [20], '3': [30, 31] } }, 2, 3);
    expect(r.units).toHaveLength(2);
    for (const u of r.units) {
      const pool = { 1: [10, 11, 12, 13], 2: [20], 3: [30, 31] }[u.unitId as 1 | 2 | 3];
      expect(u.memberIds.length).toBe(Math.min(3, pool.length));
      for (const m of u.memberIds) expect(pool).toContain(m);
    }
    expect(() => draw('sx-draw-v0', 'q', { units: [1], members: {} }, 1, 1)).toThrow();
  });

  it('refuses seeds with spaces at the ends, control characters or too long', () => {
    expect(checkSeed(' a')).toMatch(/空格/);
    expect(checkSeed('a\u0001')).toMatch(/控制字符/);
    expect(checkSeed('x'.repeat(65))).toMatch(/64/);
    expect(checkSeed('双色球2026143期')).toBeNull();
  });
});
