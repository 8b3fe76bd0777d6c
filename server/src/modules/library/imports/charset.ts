// Character sets of MARC records: decide per record what the bytes really are.
//
// What a record declares (MARC21 leader/09, UNIMARC 100$a/26-29) is a hint only:
// Chinese suppliers send GB18030/GBK whatever 100$a says, the BnF records in our test
// data say ISO 646 but hold UTF-8, and marc4j's damaged file flags MARC-8 text as UTF-8.
// The rule is: decode only when the bytes leave no doubt, otherwise refuse the record.
// Garbled titles in the catalog are worse than a record the clerk re-requests.

import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'gb18030' | 'marc-8' | 'ascii';

/** What the record says about itself. */
export type Declared = 'utf-8' | 'marc-8' | 'other';

export type DecoderChoice =
  | { ok: true; encoding: Encoding; decode: (bytes: Uint8Array) => string; warnings: string[] }
  | { ok: false; reason: string };

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Bytes ≥ 0x80 that sit inside well-formed UTF-8 sequences, and all bytes ≥ 0x80. */
function utf8Coverage(b: Uint8Array): { inSequences: number; high: number } {
  let inSequences = 0;
  let high = 0;
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    let ok = n > 0 && i + n <= b.length;
    for (let k = 1; ok && k < n; k++) ok = (b[i + k] & 0xc0) === 0x80;
    if (ok) {
      inSequences += n;
      high += n;
      i += n;
    } else {
      high++;
      i++;
    }
  }
  return { inSequences, high };
}

/**
 * GB18030 is accepted only when it decodes without replacement characters, yields
 * Chinese characters, and most double-byte pairs lie in the GB2312 area (both bytes
 * A1–FE). The last test rejects Latin-1 or MARC-8 bytes followed by ASCII letters
 * ("\xd6stersund"), which GBK would happily read as rare ideographs.
 */
function looksLikeGb18030(b: Uint8Array): string | null {
  let gb2312 = 0;
  let other = 0;
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c === 0x80 || c === 0xff || i + 1 >= b.length) return null;
    const d = b[i + 1];
    if (d >= 0x30 && d <= 0x39) {
      other++;
      i += 4;
    } else {
      if (c >= 0xa1 && c <= 0xfe && d >= 0xa1 && d <= 0xfe) gb2312++;
      else other++;
      i += 2;
    }
  }
  if (gb2312 === 0 || gb2312 < 0.6 * (gb2312 + other)) return null;
  const text = iconv.decode(Buffer.from(b), 'gb18030');
  if (text.includes('\ufffd') || !CJK.test(text)) return null;
  return text;
}

// ---------------------------------------------------------------------------
// MARC-8: basic Latin (ASCII) and Extended Latin (ANSEL). Other MARC-8 sets (EACC
// for CJK, Cyrillic, Greek, Hebrew, Arabic, sub/superscripts) are not converted.

const ANSEL_SPACING: Record<number, string> = {
  0xa1: '\u0141', 0xa2: '\u00d8', 0xa3: '\u0110', 0xa4: '\u00de', 0xa5: '\u00c6', 0xa6: '\u0152',
  0xa7: '\u02b9', 0xa8: '\u00b7', 0xa9: '\u266d', 0xaa: '\u00ae', 0xab: '\u00b1', 0xac: '\u01a0',
  0xad: '\u01af', 0xae: '\u02bc', 0xb0: '\u02bb', 0xb1: '\u0142', 0xb2: '\u00f8', 0xb3: '\u0111',
  0xb4: '\u00fe', 0xb5: '\u00e6', 0xb6: '\u0153', 0xb7: '\u02ba', 0xb8: '\u0131', 0xb9: '\u00a3',
  0xba: '\u00f0', 0xbc: '\u01a1', 0xbd: '\u01b0', 0xc0: '\u00b0', 0xc1: '\u2113', 0xc2: '\u2117',
  0xc3: '\u00a9', 0xc4: '\u266f', 0xc5: '\u00bf', 0xc6: '\u00a1', 0xc7: '\u00df', 0xc8: '\u20ac',
};

