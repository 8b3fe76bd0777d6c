// From a decoded MARC record to what the catalog needs: a BookRecord.

import type { Encoding } from './charset';
import { isClcNumber } from '../catalog/clc';
import { parseIsbn } from '../catalog/isbn';
import { isDataField, type MarcDataField, type MarcFormat, type MarcRecord } from './marc-model';

export interface BookItem {
  barcode?: string;
  callNumber?: string;
  location?: string;
  price?: string;
  source?: string;
}

export interface BookRecord {
  title: string;
  subtitle?: string;
  /** The other form of the title: romanized title when the vernacular one won, or a parallel title. */
  altTitle?: string;
  authors: string[];
  publisher?: string;
  year?: number;
  pages?: number;
  isbn13?: string;
  isbn10?: string;
  clc?: string;
  series?: string;
  summary?: string;
  subjects: string[];
  language?: string;
  /** Price of the edition (020$c / 010$d), as written: "CNY45.00", "£0.75". */
  price?: string;
  items: BookItem[];
  format: MarcFormat;
  encoding: Encoding;
  warnings: string[];
}

export type MappedRecord = { ok: true; record: BookRecord } | { ok: false; reason: string };

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Some exports write XML-style references into ISO 2709 ("&#x8ECA;&#x8F2A;", "&amp;").
 * Decoding them is safe: a literal "&amp;" is never what a cataloguer meant.
 */
export function decodeCharacterReferences(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES[ref];
    const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
  });
}

/** Text of a subfield as the catalog shows it: references decoded, non-sort marks and control characters gone. */
function clean(v: string | undefined): string {
  if (!v) return '';
  return (
    decodeCharacterReferences(v)
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex -- MARC delimiters and C1 marks are what we remove
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '') // NSB/NSE (U+0088/0089, U+0098/009C) and stray controls
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Drops the ISBD punctuation a cataloguer puts before the next element: " /", " :", " ;", " =", ",", ".". */
export function stripIsbd(v: string): string {
  let s = v.trim();
  for (;;) {
    const next = s
      .replace(/\s+[/:;=]$/, '')
      .replace(/(?<!\.)[,.]$/, '')
      .trim();
    if (next === s) return s;
    s = next;
  }
}

/** Clean text without the ISBD punctuation around it (200$e often starts with ", "). */
const text = (v: string | undefined) => stripIsbd(clean(v).replace(/^[\s,:;=/]+/, ''));

function subs(f: MarcDataField | undefined, code: string): string[] {
  return f ? f.subfields.filter((s) => s.code === code).map((s) => s.value) : [];
}
function sub(f: MarcDataField | undefined, code: string): string | undefined {
  return f?.subfields.find((s) => s.code === code)?.value;
}

class View {
  readonly data: MarcDataField[];
  readonly control = new Map<string, string>();
  /** 880 fields by the tag and occurrence they stand for ("245-01"). */
  private readonly vernacular = new Map<string, MarcDataField>();

  constructor(rec: MarcRecord) {
    this.data = [];
    for (const f of rec.fields) {
      if (isDataField(f)) this.data.push(f);
      else if (!this.control.has(f.tag)) this.control.set(f.tag, f.value);
    }
    for (const f of this.data) {
      if (f.tag !== '880') continue;
      const m = /^(\d{3})-(\d{2})/.exec(sub(f, '6') ?? '');
      if (m && !this.vernacular.has(`${m[1]}-${m[2]}`)) this.vernacular.set(`${m[1]}-${m[2]}`, f);
    }
  }

  all(...tags: string[]): MarcDataField[] {
    return this.data.filter((f) => tags.includes(f.tag));
  }
  first(...tags: string[]): MarcDataField | undefined {
    return this.data.find((f) => tags.includes(f.tag));
  }
  /** The 880 field linked by $6 "880-NN" from a MARC21 field. */
  linked(f: MarcDataField): MarcDataField | undefined {
    const m = /^880-(\d{2})/.exec(sub(f, '6') ?? '');
    if (!m || m[1] === '00') return undefined;
    return this.vernacular.get(`${f.tag}-${m[1]}`);
  }
  /** The vernacular form of a field when there is one, else the field itself. */
  prefer(f: MarcDataField): MarcDataField {
    return this.linked(f) ?? f;
  }
  /** 880 fields standing for a tag without a link back (occurrence 00). */
  unlinked(tag: string): MarcDataField[] {
    return this.data.filter((f) => f.tag === '880' && (sub(f, '6') ?? '').startsWith(`${tag}-`));
  }
}

function firstYear(...values: (string | undefined)[]): number | undefined {
  for (const v of values) {
    const m = v ? /(1[5-9]\d\d|20\d\d)/.exec(v) : null;
    if (m) return Number(m[1]);
  }
  return undefined;
}

function pageCount(extent: string | undefined): number | undefined {
  if (!extent) return undefined;
  const m = /(\d+)\s*(?:p\b|pp\b|pages?\b|页|頁|leaves|s\.|str\.)/i.exec(extent);
  const n = m ? Number(m[1]) : NaN;
  return n > 0 && n < 100000 ? n : undefined;
}

function uniq(values: string[]): string[] {
  return [...new Set(values.filter((v) => v.length > 0))];
}

function isbnFrom(values: string[], warnings: string[]): { isbn13?: string; isbn10?: string } {
  const reasons: string[] = [];
  for (const v of values) {
    const r = parseIsbn(v);
    if (r.ok) return r.isbn10 ? { isbn13: r.isbn13, isbn10: r.isbn10 } : { isbn13: r.isbn13 };
    reasons.push(r.reason);
  }
  if (reasons.length) warnings.push(`ISBN 无效，未采用：${reasons.join('；')}`);
  return {};
}

function clcFrom(values: string[], warnings: string[]): string | undefined {
  for (const v of values) {
    // 690$a sometimes carries two classes: "I247.5;I712".
    for (const part of clean(v).split(/[;；,，\s]+/)) {
      if (isClcNumber(part)) return part.normalize('NFKC').toUpperCase();
    }
  }
  if (values.length) warnings.push(`中图分类号格式不对，未采用：${values.map(clean).join('；')}`);
  return undefined;
}

function headingWithSubdivisions(f: MarcDataField, codes: string): string {
  return f.subfields
    .filter((s) => codes.includes(s.code))
    .map((s) => text(s.value))
    .filter(Boolean)
    .join('--');
}

function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) {
    if (o[k] === undefined || o[k] === '') delete o[k];
  }
  return o;
}

