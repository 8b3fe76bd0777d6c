// Demo reflections (读书心得): every state of the workflow, written by demo
// members on books they finished, a few near-copies the similarity check
// catches, a month in which one unit misses its quota, and a report sent up
// with the higher level's feedback. Rows are written directly (the demo runs in
// one transaction without services); the similarity findings come from the same
// functions the submit step uses.
import { findMatches, indexBands, similarityColumns, textBands } from '../modules/reflections/service';
import { sanitizeBody, bodyText } from '../modules/reflections/sanitize';
import { wordCount } from '../modules/reflections/wordcount';
import { SETTINGS } from '../platform/settings';
import type { DemoContext, DemoCounts } from './context';
import { rng as makeRng } from './factories';
import { GO, notesOf, PLACES, PLANS, SAID, SELF_CHECK, STORIES, TAKEAWAYS, TASKS, THEN_ACT, THEN_RESULT, WEAKNESSES, WHEN, WITH, FOR } from './reflection-texts';

type Rng = ReturnType<typeof makeRng>;

// ------------------------------------------------------------------ the composer
// A reflection is told the way a township cadre writes one: what the book says
// (sentences about this book, reflection-texts.ts), stories from the writer's own
// work that fit together (the issue, what was done, how it ended), what the writer
// takes from them, a look at their own shortcomings, and a plan. Stories are told
// with slots (when, with whom, where, who spoke), so two writers who tell the same
// kind of story share no run of 13 characters unless several slots happen to agree;
// the fixed sentences are few per reflection and drawn from larger sets, so honest
// reflections on the same book stay far below the similarity check's threshold.

const OPEN_WHEN = ['这个月', '上个月', '近来', '这段时间', '{month}份', '周末', '入冬以来', '最近'];
const OPEN_HOW = ['我抽空', '我挤出时间', '我利用午休', '我静下心来', '我利用晚上的时间'];
const OPEN_VERB = ['读完了', '通读了', '细读了', '又读了一遍'];
const OPEN_WHY = [
  '这本书是单位推荐的必读书目，起初只当作一项学习任务。',
  '这本书是同事推荐给我的，说对基层工作很有帮助。',
  '之前只读过其中几篇，这次下决心从头到尾读完。',
  '书是从机关阅览室借的，扫码就能借，很方便。',
  '读之前有些担心读不进去，没想到越读越有味道。',
];
const OPEN_AFTER = ['读完后感触很多，结合工作谈几点体会。', '现将读书的收获和思考整理如下。', '有些段落读了好几遍，下面谈谈我的体会。'];

// Short on purpose (a lead of four characters at most and a moral of eight): these recur in many reflections.
const STORY_LESSON = ['我明白了', '可见', '说到底', '这提醒我', '我体会到'];
const STORY_MORAL = ['民生无小事', '办法要从实际中来', '群众工作要有耐心', '办事不能拖', '政策要讲透', '小事连着民心', '脚下要沾泥土', '责任要扛在肩上'];

function story(r: Rng, v: Record<string, string>): string {
  const s = r.pick(STORIES);
  const who = r.pick(s.who);
  const lesson = r.next() < 0.25 ? `${r.pick(STORY_LESSON)}：${r.pick(STORY_MORAL)}。` : '';
  const takeaway = r.next() < 0.1 ? fill(r, r.pick(TAKEAWAYS), v) : '';
  return `${r.pick(WHEN)}，${r.pick(WITH)}${r.pick(GO)}${r.pick(PLACES)}${r.pick(FOR)}，${who}${r.pick(SAID)}${s.issue}。${r.pick(THEN_ACT)}${r.pick(s.acts)}，${r.pick(THEN_RESULT)}${r.pick(s.results)}。${lesson}${takeaway}`;
}

const LINK = ['读到这里，我想起一件事。', '这让我想起一件事。', '对此我深有体会。', '这一点我深有感触。', '在基层也是这样。', '我想起了一件往事。'];

function fill(r: Rng, t: string, v: Record<string, string>): string {
  return t.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (k === 'n') return String(r.int(2, 8));
    if (k === 'place') return r.pick(PLACES);
    if (k === 'task') return r.pick(TASKS);
    if (k === 'weakness') return r.pick(WEAKNESSES);
    return v[k] ?? '';
  });
}

