import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarcFile, parseMarcXml, type BookRecord, type ParsedFile, type ParsedRecord } from './marc';
import { testdata } from '../../../../test/testdata';

// Shared test data sits beside the clone: /work/main (repo) and /work/shared.
const DATA = testdata('marc');

const read = (name: string) => readFileSync(path.join(DATA, name));
const parse = (name: string): ParsedFile => (name.endsWith('.xml') ? parseMarcXml(read(name).toString('utf8')) : parseMarcFile(read(name)));
const ok = (f: ParsedFile) => f.records.flatMap((r) => (r.ok ? [r.record] : []));
const refused = (f: ParsedFile) => f.records.flatMap((r) => (r.ok ? [] : [r]));
const at = (f: ParsedFile, index: number): ParsedRecord => {
  const r = f.records.find((x) => x.index === index);
  if (!r) throw new Error(`no record ${index}`);
  return r;
};
const rec = (f: ParsedFile, index: number): BookRecord => {
  const r = at(f, index);
  if (!r.ok) throw new Error(`record ${index} refused: ${r.reason}`);
  return r.record;
};

// The documented counts (README.md in this folder): total, taken, refused.
const COUNTS: Record<string, [number, number, number]> = {
  'marc4j-bad_leaders_10_11.mrc': [1, 1, 0],
  'marc4j-chabon.mrc': [2, 2, 0],
  'marc4j-chabon.xml': [2, 2, 0],
  'marc4j-chinese_mangled_multibyte.mrc': [4, 2, 2],
  'marc4j-oclc_63111280_export_as_UTF8_from_connexion.mrc': [1, 1, 0],
  'marc4j-pride-and-prejudice-fixed.mrc': [383, 383, 0],
  'marc4j-pride-and-prejudice-with-many-errors.mrc': [383, 339, 44],
  'marc4j-summerland.xml': [1, 1, 0],
  'marcjs-bib.mrc': [6, 6, 0],
  'marcjs-bib.xml': [6, 6, 0],
  'pymarc-bad_records.mrc': [8, 6, 2],
  'pymarc-batch.xml': [2, 2, 0],
  'pymarc-marc.dat': [20, 20, 0],
  'pymarc-testunimarc.dat': [1, 1, 0],
  'pymarc-utf8_with_leader_flag.dat': [1, 1, 0],
};

describe('every test file', () => {
  it('has a documented count', () => {
    expect(readdirSync(DATA).sort()).toEqual(Object.keys(COUNTS).sort());
  });

  it.each(Object.entries(COUNTS))('%s: total / taken / refused', (name, [total, taken, no]) => {
    const f = parse(name);
    expect(f.records).toHaveLength(total);
    expect(ok(f)).toHaveLength(taken);
    expect(refused(f)).toHaveLength(no);
    expect(f.records.map((r) => r.index)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const r of ok(f)) {
      expect(r.title.length).toBeGreaterThan(0);
      // Nothing garbled gets through: no replacement characters, no MARC-8 escapes.
      expect(JSON.stringify(r)).not.toMatch(/\ufffd|\\u001b/);
    }
  });
});

