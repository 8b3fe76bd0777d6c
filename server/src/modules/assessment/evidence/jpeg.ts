// Photos lose their metadata before they are stored: a JPEG keeps only the segments
// an image needs to be drawn (no APP1 Exif/XMP with the GPS position, no comments,
// no maker notes). A small segment walker rather than a decoder: the pixels are not touched.

/**
 * Segments kept: APP0 (JFIF), APP2 holding an ICC colour profile, APP14 (Adobe colour
 * transform), and everything that is not APPn or COM.
 */
function keep(marker: number, payload: Buffer): boolean {
  if (marker === 0xe0 || marker === 0xee) return true;
  if (marker === 0xe2) return payload.subarray(0, 12).toString('latin1') === 'ICC_PROFILE\0';
  if (marker >= 0xe1 && marker <= 0xef) return false;
  if (marker === 0xfe) return false;
  return true;
}

export class JpegError extends Error {}

/**
 * The JPEG without its metadata segments. Throws JpegError when the file is not a
 * well-formed JPEG (cut short, a segment running past the end, no image data).
 */
export function stripJpegMetadata(buf: Buffer): Buffer {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) throw new JpegError('not a JPEG');
  const parts: Buffer[] = [buf.subarray(0, 2)];
  let i = 2;
  for (;;) {
    if (i >= buf.length) throw new JpegError('JPEG ends before its image data');
    if (buf[i] !== 0xff) throw new JpegError(`expected a marker at ${i}`);
    // Fill bytes: any number of 0xFF before a marker.
    let j = i;
    while (j < buf.length && buf[j] === 0xff) j++;
    if (j >= buf.length) throw new JpegError('JPEG ends inside a marker');
    const marker = buf[j]!;
    const start = j - 1;
    if (marker === 0xd9) throw new JpegError('JPEG has no image data');
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      // Stand-alone markers outside the scan: keep as they are.
      parts.push(buf.subarray(start, j + 1));
      i = j + 1;
      continue;
    }
    if (j + 2 >= buf.length) throw new JpegError('JPEG ends inside a segment header');
    const len = buf.readUInt16BE(j + 1);
    if (len < 2 || j + 1 + len > buf.length) throw new JpegError('a JPEG segment runs past the end');
    const end = j + 1 + len;
    if (marker === 0xda) {
      // Start of scan: from here to the end is image data (and later segments between scans,
      // which in progressive files carry tables only; APPn after SOS are vanishingly rare).
      parts.push(buf.subarray(start, buf.length));
      return Buffer.concat(parts);
    }
    if (keep(marker, buf.subarray(j + 3, end))) parts.push(buf.subarray(start, end));
    i = end;
  }
}

/** Whether the JPEG carries an Exif (APP1) segment before its image data. */
export function hasExif(buf: Buffer): boolean {
  let i = 2;
  while (i + 4 <= buf.length && buf[i] === 0xff) {
    const marker = buf[i + 1]!;
    if (marker === 0xda) return false;
    const len = buf.readUInt16BE(i + 2);
    if (marker === 0xe1 && buf.subarray(i + 4, i + 10).toString('latin1') === 'Exif\0\0') return true;
    i += 2 + len;
  }
  return false;
}
