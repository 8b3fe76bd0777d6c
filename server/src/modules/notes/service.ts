// 学习笔记: per book (catalog or own title), chapter/page, quote and thought;
// private by default, shareable with colleagues of the same unit (科室 or 村)
// or of the whole town; searchable;
// a book's whole notebook exported as .docx (what a cadre hands in instead of a paper notebook).
import type { FastifyReply } from 'fastify';
import { AlignmentType, BorderStyle, Paragraph, TextRun } from 'docx';
import type { AuthContext } from '../../platform/auth/context';
import { BODY_FONT, buildDocx, HEI_FONT, para, run, sendDocx, SIZE, titleParagraph } from '../../platform/docx';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { formatLocal, nowIso } from '../../platform/time';
import {
  catalogBook,
  catalogBookByTitle,
  deleteNoteAt,
  insertNote,
  memberPlace,
  noteById,
  noteRow,
  notebookRows,
  notesOf,
  searchNotes,
  unitsByIds,
  updateNoteAt,
  type NoteRow,
} from './repository';
import type { NotebookFilter, NoteInput, NoteListQuery, NoteUpdate } from './schemas';

function myMember(auth: AuthContext): number {
  const id = auth.user.memberId;
  if (!id) throw forbidden('您的账号未关联干部信息，无法使用学习笔记');
  return id;
}

/** The town of a unit path: its ancestor of kind 'town', or the top of the path (as for reflections). */
async function townPathOf(db: Services['db'], unitPath: string): Promise<string> {
  const ids = unitPath.split('/').filter(Boolean).map(Number);
  if (!ids.length) return unitPath;
  const units = await unitsByIds(db, ids);
  return units.find((u) => u.kind === 'town')?.path ?? units.find((u) => u.id === ids[0])?.path ?? unitPath;
}

/** Where a member sits: their unit and their town, for what colleagues share. */
async function whereIs(svc: Services, memberId: number) {
  const m = await memberPlace(svc.db, memberId);
  return { unitId: m.unit_id, town: await townPathOf(svc.db, m.path) };
}

/** A colleague's note I may read: shared with my unit (unit or town), or with my town. */
const sharedWithMe = (r: { unit_id: number; unit_path: string; visibility: string }, me: { unitId: number; town: string }) =>
  (r.unit_id === me.unitId && (r.visibility === 'unit' || r.visibility === 'town')) || (r.visibility === 'town' && r.unit_path.startsWith(me.town));

const present = (r: NoteRow, me: number) => ({
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

/** The book a note is about: a catalog book, or an own title (one that matches a catalog title exactly is that book). */
async function bookOf(svc: Services, b: NoteInput, existing?: { book_id: number | null; book_title: string | null }) {
  let bookId = b.bookId === undefined ? (existing?.book_id ?? null) : b.bookId;
  let bookTitle = b.bookTitle === undefined ? (existing?.book_title ?? null) : b.bookTitle?.trim() || null;
  if (bookId !== null) {
    const book = await catalogBook(svc.db, bookId);
    if (!book) throw notFound('图书目录中没有这本书');
    bookTitle = book.title;
  } else if (!bookTitle) {
    throw badRequest('请选择图书或填写书名');
  } else {
    const book = await catalogBookByTitle(svc.db, bookTitle);
    if (book) bookId = book.id;
  }
  return { bookId, bookTitle };
}

/** My notes, or (scope unit) what colleagues shared with me: my unit's, and my town's. */
export async function listNotes(svc: Services, auth: AuthContext, query: NoteListQuery) {
  const me = myMember(auth);
  const colleagues = query.scope === 'unit' ? await whereIs(svc, me) : undefined;
  const rows = await searchNotes(svc.db, me, { ...query, colleagues });
  return rows.map((r) => present(r, me));
}

/** The books I took notes on, latest first. */
export async function noteBooks(svc: Services, auth: AuthContext) {
  const me = myMember(auth);
  const rows = await notesOf(svc.db, me);
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
}

export async function createNote(svc: Services, auth: AuthContext, b: NoteInput) {
  const me = myMember(auth);
  const { bookId, bookTitle } = await bookOf(svc, b);
  const quote = b.quote?.trim() ?? '';
  const thought = b.thought?.trim() ?? '';
  if (!quote && !thought) throw badRequest('请填写摘录或心得体会');
  return svc.db.transaction().execute(async (trx) => {
    const r = await insertNote(trx, me, { book_id: bookId, book_title: bookTitle, chapter: b.chapter?.trim() ?? '', page: b.page?.trim() ?? '', quote, thought, visibility: b.visibility ?? 'private' }, nowIso());
    await svc.audit.record(trx, auth.actor(), { action: 'note.create', entity: 'note', entityId: r.id });
    return { id: r.id };
  });
}

/** A note of my own, for a change. */
async function own(svc: Services, auth: AuthContext, id: number) {
  const me = myMember(auth);
  const n = await noteById(svc.db, id);
  if (!n) throw notFound('找不到该笔记');
  if (n.member_id !== me) throw forbidden('只能修改自己的笔记');
  return n;
}

/** One note: my own, or one shared with me (anything else is not found). */
export async function getNote(svc: Services, auth: AuthContext, id: number) {
  const me = myMember(auth);
  const r = await noteRow(svc.db, id);
  if (!r) throw notFound('找不到该笔记');
  if (r.member_id !== me && !sharedWithMe(r, await whereIs(svc, me))) throw notFound('找不到该笔记');
  return present(r, me);
}

export async function updateNote(svc: Services, auth: AuthContext, id: number, b: NoteUpdate) {
  const n = await own(svc, auth, id);
  const { bookId, bookTitle } = await bookOf(svc, b, n);
  const quote = b.quote === undefined ? n.quote : b.quote.trim();
  const thought = b.thought === undefined ? n.thought : b.thought.trim();
  if (!quote && !thought) throw badRequest('请填写摘录或心得体会');
  await svc.db.transaction().execute(async (trx) => {
    const values = {
      book_id: bookId,
      book_title: bookTitle,
      chapter: b.chapter === undefined ? n.chapter : b.chapter.trim(),
      page: b.page === undefined ? n.page : b.page.trim(),
      quote,
      thought,
      visibility: b.visibility ?? n.visibility,
    };
    if ((await updateNoteAt(trx, n.id, b.version, values, nowIso())) !== 1) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'note.update', entity: 'note', entityId: n.id });
  });
}

export async function deleteNote(svc: Services, auth: AuthContext, id: number, version?: number) {
  const n = await own(svc, auth, id);
  await svc.db.transaction().execute(async (trx) => {
    if ((await deleteNoteAt(trx, n.id, version)) !== 1) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'note.delete', entity: 'note', entityId: n.id });
  });
}

/** The notebook of one book, as a Word document. */
export async function notebookDocx(svc: Services, auth: AuthContext, f: NotebookFilter, reply: FastifyReply) {
  const me = myMember(auth);
  if (f.bookId === undefined && !f.bookTitle) throw badRequest('请指定图书');
  const rows = await notebookRows(svc.db, me, f);
  if (rows.length === 0) throw notFound('这本书还没有笔记');
  const who = await memberPlace(svc.db, me);
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
}
