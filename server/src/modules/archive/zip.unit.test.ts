import { PassThrough } from 'node:stream';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { ZipWriter } from './zip';

describe('ZipWriter', () => {
  it('writes a zip that another reader opens, with UTF-8 names, stored and deflated entries', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const zip = new ZipWriter(out);
    const text = Buffer.from('书香机关 '.repeat(500), 'utf8');
    const random = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 97 + 13) % 256));
    await zip.add('01 年度学习计划/说明.txt', text);
    await zip.add('02 月度/01月/表.bin', random);
    await zip.finish();
    const buf = Buffer.concat(chunks);
    expect(buf.length).toBe(zip.bytesWritten);
    const back = await JSZip.loadAsync(buf);
    expect(Object.keys(back.files).sort()).toEqual(['01 年度学习计划/说明.txt', '02 月度/01月/表.bin']);
    expect(await back.file('01 年度学习计划/说明.txt')!.async('string')).toBe(text.toString('utf8'));
    expect(Buffer.from(await back.file('02 月度/01月/表.bin')!.async('uint8array'))).toEqual(random);
    await expect(zip.add('01 年度学习计划/说明.txt', text)).rejects.toThrow();
  });
});
