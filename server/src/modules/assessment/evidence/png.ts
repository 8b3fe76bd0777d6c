// PNG files keep only the chunks needed to draw them: text chunks (tEXt, zTXt, iTXt),
// the eXIf chunk (which can hold a GPS position) and other ancillary chunks are removed.
export class PngError extends Error {}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Ancillary chunks that affect how the picture looks. */
const KEEP_ANCILLARY = new Set(['tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'pHYs', 'PLTE']);

export function stripPngMetadata(buf: Buffer): Buffer {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new PngError('not a PNG');
  const parts: Buffer[] = [SIGNATURE];
  let i = 8;
  let sawData = false;
  while (i + 12 <= buf.length) {
    const len = buf.readUInt32BE(i);
    const type = buf.subarray(i + 4, i + 8).toString('latin1');
    const end = i + 12 + len;
    if (end > buf.length) throw new PngError('a PNG chunk runs past the end');
    const critical = type[0]! >= 'A' && type[0]! <= 'Z';
    if (critical || KEEP_ANCILLARY.has(type)) parts.push(buf.subarray(i, end));
    if (type === 'IDAT') sawData = true;
    i = end;
    if (type === 'IEND') {
      if (!sawData) throw new PngError('PNG has no image data');
      return Buffer.concat(parts);
    }
  }
  throw new PngError('PNG ends before IEND');
}
