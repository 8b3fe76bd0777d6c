import { useRef, useState } from 'react';
import { AutoComplete, Button, Drawer, Input, Segmented } from 'antd';
import { errorMessage } from '../../../api/client';
import { toastSuccess } from '../../../components/feedback';
import { searchCatalog, useSaveNote, type Note, type Visibility } from '../api';
import { S } from '../strings';

/** The bottom sheet for a new note or an edit: book, where in it, the quote and the thought. */
export function NoteEditor({ open, note, preset, onClose }: { open: boolean; note: Note | null; preset?: { bookId: number | null; title: string }; onClose: () => void }) {
  const save = useSaveNote();
  const start = note ? { bookId: note.bookId, title: note.bookTitle } : (preset ?? { bookId: null, title: '' });
  const [book, setBook] = useState(start);
  const [chapter, setChapter] = useState(note?.chapter ?? '');
  const [page, setPage] = useState(note?.page ?? '');
  const [quote, setQuote] = useState(note?.quote ?? '');
  const [thought, setThought] = useState(note?.thought ?? '');
  const [visibility, setVisibility] = useState<Visibility>(note?.visibility ?? 'private');
  const [options, setOptions] = useState<{ value: string; label: string; id: number }[]>([]);
  const [err, setErr] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const onSearch = (q: string) => {
    clearTimeout(timer.current);
    if (q.trim().length < 1) return setOptions([]);
    timer.current = setTimeout(() => {
      searchCatalog(q.trim()).then(
        (items) => setOptions(items.map((b) => ({ value: b.title, label: `${b.title}${b.authors ? ` · ${b.authors}` : ''}`, id: b.id }))),
        () => setOptions([]),
      );
    }, 250);
  };

  const submit = async () => {
    setErr(null);
    try {
      const input = {
        ...(book.bookId ? { bookId: book.bookId, bookTitle: null } : { bookId: null, bookTitle: book.title.trim() || null }),
        chapter,
        page,
        quote,
        thought,
        visibility,
      };
      await save.mutateAsync({ id: note?.id, version: note?.version, input });
      toastSuccess(S.saved);
      onClose();
    } catch (e) {
      setErr(errorMessage(e));
    }
  };

  const label = (text: string) => <div style={{ fontSize: 13, color: '#6b6560', margin: '10px 0 4px' }}>{text}</div>;
  return (
    <Drawer open={open} onClose={onClose} placement="bottom" size="88%" title={note ? S.edit : S.add} destroyOnHidden styles={{ body: { padding: 16 } }}>
      {label(S.book)}
      <AutoComplete
        style={{ width: '100%' }}
        value={book.title}
        options={options}
        onSearch={onSearch}
        onChange={(v: string) => setBook({ bookId: null, title: v })}
        onSelect={(v: string, o: { id: number }) => setBook({ bookId: o.id, title: v })}
        placeholder={S.bookHint}
        data-testid="note-book"
      />
      <div style={{ display: 'flex', gap: 8 }}>
        <div style={{ flex: 2 }}>
          {label(S.chapter)}
          <Input value={chapter} onChange={(e) => setChapter(e.target.value)} maxLength={200} data-testid="note-chapter" />
        </div>
        <div style={{ flex: 1 }}>
          {label(S.page)}
          <Input value={page} onChange={(e) => setPage(e.target.value)} maxLength={50} inputMode="numeric" data-testid="note-page" />
        </div>
      </div>
      {label(S.quote)}
      <Input.TextArea value={quote} onChange={(e) => setQuote(e.target.value)} autoSize={{ minRows: 2, maxRows: 6 }} placeholder={S.quoteHint} data-testid="note-quote" />
      {label(S.thought)}
      <Input.TextArea value={thought} onChange={(e) => setThought(e.target.value)} autoSize={{ minRows: 3, maxRows: 8 }} placeholder={S.thoughtHint} data-testid="note-thought" />
      {label(S.share)}
      <Segmented
        block
        value={visibility}
        onChange={(v) => setVisibility(v as Visibility)}
        options={[
          { value: 'private', label: S.visibility.private },
          { value: 'unit', label: S.visibility.unit },
          { value: 'town', label: S.visibility.town },
        ]}
        data-testid="note-share"
      />
      <div style={{ fontSize: 12, color: '#8c847d', margin: '4px 0 14px' }}>{S.visibilityHint[visibility]}</div>
      {err && (
        <div data-testid="note-error" style={{ color: '#b32218', marginBottom: 8 }}>
          {err}
        </div>
      )}
      <Button type="primary" block size="large" style={{ height: 48 }} loading={save.isPending} onClick={() => void submit()} data-testid="note-save">
        {S.save}
      </Button>
    </Drawer>
  );
}
