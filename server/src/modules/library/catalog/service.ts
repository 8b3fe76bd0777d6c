import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, conflict, notFound } from '../../../platform/errors';
import { pinyinOf } from '../../../platform/pinyin';
import { publicBase } from '../../../platform/publicurl';
import type { Services } from '../../../platform/services';
import { nowIso, todayLocal } from '../../../platform/time';
import { sendXlsx } from '../../../platform/xlsx';
import * as repo from './repository';
import { bookSearchText, getBook, type BookFilter } from './repository';
import { CATEGORIES, CLC_CLASSES, isClcNumber, suggestCategory, topClass } from './clc';
import { parseIsbn } from './isbn';
import { labelSheet } from './labels';
import { COPY_STATUS, holdRefusal } from '../circulation/service';
import { booksTemplate, importBooks } from '../imports/service';
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
    const dup = await repo.bookByIsbn(svc.db, f.isbn13);
    if (dup) throw badRequest(`ISBN ${f.isbn13} 已在馆藏目录中（《${dup.title}》），请为它添加馆藏册`, { bookId: dup.id });
  }
  const now = nowIso();
  return svc.db.transaction().execute(async (trx) => {
    const id = await repo.insertBook(trx, { ...bookColumns(input, f), created_at: now, updated_at: now, version: 1 });
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
    const dup = await repo.bookByIsbn(svc.db, f.isbn13);
    if (dup) throw badRequest(`ISBN ${f.isbn13} 已属于《${dup.title}》`);
  }
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.updateBookAt(trx, id, version, { ...bookColumns(input, f), updated_at: nowIso(), version: version + 1 }))) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'book.update', entity: 'book', entityId: id, detail: { title: input.title } });
  });
}

export async function createLocation(svc: Services, auth: AuthContext, input: { unitId: number; name: string; kind: 'room' | 'corner' }) {
  await svc.guard.authorize(auth, LibraryPolicy.catalog);
  const unit = await repo.unitPathOf(svc.db, input.unitId);
  if (!unit) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, LibraryPolicy.catalog, { unitPath: unit.path }, '该单位不在您的管理范围内');
  return svc.db.transaction().execute(async (trx) => {
    const id = await repo.insertLocation(trx, { unit_id: unit.id, name: input.name.trim(), kind: input.kind, created_at: nowIso(), version: 1 });
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
  const loc = await repo.locationPath(svc.db, input.locationId);
  if (!loc) throw notFound('找不到该馆藏地点');
  await svc.guard.authorize(auth, LibraryPolicy.catalog, { unitPath: loc.path }, '该馆藏地点不在您的管理范围内');
  const barcode = input.barcode.trim().toUpperCase();
  if (!/^[A-Z0-9-]{3,40}$/.test(barcode)) throw badRequest('条码（登录号）只能由字母、数字和短横线组成，3 到 40 位');
  const dup = await repo.copyByExactBarcode(svc.db, barcode);
  if (dup) throw badRequest(`条码 ${barcode} 已被其他馆藏册使用`);
  return svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const id = await repo.insertCopy(trx, {
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
    });
    await svc.audit.record(trx, auth.actor(), { action: 'copy.create', entity: 'copy', entityId: id, detail: { bookId, barcode } });
    return id;
  });
}

// ── What the routes call (one call per handler) ──

export const categories = () => ({ categories: [...CATEGORIES], clcClasses: { ...CLC_CLASSES } });

const splitTags = (t: string) => (t ? t.split(',').filter(Boolean) : []);

type BookRow = { id: number; title: string; subtitle: string | null; authors: string; publisher: string | null; pub_year: number | null; isbn13: string | null; clc: string | null; category: string; tags: string; cover_url: string | null; version: number };

/** The summary of a book that lists and the detail page share. */
function presentBook(b: BookRow, copies: number, available: number) {
  return {
    id: b.id,
    title: b.title,
    subtitle: b.subtitle,
    authors: b.authors,
    publisher: b.publisher,
    year: b.pub_year,
    isbn13: b.isbn13,
    clc: b.clc,
    category: b.category,
    tags: splitTags(b.tags),
    coverUrl: b.cover_url,
    copies,
    available,
    version: b.version,
  };
}

/** One page of the catalog search. */
export async function bookPage(svc: Services, filter: BookFilter) {
  const r = await repo.searchBooks(svc.db, svc.handle.dialect, filter);
  return {
    total: r.total,
    capped: r.capped,
    items: r.items.map((b) => presentBook(b, Number(b.copies ?? 0), Number(b.available ?? 0))),
  };
}

