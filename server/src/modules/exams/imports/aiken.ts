// Aiken (https://docs.moodle.org/en/Aiken_format): a question line, options
// `A)`/`A.` (Moodle also takes `A)Text` without the space; we take the Chinese
// `A．`/`A、` as well), then `ANSWER: B`. Errors name their line as Moodle's do:
// too few answers, an option or ANSWER with no question started, and a question
// not completed before the next one starts. `ANSWER: AC` (several letters, our
// extension) makes a multiple-choice question; Moodle's Aiken is single choice.
import { emptyDraft, optionKey, type QuestionDraft } from '../bank/model';
import type { ParseResult } from './types';

const OPTION = /^([A-Z])\s*[).．、）]\s*(.*)$/;
const short = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
const ANSWER = /^(?:ANSWER|答案)\s*[:：]\s*(.*)$/i;

export function parseAiken(input: string): ParseResult {
  const lines = input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const out: ParseResult = { questions: [], refused: [] };
  let q: { line: number; stem: string; options: { key: string; text: string }[] } | null = null;

  lines.forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (line.length < 2) return;
    const opt = OPTION.exec(line);
    const ans = ANSWER.exec(line);
    if (ans) {
      if (!q) {
        out.refused.push({ line: n, reason: '题目尚未开始（ANSWER 行之前没有题干）' });
        return;
      }
      const cur = q;
      q = null;
      if (cur.options.length < 2) {
        out.refused.push({ line: n, reason: `“${short(cur.stem)}”至少要有 2 个选项` });
        return;
      }
      const letters = [...new Set(ans[1]!.toUpperCase().replace(/[\s,，、]/g, '').split(''))];
      if (letters.length === 0 || letters.some((l) => !cur.options.some((o) => o.key === l))) {
        out.refused.push({ line: n, reason: `“${short(cur.stem)}”的答案“${ans[1]}”不是已有的选项` });
        return;
      }
      const multiple = letters.length > 1;
      const draft: QuestionDraft = {
        ...emptyDraft(multiple ? 'multiple' : 'single'),
        stem: cur.stem,
        // Options are renamed A, B, C… in order (a file may skip a letter).
        options: cur.options.map((o, k) => ({
          key: optionKey(k),
          text: o.text,
          fraction: letters.includes(o.key) ? 1 / letters.length : 0,
          feedback: '',
        })),
      };
      out.questions.push({ line: cur.line, draft });
      return;
    }
    if (opt) {
      if (!q) {
        out.refused.push({ line: n, reason: '题目尚未开始（选项之前没有题干）' });
        return;
      }
      q.options.push({ key: opt[1]!, text: opt[2]!.trim() });
      return;
    }
    // A question line.
    if (q) {
      if (q.options.length === 0) {
        // A stem running over several lines.
        q.stem += `\n${line}`;
        return;
      }
      out.refused.push({ line: q.line, reason: `“${short(q.stem)}”在下一题（第 ${n} 行）开始前没有完成（缺少 ANSWER 行）` });
    }
    q = { line: n, stem: line, options: [] };
  });
  if (q) {
    const cur = q as { line: number; stem: string };
    out.refused.push({ line: cur.line, reason: `“${short(cur.stem)}”在文件结束前没有完成（缺少 ANSWER 行）` });
  }
  out.refused.sort((a, b) => a.line - b.line);
  return out;
}

/** Aiken holds single and multiple choice only; the others are returned as left out. */
export function writeAiken(drafts: QuestionDraft[]): { text: string; skipped: number } {
  const out: string[] = [];
  let skipped = 0;
  for (const d of drafts) {
    if (d.type !== 'single' && d.type !== 'multiple') {
      skipped++;
      continue;
    }
    out.push(d.stem.replace(/\r?\n/g, ' '));
    for (const o of d.options) out.push(`${o.key}) ${o.text.replace(/\r?\n/g, ' ')}`);
    out.push(`ANSWER: ${d.options.filter((o) => o.fraction > 0).map((o) => o.key).join('')}`, '');
  }
  return { text: out.join('\n'), skipped };
}
