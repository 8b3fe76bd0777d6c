// HTML stems are sanitized on the server when stored (no attributes, a few tags);
// the page strips anything but those tags again before showing one.
const ALLOWED = new Set(['P', 'BR', 'B', 'STRONG', 'EM', 'I', 'U', 'SUB', 'SUP', 'SPAN', 'UL', 'OL', 'LI', 'CODE', 'PRE', 'BLOCKQUOTE']);

export default function sanitize(html: string): string {
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
  const walk = (el: Element) => {
    for (const child of [...el.children]) {
      if (!ALLOWED.has(child.tagName)) {
        child.replaceWith(doc.createTextNode(child.textContent ?? ''));
        continue;
      }
      for (const a of [...child.attributes]) child.removeAttribute(a.name);
      walk(child);
    }
  };
  const root = doc.body.firstElementChild!;
  walk(root);
  return root.innerHTML;
}
