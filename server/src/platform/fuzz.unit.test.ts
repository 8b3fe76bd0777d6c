// Fuzzing of every parser that reads what users upload or type (issue 12, "make the audit
// permanent"): fast-check properties, 0 crashes allowed. The seed is printed on every run;
// set SHUXIANG_FUZZ_SEED to replay one. Inputs that once failed are kept in REGRESSIONS and
// checked on every run before the random ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarcFile } from '../modules/library/imports/marc';
import { parseMarcXml } from '../modules/library/imports/marcxml';
import { htmlText, wordCount } from '../modules/reflections/wordcount';
import { cell, workbook, zip } from '../../test/hostile';
import { parseXlsx, XlsxRefused } from './xlsx-read';

const seed = Number(process.env.SHUXIANG_FUZZ_SEED ?? Date.now() % 2_147_483_647);
const RUNS = Number(process.env.SHUXIANG_FUZZ_RUNS ?? 300);
let cases = 0;
const run = <T>(name: string, arb: fc.Arbitrary<T>, prop: (v: T) => void) => {
  fc.assert(
    fc.property(arb, (v) => {
      cases++;
      prop(v);
    }),
    { seed, numRuns: RUNS },
  );
  console.log(`[fuzz] ${name}: ${RUNS} cases, seed ${seed}, 0 failures`);
};

/** Inputs that failed once (the fix is in the code they name); checked first, every run. */
const REGRESSIONS = {
  // reflections/wordcount.ts htmlText: a numeric entity beyond U+10FFFF threw a RangeError (a 500 on submit).
  htmlText: ['&#99999999999;', '<p>&#1114112;</p>', '&#0;'],
  // xlsx-read.ts: a cell outside any <row> came out as row 0.
  sheetXml: ['<c t="inlineStr"><is><t>!</t></is></c>'],
};

/** The xlsx reader may refuse, in Chinese, but must not fail any other way. */
const readsOrRefuses = (buf: Buffer) => {
  try {
    const rows = parseXlsx(buf);
    for (const r of rows) {
      expect(Number.isInteger(r.rowNumber) && r.rowNumber >= 1).toBe(true);
      for (const c of r.cells) expect(typeof c).toBe('string');
    }
  } catch (e) {
    if (!(e instanceof XlsxRefused)) throw e;
    expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
  }
};

const xmlish = fc.array(
  fc.oneof(
    fc.constantFrom('<row r="1">', '<row>', '</row>', '<row r="0"/>', '<c r="A1" t="s"><v>0</v></c>', '<c r="XFD9">', '</c>', '<c t="inlineStr"><is><t>', '</t></is></c>', '<v>', '</v>', '&amp;', '&#x1F600;', '&#99999999;', '_x0000_', '<c r="ZZZZZZZZ1"><v>1</v></c>', '<row r="99999999999999999999">'),
    fc.string({ maxLength: 8 }),
  ),
  { maxLength: 40 },
);

describe('fuzzing the parsers', () => {
  it('xlsx: random bytes, damaged workbooks and random sheet XML are read or refused, never crash', () => {
    const good = workbook(`<row r="1">${cell('A1', '姓名')}${cell('B1', '单位')}</row><row r="2">${cell('A2', '张三')}<c r="B2"><v>3</v></c></row>`);
    run('xlsx random bytes', fc.uint8Array({ maxLength: 2048 }), (b) => readsOrRefuses(Buffer.from(b)));
    run(
      'xlsx damaged workbook',
      fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      (edits) => {
        const b = Buffer.from(good);
        for (const [i, v] of edits) b[i] = v;
        readsOrRefuses(b);
      },
    );
    run('xlsx truncated workbook', fc.nat({ max: good.length }), (n) => readsOrRefuses(good.subarray(0, n)));
    for (const xml of REGRESSIONS.sheetXml) readsOrRefuses(workbook(xml));
    run('xlsx random sheet XML', xmlish, (parts) => readsOrRefuses(workbook(parts.join(''))));
    run('xlsx random parts', fc.array(fc.tuple(fc.constantFrom('xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'), fc.string({ maxLength: 200 })), { maxLength: 5 }), (parts) =>
      readsOrRefuses(zip(parts.map(([name, data]) => ({ name, data })))),
    );
  });

  it('MARC (ISO 2709): random and damaged records never throw; every record is read or refused with a reason', () => {
    const leader = '00000nam a2200000   4500';
    const marcish = fc.array(fc.oneof(fc.constantFrom(leader, '\x1e', '\x1d', '\x1fa', '245', '00', '0000'), fc.string({ maxLength: 12 })), { maxLength: 30 });
    const check = (buf: Uint8Array) => {
      const { records } = parseMarcFile(buf);
      for (const r of records) if (!r.ok) expect(typeof r.reason).toBe('string');
    };
    run('MARC random bytes', fc.uint8Array({ maxLength: 1024 }), check);
    run('MARC record-shaped', marcish, (parts) => check(new TextEncoder().encode(parts.join(''))));
  });

  it('MARCXML: random and damaged documents never throw', () => {
    const tags = fc.array(
      fc.oneof(fc.constantFrom('<collection>', '<record>', '</record>', '<leader>', '</leader>', '<datafield tag="245" ind1="0" ind2="0">', '<subfield code="a">', '</subfield>', '</datafield>', '<controlfield tag="001">', '</controlfield>', '<?xml version="1.0" encoding="GBK"?>', '<!DOCTYPE x [<!ENTITY a "b">]>', '&a;', '&#99999999;', '<![CDATA['), fc.string({ maxLength: 10 })),
      { maxLength: 40 },
    );
    run('MARCXML tag soup', tags, (parts) => {
      parseMarcXml(parts.join(''));
    });
    run('MARCXML random bytes', fc.uint8Array({ maxLength: 1024 }), (b) => {
      parseMarcXml(b);
    });
  });

  it('word count: never throws, counts at most one per character, and a space separates counts', () => {
    for (const s of REGRESSIONS.htmlText) expect(() => wordCount(htmlText(s))).not.toThrow();
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('学', '习', '，', '。', '“', '”', ' ', '\u3000', 'a', 'Z', '9', '-', "'", '.', '_', '😀', 'é'), fc.string({ maxLength: 1, unit: 'binary' })), maxLength: 60 });
    run('word count', fc.tuple(text, text), ([a, b]) => {
      const n = wordCount(a);
      expect(Number.isInteger(n) && n >= 0 && n <= [...a].length).toBe(true);
      expect(wordCount(`${a} ${b}`)).toBe(n + wordCount(b));
    });
    run('reflection HTML to text', fc.array(fc.oneof(fc.constantFrom('<p>', '</p>', '<br/>', '&nbsp;', '&amp;', '&#39;', '&#65;', '&#99999999999;', '&#1114112;', '<h2>', '</li>'), fc.string({ maxLength: 6 })), { maxLength: 30 }), (parts) => {
      expect(typeof htmlText(parts.join(''))).toBe('string');
    });
    console.log(`[fuzz] total ${cases} cases, seed ${seed}`);
  });
});
