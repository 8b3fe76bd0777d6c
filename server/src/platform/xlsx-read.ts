// The .xlsx reader every import uses. It runs inside a worker thread (xlsx-worker.mjs) with a
// time and memory limit; this file is the parse itself, pure and synchronous so it can also be
// fuzzed directly.
//
// Defence in depth against hostile workbooks (issue 12, defect 1):
//  - the zip's central directory is read first and the declared sizes are checked before
//    anything is unpacked (a zip bomb is refused without inflating it);
//  - every entry is inflated with a hard output ceiling, so a lying header cannot get past;
//  - only the parts we need are unpacked (workbook, its relations, shared strings, styles,
//    the first sheet);
//  - only cells that exist are read (never "every column up to the sheet's width");
//  - rows, columns and cells are capped, and exceeding a cap stops the parse at once.
import zlib from 'node:zlib';

export interface XlsxLimits {
  /** Data rows (the last row number) a sheet may have. */
  maxRows: number;
  /** Highest column a cell with a value may sit in (A = 1). */
  maxColumns: number;
  /** Cells with a value, over the whole sheet. */
  maxCells: number;
  /** Bytes after unpacking, over the parts that are read. */
  maxUncompressedBytes: number;
  /** Entries in the zip's directory. */
  maxEntries: number;
}

export const XLSX_LIMITS: XlsxLimits = {
  maxRows: 50_000,
  maxColumns: 256,
  maxCells: 1_000_000,
  maxUncompressedBytes: 100 * 1024 * 1024,
  maxEntries: 2_000,
};

export interface XlsxRow {
  rowNumber: number;
  cells: string[];
}

/** A workbook we refuse, with the Chinese message the user sees. */
export class XlsxRefused extends Error {}

const refuse = (m: string): never => {
  throw new XlsxRefused(m);
};
const NOT_XLSX = '文件不是有效的 Excel（.xlsx）文件';

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Reads the zip's central directory (no unpacking). */
export function zipDirectory(buf: Buffer, limits: XlsxLimits = XLSX_LIMITS): Map<string, Entry> {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) refuse(NOT_XLSX);
  // The end-of-central-directory record sits in the last 22 + up to 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) refuse(`${NOT_XLSX}（文件不完整）`);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) refuse('不支持超大（ZIP64）的 Excel 文件');
  if (count > limits.maxEntries) refuse(`Excel 文件内部的部件过多（${count} 个），已拒绝`);
  if (cdOffset + cdSize > eocd) refuse(`${NOT_XLSX}（文件不完整）`);
  const out = new Map<string, Entry>();
  let p = cdOffset;
  let declared = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) refuse(`${NOT_XLSX}（目录损坏）`);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen > eocd) refuse(`${NOT_XLSX}（目录损坏）`);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen).replace(/^\/+/, '');
    if (size === 0xffffffff || compressedSize === 0xffffffff) refuse('不支持超大（ZIP64）的 Excel 文件');
    declared += size;
    out.set(name, { name, method, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  // The zip-bomb check, on the sizes the archive declares, before anything is unpacked.
  if (declared > limits.maxUncompressedBytes) {
    refuse(`Excel 文件解压后过大（${Math.ceil(declared / 1024 / 1024)} MB，上限 ${Math.floor(limits.maxUncompressedBytes / 1024 / 1024)} MB），疑似压缩炸弹，已拒绝`);
  }
  return out;
}

class Unpacker {
  used = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly dir: Map<string, Entry>,
    private readonly limits: XlsxLimits,
  ) {}

  has(name: string) {
    return this.dir.has(name);
  }

  text(name: string): string | null {
    const e = this.dir.get(name);
    if (!e) return null;
    const p = e.localOffset;
    if (p + 30 > this.buf.length || this.buf.readUInt32LE(p) !== 0x04034b50) refuse(`${NOT_XLSX}（文件不完整）`);
    const start = p + 30 + this.buf.readUInt16LE(p + 26) + this.buf.readUInt16LE(p + 28);
    const end = start + e.compressedSize;
    if (end > this.buf.length) refuse(`${NOT_XLSX}（文件不完整）`);
    const raw = this.buf.subarray(start, end);
    // The declared size may lie: the inflater stops at what is left of the budget whatever the header says.
    const budget = this.limits.maxUncompressedBytes - this.used;
    let data: Buffer;
    if (e.method === 0) data = raw;
    else if (e.method === 8) {
      try {
        data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(budget, e.size + 1)) });
      } catch (err) {
        if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          refuse('Excel 文件解压后超过上限或与声明大小不符，疑似压缩炸弹，已拒绝');
        }
        refuse(`${NOT_XLSX}（内容损坏）`);
      }
    } else refuse(`${NOT_XLSX}（不支持的压缩方式）`);
    if (data!.length > e.size) refuse('Excel 文件解压后超过上限或与声明大小不符，疑似压缩炸弹，已拒绝');
    this.used += data!.length;
    if (this.used > this.limits.maxUncompressedBytes) refuse('Excel 文件解压后过大，已拒绝');
    return data!.toString('utf8');
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  if (!s.includes('&') && !s.includes('_x')) return s;
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, e: string) => {
      if (e[0] === '#') {
        const n = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
      }
      return ENTITIES[e] ?? m;
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? (m[2] ?? m[3]) : undefined;
}

