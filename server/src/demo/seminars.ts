// Demo content of seminars and party lectures, and the factories the tests share.
import crypto from 'node:crypto';
import type { DB } from '../db';
import { mm, newPdf, pdfBuffer } from '../platform/pdf';
import { localDayOfIso } from '../platform/time';
import type { DemoContext, DemoCounts } from './context';
import type { rng } from './factories';

/** Slides as a PDF: a title page and one page per point (landscape, as a projector shows them). */
export async function lecturePdf(topic: string, lecturer: string, points: string[]): Promise<Buffer> {
  const doc = newPdf({ title: topic, layout: 'landscape' });
  const W = doc.page.width;
  const H = doc.page.height;
  const band = (title: string) => {
    doc.rect(0, 0, W, mm(28)).fill('#b3261e');
    doc.fillColor('#ffffff').font('cjk-bold').fontSize(22).text(title, mm(18), mm(9), { width: W - mm(36), lineBreak: false, ellipsis: true });
  };
  doc.rect(0, 0, W, H).fill('#b3261e');
  doc.fillColor('#ffffff').font('cjk-bold').fontSize(30).text(topic, mm(25), H / 2 - mm(30), { width: W - mm(50), align: 'center' });
  doc.font('cjk').fontSize(16).text(`主讲：${lecturer}`, mm(25), H / 2 + mm(15), { width: W - mm(50), align: 'center' });
  points.forEach((p, i) => {
    doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
    band(topic);
    doc.fillColor('#2b2b2b').font('cjk-bold').fontSize(26).text(`${['一', '二', '三', '四', '五', '六'][i] ?? i + 1}、${p}`, mm(25), mm(50), { width: W - mm(50) });
    doc.font('cjk').fontSize(14).fillColor('#6b6b6b').text(`${lecturer} · 第 ${i + 2} 页`, mm(25), H - mm(20), { width: W - mm(50), align: 'right', lineBreak: false });
  });
  return pdfBuffer(doc);
}

// ---- the demo town's year of seminars and lectures ----------------------------------


type Rng = ReturnType<typeof rng>;
const DAY_MS = 86_400_000;
const toIso = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
const addMin = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();
/** Saturday → Friday, Sunday → Monday. */
function weekday(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const wd = d.getUTCDay();
  const shift = wd === 6 ? -1 : wd === 0 ? 1 : 0;
  return new Date(d.getTime() + shift * DAY_MS).toISOString().slice(0, 10);
}

