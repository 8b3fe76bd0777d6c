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
 * The same text with every character inside <blockquote> turned into a space, so
 * quotations of the book are no evidence of copying while offsets stay those of bodyText.
 * htmlText works tag by tag, so the text of the pieces joined is the text of the whole.
 */
export function maskedText(html: string): string {
  const parts = html.split(/(<\/?blockquote>)/);
  let depth = 0;
  let out = '';
  for (const part of parts) {
    if (part === '<blockquote>') {
      depth++;
      continue;
    }
    if (part === '</blockquote>') {
      depth = Math.max(0, depth - 1);
      out += htmlText(part);
      continue;
    }
    const t = htmlText(part);
    out += depth > 0 ? t.replace(/[^\n]/g, ' ') : t;
  }
  return out;
}