/** The text of <t> elements inside `xml`, skipping phonetic runs (<rPh>). */
function runsText(xml: string): string {
  const noPhonetic = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let out = '';
  const re = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(noPhonetic))) out += unescapeXml(m[1]);
  return out;
}

function sharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  const out: string[] = [];
  const re = /<si>([\s\S]*?)<\/si>|<si\/>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) out.push(m[1] === undefined ? '' : runsText(m[1]));
  return out;
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** Style index → whether it formats a number as a date. */
function dateStyles(xml: string | null): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, boolean>();
  for (const m of xml.matchAll(/<numFmt\b([^>]*)\/?>/g)) {
    const id = Number(attr(m[1], 'numFmtId'));
    const code = unescapeXml(attr(m[1], 'formatCode') ?? '')
      .replace(/"[^"]*"/g, '')
      .replace(/\[[^\]]*\]/g, '');
    custom.set(id, /[ymdhs]/i.test(code) && !/^[#0.,%\s]*$/.test(code));
  }
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml);
  if (!xfs) return [];
  return [...xfs[1].matchAll(/<xf\b([^>]*)/g)].map((m) => {
    const id = Number(attr(m[1], 'numFmtId') ?? 0);
    return custom.get(id) ?? BUILTIN_DATE_FORMATS.has(id);
  });
}

/** Column letters of a cell reference → 1-based column; 0 when there are none. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
    if (n > 1_000_000) return n;
  }
  return n;
}

function serialDate(v: number): string | null {
  if (!Number.isFinite(v) || v < 1 || v > 2_958_465) return null;
  // Excel's epoch with its 1900 leap-year bug, as spreadsheets count.
  const ms = Math.round((v - 25569) * 86_400_000);
  return new Date(ms).toISOString().slice(0, 10);
}

function firstSheetPath(u: Unpacker): string {
  const wb = u.text('xl/workbook.xml');
  if (wb === null) refuse(NOT_XLSX);
  const sheet = /<sheet\b([^>]*)\/?>/.exec(wb!);
  if (!sheet) refuse('Excel 文件中没有工作表');
  const rid = attr(sheet![1], 'r:id') ?? attr(sheet![1], 'id');
  const rels = u.text('xl/_rels/workbook.xml.rels') ?? '';
  for (const m of rels.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    if (attr(m[1], 'Id') !== rid) continue;
    const target = attr(m[1], 'Target') ?? '';
    return target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/');
  }
  if (u.has('xl/worksheets/sheet1.xml')) return 'xl/worksheets/sheet1.xml';
  return refuse('Excel 文件中没有工作表');
}

/**
 * Reads the first sheet as text rows, each with its 1-based row number as Excel shows it.
 * Rows without any text are left out. Each row's cells run from column A to its last cell
 * with a value; cells are trimmed; date-formatted numbers become YYYY-MM-DD.
 */
