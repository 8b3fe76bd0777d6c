import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Empty, Input, Skeleton, Tag } from 'antd';
import { BookOutlined } from '@ant-design/icons';
import type { BookSummary } from '../../../api/types';
import { useBookSearch, useCategories } from '../api';
import { BookCover } from '../components/BookCover';
import { TopBar } from '../../../components/TopBar';
import { S } from '../strings';

function Chip({ active, label, onClick }: { active: boolean; label: string; onClick: () => void }) {
  return (
    <button
      type="button"
      aria-pressed={active}
      onClick={onClick}
      style={{
        flex: 'none',
        height: 32,
        padding: '0 14px',
        borderRadius: 16,
        border: `1px solid ${active ? '#9e1b1b' : '#e2ddd7'}`,
        background: active ? '#9e1b1b' : '#fff',
        color: active ? '#fff' : '#4a4440',
        fontSize: 14,
        cursor: 'pointer',
      }}
    >
      {label}
    </button>
  );
}

function BookRow({ b }: { b: BookSummary }) {
  return (
    <Link to={`/library/books/${b.id}`} data-testid="book-row" style={{ display: 'flex', gap: 12, padding: '12px 14px', background: '#fff', color: 'inherit', borderBottom: '1px solid #f0ece7' }}>
      <BookCover title={b.title} width={48} />
      <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 4 }}>
        <div style={{ fontSize: 16, fontWeight: 600, lineHeight: 1.35, display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}>
          {b.tags.includes('必学') && (
            <Tag color="red" style={{ marginInlineEnd: 6, verticalAlign: 2 }}>
              {S.required}
            </Tag>
          )}
          {b.title}
        </div>
        <div style={{ fontSize: 13, color: '#6b6560', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {b.authors || S.noAuthor}
          {b.publisher ? ` · ${b.publisher}` : ''}
        </div>
        <div style={{ fontSize: 13, color: b.available > 0 ? '#1f7a3a' : '#a8a09a' }}>{S.onShelf(b.available, b.copies)}</div>
      </div>
    </Link>
  );
}

/** 找书: search as you would say it — title, author, ISBN or the pinyin initials. */
export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  const tag = params.get('tag') ?? '';
  const [text, setText] = useState(q);
  const categories = useCategories();
  const books = useBookSearch({ q: q || undefined, category: category || undefined, tag: tag || undefined });

  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const items = books.data?.pages.flatMap((p) => p.items) ?? [];
  const first = books.data?.pages[0];

  return (
    <>
      <TopBar
        title={S.library}
        back="/"
        extra={
          <Link to="/library/my" data-testid="to-my-loans" style={{ padding: '0 8px', fontSize: 14 }}>
            <BookOutlined /> {S.myLoans}
          </Link>
        }
      />
      <div style={{ padding: '12px 12px 8px', background: '#fff' }}>
        <Input.Search
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value) set({ q: '' });
          }}
          onSearch={(v) => set({ q: v.trim().slice(0, 60) })}
          maxLength={60}
          placeholder={S.searchPlaceholder}
          allowClear
          enterButton
          size="large"
          inputMode="search"
          data-testid="library-search"
          aria-label={S.searchPlaceholder}
        />
        <div style={{ display: 'flex', gap: 8, overflowX: 'auto', padding: '10px 0 2px', scrollbarWidth: 'none' }} data-testid="category-chips">
          <Chip active={!category && !tag} label={S.allCategories} onClick={() => set({ category: '', tag: '' })} />
          <Chip active={tag === '必学'} label={S.required} onClick={() => set({ tag: tag === '必学' ? '' : '必学' })} />
          {(categories.data?.categories ?? []).map((c) => (
            <Chip key={c} active={category === c} label={c} onClick={() => set({ category: category === c ? '' : c })} />
          ))}
        </div>
      </div>
      {first && (
        <div style={{ padding: '8px 14px', fontSize: 13, color: '#8c847d' }} data-testid="library-total">
          {S.total(first.total, first.capped)}
          {!q && !category && !tag ? ` · ${S.searchHint}` : ''}
        </div>
      )}
      {books.isPending ? (
        <div style={{ padding: 16, background: '#fff' }}>
          <Skeleton active paragraph={{ rows: 6 }} />
        </div>
      ) : items.length === 0 ? (
        <Empty style={{ padding: 32 }} description={S.noResults} />
      ) : (
        <div data-testid="book-list" style={{ opacity: books.isPlaceholderData ? 0.6 : 1 }}>
          {items.map((b) => (
            <BookRow key={b.id} b={b} />
          ))}
          <div style={{ padding: 16, textAlign: 'center' }}>
            {books.hasNextPage ? (
              <Button onClick={() => void books.fetchNextPage()} loading={books.isFetchingNextPage} block size="large">
                {S.loadMore}
              </Button>
            ) : (
              <span style={{ color: '#a8a09a', fontSize: 13 }}>{S.end}</span>
            )}
          </div>
        </div>
      )}
    </>
  );
}
