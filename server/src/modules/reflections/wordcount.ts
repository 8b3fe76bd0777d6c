// 字数 as Microsoft Word counts it for Chinese text, so a cadre's count in the
// editor, the server's check on submit and Word's status bar agree:
//   - each CJK character (Han, kana, Hangul) counts one;
//   - each full-width or Chinese punctuation mark counts one (，。！？、；：“”‘’（）《》【】…—·);
//   - each run of Latin letters or digits counts one ("Word", "2026", "e-mail", "3.14", "don't");
//   - spaces (half- and full-width) and half-width punctuation standing alone count nothing.
// This module has no imports: the web editor uses the very same function.

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
// CJK symbols and punctuation (not the ideographic space U+3000), full-width forms
// (not the half-width katakana range), and the punctuation Chinese text borrows from
// general punctuation: dashes, ellipsis, curly quotes, middle dot.
const FULL_WIDTH_PUNCT = /[\u3001-\u303F\uFF01-\uFF60\uFFE0-\uFFE6\u2014\u2015\u2026\u2018\u2019\u201C\u201D\u00B7\u2022\u300A-\u300F]/u;
const LATIN_ALNUM = /[\p{L}\p{N}]/u;
const JOINER = /['’.\-_]/u;

export function wordCount(text: string): number {
  let n = 0;
  let inRun = false;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (CJK.test(c) || FULL_WIDTH_PUNCT.test(c)) {
      n++;
      inRun = false;
    } else if (LATIN_ALNUM.test(c)) {
      if (!inRun) n++;
      inRun = true;
    } else if (inRun && JOINER.test(c) && i + 1 < chars.length && LATIN_ALNUM.test(chars[i + 1]) && !CJK.test(chars[i + 1])) {
      // A hyphen, apostrophe or point between letters or digits keeps the run whole.
    } else {
      inRun = false;
    }
  }
  return n;
}

/** Text of a reflection's HTML as Word would see it: tags gone, entities decoded, blocks separated. */
export function htmlText(html: string): string {
  return html
    .replace(/<(br|\/p|\/h[1-6]|\/li|\/blockquote)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    // A code point beyond Unicode (found by the fuzz suite: it threw) is dropped.
    .replace(/&#(\d+);/g, (_, d: string) => (Number(d) > 0 && Number(d) <= 0x10ffff ? String.fromCodePoint(Number(d)) : ''))
    .replace(/&amp;/g, '&');
}
