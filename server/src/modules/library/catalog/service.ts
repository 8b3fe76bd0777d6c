import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, conflict, notFound } from '../../../platform/errors';
import { pinyinOf } from '../../../platform/pinyin';
import type { Services } from '../../../platform/services';
import { nowIso } from '../../../platform/time';
import { bookSearchText, getBook } from './repository';
import { CATEGORIES, isClcNumber, suggestCategory, topClass } from './clc';
import { parseIsbn } from './isbn';
import { LibraryPolicy } from '../policy';

export interface BookInput {
  title: string;
  subtitle?: string | null;
  authors?: string[];
  publisher?: string | null;
  year?: number | null;
  pages?: number | null;
  isbn?: string | null;
  clc?: string | null;
  category?: string | null;
  series?: string | null;
  tags?: string[];
  summary?: string | null;
  coverUrl?: string | null;
  onlineUrl?: string | null;
}

const TAGS = new Set(['必学', '推荐']);

function checkedFields(input: BookInput) {
  let isbn13: string | null = null;
  let isbn10: string | null = null;
  if (input.isbn?.trim()) {
    const p = parseIsbn(input.isbn);
    if (!p.ok) throw badRequest(`ISBN 无效：${p.reason}`);
    isbn13 = p.isbn13;
    isbn10 = p.isbn10 ?? null;
  }
  const clc = input.clc?.trim() || null;
  if (clc && !isClcNumber(clc)) throw badRequest(`中图法分类号“${clc}”格式不正确，例如 D616、F323.8、TP312`);
  const category = input.category?.trim() || suggestCategory(clc, input.title);
  if (!(CATEGORIES as readonly string[]).includes(category)) throw badRequest(`图书类别应为：${CATEGORIES.join('、')}`);
  for (const t of input.tags ?? []) if (!TAGS.has(t)) throw badRequest('标签只能是“必学”或“推荐”');
  for (const u of [input.coverUrl, input.onlineUrl]) if (u && !/^https?:\/\//i.test(u)) throw badRequest('链接须以 http:// 或 https:// 开头');
  return { isbn13, isbn10, clc, clcClass: topClass(clc), category };
}

/** The catalog columns of a book, from checked input: one mapping for create and update. */
function bookColumns(input: BookInput, f: ReturnType<typeof checkedFields>) {
  const authors = (input.authors ?? []).map((a) => a.trim()).filter(Boolean).join('；');
  return {
    title: input.title.trim(),
    subtitle: input.subtitle?.trim() || null,
    authors,
    publisher: input.publisher?.trim() || null,
    pub_year: input.year ?? null,
    pages: input.pages ?? null,
    isbn13: f.isbn13,
    isbn10: f.isbn10,
    clc: f.clc,
    clc_class: f.clcClass,
    category: f.category,
    series: input.series?.trim() || null,
    tags: (input.tags ?? []).join(','),
    summary: input.summary?.trim() || null,
    cover_url: input.coverUrl || null,
    online_url: input.onlineUrl || null,
    title_initials: pinyinOf(input.title).initials,
    search_text: bookSearchText({ title: input.title, subtitle: input.subtitle, authors, series: input.series, isbn13: f.isbn13, isbn10: f.isbn10 }),
  };
}

export async function createBook(svc: Services, auth: AuthContext, input: BookInput) {
  await svc.guard.authorize(auth, LibraryPolicy.catalog);
  const f = checkedFields(input);
  if (f.isbn13) {
    const dup = await svc.db.selectFrom('books').select(['id', 'title']).where('isbn13', '=', f.isbn13).executeTakeFirst();
    if (dup) throw badRequest(`ISBN ${f.isbn13} 已在馆藏目录中（《${dup.title}》），请为它添加馆藏册`, { bookId: dup.id });
  }
  const now = nowIso();
  return svc.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('books')
      .values({
        ...bookColumns(input, f),
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await svc.audit.record(trx, auth.actor(), { action: 'book.create', entity: 'book', entityId: id, detail: { title: input.title, isbn13: f.isbn13 } });
    return id;
  });
}

export async function updateBook(svc: Services, auth: AuthContext, id: number, version: number, input: BookInput) {
  await svc.guard.authorize(auth, LibraryPolicy.catalog);
  const book = await getBook(svc.db, id);
  if (!book) throw notFound('找不到这本书');
  const f = checkedFields(input);
  if (f.isbn13 && f.isbn13 !== book.isbn13) {
    const dup = await svc.db.selectFrom('books').select(['id', 'title']).where('isbn13', '=', f.isbn13).executeTakeFirst();
    if (dup) throw badRequest(`ISBN ${f.isbn13} 已属于《${dup.title}》`);
  }
  await svc.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('books')
      .set({
        ...bookColumns(input, f),
        updated_at: nowIso(),
        version: version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'book.update', entity: 'book', entityId: id, detail: { title: input.title } });
  });
}

export async function createLocation(svc: Services, auth: AuthContext, input: { unitId: number; name: string; kind: 'room' | 'corner' }) {
  await svc.guard.authorize(auth, LibraryPolicy.catalog);
  const unit = await svc.db.selectFrom('units').select(['id', 'path']).where('id', '=', input.unitId).executeTakeFirst();
  if (!unit) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, LibraryPolicy.catalog, { unitPath: unit.path }, '该单位不在您的管理范围内');
  return svc.db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('locations').values({ unit_id: unit.id, name: input.name.trim(), kind: input.kind, created_at: nowIso(), version: 1 }).returning('id').executeTakeFirstOrThrow();
    await svc.audit.record(trx, auth.actor(), { action: 'location.create', entity: 'location', entityId: id, detail: input });
    return id;
  });
}

export async function addCopy(
  svc: Services,
  auth: AuthContext,
  bookId: number,
  input: { barcode: string; locationId: number; shelf?: string | null; source?: 'purchase' | 'donation'; donor?: string | null; acquiredOn?: string | null; price?: number | null },
) {
  await svc.guard.authorize(auth, LibraryPolicy.catalog);
  const book = await getBook(svc.db, bookId);
  if (!book) throw notFound('找不到这本书');
  const loc = await svc.db.selectFrom('locations').innerJoin('units', 'units.id', 'locations.unit_id').select(['locations.id', 'units.path']).where('locations.id', '=', input.locationId).executeTakeFirst();
  if (!loc) throw notFound('找不到该馆藏地点');
  await svc.guard.authorize(auth, LibraryPolicy.catalog, { unitPath: loc.path }, '该馆藏地点不在您的管理范围内');
  const barcode = input.barcode.trim().toUpperCase();
  if (!/^[A-Z0-9-]{3,40}$/.test(barcode)) throw badRequest('条码（登录号）只能由字母、数字和短横线组成，3 到 40 位');
  const dup = await svc.db.selectFrom('copies').select('id').where('barcode', '=', barcode).executeTakeFirst();
  if (dup) throw badRequest(`条码 ${barcode} 已被其他馆藏册使用`);
  return svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const { id } = await trx
      .insertInto('copies')
      .values({
        book_id: bookId,
        barcode,
        location_id: loc.id,
        shelf: input.shelf?.trim() || null,
        status: 'available',
        source: input.source ?? 'purchase',
        donor: input.source === 'donation' ? (input.donor?.trim() ?? null) : null,
        acquired_on: input.acquiredOn ?? now.slice(0, 10),
        price_cents: input.price === null || input.price === undefined ? null : Math.round(input.price * 100),
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await svc.audit.record(trx, auth.actor(), { action: 'copy.create', entity: 'copy', entityId: id, detail: { bookId, barcode } });
    return id;
  });
}
