// The bank's Excel template: one question a row, the columns below. Rows are
// reported by the row number Excel shows.
import { buildXlsx, readXlsxRows } from '../../../platform/xlsx';
import { emptyDraft, optionKey, QTYPE_LABELS, type QType, type QuestionDraft } from '../bank/model';
import type { ParseResult } from './types';

const OPTION_COLUMNS = 6;
export const XLSX_COLUMNS = ['分类', '题型', '题干', ...Array.from({ length: OPTION_COLUMNS }, (_, i) => `选项${optionKey(i)}`), '答案', '解析', '难度', '标签', '来源'];

const TYPE_BY_LABEL: Record<string, QType> = {
  单选: 'single',
  单选题: 'single',
  多选: 'multiple',
  多选题: 'multiple',
  判断: 'truefalse',
  判断题: 'truefalse',
  填空: 'fill',
  填空题: 'fill',
  简答: 'short',
  简答题: 'short',
};
const TRUE_WORDS = ['对', '正确', '√', '是', 'T', 'TRUE', 'Y'];
const FALSE_WORDS = ['错', '错误', '×', '否', 'F', 'FALSE', 'N'];
/** Several accepted answers of a blank, or several tags: separated by | or the Chinese semicolon. */
const LIST_SEP = /[|｜；;]/;

export async function parseQuestionXlsx(buf: Buffer): Promise<ParseResult> {
  const rows = await readXlsxRows(buf);
  const out: ParseResult = { questions: [], refused: [] };
  const header = rows[0];
  if (!header) return out;
  const idx = (name: string) => header.cells.findIndex((c) => c.replace(/\s/g, '') === name);
  const col = Object.fromEntries(XLSX_COLUMNS.map((n) => [n, idx(n)]));
  const missing = ['题型', '题干', '答案'].filter((n) => col[n]! < 0);
  if (missing.length) {
    out.refused.push({ line: header.rowNumber, reason: `表头缺少列：${missing.join('、')}（请使用题库导入模板）` });
    return out;
  }
  for (const r of rows.slice(1)) {
    const get = (n: string) => (col[n]! >= 0 ? (r.cells[col[n]!] ?? '').trim() : '');
    const typeLabel = get('题型');
    const type = TYPE_BY_LABEL[typeLabel];
    if (!type) {
      out.refused.push({ line: r.rowNumber, reason: `题型“${typeLabel}”无法识别（应为 单选、多选、判断、填空、简答）` });
      continue;
    }
    const d: QuestionDraft = { ...emptyDraft(type), stem: get('题干'), explanation: get('解析'), source: get('来源'), category: get('分类') || null };
    d.tags = get('标签')
      .split(LIST_SEP)
      .map((t) => t.trim())
      .filter(Boolean);
    const diff = get('难度');
    if (diff) {
      d.difficulty = Number(diff);
      if (!Number.isInteger(d.difficulty) || d.difficulty < 1 || d.difficulty > 5) {
        out.refused.push({ line: r.rowNumber, reason: `难度“${diff}”应为 1 至 5 的整数` });
        continue;
      }
    }
    const answer = get('答案');
    if (!answer && type !== 'short') {
      out.refused.push({ line: r.rowNumber, reason: '答案为空' });
      continue;
    }
    if (type === 'single' || type === 'multiple') {
      const texts = Array.from({ length: OPTION_COLUMNS }, (_, i) => get(`选项${optionKey(i)}`));
      const last = texts.map((t) => t !== '').lastIndexOf(true);
      if (texts.slice(0, last + 1).some((t) => t === '')) {
        out.refused.push({ line: r.rowNumber, reason: '选项中间有空列' });
        continue;
      }
      const letters = [...new Set(answer.normalize('NFKC').toUpperCase().replace(/[\s,，、]/g, '').split(''))];
      const keys = texts.slice(0, last + 1).map((_, i) => optionKey(i));
      const bad = letters.filter((l) => !keys.includes(l));
      if (bad.length) {
        out.refused.push({ line: r.rowNumber, reason: `答案“${answer}”中的 ${bad.join('、')} 不是已有的选项` });
        continue;
      }
      if (type === 'single' && letters.length !== 1) {
        out.refused.push({ line: r.rowNumber, reason: `单选题的答案应为一个选项（现为“${answer}”）` });
        continue;
      }
      d.options = keys.map((k, i) => ({ key: k, text: texts[i]!, fraction: letters.includes(k) ? 1 / letters.length : 0, feedback: '' }));
    } else if (type === 'truefalse') {
      const a = answer.normalize('NFKC').toUpperCase();
      if (TRUE_WORDS.includes(a)) d.truth = true;
      else if (FALSE_WORDS.includes(a)) d.truth = false;
      else {
        out.refused.push({ line: r.rowNumber, reason: `判断题的答案应为“对”或“错”（现为“${answer}”）` });
        continue;
      }
    } else if (type === 'fill') {
      d.accepted = answer
        .split(LIST_SEP)
        .map((t) => t.trim())
        .filter(Boolean)
        .map((text) => ({ text, fraction: 1, feedback: '' }));
    } else {
      d.reference = answer;
    }
    out.questions.push({ line: r.rowNumber, draft: d });
  }
  return out;
}

export async function writeQuestionXlsx(drafts: QuestionDraft[]): Promise<Buffer> {
  const rows = drafts.map((d) => {
    const row: Record<string, unknown> = {
      分类: d.category ?? '',
      题型: QTYPE_LABELS[d.type].replace('题', ''),
      题干: d.stem,
      解析: d.explanation,
      难度: d.difficulty,
      标签: d.tags.join('|'),
      来源: d.source,
    };
    d.options.forEach((o, i) => (row[`选项${optionKey(i)}`] = o.text));
    row['答案'] =
      d.type === 'single' || d.type === 'multiple'
        ? d.options
            .filter((o) => o.fraction > 0)
            .map((o) => o.key)
            .join('')
        : d.type === 'truefalse'
          ? d.truth
            ? '对'
            : '错'
          : d.type === 'fill'
            ? d.accepted.map((a) => a.text).join('|')
            : d.reference;
    return row;
  });
  return buildXlsx([{ name: '题库', columns: XLSX_COLUMNS.map((h) => ({ header: h, key: h, width: h === '题干' ? 50 : h.startsWith('选项') ? 20 : 12 })), rows }]);
}