function item(fields: Partial<Record<keyof BookItem, string | undefined>>): BookItem | null {
  const it: BookItem = {};
  for (const [k, v] of Object.entries(fields) as [keyof BookItem, string | undefined][]) {
    const t = text(v);
    if (t) it[k] = t;
  }
  return it.barcode || it.callNumber || it.location ? it : null;
}

const firstOf = (...v: (string | undefined)[]) => v.find((x) => x && clean(x));
const joinNonEmpty = (sep: string, ...v: (string | undefined)[]) =>
  v
    .map((x) => text(x))
    .filter(Boolean)
    .join(sep) || undefined;

// ---------------------------------------------------------------------------

function mapMarc21(v: View, warnings: string[]): Omit<BookRecord, 'format' | 'encoding' | 'warnings'> | string {
  const f245 = v.first('245');
  const t245 = f245 ? v.prefer(f245) : v.unlinked('245')[0];
  if (!t245 || !text(sub(t245, 'a'))) return '缺少题名（MARC21 245$a），无法编目';

  const parts = [...subs(t245, 'n'), ...subs(t245, 'p')].map(text).filter(Boolean);
  const title = [text(sub(t245, 'a')), ...parts].join(' ');
  const rawA = clean(sub(t245, 'a'));
  // "$a 傲慢与偏见 = $b Pride & prejudice": after "=", $b is a parallel title, not a subtitle.
  const bIsParallel = /=\s*$/.test(rawA);
  const b = text(sub(t245, 'b'));
  let altTitle: string | undefined;
  if (t245 !== f245 && f245) altTitle = text(sub(f245, 'a'));
  else if (bIsParallel && b) altTitle = b;

  const authors = uniq(v.all('100', '110', '111', '700', '710', '711').map((f) => text(sub(v.prefer(f), 'a'))));
  const pub = v.all('264').find((f) => f.ind2 === '1') ?? v.first('260', '264');
  const pubV = pub ? v.prefer(pub) : undefined;
  const f008 = v.control.get('008') ?? '';
  const lang008 = f008.slice(35, 38);
  const series = v.first('490', '830', '440');
  const summary = v.first('520');
  const price = firstOf(...v.all('020').map((f) => sub(f, 'c')));

  const items: BookItem[] = [];
  for (const f of v.all('952')) {
    // Koha's item field: $a home library, $b holding library, $c shelving location,
    // $o call number, $p barcode, $g purchase price, $e source of acquisition.
    const it = item({
      barcode: sub(f, 'p'),
      callNumber: sub(f, 'o'),
      location: joinNonEmpty(' / ', firstOf(sub(f, 'a'), sub(f, 'b')), sub(f, 'c')),
      price: sub(f, 'g'),
      source: sub(f, 'e'),
    });
    if (it) items.push(it);
  }
  for (const f of v.all('852')) {
    // MARC21 holdings: $a institution, $b sublocation, $c shelving location,
    // $h/$i classification and item part of the call number ($j shelving control number), $p piece designation (barcode).
    const it = item({
      barcode: sub(f, 'p'),
      callNumber: joinNonEmpty(' ', sub(f, 'h'), sub(f, 'i')) ?? sub(f, 'j'),
      location: joinNonEmpty(' / ', sub(f, 'a'), sub(f, 'b'), sub(f, 'c')),
    });
    if (it) items.push(it);
  }

  return compact({
    title,
    subtitle: bIsParallel ? undefined : b || undefined,
    altTitle: altTitle && altTitle !== title ? altTitle : undefined,
    authors,
    publisher: text(sub(pubV, 'b')) || undefined,
    year: firstYear(sub(pubV, 'c'), sub(pub, 'c'), f008.slice(7, 11)),
    pages: pageCount(clean(sub(v.first('300'), 'a'))),
    ...isbnFrom(v.all('020').flatMap((f) => subs(f, 'a')), warnings),
    clc: clcFrom(
      v
        .all('084')
        .filter((f) => /clc|中图/i.test(sub(f, '2') ?? ''))
        .flatMap((f) => subs(f, 'a')),
      warnings,
    ),
    series: series ? text(sub(v.prefer(series), 'a')) || undefined : undefined,
    summary: summary ? text(sub(v.prefer(summary), 'a')) || undefined : undefined,
    subjects: uniq(v.all('600', '610', '611', '630', '650', '651').map((f) => headingWithSubdivisions(v.prefer(f), 'avxyz'))),
    language: /^[a-z]{3}$/.test(lang008) ? lang008 : clean(sub(v.first('041'), 'a')).slice(0, 3) || undefined,
    price: price ? text(price) : undefined,
    items,
  });
}

