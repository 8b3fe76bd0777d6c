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
// A reflection is composed from sentence templates with slots, so demo texts read
// like real ones and still differ from each other (the similarity check must not
// flag honest demo reflections).

const OPENINGS = [
  '这个月我利用午休和晚上的时间读完了{author}的《{book}》。{summary}合上书本，很多内容仍在脑海中回响。',
  '按照单位“书香机关”建设的安排，我在{month}份选读了《{book}》。起初只是想完成任务，读着读着却被书中的内容深深吸引。',
  '《{book}》是我今年读过的最有收获的一本书。作者{author}用朴实的文字，讲清楚了许多我在工作中想过却没想明白的问题。',
  '拿到《{book}》时，我先翻了目录，心里盘算着每天读二十页。{summary}真正读进去以后，我常常一口气读到深夜。',
  '说实话，刚开始读《{book}》有些吃力，书中不少概念需要反复琢磨。坚持读完之后，我对{theme}有了更系统的认识。',
  '在镇党委组织的读书活动中，我选择了{author}的《{book}》。这本书篇幅不长，但每一章都值得细细品味。',
];

const THEMES = ['基层治理', '乡村振兴', '为民服务', '干部作风', '依法行政', '经济发展', '群众工作', '调查研究', '党性修养', '改革创新'];

const INSIGHTS = [
  '书中反复强调，做工作要从实际出发，不能坐在办公室里想当然。',
  '作者在第{n}章里讲到，政策的生命力在于执行，而执行的关键在人。',
  '读到书中关于{theme}的论述，我联想到{unit}这些年的变化，既看到了成绩，也看到了差距。',
  '书里有一句话我抄在了笔记本上，时常拿出来对照自己。',
  '我理解，{theme}不是一句口号，而是群众看得见、摸得着的一件件小事。',
  '这本书最打动我的，是作者对普通人的尊重，无论写农民还是基层干部，都写得有血有肉。',
  '过去我总觉得{theme}是领导考虑的事，读完才明白每一个岗位都有自己的责任。',
  '作者用大量数据和案例说明问题，这种用事实说话的方法，正是我们写材料时最欠缺的。',
  '书中对只重留痕不重实效、只看台账不看现场等误区的分析，读来令人警醒。',
  '读这本书的过程，也是不断反思自己的过程，我发现自己有时忙于应付，缺少静下心来思考的时间。',
  '书中提到解决问题要抓主要矛盾，这对我们统筹安排{task}很有启发。',
  '基层的活力来自群众的参与，干部要做的是搭台子、铺路子，而不是包办代替。',
  '对照书中的要求，我在{weakness}方面还有明显不足。',
  '这本书让我重新认识了慢功夫的价值，很多事情急不得。',
  '最好的政策是让老百姓少跑腿、好办事，这个道理朴素却深刻。',
  '书里讲的道理并不深奥，难的是日复一日地坚持。',
  '作者在书的后半部分谈到制度建设，我体会到靠制度管人管事才能长久。',
  '掩卷沉思，我问自己：如果换作是我，能不能做得更好？',
  '书中有不少地方我画了横线，有些段落读了三四遍。',
  '{author}的写法不空泛，每个观点后面都有扎实的调查做支撑。',
  '我注意到作者特别看重“算细账”，大到产业规划，小到一户人家的收支。',
  '关于干部作风，书中的批评很尖锐，却句句在理。',
  '读到关于{theme}的章节时，我正好在做{task}，书里的分析几乎就是为我们写的。',
  '我还找来相关的政策文件对照着读，书中的背景一下子清楚了许多。',
  '这一部分让我想到了镇里正在推进的{task}，两者的道理是相通的。',
  '书中讲到的几个案例，放在{place}也同样适用。',
  '我以前对{theme}的理解比较片面，只看到了眼前，没看到长远。',
  '书里说调查研究是谋事之基、成事之道，我深以为然。',
];

// A story from the writer's own work, built from short pieces (each under the
// 8-character run the check looks for), so two writers' stories rarely share a run.
const WHEN = ['去年冬天', '今年春耕时', '前不久', '有一回', '记得那年', '上个月', '汛期里', '春节前夕', '入夏以后', '秋收时节'];
const WITH = ['我和老王', '我跟着村支书', '我和网格员', '我陪同包村领导', '我一个人', '我和驻村书记', '我和小周', '我跟吴师傅'];
const GO = ['去了', '走访了', '来到', '蹲点在', '赶到'];
const FOR = ['排查隐患', '收集意见', '宣讲政策', '核实情况', '回访群众', '督办项目', '走访农户', '调处纠纷'];
const WHO = ['一位独居老人', '返乡的小伙子', '一户困难家庭', '几户种粮大户', '一位残疾人', '小卖部的老板', '两户邻居', '一位留守妇女', '一位退伍老兵', '养殖户老杨'];
const SAID = ['说起', '反映', '提到', '为了', '因为', '讲到'];
const ABOUT = ['屋后的水沟', '医保报销', '宅基地边界', '明年的订单', '小额贷款', '村道的路灯', '孩子上学', '垃圾清运费', '老房子漏雨', '网上开店'];
const ISSUE = ['堵了大半年', '跑了三趟', '争执不下', '没有着落', '不知找谁', '坏了没人修', '成了难题', '意见很大', '一直没解决', '苦于没人教'];
const DID = ['我们当场', '我先是', '大家商量后', '我回去后', '第二天我们', '我们随即'];
const HOW = ['联系站所', '记下来会商', '开了坝坝会', '查找政策', '请来技术员', '连夜上门', '补齐材料', '协调部门'];
const THEN = ['没过几天', '半个月后', '到了月底', '经过努力', '最后'];
const END = ['问题解决了', '老人打来电话', '双方握了手', '订单落实了', '路灯亮了', '群众点了赞', '村里推广了', '大家都满意'];
const LESSON = ['这让我明白', '从那以后我懂得', '我常想起', '这件事提醒我', '我由此体会到'];
const MORAL = ['办实事要快', '群众无小事', '要多听少说', '政策要讲透', '脚下要沾泥', '责任要扛起', '方法比态度难', '细节见作风'];

