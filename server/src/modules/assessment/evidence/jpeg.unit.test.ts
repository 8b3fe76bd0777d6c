import { describe, expect, it } from 'vitest';
import { jpegWithGps, SMALL_JPEG } from '../../../../test/photos';
import { cleanImage } from './files';
import { hasExif, JpegError, stripJpegMetadata } from './jpeg';
import { PngError, stripPngMetadata } from './png';

const sosAt = (b: Buffer) => b.indexOf(Buffer.from([0xff, 0xda]));

describe('JPEG metadata', () => {
  it('removes the Exif segment with the GPS position and keeps the image data byte for byte', () => {
    const photo = jpegWithGps(31.2304, 121.4737);
    expect(hasExif(photo)).toBe(true);
    const clean = stripJpegMetadata(photo);
    expect(hasExif(clean)).toBe(false);
    expect(clean.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    // The scan (the pixels) is untouched, and so is everything else the original had.
    expect(clean.subarray(sosAt(clean)).equals(photo.subarray(sosAt(photo)))).toBe(true);
    expect(clean.equals(SMALL_JPEG)).toBe(true);
  });

  it('keeps the colour profile (APP2 ICC_PROFILE)', () => {
    expect(SMALL_JPEG.includes(Buffer.from('ICC_PROFILE'))).toBe(true);
    expect(stripJpegMetadata(SMALL_JPEG).includes(Buffer.from('ICC_PROFILE'))).toBe(true);
  });

  it('refuses a photo cut short or not a JPEG', () => {
    expect(() => stripJpegMetadata(SMALL_JPEG.subarray(0, 100))).toThrow(JpegError);
    expect(() => stripJpegMetadata(Buffer.from('GIF89a'))).toThrow(JpegError);
    expect(() => cleanImage(SMALL_JPEG.subarray(0, 100))).toThrow(/损坏/);
  });

  it('refuses files that are not photos whatever their name, and empty or oversized ones', () => {
    expect(() => cleanImage(Buffer.from('%PDF-1.4 …'))).toThrow(/JPEG 或 PNG/);
    expect(() => cleanImage(Buffer.alloc(0))).toThrow(/空/);
    expect(() => cleanImage(Buffer.concat([SMALL_JPEG, Buffer.alloc(6 * 1024 * 1024)]))).toThrow(/MB/);
  });
});

describe('PNG metadata', () => {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const png = Buffer.concat([sig, chunk('IHDR', Buffer.alloc(13)), chunk('tEXt', Buffer.from('GPS\x00121.47,31.23')), chunk('eXIf', Buffer.from('MM\0*')), chunk('IDAT', Buffer.alloc(10)), chunk('IEND', Buffer.alloc(0))]);

  it('drops text and eXIf chunks and keeps the image chunks', () => {
    const clean = stripPngMetadata(png);
    expect(clean.includes(Buffer.from('tEXt'))).toBe(false);
    expect(clean.includes(Buffer.from('eXIf'))).toBe(false);
    expect(clean.includes(Buffer.from('IHDR'))).toBe(true);
    expect(clean.includes(Buffer.from('IDAT'))).toBe(true);
  });

  it('refuses a PNG without its end', () => {
    expect(() => stripPngMetadata(png.subarray(0, png.length - 12))).toThrow(PngError);
  });
});