describe('marc4j-pride-and-prejudice-fixed.mrc', () => {
  const f = parse('marc4j-pride-and-prejudice-fixed.mrc');
  const all = ok(f);

  it('decides the format per record: 17 UNIMARC among MARC21', () => {
    const uni = f.records.filter((r) => r.ok && r.record.format === 'unimarc').map((r) => r.index);
    expect(uni).toEqual([133, 312, 317, 319, 358, 360, 361, 362, 363, 364, 365, 366, 367, 369, 370, 371, 372]);
    expect(all.filter((r) => r.format === 'marc21')).toHaveLength(366);
  });

  it('keeps simplified, traditional and Japanese titles intact', () => {
    const titles = all.map((r) => r.title);
    expect(titles).toContain('傲慢与偏见');
    expect(titles).toContain('傲慢與偏見');
    expect(titles).toContain('理智與情感');
    expect(titles).toContain('自負と偏見');
    expect(titles.filter((t) => /[\u4e00-\u9fff]/.test(t)).length).toBeGreaterThanOrEqual(25);
  });

  it('prefers the 880 vernacular title and keeps the romanized one', () => {
    const r = rec(f, 313);
    expect(r.title).toBe('傲慢与偏见');
    expect(r.altTitle).toMatch(/^Ao man yu pian jian/i);
    expect(r.publisher).toBe('人民文学出版社');
    expect(r.authors).toContain('张玲');
  });

  it('maps a CNMARC-style UNIMARC record (200, 010, 210, 700/701)', () => {
    const r = rec(f, 312);
    expect(r).toMatchObject({ format: 'unimarc', title: '傲慢與偏見', isbn13: '9787020016334', isbn10: '7020016332', publisher: '人民文學出版社', year: 1993, price: 'CN6.00' });
    expect(r.authors).toEqual(['奧斯丁', '張揚', '張玲']);
  });

  it('reads 020 with qualifiers and turns ISBN-10 into ISBN-13', () => {
    const r = rec(f, 285);
    expect(r).toMatchObject({ isbn10: '1858131111', isbn13: '9781858131115', pages: 1098, year: 1993 });
    expect(r.warnings.join()).toContain('020');
  });
});

describe('marc4j-pride-and-prejudice-with-many-errors.mrc', () => {
  const f = parse('marc4j-pride-and-prejudice-with-many-errors.mrc');
  const fixed = parse('marc4j-pride-and-prejudice-fixed.mrc');

  it('takes what is sound: every record it takes equals the repaired file’s', () => {
    const key = (r: BookRecord) => [r.title, r.subtitle, r.authors, r.isbn13, r.publisher, r.year, r.format];
    for (const r of f.records) {
      if (!r.ok) continue;
      expect(key(r.record), `record ${r.index}`).toEqual(key(rec(fixed, r.index)));
    }
  });

  it('refuses text it cannot decode without guessing', () => {
    const encoding = refused(f).filter((r) => r.reason.startsWith('无法确定记录的字符编码'));
    expect(encoding.map((r) => r.index)).toEqual([93, 184, 238, 268, 291, 293, 296, 297, 298, 334, 337, 340, 356, 374, 382]);
  });

  it('refuses titles whose MARC-8 CJK lost its escapes', () => {
    const eacc = refused(f).filter((r) => r.reason.startsWith('题名含有丢失了转义符的 MARC-8 东亚字符'));
    expect(eacc).toHaveLength(29);
    expect(eacc.map((r) => r.index)).toContain(312);
  });

  it('reads MARC-8 text in records that claim UTF-8, with a warning', () => {
    const r = rec(f, 331);
    expect(r.encoding).toBe('marc-8');
    expect(r.publisher).toBe('Plaza & Janés');
    expect(r.warnings).toContain('记录头声明 UTF-8，但内容是 MARC-8（ANSEL），已按 MARC-8 转换');
    expect(rec(f, 17).price).toBe('£0.40 ($1.75 U.S.)');
  });

  it('recovers records whose directory lost a byte', () => {
    const r = rec(f, 265);
    expect(r.warnings).toContain('目录与字段数据不一致，已按字段结束符顺序读取字段');
    expect(r.isbn13).toBe(rec(fixed, 265).isbn13);
  });

  it('decodes the XML entities written into the fields', () => {
    expect(rec(f, 220).title).toBe('Pride & prejudice');
  });
});

