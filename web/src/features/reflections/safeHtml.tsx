// Stored reflection HTML is sanitized on the server; the browser does not trust
// that alone. The HTML is parsed inert (DOMParser runs no script and loads no
// image) and rebuilt as React elements from an allow-list of tags WITHOUT any
// attribute: no handler, style, link or source can reach the page. Nothing here
// uses dangerouslySetInnerHTML.
//
// The text offsets follow htmlText() of wordcount.ts (the server's bodyText):
// text as it stands, plus one '\n' after each closing p/h*/li/blockquote and for
// each <br>, so the server's highlight ranges land on the right characters.
import { Fragment, type CSSProperties, type ReactNode } from 'react';

const ALLOWED: Record<string, string> = {
  p: 'p',
  h1: 'h2',
  h2: 'h2',
  h3: 'h3',
  h4: 'h3',
  h5: 'h3',
  h6: 'h3',
  strong: 'strong',
  b: 'strong',
  em: 'em',
  i: 'em',
  ul: 'ul',
  ol: 'ol',
  li: 'li',
  blockquote: 'blockquote',
};
/** Elements whose whole content is dropped (sanitize-html drops these with their text too). */
const DROPPED = new Set(['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'head', 'title']);
/** Closing tags after which htmlText() puts a newline. */
const NEWLINE_AFTER = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote']);

export interface Mark {
  start: number;
  end: number;
  /** copied: found elsewhere; comment: a reviewer's passage comment; focus: the passage being looked at. */
  kind: 'copied' | 'comment' | 'focus';
  title?: string;
}

const MARK_STYLE: Record<Mark['kind'], CSSProperties> = {
  copied: { background: '#ffe4e1', color: 'inherit', padding: 0, borderBottom: '1px solid #f5a3a3' },
  comment: { background: '#fff1b8', color: 'inherit', padding: 0, borderBottom: '2px dashed #d48806' },
  focus: { background: '#ffa39e', color: 'inherit', padding: 0, borderBottom: '2px solid #cf1322' },
};
const RANK: Record<Mark['kind'], number> = { copied: 1, comment: 2, focus: 3 };

/** Parses HTML without running or loading anything. */
function parse(html: string): HTMLElement {
  return new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html').body;
}

/** The text of `html` exactly as the server's htmlText() sees it (for tests and quote lookups). */
export function safeText(html: string): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) out += n.nodeValue ?? '';
    else if (n.nodeType === Node.ELEMENT_NODE) {
      const tag = (n as Element).tagName.toLowerCase();
      if (DROPPED.has(tag)) return;
      if (tag === 'br') {
        out += '\n';
        return;
      }
      n.childNodes.forEach(walk);
      if (NEWLINE_AFTER.has(tag)) out += '\n';
    }
  };
  parse(html).childNodes.forEach(walk);
  return out;
}

/** Text pieces of one text node split where marks begin and end. */
function pieces(text: string, at: number, marks: Mark[]): { s: number; e: number; mark: Mark | null }[] {
  const end = at + text.length;
  const cuts = new Set<number>([at, end]);
  for (const m of marks) {
    if (m.end <= at || m.start >= end) continue;
    cuts.add(Math.max(m.start, at));
    cuts.add(Math.min(m.end, end));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: { s: number; e: number; mark: Mark | null }[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const s = sorted[i];
    const e = sorted[i + 1];
    let best: Mark | null = null;
    for (const m of marks) if (m.start <= s && m.end >= e && (!best || RANK[m.kind] > RANK[best.kind])) best = m;
    out.push({ s, e, mark: best });
  }
  return out;
}

/**
 * React elements for reflection HTML: allowed tags only, no attributes, marks
 * over the text. Every text piece carries data-o (its offset) so a selection
 * can be turned back into offsets (see selectionRange).
 */
export function renderSafe(html: string, marks: Mark[] = []): ReactNode[] {
  let offset = 0;
  let key = 0;
  const walk = (n: Node): ReactNode => {
    if (n.nodeType === Node.TEXT_NODE) {
      const text = n.nodeValue ?? '';
      const at = offset;
      offset += text.length;
      if (!text) return null;
      return pieces(text, at, marks).map((p) => {
        const t = text.slice(p.s - at, p.e - at);
        return p.mark ? (
          <mark key={key++} data-o={p.s} data-kind={p.mark.kind} title={p.mark.title} style={MARK_STYLE[p.mark.kind]}>
            {t}
          </mark>
        ) : (
          <span key={key++} data-o={p.s}>
            {t}
          </span>
        );
      });
    }
    if (n.nodeType !== Node.ELEMENT_NODE) return null;
    const tag = (n as Element).tagName.toLowerCase();
    if (DROPPED.has(tag)) return null;
    if (tag === 'br') {
      offset += 1;
      return <br key={key++} />;
    }
    const children = Array.from(n.childNodes, walk);
    if (NEWLINE_AFTER.has(tag)) offset += 1;
    const out = ALLOWED[tag];
    if (!out) return <Fragment key={key++}>{children}</Fragment>;
    const El = out as 'p';
    return <El key={key++}>{children}</El>;
  };
  return Array.from(parse(html).childNodes, walk);
}

/** Offset of a DOM position inside a renderSafe() tree, or null when outside it. */
function offsetOf(root: HTMLElement, node: Node, within: number): number | null {
  if (!root.contains(node)) return null;
  if (node.nodeType === Node.TEXT_NODE) {
    const host = node.parentElement?.closest('[data-o]');
    if (!host) return null;
    return Number(host.getAttribute('data-o')) + within;
  }
  // An element boundary: the next text piece at or after it.
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  const target = node.childNodes[within] ?? null;
  let el: Node | null = target ?? node;
  if (target) {
    walker.currentNode = target;
    if (target instanceof HTMLElement && target.hasAttribute('data-o')) return Number(target.getAttribute('data-o'));
  } else walker.currentNode = node;
  while ((el = walker.nextNode())) {
    if (el instanceof HTMLElement && el.hasAttribute('data-o')) return Number(el.getAttribute('data-o'));
  }
  return null;
}

/** The current selection inside `root` as text offsets (start < end), or null. */
export function selectionRange(root: HTMLElement): { start: number; end: number } | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  const start = offsetOf(root, r.startContainer, r.startOffset);
  const end = offsetOf(root, r.endContainer, r.endOffset);
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

/** Marks for quoted passages: each quote's first occurrence in the text. */
export function quoteMarks(text: string, quotes: { quote: string; comment?: string }[], kind: Mark['kind'] = 'comment'): Mark[] {
  const out: Mark[] = [];
  for (const q of quotes) {
    if (!q.quote) continue;
    const i = text.indexOf(q.quote);
    if (i >= 0) out.push({ start: i, end: i + q.quote.length, kind, title: q.comment });
  }
  return out;
}

/** Plain text with marks (the other side of a similarity match), paragraphs kept. */
export function renderPlain(text: string, marks: Mark[] = []): ReactNode[] {
  let key = 0;
  const out: ReactNode[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line.trim()) {
      out.push(
        <p key={key++}>
          {pieces(line, at, marks).map((p) => {
            const t = line.slice(p.s - at, p.e - at);
            return p.mark ? (
              <mark key={key++} data-o={p.s} data-kind={p.mark.kind} style={MARK_STYLE[p.mark.kind]}>
                {t}
              </mark>
            ) : (
              <span key={key++} data-o={p.s}>
                {t}
              </span>
            );
          })}
        </p>,
      );
    }
    at += line.length + 1;
  }
  return out;
}
