import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Empty, Input, Popconfirm, Segmented, Select, Skeleton, Tag } from 'antd';
import { EditOutlined, PlusOutlined, ReadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorMessage } from '../../../api/client';
import { toastError } from '../../../components/feedback';
import { useDeleteNote, useNoteBooks, useNotes, type Note } from '../api';
import { S } from '../strings';
import { NoteEditor } from './NoteEditor';

export function NoteCard({ n, onEdit, showBook = true }: { n: Note; onEdit?: (n: Note) => void; showBook?: boolean }) {
  const del = useDeleteNote();
  const where = [n.chapter, n.page ? S.pageOf(n.page) : ''].filter(Boolean).join(' · ');
  return (
    <Card size="small" data-testid="note-card" styles={{ body: { padding: 14 } }}>
      {showBook && (
        <Link to={n.bookId ? `/notes/book/${n.bookId}` : `/notes/book/0?title=${encodeURIComponent(n.bookTitle)}`} style={{ fontWeight: 600, color: '#8f1d1d' }}>
          《{n.bookTitle}》
        </Link>
      )}
      <div style={{ fontSize: 12, color: '#8c847d', margin: '2px 0 6px' }}>
        {where}
        {where ? ' · ' : ''}
        {dayjs(n.updatedAt).format('YYYY-MM-DD')}
        {!n.mine && ` · ${S.byAuthor(n.authorName)}`}
        {n.mine && n.visibility !== 'private' && (
          <Tag color="blue" style={{ marginLeft: 6 }}>
            {S.sharedTag(n.visibility)}
          </Tag>
        )}
      </div>
      {n.quote && <blockquote style={{ margin: '0 0 8px', padding: '6px 10px', borderLeft: '3px solid #d9c9b8', background: '#faf7f3', color: '#4a4540', whiteSpace: 'pre-wrap' }}>{n.quote}</blockquote>}
      {n.thought && <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.7 }}>{n.thought}</div>}
      {n.mine && onEdit && (
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 4, marginTop: 6 }}>
          <Button size="small" type="text" icon={<EditOutlined />} onClick={() => onEdit(n)}>
            {S.edit.slice(0, 2)}
          </Button>
          <Popconfirm title={S.delConfirm} onConfirm={() => del.mutate({ id: n.id, version: n.version }, { onError: toastError })}>
            <Button size="small" type="text" danger>
              {S.del}
            </Button>
          </Popconfirm>
        </div>
      )}
    </Card>
  );
}

/** 学习笔记 on the phone: my notes (or the unit's shared ones), searchable, filtered by book. */
export default function NotesPage() {
  const [scope, setScope] = useState<'mine' | 'unit'>('mine');
  const [q, setQ] = useState('');
  const [text, setText] = useState('');
  const [book, setBook] = useState<string>('');
  const books = useNoteBooks();
  const picked = books.data?.find((b) => (b.bookId ? `b${b.bookId}` : `t${b.title}`) === book);
  const list = useNotes({ scope, q: q || undefined, bookId: scope === 'mine' ? (picked?.bookId ?? undefined) : undefined, bookTitle: scope === 'mine' && picked && !picked.bookId ? picked.title : undefined });
  const [editing, setEditing] = useState<Note | null | 'new'>(null);

  return (
    <>
      <header style={{ position: 'sticky', top: 0, zIndex: 10, background: '#fff', borderBottom: '1px solid #ece8e3', padding: '8px 12px' }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, height: 36 }}>
          <h1 style={{ margin: 0, fontSize: 17, fontWeight: 600, flex: 1 }}>{S.notes}</h1>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="note-add">
            {S.add}
          </Button>
        </div>
        <Input.Search value={text} onChange={(e) => setText(e.target.value)} onSearch={(v) => setQ(v.trim())} allowClear maxLength={60} placeholder={S.search} style={{ marginTop: 8 }} data-testid="note-search" />
        <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
          <Segmented value={scope} onChange={(v) => setScope(v as 'mine' | 'unit')} options={[{ value: 'mine', label: S.mine }, { value: 'unit', label: S.shared }]} />
          {scope === 'mine' && (
            <Select
              value={book}
              onChange={setBook}
              style={{ flex: 1, minWidth: 0 }}
              options={[{ value: '', label: S.allBooks }, ...(books.data ?? []).map((b) => ({ value: b.bookId ? `b${b.bookId}` : `t${b.title}`, label: `《${b.title}》 ${b.count}` }))]}
            />
          )}
        </div>
      </header>
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 10 }}>
        {picked && (
          <Link to={picked.bookId ? `/notes/book/${picked.bookId}` : `/notes/book/0?title=${encodeURIComponent(picked.title)}`}>
            <Button block icon={<ReadOutlined />}>
              {S.notebook}：《{picked.title}》
            </Button>
          </Link>
        )}
        {list.isPending ? (
          <Skeleton active />
        ) : list.isError ? (
          <Empty description={errorMessage(list.error)} />
        ) : list.data.length === 0 ? (
          <Empty description={scope === 'mine' ? S.empty : S.emptyShared} />
        ) : (
          list.data.map((n) => <NoteCard key={n.id} n={n} onEdit={(x) => setEditing(x)} />)
        )}
      </div>
      {editing !== null && <NoteEditor open note={editing === 'new' ? null : editing} preset={picked && editing === 'new' ? { bookId: picked.bookId, title: picked.title } : undefined} onClose={() => setEditing(null)} />}
    </>
  );
}
