import sanitizeHtml from 'sanitize-html';
import { htmlText } from './wordcount';

// A reflection's HTML as the server keeps it: only the few tags a reflection
// needs, no attributes at all (so no event handlers, styles, URLs or classes),
// and everything else dropped with its text kept — or, for script/style/iframe
// and the like, dropped with its content.
const ALLOWED = ['p', 'h2', 'h3', 'strong', 'b', 'em', 'ul', 'ol', 'li', 'blockquote', 'br'];

const BLOCK = '(?:p|h2|h3|ul|ol|li|blockquote)';
const BLOCK_SPACE_BEFORE = new RegExp(`\\s+(</?${BLOCK}>|<br />)`, 'g');
const BLOCK_SPACE_AFTER = new RegExp(`(</?${BLOCK}>|<br />)\\s+`, 'g');

export function sanitizeBody(html: string): string {
  const clean = sanitizeHtml(html, {
    allowedTags: ALLOWED,
    allowedAttributes: {},
    allowedSchemes: [],
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'xmp', 'noembed', 'noframes', 'title', 'head'],
    // Word and WeChat paste: headings h1/h4–h6 become h2/h3, divs become paragraphs.
    transformTags: { h1: 'h2', h4: 'h3', h5: 'h3', h6: 'h3', div: 'p', i: 'em', u: 'em' },
  });
  // Empty paragraphs and whitespace next to block tags add nothing; whitespace
  // between inline tags (`<strong>a</strong> <em>b</em>`) separates words and stays.
  return clean
    .replace(/<p>(\s|&nbsp;|<br \/>)*<\/p>/g, '')
    .replace(BLOCK_SPACE_BEFORE, '$1')
    .replace(BLOCK_SPACE_AFTER, '$1')
    .trim();
}

/** Plain text of the stored HTML: what is counted, compared and highlighted (offsets refer to it). */
export function bodyText(html: string): string {
  return htmlText(html);
}

/**
 * The ranges of bodyText that lie inside a <blockquote>: quoted text for the
 * similarity check, which still compares it but excuses a shared run only when
 * the other text quotes it too. htmlText works tag by tag, so the text of the
 * pieces joined is the text of the whole and the offsets are those of bodyText.
 */
export function blockquoteRanges(html: string): { start: number; end: number }[] {
  const parts = html.split(/(<\/?blockquote>)/);
  const out: { start: number; end: number }[] = [];
  let depth = 0;
  let offset = 0;
  let start = 0;
  for (const part of parts) {
    if (part === '<blockquote>') {
      if (depth++ === 0) start = offset;
      continue;
    }
    if (part === '</blockquote>') {
      if (depth > 0 && --depth === 0) out.push({ start, end: offset });
      offset += htmlText(part).length;
      continue;
    }
    offset += htmlText(part).length;
  }
  if (depth > 0) out.push({ start, end: offset });
  return out;
}
