import { describe, expect, it } from 'vitest';
import { normalizeIsbn, parseIsbn } from './isbn';

describe('parseIsbn', () => {
  const valid: [string, string, string | undefined][] = [
    // input as found in 020$a / 010$a / typed, ISBN-13, ISBN-10
    ['9787884085620', '9787884085620', '7884085623'],
    ['7884085623', '9787884085620', '7884085623'],
    ['978-7-01-012345-5 : CNY45.00', '9787010123455', '7010123454'],
    ['0192815253 (pbk.) :', '9780192815255', '0192815253'],
    ['0-394-60758-9', '9780394607580', '0394607589'],
    ['7-5442-1236-X/I·123', '9787544212366', '754421236X'],
    ['7-5063-3335-x', '9787506333351', '750633335X'],
    ['ISBN 978-7-02-004017-9', '9787020040179', '7020040179'],
    ['ISBN-13: 978 7 02 004017 9', '9787020040179', '7020040179'],
    ['９７８－７－０２－００４０１７－９', '9787020040179', '7020040179'],
    ['0192815253 2005', '9780192815255', '0192815253'],
    ['979-10-90636-07-1', '9791090636071', undefined],
  ];
  it.each(valid)('%s', (input, isbn13, isbn10) => {
    const r = parseIsbn(input);
    expect(r).toEqual(isbn10 ? { ok: true, isbn13, isbn10 } : { ok: true, isbn13 });
  });

  const invalid: [string | null, string][] = [
    [null, '没有 ISBN'],
    ['   ', '没有 ISBN'],
    ['(pbk.)', '没有找到 ISBN 号码：“(pbk.)”'],
    ['9787884085621', 'ISBN-13 校验位错误：9787884085621 的校验位应为 0'],
    ['7884085624', 'ISBN-10 校验位错误：7884085624 的校验位应为 3'],
    ['9777884085620', 'ISBN-13 应以 978 或 979 开头：9777884085620'],
    ['12345', 'ISBN 位数不对：应为 10 位或 13 位，实际 5 位（12345）'],
    ['X123456789', '没有找到 ISBN 号码：“X123456789”'],
  ];
  it.each(invalid)('%s is refused', (input, reason) => {
    expect(parseIsbn(input)).toEqual({ ok: false, reason });
  });

  it('normalizeIsbn gives null for invalid ones', () => {
    expect(normalizeIsbn('7884085624')).toBeNull();
    expect(normalizeIsbn('7884085623')).toEqual({ isbn13: '9787884085620', isbn10: '7884085623' });
  });
});