const HAN = /^[\u3400-\u9fff\uf900-\ufaff·・.]+$/;

/** UNIMARC splits names into $a entry element and $b the rest: "Asimov" + "Isaac", "张" + "玲". */
function unimarcName(f: MarcDataField): string {
  const a = text(sub(f, 'a'));
  const b = text((sub(f, 'b') ?? '').replace(/^[\s,，]+/, ''));
  if (!a || !b) return a || b;
  return HAN.test(a) && HAN.test(b) ? a + b : `${a}, ${b}`;
}

function mapUnimarc(v: View, warnings: string[]): Omit<BookRecord, 'format' | 'encoding' | 'warnings'> | string {
  const t200 = v.first('200');
  const titles = subs(t200, 'a').map(text).filter(Boolean);
  if (!t200 || !titles.length) return '缺少题名（UNIMARC 200$a），无法编目';
  const parts = [...subs(t200, 'h'), ...subs(t200, 'i')].map(text).filter(Boolean);

  let authors = uniq(v.all('700', '701', '702', '710', '711', '712').map(unimarcName));
  if (!authors.length) authors = uniq(subs(t200, 'f').map(text));
  const pub = v.first('210', '214');
  const f100a = clean(sub(v.first('100'), 'a'));
  const price = firstOf(...v.all('010').map((f) => sub(f, 'd')));

  const items: BookItem[] = [];
  for (const f of v.all('905')) {
    // CNMARC local holdings (CALIS practice): $a holding library, $b accession number
    // (the barcode), $c shelving area, $d class part and $e book number of the call
    // number, written "D616/12" on the spine label.
    const cls = text(sub(f, 'd'));
    const bookNo = text(sub(f, 'e'));
    const it = item({
      barcode: sub(f, 'b'),
      callNumber: cls && bookNo ? `${cls}/${bookNo}` : cls || bookNo,
      location: firstOf(sub(f, 'c'), sub(f, 'a')),
    });
    if (it) items.push(it);
  }
  for (const f of v.all('995')) {
    // UNIMARC item field as Koha and French libraries use it: $f barcode, $k call
    // number, $e shelving location, $c holding library, $b owning library, $a origin.
    const it = item({
      barcode: sub(f, 'f'),
      callNumber: sub(f, 'k'),
      location: firstOf(sub(f, 'e'), sub(f, 'c'), sub(f, 'b'), sub(f, 'a')),
    });
    if (it) items.push(it);
  }

  const subjects = uniq(
    v.all('600', '601', '602', '604', '605', '606', '607', '610').map((f) =>
      f.tag === '600' ? [unimarcName(f), ...['x', 'y', 'z', 'j'].flatMap((c) => subs(f, c).map(text))].filter(Boolean).join('--') : headingWithSubdivisions(f, 'ajxyz'),
    ),
  );

  return compact({
    title: [titles[0], ...parts].join(' '),
    subtitle: text(sub(t200, 'e')) || undefined,
    altTitle: text(sub(t200, 'd')) || (titles.length > 1 ? titles.slice(1).join(' ; ') : undefined),
    authors,
    publisher: text(sub(pub, 'c')) || undefined,
    year: firstYear(sub(pub, 'd'), f100a.slice(9, 13)),
    pages: pageCount(clean(sub(v.first('215'), 'a'))),
    ...isbnFrom(v.all('010').flatMap((f) => subs(f, 'a')), warnings),
    clc: clcFrom(v.all('690').flatMap((f) => subs(f, 'a')), warnings),
    series: text(sub(v.first('225'), 'a')) || undefined,
    summary: text(sub(v.first('330'), 'a')) || undefined,
    subjects,
    language: clean(sub(v.first('101'), 'a')).slice(0, 3) || undefined,
    price: price ? text(price) : undefined,
    items,
  });
}

