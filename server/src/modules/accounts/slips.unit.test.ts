import { describe, expect, it } from 'vitest';
import { pdfPages } from '../../../test/pdf';
import { slipSheet } from './slips';

describe('the slip sheet', () => {
  it('prints a password as one unbroken word, whatever pairs of letters it holds', async () => {
    // Pairs a font kerns (fY, AV, To, Wa, yT…): kerned, a reader of the PDF (and a copy from it) saw "rTg3f Yk3rD".
    const passwords = ['rTg3fYk3rD', 'AVa7To9Wyq', 'LT4yPkVfYe', 'Fa2wAyTjr7'];
    const slips = passwords.map((password, i) => ({ name: `干部${i}`, unitName: '东风村', username: `user${i}`, password }));
    const text = (await pdfPages(await slipSheet(slips, 'https://sx.example.cn'))).join('\n');
    for (const p of passwords) expect(text).toContain(p);
  });
});
