import { useEffect, useState } from 'react';
import { AutoComplete } from 'antd';
import { searchBooks, type BookHit } from '../api';

/** Search the catalog; the value is the chosen book (or null while typing). */
export function BookPicker({ onPick, placeholder, allowFree, testId }: { onPick: (b: BookHit | null, text: string) => void; placeholder: string; allowFree?: boolean; testId?: string }) {
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
  return (
    <AutoComplete
      data-testid={testId}
      style={{ width: '100%' }}
      value={text}
      placeholder={placeholder}
      options={hits.map((b) => ({ value: String(b.id), label: <span data-testid="book-option">{b.title}{b.authors ? <span style={{ color: '#8c847d', fontSize: 12 }}> · {b.authors}</span> : null}</span> }))}
      onSelect={(v: string) => {
        const b = hits.find((h) => String(h.id) === v) ?? null;
        setText(b?.title ?? '');
        onPick(b, b?.title ?? '');
      }}
      onChange={(v: string) => {
        setText(v);
        if (allowFree) onPick(null, v);
        else onPick(null, '');
      }}
    />
  );
}
