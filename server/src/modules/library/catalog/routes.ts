import { Type } from 'typebox';
import { authOf, clipQuery, type Module } from '../../../platform/http';
import { addCopy, bookDetail, bookPage, categories, createBook, createLocation, importUpload, locations, overdue, printLabels, sendImportTemplate, updateBook } from './service';
import { BookDetailDto, BookImportDto, BookPageDto, CategoriesDto, IdDto, LocationDto, Ok, OverdueDto } from '../schemas';
import { LibraryPolicy } from '../policy';

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

const routes: Module = async (app, { svc }) => {
  app.get('/library/categories', { config: { policy: LibraryPolicy.viewCatalog }, schema: { tags, summary: '图书类别与中图法大类', response: { 200: CategoriesDto } } }, async () => categories());

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
      return bookPage(svc, req.query);
    },
  );

  app.get('/library/books/:id', { config: { policy: LibraryPolicy.viewCatalog }, schema: { tags, summary: '图书详情、馆藏册与预约', params: IdParams, response: { 200: BookDetailDto } } }, async (req) =>
    bookDetail(svc, authOf(req), req.params.id),
  );

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
    async (req) => importUpload(svc, authOf(req), req, req.query.locationId),
  );

  app.get('/library/import-template', { config: { policy: LibraryPolicy.catalog }, schema: { tags, summary: '下载图书与馆藏导入模板 .xlsx' } }, async (_req, reply) => sendImportTemplate(reply));

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
    async (req, reply) => printLabels(svc, authOf(req), req.body, req, reply),
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
      return locations(svc);
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
    async (req) => overdue(svc, authOf(req)),
  );
};

export default routes;
