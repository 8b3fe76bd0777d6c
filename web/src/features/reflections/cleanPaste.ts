// What Word and WeChat put on the clipboard, reduced to what a reflection holds:
// paragraphs, h2/h3, bold, italic, lists and quotes — no style, class, font,
// span, image or link survives, and a table becomes one paragraph per row.
// Used as TipTap's transformPastedHTML.

const DROP = new Set([
  'script', 'style', 'head', 'title', 'meta', 'link', 'template', 'noscript', 'iframe', 'object', 'embed',
  'img', 'picture', 'video', 'audio', 'svg', 'canvas', 'math', 'button', 'input', 'select', 'textarea', 'hr', 'o:p', 'xml',
]);
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'center', 'address', 'pre',
  'figure', 'figcaption', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'table',
]);

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function hasBlock(el: Element): boolean {
  for (const c of Array.from(el.children)) {
    const t = c.tagName.toLowerCase();
    if (BLOCKS.has(t) || hasBlock(c)) return true;
  }
  return false;
}

function styled(el: Element, inner: string): string {
  const style = (el.getAttribute('style') ?? '').toLowerCase();
  let out = inner;
  if (/font-style\s*:\s*italic/.test(style)) out = `<em>${out}</em>`;
  if (/font-weight\s*:\s*(bold|bolder|[6-9]00)/.test(style)) out = `<strong>${out}</strong>`;
  return out;
}

function tableRows(table: Element): string {
  const rows: string[] = [];
  for (const tr of Array.from(table.querySelectorAll('tr'))) {
    if (tr.closest('table') !== table) continue; // a nested table's rows come with their cell's text
    const cells = Array.from(tr.children)
      .filter((c) => /^(td|th)$/i.test(c.tagName))
      .map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    if (cells.length) rows.push(`<p>${escape(cells.join(' '))}</p>`);
  }
  return rows.join('');
}

function clean(n: Node): string {
  if (n.nodeType === Node.TEXT_NODE) return escape(n.nodeValue ?? '');
  if (n.nodeType !== Node.ELEMENT_NODE) return ''; // comments (Word's <!--[if …]>), processing instructions
  const el = n as Element;
  const tag = el.tagName.toLowerCase();
  if (DROP.has(tag) || tag.includes(':')) return ''; // <o:p>, <v:shape>, <w:…> from Word
  const inner = () => Array.from(el.childNodes, clean).join('');
  switch (tag) {
    case 'br':
      return '<br>';
    case 'b':
    case 'strong':
      return `<strong>${inner()}</strong>`;
    case 'i':
    case 'em':
      return `<em>${inner()}</em>`;
    case 'h1':
    case 'h2':
      return `<h2>${escape((el.textContent ?? '').trim())}</h2>`;
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      return `<h3>${escape((el.textContent ?? '').trim())}</h3>`;
    case 'ul':
    case 'ol':
      return `<${tag}>${Array.from(el.childNodes, (c) => (c.nodeType === Node.ELEMENT_NODE && (c as Element).tagName.toLowerCase() === 'li' ? clean(c) : (c.textContent ?? '').trim() ? `<li>${clean(c)}</li>` : '')).join('')}</${tag}>`;
    case 'li':
      return `<li>${inner()}</li>`;
    case 'blockquote':
      return `<blockquote>${hasBlock(el) ? inner() : `<p>${inner()}</p>`}</blockquote>`;
    case 'table':
      return tableRows(el);
    default:
      if (BLOCKS.has(tag)) return hasBlock(el) ? inner() : `<p>${styled(el, inner())}</p>`;
      // span, font, a, u, sup, … : only their text (and bold/italic carried in a style)
      return styled(el, inner());
  }
}

export function cleanPastedHtml(html: string): string {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  return Array.from(body.childNodes, clean).join('');
}
