// Imports of supplier records (MARC ISO 2709, MARCXML) and of the office's own
// Excel lists into the catalog. Each record is taken in a transaction of its
// own: a broken record never stops the rest and never leaves half a book.
// Books are matched by ISBN (else by title + first author + publisher + year)
// and copies by barcode, so importing the same file twice adds nothing.
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, notFound } from '../../../platform/errors';
import { pinyinOf } from '../../../platform/pinyin';
import type { Services } from '../../../platform/services';
import { nowIso } from '../../../platform/time';
import { buildXlsx, readXlsxRows } from '../../../platform/xlsx';
import { bookByIsbn, bookSearchText, insertBook, insertCopy } from '../catalog/repository';
import { copyOwner, locationsWithPaths, sameBookWithoutIsbn } from './repository';
import { LibraryPolicy } from '../policy';
import { CATEGORIES, isClcNumber, suggestCategory, topClass } from '../catalog/clc';
import { parseIsbn } from '../catalog/isbn';
import { parseMarcFile, parseMarcXml, type BookRecord, type ParsedRecord } from './marc';

export type Outcome = 'taken' | 'merged' | 'unchanged' | 'refused';

export interface RecordReport {
  index: number;
  outcome: Outcome;
  title?: string;
  isbn13?: string;
  bookId?: number;
  copiesAdded: number;
  reason?: string;
  warnings: string[];
}

export interface ImportReport {
  format: 'marc' | 'marcxml' | 'xlsx';
  total: number;
  taken: number;
  merged: number;
  unchanged: number;
  refused: number;
  copiesAdded: number;
  records: RecordReport[];
}

/** Extra fields an Excel row carries beyond what MARC gives. */
interface Extra {
  category?: string;
  tags?: string[];
  shelf?: string;
  source?: 'purchase' | 'donation';
  donor?: string;
}

export function detectFormat(filename: string, buf: Buffer): ImportReport['format'] {
  if (buf.subarray(0, 2).toString('latin1') === 'PK') return 'xlsx';
  const head = buf.subarray(0, 200).toString('utf8').trimStart();
  if (/\.xml$/i.test(filename) || head.startsWith('<?xml') || head.startsWith('<collection') || head.startsWith('<marc:') || head.startsWith('<record')) return 'marcxml';
  return 'marc';
}

async function resolveLocation(svc: Services, auth: AuthContext, opts: { locationId?: number; locationName?: string }) {
  const rows = await locationsWithPaths(svc.db);
  const mayCatalog = await svc.guard.admits(auth, LibraryPolicy.catalog);
  const mine = rows.filter((l) => mayCatalog({ unitPath: l.path }));
  let chosen: (typeof rows)[number] | undefined;
  if (opts.locationId) chosen = mine.find((l) => l.id === opts.locationId);
  else if (opts.locationName) chosen = mine.find((l) => l.name === opts.locationName);
  if ((opts.locationId || opts.locationName) && !chosen) throw notFound(`找不到馆藏地点“${opts.locationName ?? opts.locationId}”，或它不在您的管理范围内`);
  return { default: chosen, byName: new Map(mine.map((l) => [l.name, l.id])) };
}