function anecdote(r: Rng, v: Record<string, string>): string {
  const p = r.pick;
  return `${p(WHEN)}，${p(WITH)}${p(GO)}${p(PLACES)}${p(FOR)}，${p(WHO)}${p(SAID)}${p(ABOUT)}${p(ISSUE)}。${p(DID)}${p(HOW)}，${p(THEN)}${p(END)}。${p(LESSON)}：${p(MORAL)}。${v.month ? '' : ''}`;
}

const PLACES = ['东风村', '红旗村', '青山村', '新塘村', '柳溪村', '石桥社区', '河西社区', '枫林村', '梅岭村', '南湖社区', '白沙村', '桃源村', '双河村', '金竹村'];
const TASKS = ['人居环境整治', '医保参保动员', '防汛值守', '农房安全排查', '产业项目申报', '低保复核', '矛盾纠纷排查', '森林防火宣传', '人口普查', '乡村道路养护', '高标准农田建设', '营商环境优化'];
const WEAKNESSES = ['调查研究', '理论学习的系统性', '与群众沟通的方法', '统筹协调', '文字表达', '创新思路', '抓落实的韧劲'];

const WORK = [
  '结合我在{unit}的岗位，我打算从三个方面把书中的收获转化为工作的动力。第一，{plan1}第二，{plan2}第三，{plan3}',
  '回到工作中，最重要的是把学和干结合起来。{plan1}同时，{plan2}',
  '读书的目的在于运用。今后，{plan1}此外，{plan2}还要{plan3}',
];

const PLANS = [
  '坚持每月至少下村{n}次，带着问题去、带着办法回。',
  '认真梳理{task}中的堵点难点，能当场解决的当场解决。',
  '每周抽出{n}个晚上系统学习政策文件。',
  '改进文风，写材料少讲空话套话，多用数据和事例说话。',
  '向身边的老同志学习群众工作方法，遇到矛盾不回避、不推诿。',
  '主动参与单位的读书分享会，把这本书推荐给同事。',
  '在{task}中探索台账销号制度，做到件件有着落。',
  '把书中的方法用到{place}的联系工作中。',
  '每完成一项工作都回头看一看，总结得失。',
  '利用{app}多学多练，补齐知识短板。',
];
const APPS = ['学习强国', '干部网络学院', '镇里的读书角', '单位的电子书屋'];

const CLOSINGS = [
  '读一本好书，就像和一位智者对话。我将以这次读书为新的起点，把学习作为一种习惯、一种责任，努力做一名让群众满意的基层干部。',
  '书香可以致远，实干才能兴邦。今后我要继续多读书、读好书，在学习中提高本领，在实践中锤炼作风。',
  '“纸上得来终觉浅，绝知此事要躬行。”我将把书中的收获带到工作中去，在服务群众的一线检验学习成效。',
  '合上这本书，我更加明白了肩上的责任。学习永远在路上，我会继续读下去、想下去、干下去。',
  '读书不是为了完成任务，而是为了让自己更好地工作。我会把这份收获化作脚踏实地的行动。',
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
    if (k.startsWith('plan')) return fill(r, r.pick(PLANS), v);
    return v[k] ?? '';
  });
}

function shuffled<T>(r: Rng, xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** A reflection of at least `minChars` (字数, as Word counts) as sanitized HTML, with a title. */
export function composeReflection(r: Rng, b: { book: string; author: string; summary: string; unit: string; month: string }, minChars = 1500): { title: string; html: string } {
  const theme = r.pick(THEMES);
  const v = { ...b, theme, summary: b.summary ? `${b.summary.replace(/。$/, '')}。` : '' };
  const blocks: string[] = [`<p>${fill(r, r.pick(OPENINGS), v)}</p>`];
  const insights = shuffled(r, INSIGHTS);
  const target = minChars + r.int(80, 500);
  let i = 0;
  let heading = 0;
  const headings = ['一、读书的收获', '二、对照反思', '三、联系实际', '四、下一步打算'];
  const count = () => wordCount(bodyText(blocks.join('')));
  while (count() < target - 300) {
    if (i % 2 === 0 && heading < 3) blocks.push(`<h3>${headings[heading++]}</h3>`);
    const para = [insights[i % insights.length], '{a}', '{a}'].map((t) => (t === '{a}' ? anecdote(r, v) : fill(r, t, v))).join('');
    blocks.push(`<p>${para}</p>`);
    i++;
  }
  blocks.push(`<h3>${headings[3]}</h3>`, `<p>${fill(r, r.pick(WORK), v)}</p>`);
  while (count() < target) blocks.push(`<p>${anecdote(r, v)}${anecdote(r, v)}</p>`);
  blocks.push(`<p>${r.pick(CLOSINGS)}</p>`);
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
  const at = (month: string, day: number, hour = 2) => `${month}-${String(Math.max(1, Math.min(day, lastDay(month)))).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00.000Z`;
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
    const created = at(month, day - 2);
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

