import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Button, Empty, Skeleton } from 'antd';
import { FileWordOutlined, LeftOutlined, PlusOutlined } from '@ant-design/icons';
import { apiUrl, errorMessage } from '../../../api/client';
import { useNotes, type Note } from '../api';
import { S } from '../strings';
import { NoteEditor } from './NoteEditor';
import { NoteCard } from './NotesPage';

/** 读书笔记本: every note of one book, oldest first, and the Word export a cadre hands in. */
export default function NotebookPage() {
  const bookId = Number(useParams().bookId) || undefined;
  const [sp] = useSearchParams();
  const title = sp.get('title') ?? undefined;
  const list = useNotes({ scope: 'mine', bookId, bookTitle: bookId ? undefined : title });
  const [editing, setEditing] = useState<Note | null | 'new'>(null);
  const notes = [...(list.data ?? [])].reverse();
  const bookTitle = notes[0]?.bookTitle ?? title ?? '';
  return (
    <>
      <header style={{ position: 'sticky', top: 0, zIndex: 10, height: 48, display: 'flex', alignItems: 'center', gap: 4, padding: '0 8px', background: '#fff', borderBottom: '1px solid #ece8e3' }}>
        <Link to="/notes" aria-label="返回" style={{ width: 40, height: 40, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#2b2b2b' }}>
          <LeftOutlined />
        </Link>
        <h1 style={{ flex: 1, minWidth: 0, margin: 0, fontSize: 17, fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>《{bookTitle}》</h1>
        <Button type="text" icon={<PlusOutlined />} onClick={() => setEditing('new')} aria-label={S.add} />
      </header>
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 10 }}>
        {list.isPending ? (
          <Skeleton active />
        ) : list.isError ? (
          <Empty description={errorMessage(list.error)} />
        ) : notes.length === 0 ? (
          <Empty description={S.empty} />
        ) : (
          <>
            <div style={{ color: '#6b6560' }}>{S.count(notes.length)}</div>
            <a href={apiUrl('/notes/notebook.docx', { bookId, bookTitle: bookId ? undefined : title })} data-testid="notebook-export">
              <Button block size="large" icon={<FileWordOutlined />}>
                {S.exportDocx}
              </Button>
            </a>
            <div style={{ fontSize: 12, color: '#8c847d', textAlign: 'center' }}>{S.exportHint}</div>
            {notes.map((n) => (
              <NoteCard key={n.id} n={n} showBook={false} onEdit={(x) => setEditing(x)} />
            ))}
          </>
        )}
      </div>
      {editing !== null && <NoteEditor open note={editing === 'new' ? null : editing} preset={{ bookId: bookId ?? null, title: bookTitle }} onClose={() => setEditing(null)} />}
    </>
  );
}
