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

type Rng = ReturnType<typeof makeRng>;

// ------------------------------------------------------------------ the composer
// A reflection is composed of sentences built from short pieces with slots, so
// demo texts read like real ones and still differ from each other: the check
// counts a shared run of 13 characters, and a piece is shorter than that, so two
// honest demo reflections share a run only where they happen to pick the same
// two pieces in a row (the similarity check must not flag them).

/** One pick from each pool, in order (slots like {book} are filled afterwards). */
function build(r: Rng, pools: readonly (readonly string[])[]): string {
  return pools.map((p) => r.pick(p)).join('');
}

const OPENING: readonly (readonly string[])[] = [
  ['这个月', '上个月', '近来', '这段时间', '{month}份', '周末', '假期里', '入冬以来', '最近'],
  ['，我', '，我抽空', '，我挤时间', '，我断续地', '，我静下心', '，我午休时'],
  ['读完了', '通读了', '细读了', '读了', '啃完了'],
  ['{author}的', '', '推荐的', '借来的'],
  ['《{book}》。'],
  ['起初只为完成任务', '开始有些吃力', '开头读得慢', '目录就吸引人', '篇幅不长', '没抱太大期望'],
  ['，', '，可是', '，不过'],
  ['读着读着', '越往后读', '坚持下去', '到后半部分', '读进去后', '到第{n}章'],
  ['，越来越有感触。', '，收获渐多。', '，常掩卷深思。', '，有些段落读了几遍。', '，很多道理想通了。', '，想起不少往事。'],
];

const THEMES = ['基层治理', '乡村振兴', '为民服务', '干部作风', '依法行政', '经济发展', '群众工作', '调查研究', '党性修养', '改革创新'];

const INSIGHT: readonly (readonly string[])[] = [
  ['书中强调', '作者提到', '第{n}章讲', '书里说', '作者认为', '印象最深的是', '书里讲透了', '我体会到', '掩卷沉思'],
  ['，'],
  ['{theme}', '群众工作', '抓落实', '搞调研', '干事创业', '为民服务', '写材料', '带队伍', '办实事'],
  ['贵在坚持', '重在实效', '要从实际出发', '离不开群众', '怕走过场', '关键在人', '要算细账', '急不得', '要沉下去', '不能只看台账'],
  ['。'],
  ['这让我想到', '对照自己', '回头看', '联系到', '反观', '我想起'],
  ['{unit}', '平时的做法', '镇里的实际', '身边的同事', '这几年', '{task}'],
  ['，确有差距。', '，很受启发。', '，感触很深。', '，可改进的不少。', '，心里不平静。', '，很有针对性。', '，有了新认识。', '，{weakness}还不够。'],
];

// A story from the writer's own work, built from short pieces (none longer than
// six characters), so two writers' stories share a run of 13 characters only when
// three pieces in a row happen to be the same; some pieces are left out at random,
// which shifts what follows.
const WHEN = ['去年冬天', '今年春耕时', '前不久', '有一回', '那年夏天', '上个月', '汛期里', '春节前', '入夏后', '秋收时', '上周', '开春时'];
const WITH = ['我和老王', '我跟支书', '我和网格员', '我陪领导', '我独自', '我和驻村干部', '我和小周', '我跟吴师傅', '我和同事', '我带着新人'];
const GO = ['去了', '走访了', '来到', '蹲点在', '赶到', '又去了'];
const FOR = ['排查隐患', '收集意见', '宣讲政策', '核实情况', '回访群众', '督办项目', '走访农户', '调处纠纷', '送医保卡', '摸排底数'];
const WHO = ['独居老人', '返乡青年', '困难户', '种粮大户', '残疾人', '小卖部老板', '两户邻居', '留守妇女', '退伍老兵', '养殖户老杨', '果农', '村医'];
const SAID = ['说起', '反映', '提到', '为了', '因为', '讲到', '问起'];
const ABOUT = ['水沟', '医保报销', '宅基地', '订单', '小额贷款', '路灯', '孩子上学', '垃圾费', '房子漏雨', '网上开店', '饮水', '低保'];
const ISSUE = ['堵了半年', '跑了三趟', '争执不下', '没有着落', '不知找谁', '没人修', '成了难题', '意见很大', '一直没办', '没人教'];
const DID = ['我们当场', '我先', '商量后', '回去后', '第二天', '随即', '当晚'];
const HOW = ['联系站所', '会商', '开坝坝会', '查政策', '请技术员', '上门', '补材料', '协调部门', '打电话'];
const THEN = ['几天后', '半个月后', '月底', '最后', '不久'];
const END = ['问题解决了', '老人来电话', '双方和好了', '订单落实了', '路灯亮了', '群众点赞', '村里推广了', '大家满意'];
const LESSON = ['这让我明白', '我懂得了', '我常想起', '这提醒我', '我体会到', '由此可见'];
const MORAL = ['办事要快', '民生无小事', '要多听', '政策要讲透', '脚下要沾泥', '责任要扛', '方法要对', '细节见作风'];

