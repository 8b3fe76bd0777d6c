// Moodle GIFT (https://docs.moodle.org/en/GIFT_format), read and written.
// Read: blocks separated by blank lines; `//` comment lines (our metadata rides
// in them as `[tag:…]`, `[difficulty:…]`, `[source:…]`, `[reference:…]`, which
// Moodle ignores); `$CATEGORY:` blocks; `::name::`; `[html]`/`[plain]`/
// `[markdown]`/`[moodle]`; escapes `\~ \= \# \{ \} \: \\ \n`; answers `=` right,
// `~` wrong, `%50%` weights, `#` feedback, `####` general feedback (our
// explanation). Types the bank has no place for (matching, numerical,
// descriptions) are refused by name and line; the rest are taken.
import { emptyDraft, optionKey, stemText, type QuestionDraft, type StemFormat } from '../bank/model';
import type { ParseResult } from './types';

const ESCAPABLE = ['\\', '~', '=', '#', '{', '}', ':'] as const;
// Private-use characters stand for escaped ones while the text is split.
const HOLD: Record<string, string> = Object.fromEntries(ESCAPABLE.map((c, i) => [c, String.fromCharCode(0xe000 + i)]));
const RELEASE: Record<string, string> = Object.fromEntries(ESCAPABLE.map((c, i) => [String.fromCharCode(0xe000 + i), c]));

function hold(s: string): string {
  return s.replace(/\\([\\~=#{}:n])/g, (_, c: string) => (c === 'n' ? '\n' : HOLD[c]!));
}
function release(s: string): string {
  return s.replace(/[\ue000-\ue006]/g, (c) => RELEASE[c]!);
}

function cleanCategory(raw: string): string {
  return raw
    .trim()
    .replace(/^\$(course|system|module|cat\d*)\$\/?/, '')
    .replace(/^top\/?/, '')
    .split('/')
    .map((p) => p.trim())
    .filter(Boolean)
    .join('/');
}

function takeFormat(s: string): { format: StemFormat; text: string } {
  const m = /^\s*\[(html|plain|markdown|moodle)\]/.exec(s);
  if (!m) return { format: 'plain', text: s };
  const f = m[1] === 'moodle' ? 'plain' : (m[1] as StemFormat);
  return { format: f, text: s.slice(m[0].length) };
}

/** An answer's own text: its format marker dropped, HTML reduced to text. */
function answerText(s: string): string {
  const { format, text } = takeFormat(s);
  return release(stemText(text.trim(), format === 'html' ? 'html' : 'plain')).trim();
}

interface Answer {
  right: boolean;
  weight: number | null;
  text: string;
  feedback: string;
}

function splitAnswers(answerText_: string): Answer[] {
  const parts = answerText_.split(/(?=[=~])/).map((p) => p.trim()).filter(Boolean);
  return parts.map((p) => {
    const right = p.startsWith('=');
    let rest = p.slice(1).trim();
    let weight: number | null = null;
    const w = /^%(-?\d+(?:\.\d+)?)%/.exec(rest);
    if (w) {
      weight = Number(w[1]) / 100;
      rest = rest.slice(w[0].length);
    }
    const hash = rest.indexOf('#');
    const text = hash >= 0 ? rest.slice(0, hash) : rest;
    const feedback = hash >= 0 ? rest.slice(hash + 1) : '';
    return { right, weight, text: answerText(text), feedback: answerText(feedback) };
  });
}

interface Meta {
  tags: string[];
  difficulty: number | null;
  source: string | null;
  reference: string | null;
}

function readMeta(comments: string[]): Meta {
  const meta: Meta = { tags: [], difficulty: null, source: null, reference: null };
  for (const c of comments) {
    for (const m of c.matchAll(/\[(tag|difficulty|source|reference):((?:[^\]\\]|\\.)*)\]/g)) {
      const v = m[2]!.replace(/\\(.)/g, '$1').trim();
      if (m[1] === 'tag' && v) meta.tags.push(v);
      if (m[1] === 'difficulty') meta.difficulty = Number(v);
      if (m[1] === 'source') meta.source = v;
      if (m[1] === 'reference') meta.reference = v;
    }
  }
  return meta;
}

export function parseGift(input: string): ParseResult {
  const lines = input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const out: ParseResult = { questions: [], refused: [] };
  let category: string | null = null;

  // Blocks of non-blank lines; comments set aside.
  const blocks: { start: number; text: string[]; comments: string[] }[] = [];
  let cur: { start: number; text: string[]; comments: string[] } | null = null;
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      cur = null;
      return;
    }
    if (!cur) {
      cur = { start: 0, text: [], comments: [] };
      blocks.push(cur);
    }
    if (/^\s*\/\//.test(line)) cur.comments.push(line);
    else {
      if (cur.text.length === 0) cur.start = i + 1;
      cur.text.push(line);
    }
  });

  for (const b of blocks) {
    if (b.text.length === 0) continue;
    let text = b.text.join('\n');
    let start = b.start;
    const cat = /^\s*\$CATEGORY:(.*)$/m.exec(b.text[0]!);
    if (cat) {
      category = cleanCategory(cat[1]!);
      if (b.text.length === 1) continue;
      text = b.text.slice(1).join('\n');
      start += 1;
    }
    const r = parseOne(hold(text), readMeta(b.comments));
    if ('reason' in r) out.refused.push({ line: start, reason: r.reason });
    else out.questions.push({ line: start, draft: { ...r.draft, category } });
  }
  return out;
}