/** A book's page: its copies with their due dates, the hold queue, and the caller's own loan, hold and 预约. */
export async function bookDetail(svc: Services, auth: AuthContext, id: number) {
  const b = await getBook(svc.db, id);
  if (!b) throw notFound('找不到这本书');
  const copies = await repo.copiesOfBook(svc.db, b.id);
  const loans = await repo.openLoansOfCopies(svc.db, copies.map((c) => c.id));
  const holds = await repo.activeHoldsOfBook(svc.db, b.id);
  const mineIdx = holds.findIndex((h) => h.member_id === auth.user.memberId);
  const visible = copies.filter((c) => c.status !== 'withdrawn');
  // A copy of this book the caller has out: the page says so and offers no 预约 (issue 11 item 7).
  const mine = loans.find((l) => auth.user.memberId !== null && l.member_id === auth.user.memberId);
  const myLoan = mine ? { barcode: copies.find((c) => c.id === mine.copy_id)?.barcode ?? '', dueOn: mine.due_on } : null;
  const canHold = auth.user.memberId ? (await holdRefusal(svc, auth.user.memberId, b.id).catch(() => '不能预约')) === null : false;
  return {
    book: {
      ...presentBook(
        b,
        visible.filter((c) => c.status !== 'lost').length,
        copies.filter((c) => c.status === 'available').length,
      ),
      isbn10: b.isbn10,
      series: b.series,
      summary: b.summary,
      onlineUrl: b.online_url,
      pages: b.pages,
    },
    copies: visible.map((c) => ({
      id: c.id,
      barcode: c.barcode,
      status: c.status,
      statusLabel: COPY_STATUS[c.status as keyof typeof COPY_STATUS] ?? c.status,
      location: c.location_name,
      locationId: c.location_id,
      shelf: c.shelf,
      source: c.source,
      donor: c.donor,
      dueOn: loans.find((l) => l.copy_id === c.id)?.due_on ?? null,
    })),
    queue: holds.filter((h) => h.status === 'waiting').length,
    myHold: mineIdx >= 0 ? { id: holds[mineIdx].id, status: holds[mineIdx].status, position: mineIdx + 1, expiresOn: holds[mineIdx].expires_on } : null,
    myLoan,
    canHold,
  };
}

/** An uploaded MARC, MARCXML or .xlsx file of books, imported with a report per record. */
export async function importUpload(svc: Services, auth: AuthContext, req: FastifyRequest, locationId: number | undefined) {
  const file = await req.file();
  if (!file) throw badRequest('请上传文件');
  return importBooks(svc, auth, file.filename, await file.toBuffer(), { locationId });
}

export const sendImportTemplate = async (reply: FastifyReply) => sendXlsx(reply, '图书与馆藏导入模板.xlsx', await booksTemplate());

/** An A4 sheet of QR labels (PDF) for the chosen copies, or all of a location's, within the caller's reach. */
export async function printLabels(svc: Services, auth: AuthContext, body: { barcodes?: string[]; locationId?: number; size: 'small' | 'medium' | 'large' }, req: FastifyRequest, reply: FastifyReply) {
  const { barcodes, locationId, size } = body;
  if (!barcodes?.length && !locationId) throw badRequest('请选择要打印标签的馆藏册或馆藏地点');
  const mayCatalog = await svc.guard.admits(auth, LibraryPolicy.catalog);
  const rows = (await repo.copiesToLabel(svc.db, barcodes?.map((b) => b.trim().toUpperCase()), locationId)).filter((r) => mayCatalog({ unitPath: r.path }));
  if (rows.length === 0) throw badRequest('没有可打印的馆藏册（或不在您的管理范围内）');
  const pdf = await labelSheet(rows, size, await publicBase(svc, req));
  return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="labels.pdf"; filename*=UTF-8''${encodeURIComponent('馆藏二维码标签.pdf')}`).send(pdf);
}

export const locations = async (svc: Services) =>
  (await repo.listLocations(svc.db)).map((l) => ({ id: l.id, name: l.name, kind: l.kind, unitId: l.unit_id, unitName: l.unit_name, copies: Number(l.copies ?? 0) }));

/** Loans overdue today: those who manage units see their subtrees' overdue loans; everyone else their own. */
export async function overdue(svc: Services, auth: AuthContext) {
  const today = todayLocal();
  const reach = await svc.guard.reach(auth, LibraryPolicy.viewOverdue);
  const rows = await repo.overdueLoans(svc.db, today, reach.paths.length ? { ...reach, own: false } : reach);
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
  return rows.map((r) => ({
    loanId: r.id,
    memberId: r.member_id,
    memberName: r.name,
    unitName: r.unit_name,
    title: r.title,
    barcode: r.barcode,
    dueOn: r.due_on,
    daysOverdue: Math.round((day(today) - day(r.due_on)) / 86_400_000),
  }));
}