export function parseXlsx(buf: Buffer, limits: XlsxLimits = XLSX_LIMITS): XlsxRow[] {
  const u = new Unpacker(buf, zipDirectory(buf, limits), limits);
  const sheetPath = firstSheetPath(u);
  const xml = u.text(sheetPath);
  if (xml === null) refuse('Excel 文件中没有工作表');
  const strings = sharedStrings(u.text('xl/sharedStrings.xml'));
  const dates = dateStyles(u.text('xl/styles.xml'));

  const out: XlsxRow[] = [];
  let cellCount = 0;
  let rowNumber = 0;
  let col = 0;
  let current: string[] | null = null;
  const flush = () => {
    if (current && current.some((c) => c !== '')) {
      for (let i = 0; i < current.length; i++) if (current[i] === undefined) current[i] = '';
      out.push({ rowNumber, cells: current });
    }
    current = null;
  };
  const sheetData = xml!.indexOf('<sheetData');
  const re = /<(row|c)\b([^>]*?)(\/?)>|<\/row>/g;
  re.lastIndex = Math.max(0, sheetData);
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml!))) {
    if (m[0] === '</row>') {
      flush();
      continue;
    }
    if (m[1] === 'row') {
      flush();
      const r = attr(m[2], 'r');
      rowNumber = r ? Number(r) : rowNumber + 1;
      if (!Number.isInteger(rowNumber) || rowNumber < 1) refuse(`${NOT_XLSX}（行号无效）`);
      if (rowNumber > limits.maxRows + 1) refuse(`表格超过 ${limits.maxRows} 行的上限（第 ${rowNumber} 行），请分批导入`);
      col = 0;
      current = [];
      if (m[3] === '/') flush();
      continue;
    }
    // A cell.
    const ref = attr(m[2], 'r');
    col = ref ? columnOf(ref) || col + 1 : col + 1;
    let body = '';
    if (m[3] !== '/') {
      const end = xml!.indexOf('</c>', re.lastIndex);
      if (end < 0) refuse(`${NOT_XLSX}（内容损坏）`);
      body = xml!.slice(re.lastIndex, end);
      re.lastIndex = end + 4;
    }
    const type = attr(m[2], 't') ?? 'n';
    let text: string;
    if (type === 'inlineStr') text = runsText(body);
    else {
      const v = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/.exec(body);
      const raw = v ? unescapeXml(v[1]) : '';
      if (type === 's') text = strings[Number(raw)] ?? '';
      else if (type === 'b') text = raw === '1' ? 'true' : raw === '0' ? 'false' : '';
      else if (type === 'e') text = '';
      else if (type === 'str' || type === 'd') text = type === 'd' ? raw.slice(0, 10) : raw;
      else if (raw === '') text = '';
      else {
        const num = Number(raw);
        const style = Number(attr(m[2], 's') ?? 0);
        text = Number.isFinite(num) ? (dates[style] ? (serialDate(num) ?? String(num)) : String(num)) : raw;
      }
    }
    text = text.trim();
    if (text === '') continue;
    if (col > limits.maxColumns) refuse(`第 ${rowNumber} 行有第 ${col} 列的单元格，超过 ${limits.maxColumns} 列的上限，请只保留模板中的列`);
    if (++cellCount > limits.maxCells) refuse(`表格的单元格超过 ${limits.maxCells} 个的上限，请分批导入`);
    if (!current) current = [];
    current[col - 1] = text;
  }
  flush();
  return out;
}