function anecdote(r: Rng, v: Record<string, string>): string {
  const p = r.pick;
  const maybe = (xs: readonly string[], sep = '') => (r.next() < 0.5 ? `${p(xs)}${sep}` : '');
  const lesson = r.next() < 0.35 ? `${p(LESSON)}：${p(MORAL)}。` : '';
  return `${p(WHEN)}，${p(WITH)}${p(GO)}${p(PLACES)}${maybe(FOR)}，${p(WHO)}${p(SAID)}${p(ABOUT)}${p(ISSUE)}。${maybe(DID)}${p(HOW)}，${maybe(THEN)}${p(END)}。${lesson}${v.month ? '' : ''}`;
}

const PLACES = ['东风村', '红旗村', '青山村', '新塘村', '柳溪村', '石桥社区', '河西社区', '枫林村', '梅岭村', '南湖社区', '白沙村', '桃源村', '双河村', '金竹村'];
const TASKS = ['人居环境整治', '医保参保动员', '防汛值守', '农房安全排查', '产业项目申报', '低保复核', '矛盾纠纷排查', '森林防火宣传', '人口普查', '乡村道路养护', '高标准农田建设', '营商环境优化'];
const WEAKNESSES = ['调查研究', '理论学习的系统性', '与群众沟通的方法', '统筹协调', '文字表达', '创新思路', '抓落实的韧劲'];

const WORK_INTRO: readonly (readonly string[])[] = [
  ['回到工作中', '联系本职', '结合我在{unit}的岗位', '读书是为了运用', '学以致用'],
  ['，'],
  ['我打算', '今后我要', '下一步我将', '我给自己定了几条'],
  ['：'],
];
const PLAN: readonly (readonly string[])[] = [
  ['每月至少下村{n}次', '每周抽{n}个晚上学习', '梳理{task}中的难点', '改进文风', '多向老同志请教', '把这本书推荐给同事', '在{task}中试行销号', '每项工作做完都回头看', '利用{app}补短板', '把{place}的联系工作做细'],
  ['，'],
  ['带着问题去', '把功夫下在平时', '做到件件有着落', '少讲空话套话', '遇事不推诿', '让学习成为习惯', '多用事例说话', '能办的当场办'],
  ['；'],
];
const APPS = ['学习强国', '干部网络学院', '镇里的读书角', '单位的电子书屋'];

const CLOSING: readonly (readonly string[])[] = [
  ['读一本好书，', '书香可以致远，', '合上这本书，', '读完这本书，', '掩卷之际，', '“纸上得来终觉浅，绝知此事要躬行。”'],
  ['我更明白了肩上的责任。', '心里多了几分踏实。', '对今后的工作更有底气。', '感到收获满满。', '又多了几分思考。'],
  ['今后我要', '我会', '往后我将', '我打算'],
  ['继续多读书、读好书', '把学习当成习惯', '把收获带到工作中', '在实践中检验所学', '读下去、想下去、干下去'],
  ['，'],
  ['做让群众满意的干部。', '在一线锤炼作风。', '用行动回应期待。', '不辜负组织的培养。', '把每一件小事办好。'],
];

