import type { CSSProperties } from 'react';

const PALETTE = ['#9e1b1b', '#7a4b2a', '#2f5d50', '#3b4f7a', '#6b3f6e', '#8a6d1f'];

/** A printed-spine look-alike until covers exist: the title's first characters on a colored block. */
export function BookCover({ title, width = 72, style }: { title: string; width?: number; style?: CSSProperties }) {
  const code = [...title].reduce((s, c) => s + (c.codePointAt(0) ?? 0), 0);
  const chars = [...title.replace(/[\s（(《].*$/, '')].slice(0, 4).join('') || title.slice(0, 2);
  return (
    <div
      aria-hidden="true"
      style={{
        width,
        height: Math.round(width * 1.38),
        flex: 'none',
        borderRadius: 4,
        background: PALETTE[code % PALETTE.length],
        color: '#fff',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 6,
        fontSize: width >= 64 ? 15 : 11,
        fontWeight: 600,
        lineHeight: 1.3,
        textAlign: 'center',
        boxShadow: 'inset 4px 0 0 rgba(0,0,0,.18), 0 1px 3px rgba(0,0,0,.15)',
        wordBreak: 'break-all',
        ...style,
      }}
    >
      {/* Small covers set the title two characters a line, like a spine label. */}
      <span style={{ maxWidth: width >= 64 ? undefined : '2.1em' }}>{chars}</span>
    </div>
  );
}