function parseOne(text: string, meta: Meta): { draft: QuestionDraft } | { reason: string } {
  let name = '';
  const nm = /^\s*::([\s\S]*?)::/.exec(text);
  if (nm) {
    name = release(nm[1]!).trim();
    text = text.slice(nm[0].length);
  }
  const label = name ? `“${name}”` : `“${release(text).trim().slice(0, 20)}”`;
  const open = text.indexOf('{');
  const close = text.lastIndexOf('}');
  if (open < 0 || close < open) return { reason: `${label}没有答案部分 {…}（说明文字不是题目）` };
  const before = text.slice(0, open);
  const after = text.slice(close + 1).trim();
  let answers = text.slice(open + 1, close).trim();
  const { format, text: stemRaw } = takeFormat(before);
  // Text after the answers makes a missing-word question; a stray `";` or `;` is not text.
  const tail = after && !/^["'”’;；.。,，\s]*$/.test(after) ? `＿＿＿＿${after}` : '';
  const stem = release((stemRaw.trimEnd() + (tail ? ` ${tail}` : '')).trim());

  let explanation = '';
  const gf = answers.indexOf('####');
  if (gf >= 0) {
    explanation = answerText(answers.slice(gf + 4));
    answers = answers.slice(0, gf).trim();
  }

  const base = (type: QuestionDraft['type']): QuestionDraft => ({
    ...emptyDraft(type),
    name,
    stem,
    stemFormat: format,
    explanation,
    tags: meta.tags,
    difficulty: meta.difficulty ?? 3,
    source: meta.source ?? '',
  });

  if (answers === '') return { draft: { ...base('short'), reference: meta.reference ?? '' } };
  if (answers.startsWith('#')) return { reason: `${label}是数值题（numerical），题库不支持该题型` };
  if (/^=[\s\S]*->/.test(answers)) return { reason: `${label}是配对题（matching），题库不支持该题型` };

  const tf = /^(T|TRUE|F|FALSE)\s*(#[\s\S]*)?$/.exec(answers);
  if (tf) return { draft: { ...base('truefalse'), truth: tf[1]!.startsWith('T') } };

  const list = splitAnswers(answers);
  if (list.length === 0) return { reason: `${label}的答案部分无法识别` };

  if (answers.includes('~')) {
    const single = list.some((a) => a.right);
    const options = list.map((a, i) => ({
      key: optionKey(i),
      text: a.text,
      fraction: a.weight ?? (a.right ? 1 : 0),
      feedback: a.feedback,
    }));
    return { draft: { ...base(single ? 'single' : 'multiple'), options } };
  }

  // Only `=` answers: short answer in Moodle, fill-in-the-blank here. Moodle's `*`
  // wildcard (any other answer) carries only feedback and is not an accepted answer.
  const accepted = list.filter((a) => a.text !== '*').map((a) => ({ text: a.text, fraction: a.weight ?? 1, feedback: a.feedback }));
  return { draft: { ...base('fill'), accepted } };
}

// ---- writing ----

function esc(s: string): string {
  return s.replace(/[\\~=#{}:]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
}
const metaEsc = (s: string) => s.replace(/[\\\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
const pct = (f: number) => `%${Math.round(f * 1e5) / 1e3}%`;

export function writeGift(drafts: QuestionDraft[]): string {
  const out: string[] = [];
  let category: string | null = null;
  for (const d of drafts) {
    if (d.category && d.category !== category) {
      category = d.category;
      out.push(`$CATEGORY: $course$/top/${category}`, '');
    }
    const meta = [...d.tags.map((t) => `[tag:${metaEsc(t)}]`), `[difficulty:${d.difficulty}]`];
    if (d.source) meta.push(`[source:${metaEsc(d.source)}]`);
    if (d.type === 'short' && d.reference) meta.push(`[reference:${metaEsc(d.reference)}]`);
    out.push(`// ${meta.join(' ')}`);
    const head = `${d.name ? `::${esc(d.name)}::` : ''}${d.stemFormat === 'plain' ? '' : `[${d.stemFormat}]`}${esc(d.stem)}`;
    const general = d.explanation ? `####${esc(d.explanation)}` : '';
    const fb = (f: string) => (f ? `#${esc(f)}` : '');
    let body: string;
    switch (d.type) {
      case 'short':
        body = `{${general}}`;
        break;
      case 'truefalse':
        body = `{${d.truth ? 'TRUE' : 'FALSE'}${general}}`;
        break;
      case 'fill':
        body = `{\n${d.accepted.map((a) => `\t=${a.fraction === 1 ? '' : pct(a.fraction)}${esc(a.text)}${fb(a.feedback)}`).join('\n')}${general ? `\n\t${general}` : ''}\n}`;
        break;
      case 'single':
        body = `{\n${d.options.map((o) => `\t${o.fraction === 1 ? '=' : `~${o.fraction === 0 ? '' : pct(o.fraction)}`}${esc(o.text)}${fb(o.feedback)}`).join('\n')}${general ? `\n\t${general}` : ''}\n}`;
        break;
      case 'multiple':
        body = `{\n${d.options.map((o) => `\t~${pct(o.fraction)}${esc(o.text)}${fb(o.feedback)}`).join('\n')}${general ? `\n\t${general}` : ''}\n}`;
        break;
    }
    out.push(`${head}${body}`, '');
  }
  return out.join('\n');
}
