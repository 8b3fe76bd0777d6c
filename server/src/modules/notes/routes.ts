// 学习笔记: per book (catalog or own title), chapter/page, quote and thought;
// private by default, shareable with colleagues of the same unit (科室 or 村)
// or of the whole town; searchable;
// a book's whole notebook exported as .docx (what a cadre hands in instead of a paper notebook).
import { Type, type Static } from 'typebox';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import { authOf, type Module, clipQuery } from '../../platform/http';
import type { AuthContext } from '../../platform/auth/context';
import type { Services } from '../../platform/services';
import { formatLocal, nowIso } from '../../platform/time';
import { contains } from '../../db/contains';
import { AlignmentType, BorderStyle, Paragraph, TextRun } from 'docx';
import { BODY_FONT, buildDocx, HEI_FONT, para, run, sendDocx, SIZE, titleParagraph } from '../../platform/docx';
import { NotePolicy } from './policy';

const tags = ['notes'];
const IdParams = Type.Object({ id: Type.Integer() });
const Ok = Type.Object({ ok: Type.Boolean() });

const NoteDto = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  authorName: Type.String(),
  mine: Type.Boolean(),
  bookId: Type.Union([Type.Integer(), Type.Null()]),
  bookTitle: Type.String(),
  chapter: Type.String(),
  page: Type.String(),
  quote: Type.String(),
  thought: Type.String(),
  visibility: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});

const NoteBody = Type.Object(
  {
    bookId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    bookTitle: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    chapter: Type.Optional(Type.String({ maxLength: 200 })),
    page: Type.Optional(Type.String({ maxLength: 50 })),
    quote: Type.Optional(Type.String({ maxLength: 5000 })),
    thought: Type.Optional(Type.String({ maxLength: 10000 })),
    /** private: only me; unit: colleagues of my unit; town: colleagues of my whole town. */
    visibility: Type.Optional(Type.Union([Type.Literal('private'), Type.Literal('unit'), Type.Literal('town')])),
  },
  { additionalProperties: false },
);
type NoteInput = Static<typeof NoteBody>;

const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 60 })),
  bookId: Type.Optional(Type.Integer()),
  bookTitle: Type.Optional(Type.String({ maxLength: 200 })),
  scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('unit')])),
});

function myMember(auth: AuthContext): number {
  const id = auth.user.memberId;
  if (!id) throw forbidden('您的账号未关联干部信息，无法使用学习笔记');
  return id;
}

/** The town of a unit path: its ancestor of kind 'town', or the top of the path (as for reflections). */
async function townPathOf(db: Services['db'], unitPath: string): Promise<string> {
  const ids = unitPath.split('/').filter(Boolean).map(Number);
  if (!ids.length) return unitPath;
  const units = await db.selectFrom('units').select(['id', 'kind', 'path']).where('id', 'in', ids).execute();
  return units.find((u) => u.kind === 'town')?.path ?? units.find((u) => u.id === ids[0])?.path ?? unitPath;
}