/** Each month's seminar: the theme, the book everyone read, and what three speakers said about it. */
export const SEMINAR_MONTHS: { theme: string; book: string; talks: string[] }[] = [
  {
    theme: '读《习近平新时代中国特色社会主义思想学习纲要》，谈新年工作思路',
    book: '习近平新时代中国特色社会主义思想学习纲要（2023年版）',
    talks: [
      '我重点读了“坚持以人民为中心的发展思想”一章。纲要讲“人民对美好生活的向往就是我们的奋斗目标”，落到镇里，就是把群众的急难愁盼当成头等大事。去年我们办民生实事十二件，群众反映最多的还是村道照明和饮水。新的一年，我打算把走访台账做实，每月至少走访三个网格，问题当场登记、限时回复。',
      '纲要关于“全面从严治党”的论述让我印象很深。基层干部天天和群众打交道，作风好不好，群众一眼就看得出来。我对照自己，找了三个问题：下村调研“走过场”、材料多于办法、回应群众不够及时。今年我给自己定了规矩：每件信访件都要见面谈，能当天答复的不过夜。',
      '读了“中国式现代化”一章，我理解乡村振兴就是中国式现代化在农村的具体实践。我们村的问题是年轻人外出多、产业单一。结合纲要，我想在合作社的基础上，把稻虾共养做成规模，再把电商服务站用起来，让在外的年轻人有回来的理由。',
    ],
  },
  {
    theme: '学习全国两会精神，读《政府工作报告》',
    book: '政府工作报告',
    talks: [
      '报告提出“着力扩大国内需求”“推动城乡融合发展”。对照我们经发办的工作，今年招商要更多盯住农产品加工和冷链物流，把镇里的特色农产品从“卖原料”变成“卖产品”。我梳理了三家有意向的企业，准备一季度完成对接。',
      '报告讲“切实保障和改善民生”，我在社会事务办，感受最深的是养老服务。全镇六十岁以上老人占比已经超过百分之二十二，居家养老需求大。我建议在两个中心村试点老年食堂，由村集体提供场地、镇里给予运营补贴。',
      '报告专门提到“防范化解重点领域风险”。财政所的同志都知道，基层“三保”压力不小。我读后有两点体会：一是过紧日子要成为常态，非刚性支出该压的坚决压；二是项目资金要早谋划、早申报，不能等靠要。',
    ],
  },
  {
    theme: '党纪学习教育：读《中国共产党纪律处分条例》',
    book: '中国共产党纪律处分条例',
    talks: [
      '条例把六项纪律讲得很细。我重点学了“群众纪律”一章，像“在惠民惠农财政补助资金、项目中优亲厚友”这样的条款，和我们村干部的日常工作息息相关。我们村今年低保复核，我要求全部张榜公示，接受群众监督。',
      '学习条例，我最大的体会是“知敬畏、存戒惧、守底线”。执法队员每天在一线，难免遇到说情打招呼。条例对违规插手干预的处分规定得清清楚楚，我们队里已经建立了过问登记制度，凡有人打招呼一律登记在案。',
      '我结合工作纪律谈体会。条例对“形式主义、官僚主义”问题专门列出了处分情形。我们办公室文件多、会议多，今年要带头压减，能合并的会议合并开，能电话落实的不发文件，把时间留给抓落实。',
    ],
  },
  {
    theme: '党史学习教育：读《中国共产党简史》与《论中国共产党历史》',
    book: '论中国共产党历史',
    talks: [
      '读这本书，我理解了“历史是最好的教科书”。书里讲党在延安时期开展整风运动，靠的是实事求是、自我革命。今天我们做基层工作，同样要敢于正视问题，不回避矛盾。',
      '书中多次强调“不忘初心、牢记使命”。我是党员，也是网格员，我把这句话理解为：群众的小事就是我们的大事。这个月我在网格里帮三户独居老人装了应急呼叫器，群众的笑容就是最好的回答。',
      '学习党史，我最受触动的是一代代共产党人的奋斗精神。我们镇是老区，革命烈士纪念馆就在镇上。我建议把纪念馆作为新入职干部的第一课，让年轻同志知道我们从哪里来。',
    ],
  },
  {
    theme: '读《习近平关于“三农”工作论述摘编》，谈乡村振兴',
    book: '习近平关于“三农”工作论述摘编',
    talks: [
      '摘编里讲“乡村振兴，人才是关键”。我们村这几年回来了五个大学生，有的搞电商，有的搞民宿。村里要做的是给他们搭平台、解难题，比如帮助协调土地流转、争取创业贴息贷款。',
      '书中反复强调“确保国家粮食安全”。我分管农业，今年全镇粮食播种面积要稳定在四万亩以上。我的体会是：抓粮食生产不能只靠号召，要把种粮补贴、农机服务、订单收购这些实招落到户。',
      '我读了“加强和改进乡村治理”部分。我们村推行的积分制管理，把环境卫生、移风易俗都纳入积分，群众参与度明显提高。下一步想把积分和村集体经济分红挂钩，让好的行为有实实在在的回报。',
    ],
  },
  {
    theme: '迎“七一”：读《论党的自我革命》',
    book: '论党的自我革命',
    talks: [
      '书中讲“勇于自我革命是我们党区别于其他政党的显著标志”。作为支部书记，我想在支部组织生活上下功夫，让批评和自我批评真正“辣”起来，不搞你好我好大家好。',
      '我结合自身谈体会。自我革命首先是对自己动刀子。我给自己列了一张“问题清单”：学习不够系统、调研不够深入、办事有时拖拉。每一条我都写了整改措施和时限，请大家监督。',
      '我重点学习了全面从严治党永远在路上这一部分。我们效能办每月开展作风暗访，发现问题及时通报。我的体会是，监督不是为了“抓人”，而是为了“治病救人”，要把提醒谈话做在前面。',
    ],
  },
  {
    theme: '学习党的二十届三中全会精神（一）：读《决定》',
    book: '中共中央关于进一步全面深化改革 推进中国式现代化的决定',
    talks: [
      '《决定》提出“健全推动经济高质量发展体制机制”。结合我们镇，我认为关键是优化营商环境。我们已经实行了企业诉求“一站受理”，下一步要把审批时限再压缩三分之一。',
      '我学习了《决定》中关于“健全城乡融合发展体制机制”的部分。城乡要素双向流动，基层能做的是把农村集体资产盘活。我们正在清查村集体闲置资产，准备通过公开招租增加集体收入。',
      '《决定》讲“坚持以人民为中心推进改革”。改革的成效要由群众来评判。我建议我们每项改革措施出台前，都到村里开一次座谈会，听听群众怎么说。',
    ],
  },
  {
    theme: '学习党的二十届三中全会精神（二）：读《之江新语》谈改革落实',
    book: '之江新语',
    talks: [
      '《之江新语》篇幅短小，却篇篇有分量。《要善于抓落实》一文说“一分部署，九分落实”。我们办公室督查工作，就是要把每一项部署落实到具体的人、具体的时限上。',
      '我读了《为官一任，造福一方》。这篇文章让我想到，做村干部虽然官不大，但同样要有“功成不必在我”的胸怀。修路、治水这些事，不是一届能干完的，但每一届都要接着干。',
      '《干部要“身入”更要“心至”》这篇对我触动最大。下村不能只是“到此一游”，要真正坐在群众炕头上拉家常，才能听到真话、摸到实情。',
    ],
  },
  {
    theme: '学习习近平法治思想：读《论坚持全面依法治国》',
    book: '论坚持全面依法治国',
    talks: [
      '书中强调“法治是最好的营商环境”。执法队的工作要做到严格规范公正文明执法。我们今年全面推行执法全过程记录，执法过程全程录像，群众投诉明显减少。',
      '我结合信访工作谈体会。依法治国落到基层，就是要引导群众依法表达诉求。我们推行“信访+法律顾问”，每周三请律师坐班，群众的法律问题当场解答，很多矛盾在萌芽阶段就化解了。',
      '读了“领导干部要做尊法学法守法用法的模范”这一部分，我反思自己在工作中有时习惯凭经验办事。今后凡是涉及群众切身利益的决定，都要先过法律关。',
    ],
  },
  {
    theme: '意识形态与网络安全专题：读《习近平关于总体国家安全观论述摘编》',
    book: '习近平关于总体国家安全观论述摘编',
    talks: [
      '摘编中讲“没有网络安全就没有国家安全”。我负责办公室的信息化工作，今年我们对全镇电脑进行了安全检查，发现弱口令十几处，都已整改。我建议每季度开展一次网络安全培训。',
      '总体国家安全观涵盖的领域很广。结合我们村的实际，我理解安全就在身边：防汛、防火、食品安全，都是群众最关心的安全。我们村建立了“村民安全员”制度，每个组都有一名安全员。',
      '我重点学习了意识形态工作责任制的内容。基层宣传阵地要守好，村里的宣传栏、微信群都要有专人管理，及时发布正面信息，回应群众关切。',
    ],
  },
  {
    theme: '学习习近平生态文明思想：读《习近平生态文明思想学习纲要》',
    book: '习近平生态文明思想学习纲要',
    talks: [
      '纲要讲“绿水青山就是金山银山”。我们镇的河道这几年通过河长制治理，水质明显好转，河边的民宿也多了起来。生态好了，群众的钱袋子也鼓了，这就是最好的证明。',
      '我学习了“坚持山水林田湖草沙一体化保护和系统治理”。自然资源所的工作就是要守住耕地红线和生态红线。我们今年开展了违法占地专项整治，拆除违建二十多处。',
      '读了纲要，我对农村人居环境整治有了新的认识。垃圾分类不能只靠发通知，要靠群众的自觉。我们村推行的“红黑榜”效果不错，下一步准备推广到全镇。',
    ],
  },
  {
    theme: '年度述学评学：读《干在实处 走在前列》，谈一年学习收获',
    book: '干在实处 走在前列',
    talks: [
      '这一年我读了十四本书，写了六篇心得。《干在实处 走在前列》让我明白，学习的目的全在于运用。回头看，我把学到的调研方法用在了企业走访上，帮三家企业解决了用工难题。',
      '年终回顾，我最大的收获是养成了每天读书一小时的习惯。书里讲“干部要勇于担当”，我在防汛值班中体会最深：关键时刻冲得上去，靠的是平时的积累。',
      '我谈谈不足。一年来读书不少，但联系实际还不够，心得写得像读后感，思考深度不够。明年我打算每读一本书，都带着一个工作中的问题去读，读完写出解决办法。',
    ],
  },
];