// ANSEL writes a combining mark before its base letter; Unicode writes it after.
const ANSEL_COMBINING: Record<number, string> = {
  0xe0: '\u0309', 0xe1: '\u0300', 0xe2: '\u0301', 0xe3: '\u0302', 0xe4: '\u0303', 0xe5: '\u0304',
  0xe6: '\u0306', 0xe7: '\u0307', 0xe8: '\u0308', 0xe9: '\u030c', 0xea: '\u030a', 0xeb: '\ufe20',
  0xec: '\ufe21', 0xed: '\u0315', 0xee: '\u030b', 0xef: '\u0310', 0xf0: '\u0327', 0xf1: '\u0328',
  0xf2: '\u0323', 0xf3: '\u0324', 0xf4: '\u0325', 0xf5: '\u0333', 0xf6: '\u0332', 0xf7: '\u0326',
  0xf8: '\u031c', 0xf9: '\u032e', 0xfa: '\ufe22', 0xfb: '\ufe23', 0xfe: '\u0313',
};

// ANSEL symbols that never start a word; seen before a letter they betray a wrong guess.
const STRICT_SYMBOLS = new Set(['\u2117', '\u2113', '\u00a9', '\u266f', '\u266d', '\u00ae', '\u00b1', '\u00b0', '\u00b7']);

class Marc8Error extends Error {}

const EACC_REASON = 'MARC-8 编码（含东亚字符集 EACC）暂不支持转换，请让供应商提供 UTF-8 或 GB18030 的记录';

/** Names the first MARC-8 escape sequence that designates a set we do not convert. */
function unsupportedEscape(b: Uint8Array): string | null {
  for (let i = 0; i < b.length; i++) {
    if (b[i] !== 0x1b) continue;
    const seq = latin1.decode(b.subarray(i + 1, i + 5));
    if (/^\$[,)-]?1/.test(seq)) return EACC_REASON;
    if (/^s/.test(seq) || /^[(,]B/.test(seq) || /^[(,)-]!E/.test(seq) || /^[)-]E/.test(seq)) continue;
    const shown = seq.replace(/[^\x20-\x7e]/g, '?').slice(0, 3);
    return `MARC-8 编码含暂不支持的字符集（转义序列 ESC ${shown}），请让供应商提供 UTF-8 或 GB18030 的记录`;
  }
  return null;
}

/**
 * Decodes one field of MARC-8 with ASCII and ANSEL. `strict` demands that every
 * combining mark composes with its base letter into one precomposed character; it is
 * used when the record claims UTF-8, where only sensible text justifies the guess.
 */
function decodeMarc8(b: Uint8Array, strict: boolean): string {
  let g0Ansel = false;
  let out = '';
  let pending = ''; // combining marks waiting for their base character
  let lastSymbol = false;
  const emit = (base: string) => {
    if (pending && strict && (base + pending).normalize('NFC').length !== 1) {
      throw new Marc8Error('combining mark without a matching letter');
    }
    // "g℗en℗erale": Latin-1 or UTF-8 leftovers read as ANSEL symbols glued to letters.
    if (strict && lastSymbol && /\p{L}/u.test(base)) throw new Marc8Error('symbol inside a word');
    lastSymbol = STRICT_SYMBOLS.has(base);
    out += base + pending;
    pending = '';
  };
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 0x1b) {
      const rest = latin1.decode(b.subarray(i + 1, i + 4));
      const m = /^(s|[(,]B|[(,)-]!E|[)-]E)/.exec(rest);
      if (!m) throw new Marc8Error('unsupported escape');
      if (m[1] === 's' || m[1].endsWith('B')) g0Ansel = false;
      else if (m[1][0] === '(' || m[1][0] === ',') g0Ansel = true;
      i += m[1].length;
      continue;
    }
    if (c === 0x88 || c === 0x89 || c === 0x98 || c === 0x9c) continue; // non-sort markers
    if (c === 0x8d) {
      out += '\u200d';
      continue;
    }
    if (c === 0x8e) {
      out += '\u200c';
      continue;
    }
    const code = c >= 0xa1 ? c : g0Ansel && c >= 0x21 && c <= 0x7e ? c + 0x80 : -1;
    if (code === -1) {
      if (c >= 0x80) throw new Marc8Error(`undefined byte ${c.toString(16)}`);
      emit(String.fromCharCode(c));
      continue;
    }
    if (ANSEL_COMBINING[code]) {
      pending += ANSEL_COMBINING[code];
      continue;
    }
    const ch = ANSEL_SPACING[code];
    if (!ch) throw new Marc8Error(`undefined byte ${code.toString(16)}`);
    emit(ch);
  }
  if (pending) {
    if (strict) throw new Marc8Error('combining mark at end of field');
    out += pending;
  }
  return out.normalize('NFC');
}