async function takeRecord(svc: Services, auth: AuthContext, index: number, rec: BookRecord, extra: Extra, locations: Awaited<ReturnType<typeof resolveLocation>>): Promise<RecordReport> {
  const warnings = [...rec.warnings];
  const title = rec.title?.trim();
  if (!title) return { index, outcome: 'refused', reason: '缺少题名', copiesAdded: 0, warnings };
  const clc = rec.clc && isClcNumber(rec.clc) ? rec.clc : null;
  if (rec.clc && !clc) warnings.push(`中图法分类号“${rec.clc}”格式不正确，未采用`);
  let category = extra.category?.trim() || suggestCategory(clc, title);
  if (!(CATEGORIES as readonly string[]).includes(category)) {
    warnings.push(`类别“${category}”无效，已按分类号建议`);
    category = suggestCategory(clc, title);
  }
  const authors = rec.authors.join('；');

  return svc.db.transaction().execute(async (trx) => {
    let book: { id: number } | undefined = rec.isbn13 ? await bookByIsbn(trx, rec.isbn13) : undefined;
    if (!book && !rec.isbn13) book = await sameBookWithoutIsbn(trx, { title, authors, publisher: rec.publisher, year: rec.year });
    const existed = Boolean(book);
    if (!book) {
      const now = nowIso();
      book = {
        id: await insertBook(trx, {
          title,
          subtitle: rec.subtitle ?? null,
          authors,
          publisher: rec.publisher ?? null,
          pub_year: rec.year ?? null,
          pages: rec.pages ?? null,
          isbn13: rec.isbn13 ?? null,
          isbn10: rec.isbn10 ?? null,
          clc,
          clc_class: topClass(clc),
          category,
          series: rec.series ?? null,
          tags: (extra.tags ?? []).join(','),
          summary: rec.summary ?? null,
          cover_url: null,
          online_url: null,
          title_initials: pinyinOf(title).initials,
          search_text: bookSearchText({ title, subtitle: rec.subtitle, authors, series: rec.series, isbn13: rec.isbn13, isbn10: rec.isbn10 }),
          created_at: now,
          updated_at: now,
          version: 1,
        }),
      };
    }

    let copiesAdded = 0;
    for (const item of rec.items) {
      const barcode = item.barcode?.trim().toUpperCase();
      if (!barcode) {
        warnings.push('馆藏字段缺少条码，未建册');
        continue;
      }
      if (!/^[A-Z0-9-]{3,40}$/.test(barcode)) {
        warnings.push(`条码“${barcode}”格式不正确，未建册`);
        continue;
      }
      const same = await copyOwner(trx, barcode);
      if (same) {
        if (same.book_id !== book.id) warnings.push(`条码 ${barcode} 已属于另一种书，未建册`);
        continue;
      }
      const locationId = (item.location && locations.byName.get(item.location)) || locations.default?.id;
      if (!locationId) {
        warnings.push(`条码 ${barcode}：未指定馆藏地点，未建册（导入时请选择馆藏地点）`);
        continue;
      }
      const price = item.price ? Number(String(item.price).replace(/[^\d.]/g, '')) : NaN;
      const now = nowIso();
      await insertCopy(trx, {
          book_id: book.id,
          barcode,
          location_id: locationId,
          shelf: extra.shelf ?? item.callNumber ?? null,
          status: 'available',
          source: extra.source ?? 'purchase',
          donor: extra.source === 'donation' ? (extra.donor ?? null) : null,
          acquired_on: now.slice(0, 10),
          price_cents: Number.isFinite(price) && price > 0 ? Math.round(price * 100) : null,
          created_at: now,
          updated_at: now,
          version: 1,
      });
      copiesAdded++;
    }
    const outcome: Outcome = !existed ? 'taken' : copiesAdded > 0 ? 'merged' : 'unchanged';
    if (outcome !== 'unchanged') {
      await svc.audit.record(trx, auth.actor(), { action: `book.import.${outcome}`, entity: 'book', entityId: book.id, detail: { title, isbn13: rec.isbn13 ?? null, copiesAdded } });
    }
    return { index, outcome, title, isbn13: rec.isbn13, bookId: book.id, copiesAdded, warnings };
  });
}

async function runRecords(svc: Services, auth: AuthContext, format: ImportReport['format'], parsed: { index: number; rec?: BookRecord; reason?: string; extra?: Extra }[], loc: { locationId?: number; locationName?: string }) {
  await svc.guard.authorize(auth, LibraryPolicy.catalog);
  const locations = await resolveLocation(svc, auth, loc);
  const records: RecordReport[] = [];
  for (const p of parsed) {
    if (!p.rec) {
      records.push({ index: p.index, outcome: 'refused', reason: p.reason ?? '无法读取', copiesAdded: 0, warnings: [] });
      continue;
    }
    try {
      records.push(await takeRecord(svc, auth, p.index, p.rec, p.extra ?? {}, locations));
    } catch (e) {
      records.push({ index: p.index, outcome: 'refused', title: p.rec.title, reason: `写入失败：${(e as Error).message}`, copiesAdded: 0, warnings: [] });
    }
  }
  const count = (o: Outcome) => records.filter((r) => r.outcome === o).length;
  return {
    format,
    total: records.length,
    taken: count('taken'),
    merged: count('merged'),
    unchanged: count('unchanged'),
    refused: count('refused'),
    copiesAdded: records.reduce((n, r) => n + r.copiesAdded, 0),
    records,
  } satisfies ImportReport;
}

export const BOOK_COLUMNS = ['题名', '副题名', '作者', '出版社', '出版年', '页数', 'ISBN', '中图法分类号', '类别', '丛书', '标签', '简介', '条码', '馆藏地点', '书架', '来源', '捐赠人', '价格'] as const;