const COMMENTS = [
  '联系实际很紧密，特别是走访台账的做法，我们村也可以借鉴。',
  '讲得很实在，建议把具体措施再细化一下，明确时间节点。',
  '发言中提到的问题很有代表性，我们单位也存在类似情况。',
  '对书中的观点理解得比较透，结合工作谈得有深度。',
  '案例很生动，建议下一步把经验总结成制度，形成长效机制。',
  '听了很受启发，会后想找你交流一下具体怎么做的。',
  '问题清单列得好，敢于对自己动刀子，值得学习。',
  '我补充一点：这项工作离不开群众参与，要多听听群众的意见。',
  '读书读得细，还做了笔记，这种学习态度值得我们学习。',
  '发言条理清楚，三点体会都落到了工作上。',
  '建议结合镇里的实际数据再讲一讲，会更有说服力。',
  '讲到了我们的痛点，希望相关部门能一起研究解决。',
];

const EVALUATIONS: [string, string][] = [
  ['优秀', '学得深、想得透、谈得实，把书本理论和本职工作结合得很好，提出的措施具有可操作性，要抓好落实。'],
  ['优秀', '发言有观点、有案例、有思考，体现了较高的理论素养，希望继续发挥示范带头作用。'],
  ['良好', '能够结合工作实际谈体会，态度认真。建议今后在理论深度上再下功夫，多读原著原文。'],
  ['良好', '发言联系实际比较紧密，提出的问题有代表性。整改措施还需细化，明确责任和时限。'],
  ['良好', '读书认真，体会真切。希望把学习成果转化为推动工作的实际成效。'],
  ['一般', '发言准备不够充分，对书中观点的理解还停留在表面，联系实际不够。希望加强学习，下次研讨会再作交流。'],
];