function tryMarc8(fields: Uint8Array[], strict: boolean): boolean {
  try {
    for (const f of fields) decodeMarc8(f, strict);
    return true;
  } catch (e) {
    if (e instanceof Marc8Error) return false;
    throw e;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

const DECLARED_NAME: Record<Declared, string> = { 'utf-8': '记录声明为 UTF-8', 'marc-8': '记录头声明为 MARC-8', other: '100$a 声明的字符集不是 Unicode' };

/**
 * Chooses how to decode a record's fields.
 * @param fields the raw bytes of every field of one record
 * @param declared what the record's leader or 100$a says
 * @param format MARC-8 only exists in MARC21; UNIMARC uses ISO 5426 & co., which we do not convert
 */
export function chooseDecoder(fields: Uint8Array[], declared: Declared, format: 'marc21' | 'unimarc'): DecoderChoice {
  const all = concat(fields);
  const warnings: string[] = [];


  const hasEscape = all.includes(0x1b);
  const hasHigh = all.some((c) => c >= 0x80);

  if (hasEscape) {
    if (format === 'unimarc') {
      return { ok: false, reason: 'UNIMARC 记录使用 ISO 2022 转义序列切换字符集，暂不支持转换，请让供应商提供 UTF-8 或 GB18030 的记录' };
    }
    const unsupported = unsupportedEscape(all);
    if (unsupported) return { ok: false, reason: unsupported };
    if (!tryMarc8(fields, false)) return { ok: false, reason: 'MARC-8 编码中有无法识别的字节，无法可靠转换' };
    if (declared === 'utf-8') warnings.push('记录头声明 UTF-8，但内容含 MARC-8 转义序列，已按 MARC-8 转换');
    return { ok: true, encoding: 'marc-8', decode: (b) => decodeMarc8(b, false), warnings };
  }

  if (!hasHigh) {
    return { ok: true, encoding: declared === 'utf-8' ? 'utf-8' : 'ascii', decode: (b) => latin1.decode(b), warnings };
  }

  if (isValidUtf8(all)) {
    if (declared !== 'utf-8') warnings.push(`${DECLARED_NAME[declared]}，但内容是有效的 UTF-8，已按 UTF-8 读取`);
    return { ok: true, encoding: 'utf-8', decode: (b) => utf8.decode(b), warnings };
  }

  // Mostly UTF-8 with a few broken bytes: GB18030 would turn the good part into
  // mojibake, and there is no telling what the broken bytes were.
  const cov = utf8Coverage(all);
  if (cov.inSequences >= 4 && cov.inSequences >= 0.5 * cov.high) {
    return { ok: false, reason: '记录是 UTF-8 编码，但其中有损坏的字节，无法可靠转换' };
  }

  // A MARC21 record that says MARC-8 and reads as clean ANSEL is MARC-8. GBK text
  // cannot pass the strict test: its bytes C9–DF are undefined in ANSEL.
  if (format === 'marc21' && declared === 'marc-8' && tryMarc8(fields, true)) {
    return { ok: true, encoding: 'marc-8', decode: (b) => decodeMarc8(b, false), warnings };
  }

  if (looksLikeGb18030(all) !== null) {
    if (declared === 'utf-8') warnings.push('记录声明为 UTF-8，但内容是 GB18030/GBK，已按 GB18030 读取');
    return { ok: true, encoding: 'gb18030', decode: (b) => iconv.decode(Buffer.from(b), 'gb18030'), warnings };
  }

  if (format === 'marc21') {
    const strict = declared !== 'marc-8';
    if (tryMarc8(fields, strict)) {
      if (declared === 'utf-8') warnings.push('记录头声明 UTF-8，但内容是 MARC-8（ANSEL），已按 MARC-8 转换');
      return { ok: true, encoding: 'marc-8', decode: (b) => decodeMarc8(b, strict), warnings };
    }
  }

  return {
    ok: false,
    reason: `无法确定记录的字符编码（${DECLARED_NAME[declared]}，但内容既不是 UTF-8，也不是 GB18030${format === 'marc21' ? ' 或 MARC-8' : ''}），为避免乱码未导入`,
  };
}