// EACC (MARC-8 CJK) text whose escape bytes an earlier conversion stripped:
// "$1!2H!?5!T2!2/!X((B". Plain ASCII now, and nobody can read it back.
// eslint-disable-next-line no-control-regex -- ESC (0x1B) is part of the MARC-8 syntax we look for
const STRIPPED_EACC = /(?<!\x1b)\$1(?:[\x21-\x7e]{3})+(?:\(B|$)/g;

/**
 * Cuts stripped-EACC fragments out of every subfield, drops subfields left without
 * text, and refuses the record when its title is hit: a title must never be guessed.
 */
function removeStrippedEacc(rec: MarcRecord, warnings: string[]): string | null {
  const hit = new Set<string>();
  for (const f of rec.fields) {
    if (!isDataField(f)) continue;
    const link = f.tag === '880' ? (sub(f, '6') ?? '').slice(0, 3) : '';
    for (const s of f.subfields) {
      s.value = decodeCharacterReferences(s.value);
      STRIPPED_EACC.lastIndex = 0;
      if (!STRIPPED_EACC.test(s.value)) continue;
      if (s.code === 'a' && (f.tag === '245' || f.tag === '200' || link === '245')) {
        return `题名含有丢失了转义符的 MARC-8 东亚字符（如“${s.value.slice(0, 20)}”），原文已无法还原，请让供应商提供 UTF-8 或 GB18030 的记录`;
      }
      s.value = s.value.replace(STRIPPED_EACC, ' ');
      hit.add(f.tag === '880' && link ? `880(${link})` : f.tag);
    }
    f.subfields = f.subfields.filter((s) => /[\p{L}\p{N}]/u.test(s.value) || s.code === '6');
  }
  if (hit.size) warnings.push(`字段 ${[...hit].join('、')} 含有丢失了转义符、无法还原的 MARC-8 东亚字符，已删去这些片段`);
  return null;
}

/** Maps a decoded record; refuses it (with a reason) when there is no title to catalog. */
export function toBookRecord(rec: MarcRecord, format: MarcFormat, encoding: Encoding, warnings: string[]): MappedRecord {
  const w = [...warnings];
  const garbled = removeStrippedEacc(rec, w);
  if (garbled) return { ok: false, reason: garbled };
  const v = new View(rec);
  const mapped = format === 'marc21' ? mapMarc21(v, w) : mapUnimarc(v, w);
  if (typeof mapped === 'string') return { ok: false, reason: mapped };
  // A copy without its own price costs what the edition costs.
  if (mapped.price) for (const it of mapped.items) it.price ??= mapped.price;
  return { ok: true, record: { ...mapped, format, encoding, warnings: w } };
}