const LECTURES: { topic: string; outline: string[] }[] = [
  { topic: '从《之江新语》看基层干部的作风建设', outline: ['为官一任，造福一方', '干在实处，走在前列', '身入更要心至'] },
  { topic: '学习新修订的《中国共产党纪律处分条例》', outline: ['六项纪律的主要内容', '典型案例剖析', '基层干部要守住的底线'] },
  { topic: '在乡村振兴中发挥党员先锋模范作用', outline: ['乡村振兴的总要求', '我们村的实践', '党员能做什么'] },
  { topic: '弘扬伟大建党精神', outline: ['坚持真理、坚守理想', '践行初心、担当使命', '不怕牺牲、英勇斗争', '对党忠诚、不负人民'] },
  { topic: '做新时代的群众工作', outline: ['群众路线是党的生命线', '新形势下群众工作的难点', '把工作做到群众心坎上'] },
  { topic: '全面从严治党在基层', outline: ['管党治党责任', '小微权力监督', '营造风清气正的政治生态'] },
  { topic: '学习党的二十届三中全会精神', outline: ['进一步全面深化改革的总目标', '城乡融合发展', '改革落实在镇村'] },
  { topic: '以法治思维化解基层矛盾', outline: ['法治是最好的营商环境', '信访工作法治化', '依法行政的底线'] },
  { topic: '践行“绿水青山就是金山银山”理念', outline: ['生态文明思想的核心要义', '河长制在我镇的实践', '生态产品价值实现'] },
  { topic: '做好新时代网格化服务管理', outline: ['网格员的职责', '网格里的民情日记', '数字赋能网格治理'] },
  { topic: '传承红色基因，赓续精神血脉', outline: ['我镇的红色资源', '革命先辈的故事', '新时代的使命担当'] },
  { topic: '提高调查研究能力', outline: ['调查研究是谋事之基', '怎样蹲点调研', '把调研成果转化为工作举措'] },
];

const RATING_COMMENTS = ['结合实际，讲得接地气。', '内容充实，案例生动。', '课件做得清楚，条理分明。', '时间略紧，后半部分讲得有点快。', '很受教育，回去要对照检查。', '希望多讲讲具体怎么做。', '', '', ''];
const LEAVE_REASONS = ['到区里参加业务培训', '下村处理信访事项', '防汛值班', '陪同上级部门检查', '病假'];