describe('marc4j-chinese_mangled_multibyte.mrc', () => {
  const f = parse('marc4j-chinese_mangled_multibyte.mrc');

  it('refuses the MARC-8 EACC copies instead of garbling them', () => {
    for (const i of [1, 2]) {
      const r = at(f, i);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toBe('MARC-8 编码（含东亚字符集 EACC）暂不支持转换，请让供应商提供 UTF-8 或 GB18030 的记录');
    }
  });

  it('takes the UTF-8 copy with its 880 vernacular title (車輪滾滾, traditional in the file)', () => {
    const r = rec(f, 4);
    expect(r).toMatchObject({ encoding: 'utf-8', format: 'marc21', title: '車輪滾滾', altTitle: 'Che lun gun gun', isbn13: '9787884085620', isbn10: '7884085623', publisher: '齐鲁音像出版社', year: 2003, language: 'chi' });
    expect(r.authors).toContain('长春电影制片厂');
  });

  it('decodes the numeric character reference copy to the same record', () => {
    const ncr = rec(f, 3);
    expect(ncr.encoding).toBe('ascii');
    const { encoding: _a, ...a } = ncr;
    const { encoding: _b, ...b } = rec(f, 4);
    expect(a).toEqual(b);
  });
});

describe('single-record files', () => {
  it('OCLC Connexion UTF-8 export: 880 title, authors and publisher', () => {
    const r = rec(parse('marc4j-oclc_63111280_export_as_UTF8_from_connexion.mrc'), 1);
    expect(r).toMatchObject({ title: '日本民俗·信仰·藝能·與中國文化', authors: ['葉漢鰲'], publisher: '大新書局', year: 2005, pages: 332, isbn13: '9789867271037' });
  });

  it('broken leader positions 10/11: still read, MARC-8 Latin converted', () => {
    const r = rec(parse('marc4j-bad_leaders_10_11.mrc'), 1);
    expect(r).toMatchObject({ encoding: 'marc-8', title: 'Sammlung', isbn13: '9783926154781' });
    expect(r.subtitle).toContain('Düsseldorf');
  });

  it('Italian UNIMARC: non-sort marks removed, 700/702 names joined', () => {
    const r = rec(parse('pymarc-testunimarc.dat'), 1);
    expect(r).toMatchObject({ format: 'unimarc', encoding: 'utf-8', title: "L'altra faccia della spirale", isbn13: '9788804406822', publisher: 'A. Mondadori', year: 1996, pages: 201, language: 'ita' });
    expect(r.authors[0]).toBe('Asimov, Isaac');
  });

  it('UTF-8 MARC21 with leader flag', () => {
    expect(rec(parse('pymarc-utf8_with_leader_flag.dat'), 1)).toMatchObject({ title: 'Escape from loneliness', encoding: 'utf-8', pages: 192 });
  });

  it('plain-ASCII MARC-8 records are taken as ASCII', () => {
    const f = parse('pymarc-marc.dat');
    expect(ok(f).every((r) => r.encoding === 'ascii' && r.format === 'marc21')).toBe(true);
  });
});

describe('marcjs-bib: French UNIMARC', () => {
  const f = parse('marcjs-bib.mrc');

  it('decodes as UTF-8 although 100$a says ISO 646', () => {
    for (const r of ok(f)) {
      expect(r).toMatchObject({ format: 'unimarc', encoding: 'utf-8' });
      expect(r.warnings[0]).toMatch(/^100\$a 声明的字符集不是 Unicode，但内容是有效的 UTF-8/);
    }
    expect(rec(f, 3).title).toContain('16e siècle');
    expect(rec(f, 3).authors).toContain('Clément-Janin, Michel-Hilaire');
  });

  it('reads 995 items and 606 subjects', () => {
    expect(rec(f, 5).items.map((i) => i.callNumber)).toEqual(['0 A 10 (1)', '0 A 10 (2)']);
    expect(rec(f, 6).subjects).toEqual(['Gravure--France--16e siècle', 'Ornements (art)--France--16e siècle']);
  });

  it('gives the same records from the MARCXML twin', () => {
    const x = parse('marcjs-bib.xml');
    const strip = (r: BookRecord) => ({ ...r, warnings: [] });
    expect(ok(x).map(strip)).toEqual(ok(f).map(strip));
  });
});

