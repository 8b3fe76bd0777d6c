import { publicBase } from '../../../platform/publicurl';
import { Type } from 'typebox';
import { notFound } from '../../../platform/errors';
import { authOf, clipQuery, type Module } from '../../../platform/http';
import { todayLocal } from '../../../platform/time';
import { copiesOfBook, getBook, listLocations, searchBooks } from './repository';
import { addCopy, createBook, createLocation, updateBook } from './service';
import { booksTemplate, importBooks } from '../imports/service';
import { labelSheet } from './labels';
import { badRequest } from '../../../platform/errors';
import { sendXlsx } from '../../../platform/xlsx';
import { CATEGORIES, CLC_CLASSES } from './clc';
import { COPY_STATUS, holdRefusal } from '../circulation/service';
import { BookDetailDto, BookImportDto, BookPageDto, CategoriesDto, IdDto, LocationDto, Ok, OverdueDto } from '../schemas';
import { LibraryPolicy } from '../policy';
import { withinReach } from '../../../db/subtree';

const tags = ['library'];
const IdParams = Type.Object({ id: Type.Integer() });
const Str = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

const BookBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    subtitle: Type.Optional(Str(200)),
    authors: Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 20 })),
    publisher: Type.Optional(Str(100)),
    year: Type.Optional(Type.Union([Type.Integer({ minimum: 1800, maximum: 2100 }), Type.Null()])),
    pages: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 20000 }), Type.Null()])),
    isbn: Type.Optional(Str(40)),
    clc: Type.Optional(Str(40)),
    category: Type.Optional(Str(10)),
    series: Type.Optional(Str(100)),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 4 }), { maxItems: 2 })),
    summary: Type.Optional(Str(2000)),
    coverUrl: Type.Optional(Str(500)),
    onlineUrl: Type.Optional(Str(500)),
  },
  { additionalProperties: false },
);

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

