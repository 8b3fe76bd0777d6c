import { pinyin } from 'pinyin-pro';

/** '张三' → { initials: 'zs', full: 'zhangsan' }; surnames read as surnames (单 → shan). */
export function pinyinOf(text: string): { initials: string; full: string } {
  const opts = { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' } as const;
  const full = pinyin(text, opts).join('').toLowerCase().replace(/[^a-z0-9]/g, '');
  const initials = pinyin(text, { ...opts, pattern: 'first' }).join('').toLowerCase().replace(/[^a-z0-9]/g, '');
  return { initials, full };
}
