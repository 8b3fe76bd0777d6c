import { useEffect, useState } from 'react';
import { AutoComplete, Tag } from 'antd';
import { searchBooks, type BookHit } from '../api';

/** A book of the annual plan's 必学书目, with how it is shown (e.g. '本月必学', '已读'). */
export interface RequiredHint extends BookHit {
  label: string;
  read: boolean;
}

const optionLabel = (b: BookHit, hint?: RequiredHint) => (
  <span data-testid="book-option" style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
    {hint && (
      <Tag color={hint.read ? 'default' : 'red'} style={{ marginInlineEnd: 0 }} data-testid="book-option-required">
        必学
      </Tag>
    )}
    <span style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>
      {b.title}
      {b.authors ? <span style={{ color: '#8c847d', fontSize: 12 }}> · {b.authors}</span> : null}
    </span>
    {hint && <span style={{ color: '#8c847d', fontSize: 12, whiteSpace: 'nowrap' }}>{hint.label}</span>}
  </span>
);

/**
 * Search the catalog; the value is the chosen book (or null while typing).
 * With `required`, the 必学书目 come first: offered before anything is typed,
 * and marked 必学 among the search results.
 */
export function BookPicker({ onPick, placeholder, allowFree, testId, required }: { onPick: (b: BookHit | null, text: string) => void; placeholder: string; allowFree?: boolean; testId?: string; required?: RequiredHint[] }) {
  const [text, setText] = useState('');
  const [hits, setHits] = useState<BookHit[]>([]);
  useEffect(() => {
    const q = text.trim();
    let live = true;
    const h = setTimeout(() => {
      if (!q) {
        setHits([]);
        return;
      }
      searchBooks(q)
        .then((r) => live && setHits(r))
        .catch(() => undefined);
    }, 250);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [text]);
  const hintOf = new Map((required ?? []).map((r) => [r.id, r]));
  const rank = (b: BookHit) => {
    const h = hintOf.get(b.id);
    return h ? (h.read ? 1 : 0) : 2;
  };
  // Nothing typed: the required books; typed: the hits, required ones first.
  const shown: BookHit[] = text.trim() ? [...hits].sort((a, b) => rank(a) - rank(b)) : (required ?? []);
  return (
    <AutoComplete
      data-testid={testId}
      style={{ width: '100%' }}
      value={text}
      placeholder={placeholder}
      options={shown.map((b) => ({ value: String(b.id), label: optionLabel(b, hintOf.get(b.id)) }))}
      onSelect={(v: string) => {
        const b = shown.find((h) => String(h.id) === v) ?? null;
        setText(b?.title ?? '');
        onPick(b ? { id: b.id, title: b.title, authors: b.authors } : null, b?.title ?? '');
      }}
      onChange={(v: string) => {
        setText(v);
        if (allowFree) onPick(null, v);
        else onPick(null, '');
      }}
    />
  );
}