/** Some of a list, in random order, without repeats. */
function some<T>(r: Rng, xs: readonly T[], n: number): T[] {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(r.next() * pool.length), 1)[0]);
  return out;
}

const CLOSING_A = ['读一本好书，', '合上这本书，', '掩卷之际，', '“纸上得来终觉浅，绝知此事要躬行。”'];
const CLOSING_B = ['我更明白了肩上的责任。', '心里多了几分踏实。', '对今后的工作更有底气。', '又多了几分思考。'];
const CLOSING_C = ['今后我会继续多读书、读好书，', '我会把学习当成习惯，', '我会把读书的收获带到工作中，'];
const CLOSING_D = ['做让群众满意的干部。', '在一线锤炼作风。', '把每一件小事办好。', '不辜负组织的培养。'];

/** A reflection of at least `minChars` (字数, as Word counts) as sanitized HTML, with a title. */
export function composeReflection(r: Rng, b: { book: string; author: string; summary: string; unit: string; month: string }, minChars = 1500): { title: string; html: string } {
  const v: Record<string, string> = { book: b.book, author: b.author, unit: b.unit, month: b.month };
  const notes = some(r, notesOf(b.book), 3);
  const author = b.author && r.next() < 0.6 ? `${b.author.split(/[；;]/)[0]}的` : '';
  const blocks: string[] = [`<p>${fill(r, r.pick(OPEN_WHEN), v)}，${r.pick(OPEN_HOW)}${r.pick(OPEN_VERB)}${author}《${b.book}》。${r.pick(OPEN_WHY)}${r.pick(OPEN_AFTER)}</p>`];
  const headings = [
    r.pick(['一、读书的收获', '一、读后所得', '一、几点体会', '一、主要收获']),
    r.pick(['二、联系实际', '二、学用结合', '二、结合工作', '二、知行合一']),
    r.pick(['三、对照反思', '三、查找差距', '三、自我剖析']),
    r.pick(['四、下一步打算', '四、今后努力方向', '四、改进措施']),
  ];
  const target = minChars + r.int(80, 400);
  // 一: what the book says, each point with what it made me think of.
  blocks.push(`<h3>${headings[0]}</h3>`);
  for (const n of notes) blocks.push(`<p>${n}${r.pick(LINK)}${story(r, v)}</p>`);
  // 三 and 四 and the close are written first, so 二 (the work) can be filled up to the length.
  const plans = some(r, PLANS, r.int(2, 3)).map((x, i) => `${['一是', '二是', '三是'][i]}${fill(r, x, v)}`).join('；');
  const tail = [
    `<h3>${headings[2]}</h3>`,
    `<p>${some(r, SELF_CHECK, r.int(1, 2)).map((x) => fill(r, x, v)).join('')}${story(r, v)}</p>`,
    `<h3>${headings[3]}</h3>`,
    `<p>${r.pick(['下一步我打算：', '今后我将从几个方面努力：', '结合本职，我打算：', '我给自己定了几条：'])}${plans}。</p>`,
    `<p>${r.pick(CLOSING_A)}${r.pick(CLOSING_B)}${r.pick(CLOSING_C)}${r.pick(CLOSING_D)}</p>`,
  ];
  blocks.push(`<h3>${headings[1]}</h3>`);
  const count = () => wordCount(bodyText([...blocks, ...tail].join('')));
  do {
    blocks.push(`<p>${story(r, v)}${story(r, v)}</p>`);
  } while (count() < target);
  blocks.push(...tail);
  const theme = r.pick(['为民服务', '基层治理', '干事创业', '乡村振兴', '作风建设']);
  const titles = [`读《${b.book}》有感`, `学思践悟 知行合一——读《${b.book}》的体会`, `在书香中汲取${theme}的力量`, `《${b.book}》读书心得`, `读书明理 实干为民——读《${b.book}》`];
  return { title: r.pick(titles), html: sanitizeBody(blocks.join('')) };
}

