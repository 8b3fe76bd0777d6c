// A small streaming .zip writer (PKWARE APPNOTE 6.3): each entry is deflated and
// written as soon as it is added, so only the entry at hand is in memory, never the
// archive. Names are UTF-8 (general purpose bit 11) so Chinese folder names open
// correctly in Windows Explorer and macOS Archive Utility. No ZIP64: the year's
// archive of a town is far below 4 GB and 65,535 entries.
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';

interface Central {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  method: number;
  time: number;
  date: number;
}

function dosTime(d: Date): { time: number; date: number } {
  // The local (Asia/Shanghai) wall clock, as archive programs show it.
  const l = new Date(d.getTime() + 8 * 3_600_000);
  return {
    time: (l.getUTCHours() << 11) | (l.getUTCMinutes() << 5) | Math.floor(l.getUTCSeconds() / 2),
    date: ((l.getUTCFullYear() - 1980) << 9) | ((l.getUTCMonth() + 1) << 5) | l.getUTCDate(),
  };
}

const COMPRESSED = /\.(xlsx|docx|pdf|png|jpe?g|webp|zip)$/i;

export class ZipWriter {
  private offset = 0;
  private entries: Central[] = [];
  private names = new Set<string>();

  constructor(
    private out: Writable,
    private now = new Date(),
  ) {}

  get bytesWritten(): number {
    return this.offset;
  }

  get count(): number {
    return this.entries.length;
  }

  private write(buf: Buffer): Promise<void> {
    this.offset += buf.length;
    return new Promise((resolve, reject) => {
      const ok = this.out.write(buf, (err) => (err ? reject(err) : undefined));
      if (ok) resolve();
      else this.out.once('drain', resolve);
    });
  }

  /**
   * Adds one file. Formats that are compressed already (.xlsx and .docx are zips themselves,
   * PDF streams are deflated, images) are stored as they are, without spending time on a
   * deflate that would not make them smaller; the rest are deflated when that helps.
   */
  async add(path: string, data: Buffer): Promise<void> {
    if (this.names.has(path)) throw new Error(`duplicate zip entry ${path}`);
    this.names.add(path);
    const name = Buffer.from(path, 'utf8');
    const crc = zlib.crc32(data) >>> 0;
    const deflated = COMPRESSED.test(path) ? data : zlib.deflateRawSync(data, { level: 6 });
    const method = deflated.length < data.length ? 8 : 0;
    const body = method === 8 ? deflated : data;
    const { time, date } = dosTime(this.now);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4); // version needed
    h.writeUInt16LE(0x0800, 6); // UTF-8 names
    h.writeUInt16LE(method, 8);
    h.writeUInt16LE(time, 10);
    h.writeUInt16LE(date, 12);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(body.length, 18);
    h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(name.length, 26);
    h.writeUInt16LE(0, 28);
    const offset = this.offset;
    await this.write(Buffer.concat([h, name]));
    await this.write(body);
    this.entries.push({ name, crc, compressed: body.length, size: data.length, offset, method, time, date });
  }

  /** Writes the central directory and ends the stream. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(0x0314, 4); // made by: UNIX, 2.0
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0800, 8);
      c.writeUInt16LE(e.method, 10);
      c.writeUInt16LE(e.time, 12);
      c.writeUInt16LE(e.date, 14);
      c.writeUInt32LE(e.crc, 16);
      c.writeUInt32LE(e.compressed, 20);
      c.writeUInt32LE(e.size, 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt16LE(0, 30); // extra
      c.writeUInt16LE(0, 32); // comment
      c.writeUInt16LE(0, 34); // disk
      c.writeUInt16LE(0, 36); // internal attributes
      c.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
      c.writeUInt32LE(e.offset, 42);
      await this.write(Buffer.concat([c, e.name]));
    }
    const size = this.offset - start;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
