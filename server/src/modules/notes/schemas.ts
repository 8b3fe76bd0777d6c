// The notes API contract (TypeBox): what the routes validate and the web app imports.
import { Type, type Static } from 'typebox';

export const IdParams = Type.Object({ id: Type.Integer() });
export const Ok = Type.Object({ ok: Type.Boolean() });

export const NoteDto = Type.Object({
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

export const NoteBody = Type.Object(
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
export type NoteInput = Static<typeof NoteBody>;

export const NoteUpdateBody = Type.Object({ ...NoteBody.properties, version: Type.Integer() }, { additionalProperties: false });
export type NoteUpdate = Static<typeof NoteUpdateBody>;

export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 60 })),
  bookId: Type.Optional(Type.Integer()),
  bookTitle: Type.Optional(Type.String({ maxLength: 200 })),
  scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('unit')])),
});
export type NoteListQuery = Static<typeof ListQuery>;

export const NoteBookDto = Type.Object({ bookId: Type.Union([Type.Integer(), Type.Null()]), title: Type.String(), count: Type.Integer(), lastAt: Type.String() });

export const NotebookQuery = Type.Object({ bookId: Type.Optional(Type.Integer()), bookTitle: Type.Optional(Type.String({ maxLength: 200 })) });
export type NotebookFilter = Static<typeof NotebookQuery>;

export const DeleteQuery = Type.Object({ version: Type.Optional(Type.Integer()) });
