import type { DemoContext, DemoCounts } from './context';

// Study notes of 张三 (account 'member') and colleagues on a few theory books; some shared with the unit.
const NOTES: { chapter: string; page: string; quote: string; thought: string }[] = [
  { chapter: '第一章', page: '8', quote: '江山就是人民，人民就是江山，打江山、守江山，守的是人民的心。', thought: '基层干部每天面对的就是群众，办好每一件小事就是在守人民的心。窗口接待要少让群众跑腿。' },
  { chapter: '第二章', page: '23', quote: '中国式现代化是人口规模巨大的现代化。', thought: '放在镇里就是要让每个村都跟上，不能落下一户。结合产业园招商，想想怎样带动周边村民就业。' },
  { chapter: '第三章', page: '41', quote: '', thought: '“两个确立”不是口号，落实到工作中就是令行禁止、不打折扣。本周组织学习时准备谈这一点。' },
  { chapter: '第五章', page: '77', quote: '高质量发展是全面建设社会主义现代化国家的首要任务。', thought: '镇里的经济指标要看总量，更要看质量。对照统计报表，第三产业占比偏低，值得研究。' },
  { chapter: '第七章', page: '112', quote: '全过程人民民主是社会主义民主政治的本质属性。', thought: '村里“四议两公开”要真落实，议事记录不能补写。' },
  { chapter: '第九章', page: '150', quote: '坚持以人民为中心的发展思想。', thought: '民生实事项目要先问需于民。下次入户走访时把养老服务需求摸清楚。' },
  { chapter: '第十一章', page: '186', quote: '绿水青山就是金山银山。', thought: '河长巡河不能只拍照打卡，要把问题清单化、销号管理。' },
  { chapter: '第十二章', page: '203', quote: '全面从严治党永远在路上。', thought: '廉洁从自身做起，公务接待严格按标准。' },
];

const HISTORY_NOTES = [
  { chapter: '第一章 中国共产党的创立', page: '12', quote: '中国产生了共产党，这是开天辟地的大事变。', thought: '重温建党历史，更能理解初心使命的分量。' },
  { chapter: '第四章', page: '98', quote: '', thought: '延安时期的调查研究作风值得学习，我们做村情调研也要沉下去。' },
];

export async function seedNoteDemo(ctx: DemoContext): Promise<DemoCounts> {
  const { db, rng: r } = ctx;
  const books = await db.selectFrom('books').select(['id', 'title', 'category']).where('category', 'in', ['思想理论', '历史']).orderBy('id').limit(40).execute();
  const theory = books.filter((b) => b.category === '思想理论');
  const history = books.filter((b) => b.category === '历史');
  if (theory.length === 0) return { notes: 0 };
  const zhang = ctx.accounts.member?.memberId;
  const dayAgo = (n: number) => new Date(Date.parse(`${ctx.today}T02:00:00Z`) - n * 86_400_000 + r.int(0, 8 * 3600) * 1000).toISOString();
  const rows: { member_id: number; book_id: number | null; book_title: string | null; chapter: string; page: string; quote: string; thought: string; visibility: string; created_at: string; updated_at: string }[] = [];
  const add = (memberId: number, book: { id: number; title: string } | null, ownTitle: string | null, n: (typeof NOTES)[number], shared: boolean, ago: number) => {
    const at = dayAgo(ago);
    rows.push({ member_id: memberId, book_id: book?.id ?? null, book_title: book?.title ?? ownTitle, chapter: n.chapter, page: n.page, quote: n.quote, thought: n.thought, visibility: shared ? 'unit' : 'private', created_at: at, updated_at: at });
  };
  if (zhang) {
    NOTES.forEach((n, i) => add(zhang, theory[0], null, n, i % 3 === 1, 90 - i * 9));
    if (history[0]) HISTORY_NOTES.forEach((n, i) => add(zhang, history[0], null, n, i === 0, 40 - i * 10));
    add(zhang, null, '乡村振兴实务手册（单位自印）', { chapter: '产业篇', page: '35', quote: '', thought: '土地流转要守住耕地红线，合同要规范。' }, false, 12);
  }
  // Colleagues of 张三's unit share a few, so 本单位共享 shows something; others keep theirs private.
  const unitOf = zhang ? (await db.selectFrom('members').select('unit_id').where('id', '=', zhang).executeTakeFirstOrThrow()).unit_id : null;
  const colleagues = unitOf ? await db.selectFrom('members').select('id').where('unit_id', '=', unitOf).where('id', '!=', zhang ?? 0).where('status', '=', 'active').limit(4).execute() : [];
  for (const [ci, c] of colleagues.entries()) {
    for (let k = 0; k < 3; k++) add(c.id, theory[(ci + k + 1) % theory.length], null, NOTES[(ci * 3 + k) % NOTES.length], k !== 2, 60 - ci * 7 - k * 5);
  }
  const others = ctx.memberIds.filter((id) => id !== zhang && !colleagues.some((c) => c.id === id));
  for (let i = 0; i < 30 && others.length; i++) add(r.pick(others), r.pick(theory), null, r.pick(NOTES), r.next() < 0.3, r.int(1, 200));
  await db.insertInto('notes').values(rows).execute();
  return { notes: rows.length };
}
