// Uploaded pictures are kept as sent (or with their metadata stripped) and drawn later: by the
// browser (announcements on the lobby screen, learning screenshots) and by pdfkit (the seal on
// every certificate). A few kilobytes of PNG can declare 30,000 × 30,000 pixels of zeros: whoever
// decodes it needs gigabytes, and pdfkit decodes a PNG with transparency in JavaScript, on the
// event loop. So every picture is checked where it is uploaded, from its headers only (nothing
// is decoded here): the dimensions it declares, and that the file is whole.

/** A technical ceiling, not a rule of the plan: a 108-megapixel phone photo is 12,000 × 9,000. */
export const MAX_IMAGE_SIDE = 16_384;
export const MAX_IMAGE_PIXELS = 120_000_000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BROKEN = '图片文件已损坏或不完整，请重新选择';

/** Width and height the picture declares, or a Chinese reason it is unreadable. */
export function imageSize(buf: Buffer): { width: number; height: number } | string {
  if (buf.length >= 8 && buf.subarray(0, 8).equals(PNG_SIGNATURE)) return pngSize(buf);
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return jpegSize(buf);
  if (buf.length >= 12 && buf.subarray(0, 4).toString('latin1') === 'RIFF' && buf.subarray(8, 12).toString('latin1') === 'WEBP') return webpSize(buf);
  return '只能上传图片（JPEG、PNG 或 WebP 格式）';
}

/** Null when the picture may be stored; otherwise the Chinese message for a 400. */
export function imageProblem(buf: Buffer): string | null {
  const size = imageSize(buf);
  if (typeof size === 'string') return size;
  const { width, height } = size;
  if (width < 1 || height < 1) return BROKEN;
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    return `图片尺寸过大（${width} × ${height} 像素，上限 ${MAX_IMAGE_SIDE} 像素、${MAX_IMAGE_PIXELS / 1_000_000} 百万像素），请缩小后再上传`;
  }
  return null;
}

/** IHDR first, chunks that fit the file, image data, and IEND. */
function pngSize(buf: Buffer): { width: number; height: number } | string {
  if (buf.length < 33 || buf.readUInt32BE(8) !== 13 || buf.toString('latin1', 12, 16) !== 'IHDR') return BROKEN;
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  let i = 8;
  let sawData = false;
  while (i + 12 <= buf.length) {
    const len = buf.readUInt32BE(i);
    const type = buf.toString('latin1', i + 4, i + 8);
    if (i + 12 + len > buf.length) return BROKEN;
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return sawData ? { width, height } : BROKEN;
    i += 12 + len;
  }
  return BROKEN;
}

/** The frame header (SOF0–SOF15 but DHT, JPG and DAC) before the scan, and an end marker after it. */
function jpegSize(buf: Buffer): { width: number; height: number } | string {
  let i = 2;
  let size: { width: number; height: number } | null = null;
  while (i + 4 <= buf.length) {
    if (buf[i] !== 0xff) return BROKEN;
    const marker = buf[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const len = buf.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > buf.length) return BROKEN;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (len < 7) return BROKEN;
      size = { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    }
    if (marker === 0xda) {
      // The entropy-coded scan follows; FF is stuffed inside it, so FF D9 after it is the end.
      if (!size) return BROKEN;
      return buf.lastIndexOf(Buffer.from([0xff, 0xd9])) > i + 2 + len ? size : BROKEN;
    }
    i += 2 + len;
  }
  return BROKEN;
}

/** The RIFF length matches the file; VP8 (lossy), VP8L (lossless) or VP8X (extended) header. */
function webpSize(buf: Buffer): { width: number; height: number } | string {
  if (buf.length < 30 || buf.readUInt32LE(4) + 8 > buf.length) return BROKEN;
  const chunk = buf.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const b = buf.readUInt32LE(21);
    return { width: (b & 0x3fff) + 1, height: ((b >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: buf.readUIntLE(24, 3) + 1, height: buf.readUIntLE(27, 3) + 1 };
  return BROKEN;
}