/** A near-copy: the same text with a few words swapped and the last paragraph replaced. */
export function lightlyEdit(html: string): string {
  let k = 0;
  return html
    .replace(/我/g, (m) => (k++ % 4 === 0 ? '本人' : m))
    .replace(/群众/g, (m, off: number) => (off % 3 === 0 ? '老百姓' : m))
    .replace(/<p>[^<]*<\/p>$/, '<p>以上是我读这本书的一点粗浅体会，不当之处请批评指正。</p>');
}

// ------------------------------------------------------------------ seeding

const monthShift = (month: string, k: number) => {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + k, 1));
  return d.toISOString().slice(0, 7);
};

/** A generic model essay of the kind found online (the reference corpus's “copied” text). */
const COPIED_MODEL_ESSAY = [
  '书籍是人类进步的阶梯。作为一名机关干部，我始终把读书学习作为提升自身素质的重要途径。近期，按照单位“书香机关”建设的部署，我认真研读了推荐书目，受益匪浅，现将心得体会汇报如下。',
  '一是提高了政治站位。通过学习，我深刻认识到加强理论武装的重要性和紧迫性，进一步增强了“四个意识”，坚定了“四个自信”，做到了“两个维护”，在思想上政治上行动上同党中央保持高度一致。',
  '二是拓宽了知识视野。书中内容丰富、论述深刻，涵盖政治、经济、文化、社会、生态等各个方面，使我开阔了眼界，丰富了知识储备，为做好本职工作打下了坚实基础。',
  '三是增强了履职本领。通过读书，我学到了许多新理念、新方法，进一步提升了分析问题、解决问题的能力，增强了做好新时代各项工作的信心和决心。',
  '在今后的工作中，我将持之以恒加强学习，做到学而信、学而思、学而行，切实把学习成果转化为推动工作的强大动力，以更加饱满的热情、更加务实的作风，为推动各项事业高质量发展贡献自己的力量。',
].join('');

/** 《乡土中国》's own words, uploaded by the office as a book excerpt: quoting them is not copying. */
export const DEMO_EXCERPT =
  '以“己”为中心，像石子一般投入水中，和别人所联系成的社会关系，不像团体中的分子一般大家立在一个平面上的，而是像水的波纹一般，一圈圈推出去，愈推愈远，也愈推愈薄。在这里我们遇到了中国社会结构的基本特性了。';

