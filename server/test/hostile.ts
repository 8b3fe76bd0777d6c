// Hostile workbooks for the xlsx guard, the event-loop guard and the fuzz suites: a tiny zip
// writer that can also lie about sizes (as a zip bomb does), and builders for the sheets the
// outside audit used.
import zlib from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipPart {
  name: string;
  /** The content, deflated here; or `raw` already deflated with its real size. */
  data?: Buffer | string;
  raw?: { deflated: Buffer; size: number; crc?: number };
  /** Declare this uncompressed size instead of the real one (a lying header). */
  declaredSize?: number;
}

export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const content = p.data === undefined ? null : Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data);
    const deflated = p.raw ? p.raw.deflated : zlib.deflateRawSync(content!, { level: 1 });
    const size = p.declaredSize ?? (p.raw ? p.raw.size : content!.length);
    const crc = p.raw ? (p.raw.crc ?? 0) : crc32(content!);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(deflated.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, deflated);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(deflated.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    central.push(ch, name);
    offset += 30 + name.length + deflated.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WB_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A workbook whose first sheet is the given <sheetData> body (or `sheet` replaced by a raw part). */
export function workbook(sheetData: string | ZipPart): Buffer {
  const sheet: ZipPart =
    typeof sheetData === 'string'
      ? { name: 'xl/worksheets/sheet1.xml', data: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData></worksheet>` }
      : sheetData;
  return zip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: ROOT_RELS },
    { name: 'xl/workbook.xml', data: WORKBOOK },
    { name: 'xl/_rels/workbook.xml.rels', data: WB_RELS },
    sheet,
  ]);
}

export const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${esc(text)}</t></is></c>`;

/** The audit's 8.7 KB workbook: row 1 has A1 and XFD1, then `rows` more rows. */
export function wideSheet(rows = 200): Buffer {
  let xml = `<row r="1">${cell('A1', '姓名')}${cell('XFD1', 'x')}</row>`;
  for (let r = 2; r <= rows + 1; r++) xml += `<row r="${r}">${cell(`A${r}`, `张${r}`)}</row>`;
  return workbook(xml);
}

/** A sheet of `rows` rows of three columns. */
export function longSheet(rows: number): Buffer {
  const parts: string[] = [`<row r="1">${cell('A1', '姓名')}${cell('B1', '所属单位')}${cell('C1', '手机号')}</row>`];
  for (let r = 2; r <= rows + 1; r++) parts.push(`<row r="${r}">${cell(`A${r}`, `干部${r}`)}${cell(`B${r}`, '甲镇')}<c r="C${r}"><v>${13800000000 + r}</v></c></row>`);
  return workbook(parts.join(''));
}

/**
 * A deflate stream that inflates to `mb` MiB of zeros from a few kB: one 1 MiB block
 * (sync-flushed, not final) repeated, then an empty final block.
 */
export function zerosDeflated(mb: number): Buffer {
  const block = zlib.deflateRawSync(Buffer.alloc(1024 * 1024, 0x20), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array.from({ length: mb }, () => block), Buffer.from([0x03, 0x00])]);
}

/** A zip bomb: the sheet inflates to `mb` MiB; `honest` declares that size, otherwise it claims 2 kB. */
export function zipBomb(mb = 1024, honest = true): Buffer {
  return workbook({ name: 'xl/worksheets/sheet1.xml', raw: { deflated: zerosDeflated(mb), size: mb * 1024 * 1024 }, declaredSize: honest ? Math.min(mb * 1024 * 1024, 0xfffffffe) : 2048 });
}

// ---- Hostile pictures and documents for the event-loop guard (upload-guard.test.ts) ----

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG declaring width × height RGBA pixels (colour type 6), with `mb` MiB of zeros as its image data. */
export function png(width: number, height: number, mb = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const idat = mb > 0 ? Buffer.concat([Buffer.from([0x78, 0x01]), zerosDeflated(mb)]) : zlib.deflateSync(Buffer.alloc((width * 4 + 1) * height));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

/** The decompression bomb: 30,000 × 30,000 pixels (3.6 GB to decode) in a few kilobytes. */
export const pngBomb = () => png(30_000, 30_000, 8);

/** A baseline JPEG header declaring 65,000 × 65,000 pixels, with a scan and an end marker. */
export function hugeJpeg(): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0xfd, 0xe8, 0xfd, 0xe8, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  const sos = Buffer.from([0xff, 0xda, 0x00, 0x0c, 0x03, 1, 0, 2, 0x11, 3, 0x11, 0x00, 0x3f, 0x00]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, sos, Buffer.alloc(64), Buffer.from([0xff, 0xd9])]);
}

/** An Office package (.pptx/.docx) whose [Content_Types].xml inflates to `mb` MiB; `honest` declares it. */
export function officeBomb(mb = 1024, honest = true): Buffer {
  return zip([
    { name: '[Content_Types].xml', raw: { deflated: zerosDeflated(mb), size: mb * 1024 * 1024 }, declaredSize: honest ? Math.min(mb * 1024 * 1024, 0xfffffffe) : 2048 },
    { name: 'ppt/presentation.xml', data: '<p:presentation/>' },
    { name: 'word/document.xml', data: '<w:document/>' },
  ]);
}

/** A Windows program, named whatever the test likes. */
export const exe = () => Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(512)]);

/**
 * Probes /api/health every 10 ms while `work` runs; returns the slowest answer in ms, and the limit it
 * must stay under: 100 ms above the slowest of ten probes taken just before, with nothing running. The probe
 * goes through the app as a load balancer's would, so a route that blocks the event loop shows.
 */
export async function healthWhile(app: { inject(opts: { method: 'GET'; url: string }): Promise<{ statusCode: number }> }, work: () => Promise<unknown>) {
  // What a probe costs with nothing else running in the app: a few ms on a quiet machine, up to a hundred
  // on one busy with other work. The limit is 100 ms above it: a parse on the event loop shows as seconds.
  let baseline = 0;
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await app.inject({ method: 'GET', url: '/api/health' });
    baseline = Math.max(baseline, performance.now() - t0);
    await new Promise((r) => setTimeout(r, 5));
  }
  let slowest = 0;
  let probes = 0;
  let failed = 0;
  let done = false;
  const probe = (async () => {
    while (!done) {
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url: '/api/health' });
      if (res.statusCode !== 200) failed++;
      slowest = Math.max(slowest, performance.now() - t0);
      probes++;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  try {
    await work();
  } finally {
    done = true;
    await probe;
  }
  if (failed) throw new Error(`/api/health failed ${failed} of ${probes} probes`);
  return { slowest, probes, baseline, limit: 100 + baseline };
}

/**
 * healthWhile, up to three times while the probe is over its limit: on a machine shared with other work a
 * probe can wait for the CPU, not for the route, but a route that blocks the loop is slow on every try.
 * Returns the best try (the smallest margin over its limit) and every try's figure for the log.
 */
export async function healthWhileBestOf3(app: Parameters<typeof healthWhile>[0], work: () => Promise<unknown>) {
  const tries: Awaited<ReturnType<typeof healthWhile>>[] = [];
  while (tries.length < 3 && tries.every((x) => x.slowest >= x.limit)) tries.push(await healthWhile(app, work));
  const best = tries.reduce((a, b) => (b.slowest - b.limit < a.slowest - a.limit ? b : a));
  const probes = tries.reduce((n, x) => n + x.probes, 0);
  return { ...best, probes, figures: tries.map((x) => `${x.slowest.toFixed(1)} (limit ${x.limit.toFixed(1)})`).join(' / ') };
}
