// ISBN parsing for catalog records and search.
//
// Input comes from MARC 020$a / CNMARC 010$a and from people typing or scanning,
// so it carries hyphens, spaces, full-width digits, an "ISBN" label and trailing
// qualifiers ("0192815253 (pbk.) :", "978-7-01-012345-6 : CNY45.00",
// "7-5442-1234-X/I·123" with the old Chinese book-number suffix). We read the
// leading run of digits and separators and ignore whatever follows it.

export interface Isbn {
  /** Always present: ISBN-10s are converted with the 978 prefix. */
  isbn13: string;
  /** Present when the number has a 10-digit form (978 prefix only); lets search match either. */
  isbn10?: string;
}

export type IsbnParse = ({ ok: true } & Isbn) | { ok: false; reason: string };

function check10(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * Number(first9[i]);
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

function check13(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(first12[i]);
  return String((10 - (sum % 10)) % 10);
}

/**
 * The digits (and a final X) of the leading ISBN-like run, or null when there is none.
 * A space right after ten digits may end an ISBN-10 ("0192815253 2005") or split an
 * ISBN-13 into groups, so the ten-digit reading is kept as an alternative.
 */
function leadingDigits(raw: string): { digits: string; shortAt10: boolean } | null {
  const s = raw
    .normalize('NFKC')
    .trim()
    .replace(/^ISBN(?:-?1[03])?\s*[:：]?\s*/i, '');
  let out = '';
  let shortAt10 = false;
  for (const ch of s) {
    if (ch >= '0' && ch <= '9') {
      if (out.length >= 13) break;
      out += ch;
    } else if ((ch === 'X' || ch === 'x') && out.length === 9) {
      out += 'X';
      break; // X is only ever the last character of an ISBN-10
    } else if ((ch === '-' || ch === ' ' || ch === '\u2010' || ch === '\u2011') && out.length > 0) {
      if (ch === ' ' && out.length === 10) shortAt10 = true;
      continue;
    } else {
      break;
    }
  }
  return out.length ? { digits: out, shortAt10 } : null;
}

export function parseIsbn(raw: string | null | undefined): IsbnParse {
  if (!raw || !raw.trim()) return { ok: false, reason: '没有 ISBN' };
  const run = leadingDigits(raw);
  if (!run) return { ok: false, reason: `没有找到 ISBN 号码：“${raw.trim()}”` };
  const full = fromDigits(run.digits);
  if (full.ok || !run.shortAt10) return full;
  const short = fromDigits(run.digits.slice(0, 10));
  return short.ok ? short : full;
}

function fromDigits(d: string): IsbnParse {

  if (d.length === 10) {
    const want = check10(d.slice(0, 9));
    if (d[9] !== want) return { ok: false, reason: `ISBN-10 校验位错误：${d} 的校验位应为 ${want}` };
    const body = `978${d.slice(0, 9)}`;
    return { ok: true, isbn13: body + check13(body), isbn10: d };
  }
  if (d.length === 13) {
    if (d.endsWith('X')) return { ok: false, reason: `ISBN-13 不能以 X 结尾：${d}` };
    if (!d.startsWith('978') && !d.startsWith('979')) return { ok: false, reason: `ISBN-13 应以 978 或 979 开头：${d}` };
    const want = check13(d.slice(0, 12));
    if (d[12] !== want) return { ok: false, reason: `ISBN-13 校验位错误：${d} 的校验位应为 ${want}` };
    if (d.startsWith('978')) {
      const body = d.slice(3, 12);
      return { ok: true, isbn13: d, isbn10: body + check10(body) };
    }
    return { ok: true, isbn13: d };
  }
  return { ok: false, reason: `ISBN 位数不对：应为 10 位或 13 位，实际 ${d.length} 位（${d}）` };
}

/** The normalized ISBN, or null for anything that is not a valid ISBN. */
export function normalizeIsbn(raw: string | null | undefined): Isbn | null {
  const r = parseIsbn(raw);
  return r.ok ? (r.isbn10 ? { isbn13: r.isbn13, isbn10: r.isbn10 } : { isbn13: r.isbn13 }) : null;
}
