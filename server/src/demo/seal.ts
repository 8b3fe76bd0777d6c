// A seal image for the demo and the tests: a red ring with a five-pointed star on a
// transparent background, written as a real PNG (zlib + CRC-32), so certificates show
// a seal without anyone shipping an official one. The clerk uploads the real one.
import zlib from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

function inStar(x: number, y: number, r: number): boolean {
  // Ten vertices, alternating outer and inner radius, the first pointing up.
  const pts: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.382;
    pts.push([Math.cos(a) * rr, Math.sin(a) * rr]);
  }
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i]!;
    const [xj, yj] = pts[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function sealPng(size = 320): Buffer {
  const rows: Buffer[] = [];
  const c = size / 2;
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px++) {
      let cover = 0;
      for (const [ox, oy] of [
        [0.25, 0.25],
        [0.75, 0.25],
        [0.25, 0.75],
        [0.75, 0.75],
      ] as const) {
        const x = (px + ox - c) / c;
        const y = (py + oy - c) / c;
        const d = Math.hypot(x, y);
        if ((d <= 0.97 && d >= 0.86) || (d <= 0.8 && d >= 0.77) || inStar(x, y + 0.02, 0.36)) cover++;
      }
      const o = 1 + px * 4;
      row[o] = 0xd4;
      row[o + 1] = 0x10;
      row[o + 2] = 0x1c;
      row[o + 3] = Math.round((cover / 4) * 230);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
