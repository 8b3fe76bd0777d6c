import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseMarcFile } from './marc';

// A CNMARC record as Chinese suppliers deliver it: UNIMARC structure, GB18030 bytes,
// directory lengths counted in bytes, records separated by CRLF.

type Field = [tag: string, content: string];

function iso2709(fields: Field[], encode: (s: string) => Buffer): Buffer {
  const bodies = fields.map(([tag, content]) => {
    const isControl = /^00\d$/.test(tag);
    return encode(`${isControl ? content : content.replace(/\$/g, '\x1f')}\x1e`);
  });
  let start = 0;
  const dir = fields
    .map(([tag], i) => {
      const entry = `${tag}${String(bodies[i].length).padStart(4, '0')}${String(start).padStart(5, '0')}`;
      start += bodies[i].length;
      return entry;
    })
    .join('');
  const base = 24 + dir.length + 1;
  const total = base + start + 1;
  const leader = `${String(total).padStart(5, '0')}nam0 22${String(base).padStart(5, '0')}   450 `;
  return Buffer.concat([Buffer.from(`${leader}${dir}\x1e`, 'latin1'), ...bodies, Buffer.from([0x1d])]);
}

const FIELDS: Field[] = [
  ['001', '012024000123'],
  ['010', '  $a978-7-01-012345-5$b平装$dCNY45.00'],
  ['100', '  $a20240301d2024    em y0chiy50      ea'],
  ['101', '0 $achi'],
  ['200', '1 $a习近平新时代中国特色社会主义思想学习纲要$e学习参考$f中共中央宣传部编'],
  ['210', '  $a北京$c学习出版社$d2019'],
  ['215', '  $a256页$d21cm'],
  ['225', '2 $a理论学习丛书'],
  ['330', '  $a本书分为二十个专题，系统阐述了新时代中国特色社会主义思想。'],
  ['606', '0 $a习近平新时代中国特色社会主义思想$x学习参考资料'],
  ['690', '  $aD610.0$v5'],
  ['701', ' 0$a张$b三$4著'],
  ['712', '02$a中共中央宣传部$4编'],
  ['905', '  $a镇党建办$b00012345$dD610.0$e12'],
  ['995', '  $f00012346$kD610.0/12$e三楼阅览室'],
  ['995', '  $f00012347$kD610.0/12$e书香角'],
];

const gb = (s: string) => iconv.encode(s, 'gb18030');
const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('GB18030 CNMARC', () => {
  const one = iso2709(FIELDS, gb);

  it('has byte lengths in its directory that differ from character lengths', () => {
    // The test record itself: 200 holds 29 Chinese characters, 2 bytes each in GB18030.
    expect(one.length).toBeGreaterThan(iso2709(FIELDS, (s) => Buffer.from(s, 'latin1')).length);
  });

  it('round-trips with Chinese title, 690 CLC, 010 ISBN and 995/905 items', () => {
    const { records } = parseMarcFile(one);
    expect(records).toHaveLength(1);
    const r = records[0];
    if (!r.ok) throw new Error(r.reason);
    expect(r.record).toEqual({
      title: '习近平新时代中国特色社会主义思想学习纲要',
      subtitle: '学习参考',
      authors: ['张三', '中共中央宣传部'],
      publisher: '学习出版社',
      year: 2019,
      pages: 256,
      isbn13: '9787010123455',
      isbn10: '7010123454',
      clc: 'D610.0',
      series: '理论学习丛书',
      summary: '本书分为二十个专题，系统阐述了新时代中国特色社会主义思想。',
      subjects: ['习近平新时代中国特色社会主义思想--学习参考资料'],
      language: 'chi',
      price: 'CNY45.00',
      items: [
        { barcode: '00012345', callNumber: 'D610.0/12', location: '镇党建办', price: 'CNY45.00' },
        { barcode: '00012346', callNumber: 'D610.0/12', location: '三楼阅览室', price: 'CNY45.00' },
        { barcode: '00012347', callNumber: 'D610.0/12', location: '书香角', price: 'CNY45.00' },
      ],
      format: 'unimarc',
      encoding: 'gb18030',
      // 100$a/26-27 says 50 (Unicode), as it often does, yet the bytes are GB18030.
      warnings: ['记录声明为 UTF-8，但内容是 GB18030/GBK，已按 GB18030 读取'],
    });
  });

  it('reads several records separated by CRLF, each decided on its own', () => {
    const buf = Buffer.concat([one, Buffer.from('\r\n'), iso2709(FIELDS, utf8), Buffer.from('\r\n'), one, Buffer.from('\r\n')]);
    const { records } = parseMarcFile(buf);
    expect(records.map((r) => (r.ok ? [r.index, r.record.encoding, r.record.title] : r.reason))).toEqual([
      [1, 'gb18030', '习近平新时代中国特色社会主义思想学习纲要'],
      [2, 'utf-8', '习近平新时代中国特色社会主义思想学习纲要'],
      [3, 'gb18030', '习近平新时代中国特色社会主义思想学习纲要'],
    ]);
  });

  it('refuses a record that is neither UTF-8 nor GB18030 rather than garble it', () => {
    // Latin-1 "Östersund" followed by a letter: GBK would read a rare ideograph.
    const latin1Fields: Field[] = [
      ['100', '  $a20240301d2024    em y0chiy50      ea'],
      ['200', '1 $aÖstersund'],
    ];
    const { records } = parseMarcFile(iso2709(latin1Fields, (s) => Buffer.from(s, 'latin1')));
    expect(records[0]).toEqual({
      index: 1,
      ok: false,
      reason: '无法确定记录的字符编码（记录声明为 UTF-8，但内容既不是 UTF-8，也不是 GB18030），为避免乱码未导入',
    });
  });

  it('falls back to the field terminators when the directory counts characters instead of bytes', () => {
    // A supplier bug: lengths in characters. The data still ends each field with 0x1E.
    const wrong = iso2709(FIELDS, gb).toString('latin1');
    const dirEnd = wrong.indexOf('\x1e');
    let start = 0;
    const dir = FIELDS.map(([tag, content]) => {
      const len = (content.replace(/\$/g, '\x1f') + '\x1e').length;
      const e = `${tag}${String(len).padStart(4, '0')}${String(start).padStart(5, '0')}`;
      start += len;
      return e;
    }).join('');
    const broken = Buffer.from(wrong.slice(0, 24) + dir + wrong.slice(dirEnd), 'latin1');
    const r = parseMarcFile(broken).records[0];
    if (!r.ok) throw new Error(r.reason);
    expect(r.record.title).toBe('习近平新时代中国特色社会主义思想学习纲要');
    expect(r.record.clc).toBe('D610.0');
    expect(r.record.items).toHaveLength(3);
    expect(r.record.warnings).toContain('目录与字段数据不一致，已按字段结束符顺序读取字段');
  });
});
