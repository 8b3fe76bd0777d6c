// 中国图书馆分类法 (CLC, 中图法): top-level classes and the reading room's categories.

export const CLC_CLASSES = {
  A: '马克思主义、列宁主义、毛泽东思想、邓小平理论',
  B: '哲学、宗教',
  C: '社会科学总论',
  D: '政治、法律',
  E: '军事',
  F: '经济',
  G: '文化、科学、教育、体育',
  H: '语言、文字',
  I: '文学',
  J: '艺术',
  K: '历史、地理',
  N: '自然科学总论',
  O: '数理科学和化学',
  P: '天文学、地球科学',
  Q: '生物科学',
  R: '医药、卫生',
  S: '农业科学',
  T: '工业技术',
  U: '交通运输',
  V: '航空、航天',
  X: '环境科学、安全科学',
  Z: '综合性图书',
} as const;

export type ClcClass = keyof typeof CLC_CLASSES;

/** The plan's collection categories (§三.3), in the plan's order. */
export const CATEGORIES = ['思想理论', '业务', '经济', '文化', '历史', '法律', '哲学', '科技', '其他'] as const;
export type Category = (typeof CATEGORIES)[number];

// Shape of a class number: the letter (T has two-letter subclasses TB…TV; the 5th
// edition lets law be marked DF instead of D9), digits with dots, then any of the
// auxiliary notations: general subdivision "-49", time "=6", area "(2)", ethnic
// "\"1\"", "<…>", and combinations with ":" or "+" ("D26-49", "D922.294(2)", "Z88:I2").
const CLC_SHAPE =
  /^(?:[ABCDEFGHIJKNOPQRSUVXZ]|T[BDEFGHJKLMNPQSUV]?|DF)(?:\d+(?:\.\d+)*)?(?:-\d+(?:\.\d+)*|=\d+(?:\.\d+)*|\(\d+(?:\.\d+)*\)|"\d+"|<\d+(?:\.\d+)*>|[:+][A-Z][A-Z0-9.\-=()"<>]*)*$/;

function normalizeClc(clc: string): string {
  return clc.normalize('NFKC').trim().toUpperCase();
}

/** True when the string has the shape of a CLC class number. */
export function isClcNumber(clc: string | null | undefined): boolean {
  return !!clc && CLC_SHAPE.test(normalizeClc(clc));
}

/** The top-level class letter of a CLC number ("TP312" → "T"), or null when it is not one. */
export function topClass(clc: string | null | undefined): ClcClass | null {
  if (!clc) return null;
  const n = normalizeClc(clc);
  if (!CLC_SHAPE.test(n)) return null;
  return n[0] as ClcClass;
}

// Titles that belong to 思想理论 whatever their class: the plan leads the collection
// with the Xi-Thought series and the theme-education readers, and those books are
// classed all over (A, D, even F or G for a speech collection on economy or culture).
const THEORY_TITLE = /习近平|新时代中国特色社会主义思想|主题教育/;

/**
 * A suggested category for a new book; the clerk can always change it.
 *
 * Mapping and why:
 * - A (马列毛邓) → 思想理论: the class is the theory itself.
 * - D0–D4 and D6 → 思想理论: political theory, the communist movement, the Communist
 *   Party of China (D2), other parties and the mass organisations (D4, e.g. 共青团),
 *   and Chinese politics (D6) are what the office studies as theory.
 * - D5, D7, D8 (world politics, other countries, diplomacy) → 其他: no plan category fits.
 * - D9 (and DF) → 法律.
 * - F → 经济; B → 哲学 (religion shares the class and goes with it); K → 历史 (so does
 *   geography).
 * - G, H, I, J → 文化: culture, education, language, literature and art are what the plan
 *   means by 文化 in a reading room.
 * - N, O, P, Q, R, S, T, U, V, X → 科技.
 * - C (social-science generalities), E (military), Z (reference works) → 其他.
 * - 业务 is never suggested: it means "books for this office's own work", which depends on
 *   the office (an agriculture station's 业务 is S, a finance office's is F, a judicial
 *   office's is D9). Only the clerk knows, so it is always a manual choice.
 * - A title naming 习近平 / 新时代中国特色社会主义思想 / 主题教育 → 思想理论 regardless.
 */
export function suggestCategory(clc: string | null | undefined, title?: string | null): Category {
  if (title && THEORY_TITLE.test(title)) return '思想理论';
  const top = topClass(clc);
  if (!top) return '其他';
  const n = normalizeClc(clc as string);
  switch (top) {
    case 'A':
      return '思想理论';
    case 'D': {
      if (n.startsWith('DF')) return '法律';
      const second = n[1];
      if (second === '9') return '法律';
      if (second === '5' || second === '7' || second === '8') return '其他';
      if (second === undefined) return '其他'; // bare "D" says politics or law, nothing finer
      return '思想理论';
    }
    case 'F':
      return '经济';
    case 'B':
      return '哲学';
    case 'K':
      return '历史';
    case 'G':
    case 'H':
    case 'I':
    case 'J':
      return '文化';
    case 'N':
    case 'O':
    case 'P':
    case 'Q':
    case 'R':
    case 'S':
    case 'T':
    case 'U':
    case 'V':
    case 'X':
      return '科技';
    default:
      return '其他';
  }
}