const routes: Module = async (app, { svc }) => {
  app.get('/library/categories', { config: { policy: LibraryPolicy.viewCatalog }, schema: { tags, summary: '图书类别与中图法大类', response: { 200: CategoriesDto } } }, async () => ({
    categories: [...CATEGORIES],
    clcClasses: { ...CLC_CLASSES },
  }));

  app.get(
    '/library/books',
    { config: { policy: LibraryPolicy.viewCatalog },
      preValidation: clipQuery('q', 60),
      schema: {
        tags,
        summary: '检索图书（书名、作者、ISBN、拼音首字母、任意中文片段）',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 60 })),
            category: Type.Optional(Type.String({ maxLength: 10 })),
            tag: Type.Optional(Type.String({ maxLength: 4 })),
            locationId: Type.Optional(Type.Integer()),
            page: Type.Optional(Type.Integer({ minimum: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: BookPageDto },
      },
    },
    async (req) => {
      authOf(req);
      const r = await searchBooks(svc.db, svc.handle.dialect, req.query);
      return {
        total: r.total,
        capped: r.capped,
        items: r.items.map((b) => presentBook(b, Number(b.copies ?? 0), Number(b.available ?? 0))),
      };
    },
  );

  app.get('/library/books/:id', { config: { policy: LibraryPolicy.viewCatalog }, schema: { tags, summary: '图书详情、馆藏册与预约', params: IdParams, response: { 200: BookDetailDto } } }, async (req) => {
    const auth = authOf(req);
    const b = await getBook(svc.db, req.params.id);
    if (!b) throw notFound('找不到这本书');
    const copies = await copiesOfBook(svc.db, b.id);
    const loans = await svc.db
      .selectFrom('loans')
      .select(['copy_id', 'due_on', 'member_id'])
      .where('copy_id', 'in', copies.length ? copies.map((c) => c.id) : [0])
      .where('returned_at', 'is', null)
      .execute();
    const holds = await svc.db.selectFrom('holds').select(['id', 'member_id', 'status', 'expires_on']).where('book_id', '=', b.id).where('status', 'in', ['waiting', 'ready']).orderBy('placed_at').orderBy('id').execute();
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
  });

  app.post('/library/books', { config: { policy: LibraryPolicy.catalog }, schema: { tags, summary: '新增图书（编目）', body: BookBody, response: { 200: IdDto } } }, async (req) => ({
    id: await createBook(svc, authOf(req), req.body),
  }));

  app.put(
    '/library/books/:id',
    { config: { policy: LibraryPolicy.catalog }, schema: { tags, summary: '修改图书（带 version）', params: IdParams, body: Type.Intersect([BookBody, Type.Object({ version: Type.Integer() })]), response: { 200: Ok } } },
    async (req) => {
      const { version, ...input } = req.body;
      await updateBook(svc, authOf(req), req.params.id, version, input);
      return { ok: true };
    },
  );

  app.post(
    '/library/books/:id/copies',
    { config: { policy: LibraryPolicy.catalog },
      schema: {
        tags,
        summary: '为图书添加馆藏册',
        params: IdParams,
        body: Type.Object(
          {
            barcode: Type.String({ minLength: 1, maxLength: 40 }),
            locationId: Type.Integer(),
            shelf: Type.Optional(Str(20)),
            source: Type.Optional(Type.Union([Type.Literal('purchase'), Type.Literal('donation')])),
            donor: Type.Optional(Str(60)),
            acquiredOn: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
            price: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 100000 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: IdDto },
      },
    },
    async (req) => ({ id: await addCopy(svc, authOf(req), req.params.id, req.body) }),
  );

  app.post(
    '/library/import',
    { config: { policy: LibraryPolicy.catalog },
      schema: {
        tags,
        summary: '导入图书：MARC（ISO 2709，MARC21 / UNIMARC / CNMARC）、MARCXML 或 Excel；逐条报告',
        consumes: ['multipart/form-data'],
        querystring: Type.Object({ locationId: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
        response: { 200: BookImportDto },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const file = await req.file();
      if (!file) throw badRequest('请上传文件');
      return importBooks(svc, auth, file.filename, await file.toBuffer(), { locationId: req.query.locationId });
    },
  );

  app.get('/library/import-template', { config: { policy: LibraryPolicy.catalog }, schema: { tags, summary: '下载图书与馆藏导入模板 .xlsx' } }, async (req, reply) => {
    return sendXlsx(reply, '图书与馆藏导入模板.xlsx', await booksTemplate());
  });

  app.post(
    '/library/labels',
    { config: { policy: LibraryPolicy.catalog },
      schema: {
        tags,
        summary: '打印二维码标签（A4 PDF）：所选馆藏册，或一个馆藏地点的全部馆藏册',
        body: Type.Object(
          {
            barcodes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 5000 })),
            locationId: Type.Optional(Type.Integer()),
            size: Type.Union([Type.Literal('small'), Type.Literal('medium'), Type.Literal('large')]),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const auth = authOf(req);
      const { barcodes, locationId, size } = req.body;
      if (!barcodes?.length && !locationId) throw badRequest('请选择要打印标签的馆藏册或馆藏地点');
      let q = svc.db
        .selectFrom('copies')
        .innerJoin('books', 'books.id', 'copies.book_id')
        .innerJoin('locations', 'locations.id', 'copies.location_id')
        .innerJoin('units', 'units.id', 'locations.unit_id')
        .select(['copies.barcode', 'books.title', 'copies.shelf', 'units.path'])
        .where('copies.status', '!=', 'withdrawn');
      if (barcodes?.length) q = q.where('copies.barcode', 'in', barcodes.map((b) => b.trim().toUpperCase()));
      if (locationId) q = q.where('copies.location_id', '=', locationId);
      const mayCatalog = await svc.guard.admits(auth, LibraryPolicy.catalog);
      const rows = (await q.orderBy('copies.shelf').orderBy('copies.barcode').execute()).filter((r) => mayCatalog({ unitPath: r.path }));
      if (rows.length === 0) throw badRequest('没有可打印的馆藏册（或不在您的管理范围内）');
      const pdf = await labelSheet(rows, size, await publicBase(svc, req));
      return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="labels.pdf"; filename*=UTF-8''${encodeURIComponent('馆藏二维码标签.pdf')}`).send(pdf);
    },
  );

  app.get(
    '/library/locations',
    { config: { policy: LibraryPolicy.viewCatalog },
      schema: {
        tags,
        summary: '馆藏地点（阅览室、图书角）',
        response: { 200: Type.Array(LocationDto) },
      },
    },
    async (req) => {
      authOf(req);
      return (await listLocations(svc.db)).map((l) => ({ id: l.id, name: l.name, kind: l.kind, unitId: l.unit_id, unitName: l.unit_name, copies: Number(l.copies ?? 0) }));
    },
  );

  app.post(
    '/library/locations',
    { config: { policy: LibraryPolicy.catalog },
      schema: {
        tags,
        summary: '新增馆藏地点',
        body: Type.Object({ unitId: Type.Integer(), name: Type.String({ minLength: 1, maxLength: 40 }), kind: Type.Union([Type.Literal('room'), Type.Literal('corner')]) }, { additionalProperties: false }),
        response: { 200: IdDto },
      },
    },
    async (req) => ({ id: await createLocation(svc, authOf(req), req.body) }),
  );

  app.get(
    '/library/overdue',
    { config: { policy: LibraryPolicy.viewOverdue },
      schema: {
        tags,
        summary: '逾期未还（党建办：管辖范围内；干部：本人）',
        response: { 200: Type.Array(OverdueDto) },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const today = todayLocal();
      let q = svc.db
        .selectFrom('loans')
        .innerJoin('copies', 'copies.id', 'loans.copy_id')
        .innerJoin('books', 'books.id', 'copies.book_id')
        .innerJoin('members', 'members.id', 'loans.member_id')
        .innerJoin('units', 'units.id', 'members.unit_id')
        .select(['loans.id', 'loans.member_id', 'members.name', 'units.name as unit_name', 'books.title', 'copies.barcode', 'loans.due_on'])
        .where('loans.returned_at', 'is', null)
        .where('loans.due_on', '<', today);
      // Those who manage units see their subtrees' overdue loans; everyone else their own.
      const reach = await svc.guard.reach(auth, LibraryPolicy.viewOverdue);
      q = q.where(withinReach(reach.paths.length ? { ...reach, own: false } : reach, { unitPath: 'units.path', memberId: 'loans.member_id' }));
      const rows = await q.orderBy('loans.due_on').execute();
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
    },
  );
};

export default routes;
