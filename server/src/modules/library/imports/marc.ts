// ISO 2709 (MARC exchange format) reader for supplier files.
//
// It never throws on bad input. Each record is read on its own: what is sound is
// taken (with warnings about what was repaired), what is hopeless is refused with a
// reason in Chinese for the clerk, and the next record is read regardless.
//
// Layout of a record: a 24-byte leader (record length 0–4, base address of data 12–16),
// a directory of 12-byte entries (tag 3, field length 4, start 5 — lengths and starts
// count BYTES, not characters), a field terminator 0x1E, then the fields, each ending
// with 0x1E; data fields start with two indicators and hold subfields introduced by
// 0x1F and a one-character code. The record ends with 0x1D.

import { toBookRecord, type BookRecord } from './book-record';
import { chooseDecoder, type Declared } from './charset';
import { detectFormat, isControlTag, type MarcField, type MarcFormat, type MarcRecord } from './marc-model';

export type { BookItem, BookRecord } from './book-record';
export { parseMarcXml } from './marcxml';

export type ParsedRecord = { index: number; ok: true; record: BookRecord } | { index: number; ok: false; reason: string };

export interface ParsedFile {
  records: ParsedRecord[];
}

const RT = 0x1d; // record terminator
const FT = 0x1e; // field terminator
const SF = 0x1f; // subfield delimiter

const latin1 = new TextDecoder('latin1');

interface RawField {
  tag: string;
  data: Uint8Array; // without the field terminator
}

type Structure = { ok: true; leader: string; fields: RawField[]; warnings: string[] } | { ok: false; reason: string };

const isDigits = (s: string) => /^\d+$/.test(s);

/** Splits a file into records on 0x1D, dropping the CR/LF (and BOM) suppliers put between them. */
function splitRecords(buf: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const push = (end: number) => {
    let s = start;
    while (s < end && (buf[s] === 0x0d || buf[s] === 0x0a || buf[s] === 0x20 || buf[s] === 0x09 || buf[s] === 0x00)) s++;
    if (s < end) out.push(buf.subarray(s, end));
  };
  for (let i = start; i < buf.length; i++) {
    if (buf[i] === RT) {
      push(i);
      start = i + 1;
    }
  }
  push(buf.length);
  return out;
}

/** Reads the directory strictly; null when any entry disagrees with the data. */
function strictFields(dir: string, data: Uint8Array): RawField[] | null {
  if (dir.length === 0 || dir.length % 12 !== 0) return null;
  const fields: RawField[] = [];
  for (let k = 0; k < dir.length; k += 12) {
    const e = dir.slice(k, k + 12);
    const tag = e.slice(0, 3);
    const len = e.slice(3, 7);
    const at = e.slice(7, 12);
    if (!/^[0-9A-Za-z]{3}$/.test(tag) || !isDigits(len) || !isDigits(at)) return null;
    const start = Number(at);
    const end = start + Number(len);
    if (Number(len) < 1 || end > data.length || data[end - 1] !== FT) return null;
    const body = data.subarray(start, end - 1);
    if (body.includes(FT)) return null;
    fields.push({ tag, data: body });
  }
  return fields;
}

/**
 * When the directory and the data disagree, the data still ends every field with
 * 0x1E, so the fields are taken in order and each gets the tag of its directory
 * entry. To find the entries even when a byte was lost or added in the directory,
 * each field's true length and start (which we know from the data) are looked for
 * in the directory text; the three characters before them are the tag.
 */
function fallbackFields(dir: string, data: Uint8Array, warnings: string[]): RawField[] {
  const chunks: Uint8Array[] = [];
  let s = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === FT) {
      chunks.push(data.subarray(s, i));
      s = i + 1;
    }
  }
  if (s < data.length && data.subarray(s).some((c) => c > 0x20)) chunks.push(data.subarray(s));

  const fields: RawField[] = [];
  let pos = 0;
  let start = 0;
  let lost = 0;
  for (const chunk of chunks) {
    const expect = String(chunk.length + 1).padStart(4, '0') + String(start).padStart(5, '0');
    start += chunk.length + 1;
    let tag: string | undefined;
    const found = dir.indexOf(expect, pos);
    if (found >= 0 && found - pos <= 14) {
      const t = dir.slice(Math.max(pos, found - 3), found);
      if (/^[0-9A-Za-z]{3}$/.test(t)) tag = t;
      pos = found + 9;
    } else {
      const t = dir.slice(pos, pos + 3);
      if (/^[0-9A-Za-z]{3}$/.test(t)) tag = t;
      pos += 12;
    }
    if (tag) fields.push({ tag, data: chunk });
    else lost++;
  }
  warnings.push('目录与字段数据不一致，已按字段结束符顺序读取字段');
  if (lost) warnings.push(`有 ${lost} 个字段读不出字段号，已略过`);
  return fields;
}