describe('MARCXML', () => {
  it('chabon: same titles as the ISO 2709 twin', () => {
    const xml = ok(parse('marc4j-chabon.xml'));
    const mrc = ok(parse('marc4j-chabon.mrc'));
    expect(xml.map((r) => r.title)).toEqual(['The amazing adventures of Kavalier and Clay', 'Summerland']);
    expect(xml).toEqual(mrc.map((r) => ({ ...r, encoding: 'utf-8' })));
  });

  it('reads the marc: prefix', () => {
    expect(ok(parse('pymarc-batch.xml')).map((r) => r.title)).toEqual(['The Great Ray Charles', 'The White House']);
  });

  it('summerland', () => {
    expect(rec(parse('marc4j-summerland.xml'), 1)).toMatchObject({ title: 'Summerland', authors: ['Chabon, Michael'], isbn13: '9780786808779' });
  });

  it('survives broken XML', () => {
    const f = parseMarcXml('<collection><record><leader>00000nam a2200000 a 4500</leader><datafield tag="245" ind1="1" ind2="0"><subfield code="a">A &amp; B &bogus; <i>x</subfield></datafield><record><controlfield tag="001">x</controlfield></record><record/>');
    expect(f.records).toHaveLength(3);
    expect(rec(f, 1).title).toBe('A & B &bogus; x');
    expect(at(f, 2)).toMatchObject({ ok: false, reason: '缺少题名（MARC21 245$a），无法编目' });
    expect(at(f, 3)).toMatchObject({ ok: false, reason: '记录没有任何字段' });
  });
});

describe('pymarc-bad_records.mrc: damaged structure', () => {
  const f = parse('pymarc-bad_records.mrc');

  it('repairs what the data can vouch for', () => {
    expect(rec(f, 2).warnings).toEqual(['记录头中的基地址（99937）与目录实际结束位置（37）不符，已按实际位置读取']);
    expect(rec(f, 3).warnings).toEqual(['记录头中的基地址（0）与目录实际结束位置（37）不符，已按实际位置读取']);
    for (const i of [4, 5]) expect(rec(f, i).warnings).toContain('目录与字段数据不一致，已按字段结束符顺序读取字段');
    for (const i of [1, 2, 3, 4, 5, 8]) expect(rec(f, i)).toMatchObject({ title: 'The pragmatic programmer', subtitle: 'from journeyman to master' });
  });

  it('refuses the hopeless ones with a reason', () => {
    expect(at(f, 6)).toEqual({ index: 6, ok: false, reason: '记录头损坏：基地址不是数字（“f0037”）' });
    expect(at(f, 7)).toEqual({ index: 7, ok: false, reason: '记录没有任何字段' });
  });
});

describe('never throws', () => {
  const inputs: [string, Uint8Array][] = [
    ['empty', new Uint8Array()],
    ['garbage', Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)],
    ['only terminators', new Uint8Array([0x1d, 0x1d, 0x0d, 0x0a, 0x1d])],
    ['short', Buffer.from('00012nam\x1d')],
    ['leader only', Buffer.from('00024nam a2200025 a 4500\x1d')],
  ];
  it.each(inputs)('%s', (_name, buf) => {
    expect(() => parseMarcFile(buf)).not.toThrow();
  });

  it('every truncation of a real file', () => {
    const buf = read('marc4j-chabon.mrc');
    for (let n = 0; n < buf.length; n += 37) expect(() => parseMarcFile(buf.subarray(0, n))).not.toThrow();
  });

  it('tolerates CRLF between records and a missing final terminator', () => {
    const recs = read('marc4j-chabon.mrc').toString('latin1').split('\x1d').filter(Boolean);
    const f = parseMarcFile(Buffer.from(`${recs[0]}\x1d\r\n${recs[1]}`, 'latin1'));
    expect(ok(f).map((r) => r.title)).toEqual(['The amazing adventures of Kavalier and Clay', 'Summerland']);
    expect(rec(f, 2).warnings).toContain('文件末尾的记录缺少记录结束符（0x1D）');
  });
});
