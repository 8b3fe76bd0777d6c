// A question as the bank, the importers, the exporters and the grader see it:
// pure data, no database. The stored form (exam_question_versions) is this with
// options and answer as JSON.
import crypto from 'node:crypto';
import sanitizeHtml from 'sanitize-html';

export const QTYPES = ['single', 'multiple', 'truefalse', 'fill', 'short'] as const;
export type QType = (typeof QTYPES)[number];

export const QTYPE_LABELS: Record<QType, string> = {
  single: '单选题',
  multiple: '多选题',
  truefalse: '判断题',
  fill: '填空题',
  short: '简答题',
};

export const STEM_FORMATS = ['plain', 'html', 'markdown'] as const;
export type StemFormat = (typeof STEM_FORMATS)[number];

export interface OptionDraft {
  /** A, B, C… */
  key: string;
  text: string;
  /** Share of the question's points this option carries: 1 right, 0 wrong, between for partial, negative for a penalty. */
  fraction: number;
  feedback: string;
}

export interface AcceptedAnswer {
  text: string;
  fraction: number;
  feedback: string;
}

export interface QuestionDraft {
  type: QType;
  name: string;
  stem: string;
  stemFormat: StemFormat;
  /** single / multiple */
  options: OptionDraft[];
  /** truefalse */
  truth: boolean | null;
  /** fill: the accepted answers (full- and half-width forms are the same) */
  accepted: AcceptedAnswer[];
  /** short: the reference answer the grader sees */
  reference: string;
  explanation: string;
  /** 1 (easy) … 5 (hard) */
  difficulty: number;
  tags: string[];
  source: string;
  /** Category path from the file ('党史/新中国成立'), if it names one. */
  category: string | null;
}

export function emptyDraft(type: QType): QuestionDraft {
  return { type, name: '', stem: '', stemFormat: 'plain', options: [], truth: null, accepted: [], reference: '', explanation: '', difficulty: 3, tags: [], source: '', category: null };
}

export const optionKey = (i: number) => String.fromCharCode(65 + i);

/** Full-width and half-width alike, case and runs of spaces ignored: how fill-in answers are compared. */
export function normalizeAnswer(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

const STEM_TAGS = ['p', 'br', 'b', 'strong', 'em', 'i', 'u', 'sub', 'sup', 'span', 'ul', 'ol', 'li', 'code', 'pre', 'blockquote'];

/** HTML stems keep a few formatting tags and no attributes at all (no links, styles, handlers). */
export function sanitizeStemHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: STEM_TAGS,
    allowedAttributes: {},
    allowedSchemes: [],
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'title', 'head'],
  }).trim();
}

/** Plain text of a stem of any format (for search, duplicates and the phone). */
export function stemText(stem: string, format: StemFormat): string {
  if (format !== 'html') return stem;
  return sanitizeHtml(stem, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Two questions are duplicates when their type and their stem's words are the same (punctuation, spaces, width and case aside). */
export function fingerprint(d: Pick<QuestionDraft, 'type' | 'stem' | 'stemFormat'>): string {
  const text = stemText(d.stem, d.stemFormat)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
  return crypto.createHash('sha256').update(`${d.type}:${text}`).digest('hex').slice(0, 32);
}

/**
 * What is wrong with a draft, in Chinese, or null. The importers refuse a draft
 * with this reason (and its line), the editor answers 400 with it.
 */
export function draftProblem(d: QuestionDraft): string | null {
  if (!QTYPES.includes(d.type)) return `不支持的题型：${String(d.type)}`;
  if (!d.stem.trim()) return '题干为空';
  if (d.stem.length > 5000) return '题干超过 5000 字';
  if (!Number.isInteger(d.difficulty) || d.difficulty < 1 || d.difficulty > 5) return '难度应为 1 至 5 的整数';
  if (d.type === 'single' || d.type === 'multiple') {
    if (d.options.length < 2) return '选择题至少要有 2 个选项';
    if (d.options.length > 10) return '选择题最多 10 个选项';
    if (d.options.some((o) => !o.text.trim())) return '有选项内容为空';
    const texts = new Set(d.options.map((o) => normalizeAnswer(o.text)));
    if (texts.size !== d.options.length) return '有重复的选项';
    if (d.options.some((o) => !Number.isFinite(o.fraction) || o.fraction > 1 || o.fraction < -1)) return '选项分值比例应在 -100% 至 100% 之间';
    const right = d.options.filter((o) => o.fraction > 0);
    if (right.length === 0) return '没有标出正确选项';
    if (d.type === 'single') {
      if (!d.options.some((o) => o.fraction === 1)) return '单选题应有一个完全正确（100%）的选项';
    } else {
      const sum = right.reduce((s, o) => s + o.fraction, 0);
      if (Math.abs(sum - 1) > 0.011) return `多选题正确选项的比例之和应为 100%（现为 ${Math.round(sum * 100)}%）`;
    }
  }
  if (d.type === 'truefalse' && d.truth === null) return '判断题没有给出正确答案';
  if (d.type === 'fill') {
    if (d.accepted.length === 0 || d.accepted.every((a) => a.fraction <= 0)) return '填空题至少要有一个可接受的答案';
    if (d.accepted.some((a) => !a.text.trim())) return '填空题答案为空';
  }
  return null;
}

// ---- the stored form ----

export interface StoredVersion {
  type: string;
  name: string;
  stem: string;
  stem_format: string;
  options: string;
  answer: string;
  explanation: string;
  difficulty: number;
  tags: string;
  source: string;
}

export function toStored(d: QuestionDraft): Omit<StoredVersion, never> & { fingerprint: string } {
  const answer = d.type === 'truefalse' ? d.truth : d.type === 'fill' ? d.accepted : d.type === 'short' ? d.reference : null;
  return {
    type: d.type,
    name: d.name,
    stem: d.stemFormat === 'html' ? sanitizeStemHtml(d.stem) : d.stem,
    stem_format: d.stemFormat,
    options: JSON.stringify(d.type === 'single' || d.type === 'multiple' ? d.options : []),
    answer: JSON.stringify(answer ?? null),
    explanation: d.explanation,
    difficulty: d.difficulty,
    tags: d.tags.join(','),
    source: d.source,
    fingerprint: fingerprint(d),
  };
}

export function fromStored(v: StoredVersion, category: string | null = null): QuestionDraft {
  const type = v.type as QType;
  const answer = JSON.parse(v.answer) as unknown;
  return {
    type,
    name: v.name,
    stem: v.stem,
    stemFormat: v.stem_format as StemFormat,
    options: JSON.parse(v.options) as OptionDraft[],
    truth: type === 'truefalse' ? Boolean(answer) : null,
    accepted: type === 'fill' ? (answer as AcceptedAnswer[]) : [],
    reference: type === 'short' ? String(answer ?? '') : '',
    explanation: v.explanation,
    difficulty: v.difficulty,
    tags: v.tags ? v.tags.split(',').filter(Boolean) : [],
    source: v.source,
    category,
  };
}