function readStructure(rec: Uint8Array, terminated: boolean): Structure {
  const warnings: string[] = [];
  if (!terminated) warnings.push('文件末尾的记录缺少记录结束符（0x1D）');
  if (rec.length < 24) return { ok: false, reason: `记录太短（${rec.length} 字节），连 24 字节的记录头都不完整` };
  const leader = latin1.decode(rec.subarray(0, 24));

  const recLen = leader.slice(0, 5);
  if (!isDigits(recLen)) warnings.push('记录头中的记录长度不是数字');
  else if (Number(recLen) !== rec.length + (terminated ? 1 : 0)) warnings.push(`记录头中的记录长度（${Number(recLen)}）与实际（${rec.length + 1}）不符`);

  const baseText = leader.slice(12, 17);
  if (!isDigits(baseText)) return { ok: false, reason: `记录头损坏：基地址不是数字（“${baseText.replace(/[^\x20-\x7e]/g, '?')}”）` };
  const dirEnd = rec.indexOf(FT, 24);
  if (dirEnd < 0) return { ok: false, reason: '记录没有字段结束符（0x1E），目录和字段都无法读取' };
  const base = Number(baseText);
  if (base !== dirEnd + 1) warnings.push(`记录头中的基地址（${base}）与目录实际结束位置（${dirEnd + 1}）不符，已按实际位置读取`);

  const dir = latin1.decode(rec.subarray(24, dirEnd));
  const data = rec.subarray(dirEnd + 1);
  if (dir.length === 0 || !data.some((c) => c !== FT && c > 0x20)) return { ok: false, reason: '记录没有任何字段' };

  const fields = strictFields(dir, data) ?? fallbackFields(dir, data, warnings);
  if (!fields.length) return { ok: false, reason: '记录的目录损坏，读不出任何字段' };
  return { ok: true, leader, fields, warnings };
}

function declaredCharset(format: MarcFormat, leader: string, unimarc100a: string | undefined): Declared {
  if (format === 'marc21') return leader[9] === 'a' ? 'utf-8' : 'marc-8';
  // UNIMARC 100$a/26-27: "50" is ISO 10646 (Unicode); "01"/"03" ISO 646 and ISO 8859 variants.
  return unimarc100a && unimarc100a.slice(26, 28) === '50' ? 'utf-8' : 'other';
}

/** The raw 100$a of a record, read as Latin-1: it is fixed-length ASCII by definition. */
function raw100a(fields: RawField[]): string | undefined {
  const f = fields.find((x) => x.tag === '100');
  if (!f) return undefined;
  const s = latin1.decode(f.data);
  // eslint-disable-next-line no-control-regex -- 0x1F is the subfield delimiter
  const m = /\x1fa([^\x1f]*)/.exec(s);
  return m ? m[1] : undefined;
}

function decodeFields(fields: RawField[], decode: (b: Uint8Array) => string, warnings: string[]): MarcField[] {
  const out: MarcField[] = [];
  for (const f of fields) {
    if (isControlTag(f.tag)) {
      out.push({ tag: f.tag, value: decode(f.data) });
      continue;
    }
    let body = f.data;
    let ind1 = ' ';
    let ind2 = ' ';
    if (body.length >= 2 && body[0] !== SF && body[1] !== SF) {
      ind1 = String.fromCharCode(body[0]);
      ind2 = String.fromCharCode(body[1]);
      body = body.subarray(2);
    } else if (body[0] !== SF) {
      warnings.push(`字段 ${f.tag} 的指示符不完整`);
      body = body.subarray(body.indexOf(SF) < 0 ? body.length : body.indexOf(SF));
    }
    const subfields = decode(body)
      .split('\x1f')
      .slice(1)
      .filter((s) => s.length > 1)
      .map((s) => ({ code: s[0], value: s.slice(1) }));
    out.push({ tag: f.tag, ind1, ind2, subfields });
  }
  return out;
}

function parseOne(rec: Uint8Array, index: number, terminated: boolean): ParsedRecord {
  const s = readStructure(rec, terminated);
  if (!s.ok) return { index, ok: false, reason: s.reason };
  const a100 = raw100a(s.fields);
  const format = detectFormat(
    s.fields.map((f) => f.tag),
    a100,
  );
  const choice = chooseDecoder(
    s.fields.map((f) => f.data),
    declaredCharset(format, s.leader, a100),
    format,
  );
  if (!choice.ok) return { index, ok: false, reason: choice.reason };
  const warnings = [...s.warnings, ...choice.warnings];
  const marc: MarcRecord = { leader: s.leader, fields: decodeFields(s.fields, choice.decode, warnings) };
  const mapped = toBookRecord(marc, format, choice.encoding, warnings);
  return mapped.ok ? { index, ok: true, record: mapped.record } : { index, ok: false, reason: mapped.reason };
}

/** Reads every record of an ISO 2709 file. Records are numbered from 1 in file order. */
export function parseMarcFile(buf: Uint8Array): ParsedFile {
  const records: ParsedRecord[] = [];
  const pieces = splitRecords(buf);
  const lastTerminated = buf.lastIndexOf(RT) > -1 && !latin1.decode(buf.subarray(buf.lastIndexOf(RT) + 1)).trim();
  pieces.forEach((rec, i) => {
    const index = i + 1;
    const terminated = i < pieces.length - 1 || lastTerminated;
    try {
      records.push(parseOne(rec, index, terminated));
    } catch (e) {
      // A bug of ours must not lose the rest of the file.
      records.push({ index, ok: false, reason: `读取记录时出错：${e instanceof Error ? e.message : String(e)}` });
    }
  });
  return { records };
}
