// 学习笔记 (the rules are in service.ts).
import { Type } from 'typebox';
import { authOf, clipQuery, type Module } from '../../platform/http';
import { NotePolicy } from './policy';
import { DeleteQuery, IdParams, ListQuery, NoteBody, NoteBookDto, NotebookQuery, NoteDto, NoteUpdateBody, Ok } from './schemas';
import { createNote, deleteNote, getNote, listNotes, noteBooks, notebookDocx, updateNote } from './service';

const tags = ['notes'];

const routes: Module = async (app, { svc }) => {
  app.get('/notes', { config: { policy: NotePolicy.read }, preValidation: clipQuery('q', 60), schema: { tags, summary: '我的学习笔记（或同事共享给我的：本单位的，及全镇共享的），可搜索', querystring: ListQuery, response: { 200: Type.Array(NoteDto) } } }, async (req) =>
    listNotes(svc, authOf(req), req.query),
  );

  app.get('/notes/books', { config: { policy: NotePolicy.read }, schema: { tags, summary: '我做过笔记的书', response: { 200: Type.Array(NoteBookDto) } } }, async (req) => noteBooks(svc, authOf(req)));

  app.post('/notes', { config: { policy: NotePolicy.write }, schema: { tags, summary: '写一条学习笔记', body: NoteBody, response: { 200: Type.Object({ id: Type.Integer() }) } } }, async (req) => createNote(svc, authOf(req), req.body));

  app.get('/notes/:id', { config: { policy: NotePolicy.read }, schema: { tags, summary: '一条笔记（自己的，或同单位共享的）', params: IdParams, response: { 200: NoteDto } } }, async (req) => getNote(svc, authOf(req), req.params.id));

  app.put('/notes/:id', { config: { policy: NotePolicy.write }, schema: { tags, summary: '修改笔记（带 version）', params: IdParams, body: NoteUpdateBody, response: { 200: Ok } } }, async (req) => {
    await updateNote(svc, authOf(req), req.params.id, req.body);
    return { ok: true };
  });

  app.delete('/notes/:id', { config: { policy: NotePolicy.write }, schema: { tags, summary: '删除笔记', params: IdParams, querystring: DeleteQuery, response: { 200: Ok } } }, async (req) => {
    await deleteNote(svc, authOf(req), req.params.id, req.query.version);
    return { ok: true };
  });

  // The notebook of one book, as a Word document.
  app.get('/notes/notebook.docx', { config: { policy: NotePolicy.read }, schema: { tags, summary: '导出一本书的全部笔记 .docx（读书笔记本）', querystring: NotebookQuery } }, async (req, reply) =>
    notebookDocx(svc, authOf(req), req.query, reply),
  );
};

export default routes;