interface Person {
  id: number;
  name: string;
  unit_id: number;
}

/** Check-ins (with their study-log minutes) and approved leave for a past session, as the scan and the clerk would have left them. */
async function attendance(db: DB, r: Rng, s: { id: number; startsAt: string; endsAt: string; topic: string; minutes: number }, people: Person[], clerkUser: number | null, present = 0.85) {
  const checks: { session_id: number; member_id: number; checked_at: string; method: string; recorded_by: number | null }[] = [];
  const leaves: { session_id: number; member_id: number; reason: string; status: string; requested_at: string; decided_at: string | null; decided_by: number | null; decision_note: string | null }[] = [];
  for (const p of people) {
    const x = r.next();
    if (x < present) checks.push({ session_id: s.id, member_id: p.id, checked_at: addMin(s.startsAt, -r.int(1, 20) + (r.next() < 0.06 ? r.int(8, 20) : 0)), method: 'qr', recorded_by: null });
    else if (x < present + 0.07) {
      const requested = addMin(s.startsAt, -r.int(120, 2 * 24 * 60));
      leaves.push({ session_id: s.id, member_id: p.id, reason: r.pick(LEAVE_REASONS), status: 'approved', requested_at: requested, decided_at: addMin(requested, 90), decided_by: clerkUser, decision_note: null });
    }
  }
  const ids = checks.length ? await db.insertInto('check_ins').values(checks).returning(['id', 'member_id', 'checked_at']).execute() : [];
  if (ids.length)
    await db
      .insertInto('study_logs')
      .values(ids.map((c) => ({ member_id: c.member_id, day: localDayOfIso(s.startsAt), kind: 'session', minutes: s.minutes, book_id: null, book_title: null, progress: '', note: s.topic, source: 'checkin', source_ref: String(c.id), created_at: s.endsAt })))
      .execute();
  if (leaves.length) await db.insertInto('leave_requests').values(leaves).execute();
  return ids;
}

