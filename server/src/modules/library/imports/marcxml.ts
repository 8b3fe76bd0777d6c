// MARCXML (MARC21 slim) reader: <collection>/<record>/<leader>, <controlfield tag>,
// <datafield tag ind1 ind2>/<subfield code>, with or without a namespace prefix.
//
// A small tolerant tokenizer rather than a strict XML parser: exports from library
// systems are often not well-formed (stray "&", undeclared prefixes), and one bad
// record must not cost the others. Elements are matched by local name.

import iconv from 'iconv-lite';
import { toBookRecord } from './book-record';
import { detectFormat, type MarcDataField, type MarcField, type MarcRecord } from './marc-model';
import type { ParsedFile, ParsedRecord } from './marc';

const MARC_ELEMENTS = new Set(['record', 'leader', 'controlfield', 'datafield', 'subfield']);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref] ?? whole;
    const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
  });
}

function attributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = m[1].includes(':') ? m[1].slice(m[1].indexOf(':') + 1) : m[1];
    out[name] = unescapeXml(m[2] ?? m[3] ?? '');
  }
  return out;
}

type Token = { kind: 'open' | 'close' | 'empty'; name: string; attrs: Record<string, string> } | { kind: 'text'; text: string };

function* tokens(xml: string): Generator<Token> {
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      yield { kind: 'text', text: xml.slice(i) };
      return;
    }
    if (lt > i) yield { kind: 'text', text: xml.slice(i, lt) };
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      i = end < 0 ? xml.length : end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      yield { kind: 'text', text: xml.slice(lt + 9, end < 0 ? xml.length : end).replace(/&/g, '&amp;') };
      i = end < 0 ? xml.length : end + 3;
    } else if (xml.startsWith('<?', lt) || xml.startsWith('<!', lt)) {
      const end = xml.indexOf('>', lt);
      i = end < 0 ? xml.length : end + 1;
    } else {
      const m = /^<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(xml.slice(lt, lt + 4096));
      if (!m) {
        yield { kind: 'text', text: '<' }; // a stray "<" in text
        i = lt + 1;
        continue;
      }
      const name = m[2].includes(':') ? m[2].slice(m[2].indexOf(':') + 1) : m[2];
      yield { kind: m[1] ? 'close' : m[4] ? 'empty' : 'open', name, attrs: m[1] ? {} : attributes(m[3]) };
      i = lt + m[0].length;
    }
  }
}

/** Reads every <record> of a MARCXML document. Records are numbered from 1 in document order. */
export function parseMarcXml(input: string | Uint8Array): ParsedFile {
  const xml = typeof input === 'string' ? input : decodeXmlBytes(input);
  const records: ParsedRecord[] = [];
  let rec: MarcRecord | null = null;
  let field: MarcField | null = null;
  let subCode: string | null = null;
  let text = '';
  let leaderOpen = false;

  const finish = () => {
    if (!rec) return;
    const index = records.length + 1;
    try {
      records.push(mapXmlRecord(rec, index));
    } catch (e) {
      records.push({ index, ok: false, reason: `读取记录时出错：${e instanceof Error ? e.message : String(e)}` });
    }
    rec = null;
  };

  for (const t of tokens(xml)) {
    if (t.kind === 'text') {
      text += t.text;
      continue;
    }
    const { name } = t;
    if (!MARC_ELEMENTS.has(name)) continue; // markup inside a value (<i>…</i>) is dropped, its text kept
    if (t.kind === 'open' || t.kind === 'empty') {
      text = '';
      if (name === 'record') {
        finish(); // an unclosed previous record
        rec = { leader: '', fields: [] };
        if (t.kind === 'empty') finish();
      } else if (!rec) {
        continue;
      } else if (name === 'leader') {
        leaderOpen = t.kind === 'open';
      } else if (name === 'controlfield') {
        field = { tag: (t.attrs.tag ?? '').trim(), value: '' };
        rec.fields.push(field);
        if (t.kind === 'empty') field = null;
      } else if (name === 'datafield') {
        field = { tag: (t.attrs.tag ?? '').trim(), ind1: t.attrs.ind1 || ' ', ind2: t.attrs.ind2 || ' ', subfields: [] };
        rec.fields.push(field);
        if (t.kind === 'empty') field = null;
      } else if (name === 'subfield') {
        subCode = t.kind === 'open' ? (t.attrs.code ?? '') : null;
      }
      continue;
    }
    // close
    if (!rec) continue;
    if (name === 'leader' && leaderOpen) {
      rec.leader = unescapeXml(text);
      leaderOpen = false;
    } else if (name === 'subfield' && subCode !== null && field && 'subfields' in field) {
      (field as MarcDataField).subfields.push({ code: subCode, value: unescapeXml(text) });
      subCode = null;
    } else if (name === 'controlfield' && field && !('subfields' in field)) {
      field.value = unescapeXml(text);
      field = null;
    } else if (name === 'datafield') {
      field = null;
    } else if (name === 'record') {
      finish();
    }
    text = '';
  }
  finish();
  return { records };
}

function decodeXmlBytes(b: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(b.subarray(0, 200));
  const enc = /encoding\s*=\s*["']([\w-]+)["']/i.exec(head)?.[1]?.toLowerCase();
  if (enc && enc !== 'utf-8' && enc !== 'utf8' && iconv.encodingExists(enc)) return iconv.decode(Buffer.from(b), enc);
  return new TextDecoder('utf-8').decode(b);
}

function mapXmlRecord(rec: MarcRecord, index: number): ParsedRecord {
  if (!rec.fields.length) return { index, ok: false, reason: '记录没有任何字段' };
  const f100 = rec.fields.find((f) => f.tag === '100');
  const a100 = f100 && 'subfields' in f100 ? f100.subfields.find((s) => s.code === 'a')?.value : undefined;
  const format = detectFormat(
    rec.fields.map((f) => f.tag),
    a100,
  );
  const warnings: string[] = [];
  if (rec.leader.length !== 24) warnings.push(`记录头长度不是 24（实际 ${rec.leader.length}）`);
  const mapped = toBookRecord(rec, format, 'utf-8', warnings);
  return mapped.ok ? { index, ok: true, record: mapped.record } : { index, ok: false, reason: mapped.reason };
}