function fill(r: Rng, t: string, v: Record<string, string>): string {
  return t.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (k === 'n') return String(r.int(2, 12));
    if (k === 'date') return `${v.month}${r.int(1, 28)}日`;
    if (k === 'place') return r.pick(PLACES);
    if (k === 'task') return r.pick(TASKS);
    if (k === 'app') return r.pick(APPS);
    if (k === 'theme') return v.theme;
    if (k === 'weakness') return r.pick(WEAKNESSES);
    return v[k] ?? '';
  });
}

/** A reflection of at least `minChars` (字数, as Word counts) as sanitized HTML, with a title. */
export function composeReflection(r: Rng, b: { book: string; author: string; summary: string; unit: string; month: string }, minChars = 1500): { title: string; html: string } {
  const theme = r.pick(THEMES);
  // The book's catalog summary is not used: every reflection on the book would share it.
  const v = { ...b, theme, summary: '' };
  const blocks: string[] = [`<p>${fill(r, build(r, OPENING), v)}</p>`];
  const target = minChars + r.int(80, 500);
  let i = 0;
  let heading = 0;
  const headings = [
    r.pick(['一、读书的收获', '一、读后所得', '一、几点体会', '一、主要收获', '一、读书札记']),
    r.pick(['二、对照反思', '二、查找差距', '二、自我剖析', '二、反躬自省']),
    r.pick(['三、联系实际', '三、学用结合', '三、结合工作', '三、知行合一']),
    r.pick(['四、下一步打算', '四、今后努力方向', '四、改进措施', '四、几点打算']),
  ];
  const count = () => wordCount(bodyText(blocks.join('')));
  while (count() < target - 300) {
    if (i % 2 === 0 && heading < 3) blocks.push(`<h3>${headings[heading++]}</h3>`);
    const para = `${fill(r, build(r, INSIGHT), v)}${anecdote(r, v)}${anecdote(r, v)}`;
    blocks.push(`<p>${para}</p>`);
    i++;
  }
  const plans = Array.from({ length: r.int(2, 3) }, () => fill(r, build(r, PLAN), v)).join('').replace(/；$/, '。');
  blocks.push(`<h3>${headings[3]}</h3>`, `<p>${fill(r, build(r, WORK_INTRO), v)}${plans}</p>`);
  while (count() < target) blocks.push(`<p>${anecdote(r, v)}${anecdote(r, v)}</p>`);
  blocks.push(`<p>${build(r, CLOSING)}</p>`);
  const titles = [`读《${b.book}》有感`, `学思践悟 知行合一——读《${b.book}》的体会`, `在书香中汲取${theme}的智慧`, `《${b.book}》读书心得`, `读书明理 实干为民`];
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

/** 《乡土中国》's own words, uploaded by the office as a book excerpt: quoting them is not copying. */
export const DEMO_EXCERPT =
  '以“己”为中心，像石子一般投入水中，和别人所联系成的社会关系，不像团体中的分子一般大家立在一个平面上的，而是像水的波纹一般，一圈圈推出去，愈推愈远，也愈推愈薄。在这里我们遇到了中国社会结构的基本特性了。';

export async function seedReflectionDemo(ctx: DemoContext): Promise<DemoCounts> {
  const { db, today } = ctx;
  // Reassigned once near the end (see there); every helper below reads the current stream.
  let r = ctx.rng;
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
    const composed = composeReflection(r, { book: b.title, author: b.author, summary: b.summary, unit: m.unit_name, month: `${Number(month.slice(5))}月` });
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
    const copied = composeReflection(r, { book: '之江新语', author: '习近平', summary: '', unit: '机关', month: '' }, 900);
    const t = bodyText(copied.html);
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