const routes: Module = async (app, { svc }) => {
  const base = () =>
    svc.db
      .selectFrom('notes as n')
      .innerJoin('members as m', 'm.id', 'n.member_id')
      .innerJoin('units as u', 'u.id', 'm.unit_id')
      .leftJoin('books as b', 'b.id', 'n.book_id')
      .select(['n.id', 'n.member_id', 'm.name as author', 'm.unit_id', 'u.path as unit_path', 'n.book_id', 'n.book_title', 'b.title as catalog_title', 'n.chapter', 'n.page', 'n.quote', 'n.thought', 'n.visibility', 'n.created_at', 'n.updated_at', 'n.version']);
  type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];
  const present = (r: Row, me: number) => ({
    id: r.id,
    memberId: r.member_id,
    authorName: r.author,
    mine: r.member_id === me,
    bookId: r.book_id,
    bookTitle: r.catalog_title ?? r.book_title ?? '',
    chapter: r.chapter,
    page: r.page,
    quote: r.quote,
    thought: r.thought,
    visibility: r.visibility,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  });
  /** Where a member sits: their unit and their town, for what colleagues share. */
  const whereIs = async (memberId: number) => {
    const m = await svc.db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select(['m.unit_id', 'u.path']).where('m.id', '=', memberId).executeTakeFirstOrThrow();
    return { unitId: m.unit_id, town: await townPathOf(svc.db, m.path) };
  };
  /** A colleague's note I may read: shared with my unit (unit or town), or with my town. */
  const sharedWithMe = (r: { unit_id: number; unit_path: string; visibility: string }, me: { unitId: number; town: string }) =>
    (r.unit_id === me.unitId && (r.visibility === 'unit' || r.visibility === 'town')) || (r.visibility === 'town' && r.unit_path.startsWith(me.town));

  const validate = async (b: NoteInput, existing?: { book_id: number | null; book_title: string | null }) => {
    let bookId = b.bookId === undefined ? (existing?.book_id ?? null) : b.bookId;
    let bookTitle = b.bookTitle === undefined ? (existing?.book_title ?? null) : b.bookTitle?.trim() || null;
    if (bookId !== null) {
      const book = await svc.db.selectFrom('books').select(['id', 'title']).where('id', '=', bookId).executeTakeFirst();
      if (!book) throw notFound('图书目录中没有这本书');
      bookTitle = book.title;
    } else if (!bookTitle) {
      throw badRequest('请选择图书或填写书名');
    } else {
      // An own title that matches a catalog book exactly is that book.
      const book = await svc.db.selectFrom('books').select('id').where('title', '=', bookTitle).executeTakeFirst();
      if (book) bookId = book.id;
    }
    return { bookId, bookTitle };
  };

  app.get('/notes', { config: { policy: NotePolicy.read }, preValidation: clipQuery('q', 60), schema: { tags, summary: '我的学习笔记（或同事共享给我的：本单位的，及全镇共享的），可搜索', querystring: ListQuery, response: { 200: Type.Array(NoteDto) } } }, async (req) => {
    const me = myMember(authOf(req));
    let q = base();
    if (req.query.scope === 'unit') {
      const at = await whereIs(me);
      q = q
        .where('n.member_id', '!=', me)
        .where((eb) =>
          eb.or([
            eb.and([eb('m.unit_id', '=', at.unitId), eb('n.visibility', 'in', ['unit', 'town'])]),
            eb.and([eb('n.visibility', '=', 'town'), eb('u.path', 'like', `${at.town}%`)]),
          ]),
        );
    } else {
      q = q.where('n.member_id', '=', me);
    }
    if (req.query.bookId !== undefined) q = q.where('n.book_id', '=', req.query.bookId);
    else if (req.query.bookTitle) q = q.where('n.book_id', 'is', null).where('n.book_title', '=', req.query.bookTitle);
    const text = req.query.q?.trim();
    if (text) {
      q = q.where((eb) => eb.or(['n.quote', 'n.thought', 'n.book_title', 'b.title', 'n.chapter'].map((c) => contains(c, text))));
    }
    const rows = await q.orderBy('n.updated_at', 'desc').orderBy('n.id', 'desc').limit(300).execute();
    return rows.map((r) => present(r, me));
  });

  app.get(
    '/notes/books',
    { config: { policy: NotePolicy.read }, schema: { tags, summary: '我做过笔记的书', response: { 200: Type.Array(Type.Object({ bookId: Type.Union([Type.Integer(), Type.Null()]), title: Type.String(), count: Type.Integer(), lastAt: Type.String() })) } } },
    async (req) => {
      const me = myMember(authOf(req));
      const rows = await base().where('n.member_id', '=', me).execute();
      const map = new Map<string, { bookId: number | null; title: string; count: number; lastAt: string }>();
      for (const r of rows) {
        const title = r.catalog_title ?? r.book_title ?? '';
        const key = r.book_id !== null ? `b${r.book_id}` : `t${title}`;
        const e = map.get(key) ?? { bookId: r.book_id, title, count: 0, lastAt: r.updated_at };
        e.count++;
        if (r.updated_at > e.lastAt) e.lastAt = r.updated_at;
        map.set(key, e);
      }
      return [...map.values()].sort((a, b) => b.lastAt.localeCompare(a.lastAt));
    },
  );

  app.post('/notes', { config: { policy: NotePolicy.write }, schema: { tags, summary: '写一条学习笔记', body: NoteBody, response: { 200: Type.Object({ id: Type.Integer() }) } } }, async (req) => {
    const auth = authOf(req);
    const me = myMember(auth);
    const b = req.body;
    const { bookId, bookTitle } = await validate(b);
    const quote = b.quote?.trim() ?? '';
    const thought = b.thought?.trim() ?? '';
    if (!quote && !thought) throw badRequest('请填写摘录或心得体会');
    const now = nowIso();
    return svc.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('notes')
        .values({ member_id: me, book_id: bookId, book_title: bookTitle, chapter: b.chapter?.trim() ?? '', page: b.page?.trim() ?? '', quote, thought, visibility: b.visibility ?? 'private', created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await svc.audit.record(trx, auth.actor(), { action: 'note.create', entity: 'note', entityId: r.id });
      return { id: r.id };
    });
  });

  const own = async (auth: AuthContext, id: number) => {
    const me = myMember(auth);
    const n = await svc.db.selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirst();
    if (!n) throw notFound('找不到该笔记');
    if (n.member_id !== me) throw forbidden('只能修改自己的笔记');
    return n;
  };

  app.get('/notes/:id', { config: { policy: NotePolicy.read }, schema: { tags, summary: '一条笔记（自己的，或同单位共享的）', params: IdParams, response: { 200: NoteDto } } }, async (req) => {
    const me = myMember(authOf(req));
    const r = await base().where('n.id', '=', req.params.id).executeTakeFirst();
    if (!r) throw notFound('找不到该笔记');
    if (r.member_id !== me && !sharedWithMe(r, await whereIs(me))) throw notFound('找不到该笔记');
    return present(r, me);
  });

  app.put(
    '/notes/:id',
    { config: { policy: NotePolicy.write }, schema: { tags, summary: '修改笔记（带 version）', params: IdParams, body: Type.Object({ ...NoteBody.properties, version: Type.Integer() }, { additionalProperties: false }), response: { 200: Ok } } },
    async (req) => {
      const auth = authOf(req);
      const n = await own(auth, req.params.id);
      const b = req.body;
      const { bookId, bookTitle } = await validate(b, n);
      const quote = b.quote === undefined ? n.quote : b.quote.trim();
      const thought = b.thought === undefined ? n.thought : b.thought.trim();
      if (!quote && !thought) throw badRequest('请填写摘录或心得体会');
      await svc.db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('notes')
          .set({
            book_id: bookId,
            book_title: bookTitle,
            chapter: b.chapter === undefined ? n.chapter : b.chapter.trim(),
            page: b.page === undefined ? n.page : b.page.trim(),
            quote,
            thought,
            visibility: b.visibility ?? n.visibility,
            updated_at: nowIso(),
            version: b.version + 1,
          })
          .where('id', '=', n.id)
          .where('version', '=', b.version)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw conflict();
        await svc.audit.record(trx, auth.actor(), { action: 'note.update', entity: 'note', entityId: n.id });
      });
      return { ok: true };
    },
  );

  app.delete('/notes/:id', { config: { policy: NotePolicy.write }, schema: { tags, summary: '删除笔记', params: IdParams, querystring: Type.Object({ version: Type.Optional(Type.Integer()) }), response: { 200: Ok } } }, async (req) => {
    const auth = authOf(req);
    const n = await own(auth, req.params.id);
    await svc.db.transaction().execute(async (trx) => {
      let q = trx.deleteFrom('notes').where('id', '=', n.id);
      if (req.query.version !== undefined) q = q.where('version', '=', req.query.version);
      const r = await q.executeTakeFirst();
      if (Number(r.numDeletedRows) !== 1) throw conflict();
      await svc.audit.record(trx, auth.actor(), { action: 'note.delete', entity: 'note', entityId: n.id });
    });
    return { ok: true };
  });

  // The notebook of one book, as a Word document.
  app.get(
    '/notes/notebook.docx',
    { config: { policy: NotePolicy.read }, schema: { tags, summary: '导出一本书的全部笔记 .docx（读书笔记本）', querystring: Type.Object({ bookId: Type.Optional(Type.Integer()), bookTitle: Type.Optional(Type.String({ maxLength: 200 })) }) } },
    async (req, reply) => {
      const me = myMember(authOf(req));
      let q = base().where('n.member_id', '=', me);
      if (req.query.bookId !== undefined) q = q.where('n.book_id', '=', req.query.bookId);
      else if (req.query.bookTitle) q = q.where('n.book_id', 'is', null).where('n.book_title', '=', req.query.bookTitle);
      else throw badRequest('请指定图书');
      const rows = await q.orderBy('n.created_at').orderBy('n.id').execute();
      if (rows.length === 0) throw notFound('这本书还没有笔记');
      const who = await svc.db
        .selectFrom('members as m')
        .innerJoin('units as u', 'u.id', 'm.unit_id')
        .select(['m.name', 'm.position', 'u.name as unit_name'])
        .where('m.id', '=', me)
        .executeTakeFirstOrThrow();
      const title = rows[0].catalog_title ?? rows[0].book_title ?? '';
      const quoteStyle = (text: string) =>
        new Paragraph({
          indent: { left: 480, right: 240 },
          spacing: { before: 60, after: 60, line: 360 },
          border: { left: { style: BorderStyle.SINGLE, size: 18, color: '999999', space: 8 } },
          shading: { fill: 'F3F3F3' },
          children: [new TextRun({ text, font: { ...BODY_FONT, eastAsia: '楷体_GB2312' }, size: SIZE.xiaosi, color: '333333' })],
        });
      const children = [
        titleParagraph(`《${title}》读书笔记`),
        para([run(`姓名：${who.name}    单位：${who.unit_name}${who.position ? `    职务：${who.position}` : ''}`, { size: SIZE.xiaosi })], { align: AlignmentType.CENTER, after: 240 }),
        ...rows.flatMap((r, i) => {
          const where = [r.chapter, r.page ? `第 ${r.page} 页` : ''].filter(Boolean).join('  ');
          return [
            new Paragraph({
              spacing: { before: 240, after: 60 },
              children: [new TextRun({ text: `${i + 1}. ${where || '笔记'}`, font: HEI_FONT, size: SIZE.sihao }), new TextRun({ text: `    ${formatLocal(r.created_at, 'YYYY年M月D日')}`, font: BODY_FONT, size: SIZE.wuhao, color: '666666' })],
            }),
            ...(r.quote ? r.quote.split('\n').map((line) => quoteStyle(line)) : []),
            ...(r.thought ? r.thought.split('\n').map((line) => para([run(line, { size: SIZE.san })], { indentFirst: true, after: 60 })) : []),
          ];
        }),
      ];
      return sendDocx(reply, `${who.name}-《${title}》读书笔记.docx`, await buildDocx(children, { title: `《${title}》读书笔记` }));
    },
  );
};

export default routes;