export function booksTemplate(): Promise<Buffer> {
  return buildXlsx([
    { name: '图书与馆藏', columns: BOOK_COLUMNS.map((h) => ({ header: h === '题名' ? `${h}*` : h, key: h, width: h === '题名' || h === '简介' ? 30 : 14 })), rows: [] },
    {
      name: '填写说明',
      columns: [
        { header: '列', key: 'c', width: 14 },
        { header: '说明', key: 'n', width: 80 },
      ],
      rows: [
        { c: '每行', n: '一册书（一个条码）。同一种书有几册就填几行，书目信息相同即可；只编目不建册时条码留空。' },
        { c: '题名*', n: '必填' },
        { c: '作者', n: '多位作者用“；”或“,”分隔' },
        { c: 'ISBN', n: '10 位或 13 位，校验位须正确；同一 ISBN 的书只建一条书目，其余行只添加馆藏册' },
        { c: '类别', n: `${CATEGORIES.join('、')}；留空则按中图法分类号自动建议` },
        { c: '标签', n: '必学、推荐，可都填，用逗号分隔' },
        { c: '馆藏地点', n: '系统中已有的阅览室或图书角名称；留空则用导入时选择的地点' },
        { c: '来源', n: '采购 或 捐赠' },
        { c: '重复导入', n: '同一文件再次导入不会重复添加：书目按 ISBN 对应，馆藏册按条码对应' },
      ],
    },
  ]);
}

async function parseXlsxBooks(buf: Buffer) {
  const rows = await readXlsxRows(buf);
  if (rows.length === 0) throw badRequest('文件是空的');
  const header = rows[0].cells.map((c) => c.replace(/\*$/, '').trim());
  const col = new Map(header.map((h, i) => [h, i]));
  if (!col.has('题名')) throw badRequest('表头缺少“题名”列（请使用系统提供的模板）');
  const get = (cells: string[], h: string) => (col.has(h) ? (cells[col.get(h)!] ?? '').trim() : '');
  return rows.slice(1).map(({ rowNumber, cells }) => {
    const problems: string[] = [];
    const isbnText = get(cells, 'ISBN');
    let isbn13: string | undefined;
    let isbn10: string | undefined;
    if (isbnText) {
      const p = parseIsbn(isbnText);
      if (p.ok) {
        isbn13 = p.isbn13;
        isbn10 = p.isbn10;
      } else problems.push(`ISBN 无效：${p.reason}`);
    }
    const year = get(cells, '出版年') ? Number(get(cells, '出版年').slice(0, 4)) : undefined;
    if (year !== undefined && !(year > 1800 && year < 2100)) problems.push(`出版年“${get(cells, '出版年')}”无效`);
    const pages = get(cells, '页数') ? Number(get(cells, '页数')) : undefined;
    const sourceText = get(cells, '来源');
    if (sourceText && sourceText !== '采购' && sourceText !== '捐赠') problems.push(`来源“${sourceText}”应为 采购 或 捐赠`);
    const tags = get(cells, '标签').split(/[,，、\s]+/).filter(Boolean);
    if (tags.some((t) => t !== '必学' && t !== '推荐')) problems.push('标签只能是 必学、推荐');
    if (problems.length) return { index: rowNumber, reason: problems.join('；') };
    const rec: BookRecord = {
      title: get(cells, '题名'),
      subtitle: get(cells, '副题名') || undefined,
      authors: get(cells, '作者').split(/[；;,，]+/).map((a) => a.trim()).filter(Boolean),
      publisher: get(cells, '出版社') || undefined,
      year,
      pages: pages && Number.isInteger(pages) ? pages : undefined,
      isbn13,
      isbn10,
      clc: get(cells, '中图法分类号') || undefined,
      series: get(cells, '丛书') || undefined,
      summary: get(cells, '简介') || undefined,
      subjects: [],
      items: get(cells, '条码') ? [{ barcode: get(cells, '条码'), location: get(cells, '馆藏地点') || undefined, price: get(cells, '价格') || undefined }] : [],
      format: 'marc21',
      encoding: 'utf-8',
      warnings: [],
    };
    const extra: Extra = {
      category: get(cells, '类别') || undefined,
      tags,
      shelf: get(cells, '书架') || undefined,
      source: sourceText === '捐赠' ? 'donation' : 'purchase',
      donor: get(cells, '捐赠人') || undefined,
    };
    return { index: rowNumber, rec, extra };
  });
}

/** Imports a file of any supported kind; the report says per record what happened and why. */
export async function importBooks(svc: Services, auth: AuthContext, filename: string, buf: Buffer, loc: { locationId?: number; locationName?: string }): Promise<ImportReport> {
  const format = detectFormat(filename, buf);
  if (format === 'xlsx') return runRecords(svc, auth, format, await parseXlsxBooks(buf), loc);
  // An ISO 2709 record opens with its length in five digits: anything else is not a MARC file at all.
  if (format === 'marc' && !/^\s*\d{5}/.test(buf.subarray(0, 16).toString('latin1'))) {
    throw badRequest('无法识别的文件：请上传 MARC（ISO 2709）、MARCXML 或图书导入模板（.xlsx）');
  }
  const parsed: ParsedRecord[] = format === 'marcxml' ? parseMarcXml(buf).records : parseMarcFile(buf).records;
  return runRecords(
    svc,
    auth,
    format,
    parsed.map((p) => (p.ok ? { index: p.index, rec: p.record } : { index: p.index, reason: p.reason })),
    loc,
  );
}