export async function seedReflectionDemo(ctx: DemoContext): Promise<DemoCounts> {
  const { db, today } = ctx;
  // Reassigned once near the end (see there); every helper below reads the current stream.
  let r = ctx.rng;
  // The texts on a stream of their own: rewording them changes nothing else in the demo.
  const words = makeRng(20261207);
  const thisMonth = today.slice(0, 7);
  const lastMonth = monthShift(thisMonth, -1);
  const twoAgo = monthShift(thisMonth, -2);

  const members = await db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.name', 'm.unit_id', 'u.name as unit_name'])
    .where('m.status', '=', 'active')
    .orderBy('m.id')
    .execute();
  if (!members.length) return {};
  const books = await db.selectFrom('books').select(['id', 'title', 'authors', 'summary']).orderBy('id').limit(40).execute();
  const finished = await db
    .selectFrom('reading_plan_items as i')
    .leftJoin('books as b', 'b.id', 'i.book_id')
    .select(['i.id', 'i.member_id', 'i.book_id', 'i.own_title', 'i.own_author', 'i.finished_on', 'b.title', 'b.authors', 'b.summary'])
    .where('i.status', '=', 'finished')
    .orderBy('i.id')
    .execute();
  const users = await db.selectFrom('users').select(['id', 'member_id', 'display_name']).where('member_id', 'is not', null).execute();
  const clerk = ctx.accounts.clerk;
  const clerkName = users.find((u) => u.id === clerk?.userId)?.display_name ?? '党建办';

  // The book each member writes about: a finished plan entry of theirs, else a catalog book.
  const pickBook = (memberId: number) => {
    const own = finished.filter((f) => f.member_id === memberId);
    if (own.length) {
      const f = r.pick(own);
      return { planItemId: f.id, bookId: f.book_id, title: f.title ?? f.own_title ?? '', author: f.authors ?? f.own_author ?? '', summary: f.summary ?? '' };
    }
    const b = r.pick(books);
    return { planItemId: null, bookId: b.id, title: b.title, author: b.authors, summary: b.summary ?? '' };
  };

  const flagRow = await db.selectFrom('settings').select('value').where('key', '=', 'reflections.similarityFlagPercent').where('year', '=', 0).executeTakeFirst();
  const flagPercent = flagRow ? Number(JSON.parse(flagRow.value)) : Number(SETTINGS.find((s) => s.key === 'reflections.similarityFlagPercent')!.default);
  const counts: DemoCounts = { reflections: 0, reflectionEvents: 0, reflectionNearCopies: 0, upwardReports: 0 };
  const event = async (id: number, action: string, from: string | null, to: string, at: string, who: { id: number | null; name: string }, comment: string | null = null, passages: unknown = null) => {
    await db
      .insertInto('reflection_events')
      .values({ reflection_id: id, at, user_id: who.id, actor_name: who.name, action, from_status: from, to_status: to, comment, passages_json: passages ? JSON.stringify(passages) : null })
      .execute();
    counts.reflectionEvents++;
  };
  const reviewer = { id: clerk?.userId ?? null, name: clerkName };
  // This month's steps happen by today at the latest (on the 1st they all fall on the 1st).
  const lastDay = (month: string) => (month === thisMonth ? Number(today.slice(8, 10)) : 28);
  const now = Date.now();
  const at = (month: string, day: number, hour = 2) => {
    const iso = `${month}-${String(Math.max(1, Math.min(day, lastDay(month)))).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00.000Z`;
    // Never later than now: a step due later today moves into the hours before now, in the same order.
    return Date.parse(iso) <= now ? iso : new Date(now - (24 - hour) * 10 * 60_000).toISOString();
  };
  const rubric = (total: number) => {
    const a = Math.min(40, Math.round(total * 0.4));
    const b = Math.min(30, Math.round(total * 0.3));
    return [
      { name: '联系实际', points: a, max: 40 },
      { name: '思想深度', points: b, max: 30 },
      { name: '文字表达', points: Math.min(30, total - a - b), max: 30 },
    ];
  };

  /** Writes one reflection through its states up to `status`, with events and the similarity check as submit would do. */
  async function write(m: (typeof members)[number], status: string, month: string, day: number, html?: string, book?: ReturnType<typeof pickBook>) {
    const b = book ?? pickBook(m.id);
    const composed = composeReflection(words, { book: b.title, author: b.author, summary: b.summary, unit: m.unit_name, month: `${Number(month.slice(5))}月` });
    const body = html ?? composed.html;
    const text = bodyText(body);
    const author = { id: users.find((u) => u.member_id === m.id)?.id ?? null, name: m.name };
    const created = at(month, day - 2, 1);
    const row = await db
      .insertInto('reflections')
      .values({
        member_id: m.id,
        unit_id: m.unit_id,
        book_id: b.bookId,
        book_title: b.title,
        plan_item_id: b.planItemId,
        title: composed.title,
        body_html: body,
        body_text: text,
        char_count: wordCount(text),
        status: 'draft',
        month: null,
        submitted_at: null,
        similarity_percent: null,
        similarity_top_id: null,
        scores_json: null,
        score: null,
        review_comment: null,
        reviewed_by: null,
        reviewed_at: null,
        created_at: created,
        updated_at: created,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    counts.reflections++;
    await event(row.id, 'create', null, 'draft', created, author);
    if (status === 'draft') return row.id;
    const submitted = at(month, day);
    const found = await findMatches(db, body, b.bookId, row.id);
    await db
      .updateTable('reflections')
      .set({ status: 'submitted', month, submitted_at: submitted, updated_at: submitted, ...similarityColumns(found, flagPercent) })
      .where('id', '=', row.id)
      .execute();
    await indexBands(db, 'r', row.id, found.bands);
    await event(row.id, 'submit', 'draft', 'submitted', submitted, author);
    if (status === 'submitted') return row.id;
    const reviewed = at(month, day + 1, 6);
    if (status === 'returned') {
      const passages = [{ quote: bodyText(body).slice(40, 70), comment: '这一段可以结合自己的具体工作再展开一些，写出亲身经历。' }];
      await db.updateTable('reflections').set({ status: 'returned', review_comment: '内容较空泛，请联系本职工作补充实例后重新提交。', passages_json: JSON.stringify(passages), reviewed_by: reviewer.id, reviewed_at: reviewed, updated_at: reviewed }).where('id', '=', row.id).execute();
      await event(row.id, 'return', 'submitted', 'returned', reviewed, reviewer, '内容较空泛，请联系本职工作补充实例后重新提交。', passages);
      return row.id;
    }
    if (status === 'resubmitted') {
      // Returned once with a comment, revised and handed in again: waiting for review.
      const comment = '请补充结合本职工作的具体事例。';
      await event(row.id, 'return', 'submitted', 'returned', reviewed, reviewer, comment);
      const again = at(month, day + 2, 12);
      await db.updateTable('reflections').set({ review_comment: comment, submitted_at: again, updated_at: again, version: 3 }).where('id', '=', row.id).execute();
      await event(row.id, 'resubmit', 'returned', 'submitted', again, author);
      return row.id;
    }
    const total = status === 'approved' ? r.int(70, 84) : r.int(88, 96);
    const scores = rubric(total);
    await db
      .updateTable('reflections')
      .set({ status: status === 'approved' ? 'approved' : 'excellent', scores_json: JSON.stringify(scores), score: scores.reduce((a, s) => a + s.points, 0), review_comment: status === 'approved' ? '联系实际较好，同意通过。' : '思考深入，联系实际紧密，评为优秀。', reviewed_by: reviewer.id, reviewed_at: reviewed, updated_at: reviewed })
      .where('id', '=', row.id)
      .execute();
    await event(row.id, status === 'approved' ? 'approve' : 'excellent', 'submitted', status === 'approved' ? 'approved' : 'excellent', reviewed, reviewer, status === 'approved' ? '联系实际较好，同意通过。' : '思考深入，联系实际紧密，评为优秀。');
    return row.id;
  }

  // Two months ago: most units meet the quota; several excellent ones go up in a report.
  const byUnit = new Map<number, typeof members>();
  for (const m of members) byUnit.set(m.unit_id, [...(byUnit.get(m.unit_id) ?? []), m]);
  const units = [...byUnit.entries()];
  const excellentOld: number[] = [];
  for (const [, ms] of units) {
    const need = Math.ceil(ms.length / 10);
    for (let k = 0; k < need; k++) {
      const id = await write(ms[k % ms.length], k === 0 && excellentOld.length < 3 ? 'excellent' : 'approved', twoAgo, 5 + k);
      if (k === 0 && excellentOld.length < 3) excellentOld.push(id);
    }
  }
  // Last month: the same, except the last unit, which misses its quota (one submitted, still unreviewed).
  const missUnit = units[units.length - 1];
  for (const [unitId, ms] of units) {
    const need = Math.ceil(ms.length / 10);
    if (unitId === missUnit[0]) {
      await write(ms[0], 'submitted', lastMonth, 20);
      continue;
    }
    for (let k = 0; k < need; k++) await write(ms[(k + 1) % ms.length], k === 0 ? 'excellent' : 'approved', lastMonth, 8 + k);
  }

  // This month: every state, the demo cadre 张三 included.
  const demoMember = members.find((m) => m.id === ctx.accounts.member?.memberId) ?? members[0];
  const others = members.filter((m) => m.id !== demoMember.id);
  const day = Math.max(3, Math.min(Number(today.slice(8, 10)), 26));
  await write(demoMember, 'approved', thisMonth, day - 1);
  await write(demoMember, 'draft', thisMonth, day);
  await write(demoMember, 'returned', thisMonth, day - 1);
  for (const [k, st] of ['submitted', 'resubmitted', 'submitted', 'returned', 'approved', 'approved', 'excellent', 'excellent', 'draft'].entries()) await write(others[k % others.length], st, thisMonth, Math.max(2, day - 1 - (k % 3)));

  // Near-copies: three members hand in lightly edited copies of earlier reflections; the check flags them.
  const sources = await db.selectFrom('reflections').select(['id', 'body_html']).where('status', 'in', ['approved', 'excellent']).orderBy('id').limit(3).execute();
  for (const [k, s] of sources.entries()) {
    await write(others[(k + 10) % others.length], 'submitted', thisMonth, day - k, lightlyEdit(s.body_html));
    counts.reflectionNearCopies++;
  }

  // A commonly copied text in the reference corpus, and one book's own words as an excerpt.
  if (clerk) {
    // The kind of “通用版” essay that circulates online: the text a copier would start from.
    const t = COPIED_MODEL_ESSAY;
    const ref = await db
      .insertInto('reference_texts')
      .values({ unit_id: ctx.townId, title: '网上流传的范文《读书心得体会（通用版）》', kind: 'copied', book_id: null, body_text: t, chars: wordCount(t), created_by: clerk.userId, created_at: at(twoAgo, 1) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await indexBands(db, 't', ref.id, textBands(t));
  }

  // The report of two months ago's excellent reflections, with the higher level's feedback.
  if (excellentOld.length && clerk) {
    const reportedAt = at(lastMonth, 3, 3);
    const rep = await db.insertInto('upward_reports').values({ unit_id: ctx.townId, title: `${Number(twoAgo.slice(5))}月优秀读书心得汇编`, recipient: '区委组织部', reported_at: reportedAt, created_by: clerk.userId }).returning('id').executeTakeFirstOrThrow();
    for (const [k, id] of excellentOld.entries()) {
      const feedback = k === 0 ? '采用' : k === 1 ? '未采用' : '待反馈';
      await db.insertInto('upward_report_items').values({ report_id: rep.id, reflection_id: id, sort_order: k + 1, feedback, note: k === 0 ? '拟在区“书香机关”专栏刊发' : '', feedback_at: k < 2 ? at(lastMonth, 15) : null, feedback_by: k < 2 ? clerk.userId : null }).execute();
      await db.updateTable('reflections').set({ status: 'reported', updated_at: reportedAt }).where('id', '=', id).execute();
      await event(id, 'report', 'excellent', 'reported', reportedAt, reviewer, '上报至区委组织部');
      if (k < 2) await event(id, 'feedback', 'reported', 'reported', at(lastMonth, 15), reviewer, `上级反馈：${feedback}`);
    }
    counts.upwardReports++;
  }

  // One book's own words as an excerpt, and two honest reflections on that book that
  // quote them without quotation marks: the check does not count the shared quotation.
  // Last, on a random stream of their own, so everything else in the demo (and the
  // channels seeded after this) stays as it was.
  const xiangtu = await db.selectFrom('books').select(['id', 'title', 'authors', 'summary']).where('title', '=', '乡土中国').orderBy('id').executeTakeFirst();
  if (clerk && xiangtu) {
    r = makeRng(19470601);
    await db
      .insertInto('reference_texts')
      .values({ unit_id: ctx.townId, title: '《乡土中国·差序格局》原文摘录', kind: 'excerpt', book_id: xiangtu.id, body_text: DEMO_EXCERPT, chars: wordCount(DEMO_EXCERPT), created_by: clerk.userId, created_at: at(twoAgo, 1) })
      .execute();
    const book = { planItemId: null, bookId: xiangtu.id, title: xiangtu.title, author: xiangtu.authors, summary: xiangtu.summary ?? '' };
    for (const [k, m] of [others[20 % others.length], others[21 % others.length]].entries()) {
      const own = composeReflection(r, { book: xiangtu.title, author: xiangtu.authors, summary: '', unit: m.unit_name, month: `${Number(thisMonth.slice(5))}月` });
      const quoting = own.html.replace('</p>', `</p><p>${k === 0 ? '书中写道' : '费孝通先生说'}，${DEMO_EXCERPT}${k === 0 ? '这段话让我想到村里的人情往来。' : '我由此理解了基层工作为什么要讲人情、更要讲规矩。'}</p>`);
      await write(m, 'submitted', thisMonth, day - 1, quoting, book);
      counts.reflectionQuotingBook = (counts.reflectionQuotingBook ?? 0) + 1;
    }
  }
  return counts;
}