async function session(db: DB, v: { unitId: number; topic: string; place: string; host: string; startsAt: string; endsAt: string; status: string; unitIds: number[]; createdBy: number | null }) {
  const minutes = Math.round((Date.parse(v.endsAt) - Date.parse(v.startsAt)) / 60_000);
  const row = await db
    .insertInto('study_sessions')
    .values({
      unit_id: v.unitId,
      plan_id: null,
      topic: v.topic,
      place: v.place,
      host: v.host,
      starts_at: v.startsAt,
      ends_at: v.endsAt,
      minutes,
      status: v.status,
      qr_secret: crypto.randomBytes(32).toString('base64url'),
      opened_at: v.status === 'scheduled' ? null : addMin(v.startsAt, -30),
      closed_at: v.status === 'closed' ? v.endsAt : null,
      created_by: v.createdBy,
      created_at: addMin(v.startsAt, -10 * 24 * 60),
      updated_at: addMin(v.startsAt, -10 * 24 * 60),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('study_session_units').values(v.unitIds.map((unit_id) => ({ session_id: row.id, unit_id }))).execute();
  return { id: row.id, startsAt: v.startsAt, endsAt: v.endsAt, topic: v.topic, minutes };
}

async function storeFile(db: DB, owner: number, filename: string, mime: string, buf: Buffer, at: string) {
  const r = await db
    .insertInto('seminar_files')
    .values({ owner_user_id: owner, filename, mime, size: buf.length, sha256: crypto.createHash('sha256').update(buf).digest('hex'), data_base64: buf.toString('base64'), created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * X镇's year: a seminar every month of the last eleven (held, evaluated and signed
 * off — last month's still waiting for its 书记评), next week's with 张三 among
 * the speakers; a dozen party lectures by ordinary cadres with generated slides
 * and the audience's ratings, one upcoming and one proposal waiting for the clerk.
 */
export async function seedSeminarDemo(ctx: DemoContext): Promise<DemoCounts> {
  const { db, rng: r } = ctx;
  const counts = { seminars: 0, seminarSpeakers: 0, seminarComments: 0, lectures: 0, lectureRatings: 0, lectureFiles: 0 };
  const secretary = ctx.accounts.secretary;
  const clerk = ctx.accounts.clerk;
  const member = ctx.accounts.member;
  if (!secretary || !clerk) return counts;
  const town = await db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', ctx.townId).executeTakeFirstOrThrow();
  const chairName = (await db.selectFrom('members').select('name').where('id', '=', secretary.memberId!).executeTakeFirstOrThrow()).name;
  const people = await db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.name', 'm.unit_id'])
    .where('m.status', '=', 'active')
    .where('u.path', 'like', `${town.path}%`)
    .orderBy('m.id')
    .execute();
  const demoMembers = new Set(Object.values(ctx.accounts).map((a) => a.memberId));
  const ordinary = people.filter((p) => !demoMembers.has(p.id));
  const bookId = async (title: string) => (await db.selectFrom('books').select('id').where('title', '=', title).executeTakeFirst())?.id ?? null;
  const nowMs = Date.now();
  const [ty, tm] = ctx.today.split('-').map(Number);

  const makeSeminar = async (month: string, day: string, plan: (typeof SEMINAR_MONTHS)[number], held: boolean, signed: boolean, speakers: Person[]) => {
    const startsAt = toIso(day, '15:00');
    const endsAt = toIso(day, '17:00');
    const s = await session(db, { unitId: town.id, topic: `读书研讨会：${plan.theme}`, place: '镇机关三楼会议室', host: chairName, startsAt, endsAt, status: held ? 'closed' : 'scheduled', unitIds: [town.id], createdBy: clerk.userId });
    const created = addMin(startsAt, -14 * 24 * 60);
    const sem = await db
      .insertInto('seminars')
      .values({ unit_id: town.id, session_id: s.id, month, theme: plan.theme, chair_user_id: secretary.userId, chair_name: chairName, status: signed ? 'signed' : 'scheduled', signed_at: signed ? addMin(endsAt, 2 * 24 * 60) : null, created_by: clerk.userId, created_at: created, updated_at: created })
      .returning('id')
      .executeTakeFirstOrThrow();
    counts.seminars++;
    const attendees = held ? await attendance(db, r, s, people, clerk.userId) : [];
    const book = await bookId(plan.book);
    for (const [i, p] of speakers.entries()) {
      const evaluated = signed;
      const [grade, words] = i === 0 ? EVALUATIONS[r.int(0, 1)] : r.pick(EVALUATIONS.slice(1));
      const sp = await db
        .insertInto('seminar_speakers')
        .values({
          seminar_id: sem.id,
          member_id: p.id,
          sort_order: i + 1,
          volunteered: i === 2 ? 1 : 0,
          book_id: held ? book : null,
          book_title: held ? plan.book : '',
          reflection_id: null,
          summary: held ? plan.talks[i % plan.talks.length] : '',
          file_id: null,
          grade: evaluated ? grade : null,
          score: null,
          evaluation: evaluated ? words : null,
          evaluated_at: evaluated ? addMin(endsAt, 24 * 60) : null,
          evaluated_by: evaluated ? secretary.userId : null,
          created_at: created,
          updated_at: created,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      counts.seminarSpeakers++;
      if (!held) continue;
      const commenters = attendees.filter((a) => a.member_id !== p.id && r.next() < 0.05).slice(0, 4);
      if (commenters.length) {
        await db
          .insertInto('seminar_comments')
          .values(commenters.map((c, k) => ({ seminar_id: sem.id, speaker_id: sp.id, member_id: c.member_id, body: COMMENTS[(r.int(0, COMMENTS.length - 1) + k) % COMMENTS.length], created_at: addMin(startsAt, 20 + i * 30 + k * 3) })))
          .execute();
        counts.seminarComments += commenters.length;
      }
    }
    return sem.id;
  };

  // The last eleven months, on the third Thursday or so.
  for (let k = 11; k >= 1; k--) {
    const d = new Date(Date.UTC(ty, tm - 1 - k, 1));
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const day = weekday(`${y}-${String(m).padStart(2, '0')}-${String(r.int(15, 24)).padStart(2, '0')}`);
    const plan = SEMINAR_MONTHS[(m - 1) % 12];
    const speakers = [r.pick(ordinary), r.pick(ordinary), r.pick(ordinary)].filter((p, i, a) => a.findIndex((q) => q.id === p.id) === i);
    await makeSeminar(`${y}-${String(m).padStart(2, '0')}`, day, plan, true, k > 1, speakers);
  }
  // This month's: next week, 张三 speaks.
  const next = weekday(new Date(Date.parse(`${ctx.today}T00:00:00Z`) + 7 * DAY_MS).toISOString().slice(0, 10));
  const me = people.find((p) => p.id === member?.memberId);
  const nextSpeakers = [...(me ? [me] : []), r.pick(ordinary), r.pick(ordinary)].filter((p, i, a) => a.findIndex((q) => q.id === p.id) === i);
  await makeSeminar(next.slice(0, 7), next, SEMINAR_MONTHS[(tm - 1) % 12], false, false, nextSpeakers);

  // Party lectures: ten held over the year, one next fortnight, one proposal waiting.
  for (const [i, lec] of LECTURES.entries()) {
    const lecturer = ordinary[(i * 7 + 3) % ordinary.length];
    const userId = clerk.userId;
    const created = new Date(Date.UTC(ty, tm - 12 + i, 2)).toISOString();
    if (i === LECTURES.length - 1) {
      await db
        .insertInto('lectures')
        .values({ unit_id: lecturer.unit_id, member_id: lecturer.id, topic: lec.topic, outline: lec.outline.map((o, k) => `${'一二三四'[k]}、${o}`).join('\n'), status: 'proposed', session_id: null, decision_note: null, decided_by: null, decided_at: null, created_by: null, created_at: new Date(nowMs - 2 * DAY_MS).toISOString(), updated_at: new Date(nowMs - 2 * DAY_MS).toISOString() })
        .execute();
      counts.lectures++;
      continue;
    }
    const upcoming = i === LECTURES.length - 2;
    const day = upcoming
      ? weekday(new Date(Date.parse(`${ctx.today}T00:00:00Z`) + 12 * DAY_MS).toISOString().slice(0, 10))
      : weekday(new Date(Date.UTC(ty, tm - 12 + i, r.int(5, 12))).toISOString().slice(0, 10));
    const startsAt = toIso(day, '15:00');
    const endsAt = toIso(day, '16:30');
    if (!upcoming && Date.parse(endsAt) > nowMs) continue;
    const audienceUnits = i % 3 === 0 ? [town.id] : [lecturer.unit_id];
    const s = await session(db, { unitId: lecturer.unit_id, topic: `党课：${lec.topic}`, place: i % 3 === 0 ? '镇党群服务中心报告厅' : '本单位会议室', host: lecturer.name, startsAt, endsAt, status: upcoming ? 'scheduled' : 'closed', unitIds: audienceUnits, createdBy: userId });
    const l = await db
      .insertInto('lectures')
      .values({ unit_id: lecturer.unit_id, member_id: lecturer.id, topic: lec.topic, outline: lec.outline.map((o, k) => `${'一二三四'[k]}、${o}`).join('\n'), status: 'scheduled', session_id: s.id, decision_note: null, decided_by: userId, decided_at: created, created_by: null, created_at: created, updated_at: created })
      .returning('id')
      .executeTakeFirstOrThrow();
    counts.lectures++;
    const pdf = await lecturePdf(lec.topic, lecturer.name, lec.outline);
    const fileId = await storeFile(db, userId, `${lec.topic}.pdf`, 'application/pdf', pdf, created);
    await db.insertInto('lecture_files').values({ lecture_id: l.id, file_id: fileId, kind: 'slides', created_at: created }).execute();
    counts.lectureFiles++;
    if (upcoming) continue;
    const audience = people.filter((p) => p.id !== lecturer.id && (audienceUnits.includes(town.id) || p.unit_id === lecturer.unit_id));
    const came = await attendance(db, r, s, audience, clerk.userId, 0.88);
    const raters = came.filter(() => r.next() < 0.45);
    if (raters.length) {
      await db
        .insertInto('lecture_ratings')
        .values(raters.map((c) => ({ lecture_id: l.id, member_id: c.member_id, stars: r.next() < 0.55 ? 5 : r.next() < 0.8 ? 4 : 3, comment: r.pick(RATING_COMMENTS), created_at: addMin(endsAt, r.int(1, 600)), updated_at: addMin(endsAt, r.int(1, 600)) })))
        .execute();
      counts.lectureRatings += raters.length;
    }
  }
  return counts;
}
