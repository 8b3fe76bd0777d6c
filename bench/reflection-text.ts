// Generated reflections for the similarity benchmark: honest texts on a handful
// of books, written from a vocabulary of real words and phrases, so two of them
// share what two real ones share — the book's title, author and key terms, the
// words of the theme, and the stock phrases of cadres' writing (“学思用贯通、
// 知信行统一”, “以习近平新时代中国特色社会主义思想为指导”) — and little else.
// Sentences are built word by word (no fixed sentence templates longer than a
// few characters), so texts do not share whole sentences the way the demo's
// composer does.

type Rng = { next: () => number; int: (lo: number, hi: number) => number; pick: <T>(xs: readonly T[]) => T };

export interface Book {
  title: string;
  author: string;
  /** Key terms of the book: what everyone writing on it names. */
  terms: string[];
  /** Words of its theme. */
  words: string[];
  /** A passage people quote. */
  quote: string;
}

export const BOOKS: Book[] = [
  {
    title: '乡土中国',
    author: '费孝通',
    terms: ['差序格局', '乡土社会', '礼治秩序', '长老统治', '无讼', '血缘和地缘', '熟人社会', '家族', '私人联系', '文字下乡'],
    words: ['村规民约', '人情往来', '邻里纠纷', '宗族', '乡贤', '村民小组', '调解', '土地流转', '宅基地', '留守老人', '乡村治理', '自治', '德治', '法治', '村两委', '红白理事会', '乡风文明', '移风易俗'],
    quote: '好像把一块石头丢在水面上所发生的一圈圈推出去的波纹，愈推愈远，也愈推愈薄。',
  },
  {
    title: '之江新语',
    author: '习近平',
    terms: ['为民办实事', '干在实处', '走在前列', '求真务实', '心中有民', '勤政廉政', '调查研究', '抓落实'],
    words: ['作风建设', '担当作为', '基层减负', '形式主义', '官僚主义', '一线工作法', '群众路线', '服务意识', '责任清单', '督查考核', '办事效率', '营商环境', '廉洁自律', '政治站位'],
    quote: '做人一世，为官一任，要有肝胆，要有担当精神，应该对“为官不为”感到羞耻，应该为“为官有为”感到光荣。',
  },
  {
    title: '习近平的七年知青岁月',
    author: '中央党校采访实录编辑室',
    terms: ['梁家河', '知青', '黄土地', '沼气池', '窑洞', '扎根人民', '吃苦精神', '初心'],
    words: ['艰苦奋斗', '群众感情', '实干精神', '磨炼意志', '农村工作', '脱贫攻坚', '乡亲', '带头人', '为民情怀', '青年干部', '基层锻炼', '苦干实干', '老区精神'],
    quote: '陕北七年的上山下乡经历对我来说是一次深刻的历练，使我懂得了什么叫实际，什么叫实事求是，什么叫群众。',
  },
  {
    title: '县委书记的榜样——焦裕禄',
    author: '穆青等',
    terms: ['焦裕禄精神', '兰考', '风沙', '内涝', '盐碱', '泡桐', '亲民爱民', '迎难而上'],
    words: ['治沙', '排涝', '查风口', '探流沙', '访贫问苦', '带病工作', '艰苦朴素', '无私奉献', '科学求实', '县域发展', '干群关系', '公仆情怀', '雪中送炭'],
    quote: '吃别人嚼过的馍没味道。',
  },
  {
    title: '平凡的世界',
    author: '路遥',
    terms: ['孙少平', '孙少安', '双水村', '黄原', '平凡', '苦难', '尊严', '奋斗'],
    words: ['青春', '命运', '劳动', '理想', '亲情', '时代变迁', '改革开放', '包产到户', '砖厂', '煤矿', '读书改变命运', '普通人', '坚韧', '自强不息'],
    quote: '生活不能等待别人来安排，要自己去争取和奋斗。',
  },
  {
    title: '红星照耀中国',
    author: '埃德加·斯诺',
    terms: ['长征', '保安', '红军', '延安', '苏区', '东方魔力', '革命理想', '斯诺'],
    words: ['信仰', '纪律', '官兵平等', '艰苦卓绝', '革命精神', '理想信念', '初心使命', '赤诚', '人民军队', '党史学习', '红色基因', '精神谱系', '斗争精神'],
    quote: '这种精神，这种力量，这种对革命的信仰，是人类历史上不可征服的力量。',
  },
];

// The stock phrases of cadres' writing: every other reflection has some of them.
const STOCK = [
  '以习近平新时代中国特色社会主义思想为指导',
  '学思用贯通、知信行统一',
  '不忘初心、牢记使命',
  '全心全意为人民服务',
  '把学习成果转化为推动工作的实际成效',
  '坚持以人民为中心的发展思想',
  '深入学习贯彻党的二十大精神',
  '打通服务群众的最后一公里',
  '以钉钉子精神抓好工作落实',
  '撸起袖子加油干',
  '办好群众身边的小事实事',
  '理论联系实际',
  '增强“四个意识”、坚定“四个自信”、做到“两个维护”',
  '始终把群众的冷暖放在心上',
  '读书学习是干部的基本功',
  '在学懂弄通做实上下功夫',
  '做到学以致用、用以促学',
  '推动全面从严治党向纵深发展',
  '把论文写在大地上',
  '让读书成为一种习惯',
];

const SUBJECTS = ['我', '我们', '作为基层干部，我', '身为党员，我', '基层干部', '党员干部', '每一名干部', '村干部', '机关干部', '年轻干部', '我和同事们', '镇村干部', '大家', '自己'];
const ADVERBS = ['认真', '深入', '切实', '扎实', '进一步', '始终', '真正', '主动', '持续', '反复', '时常', '更加', '努力', '坚持', '自觉', '踏实地', '一点点', '用心', '耐心', '尽快', '多'];
const VERBS = ['学习', '领会', '思考', '对照', '反思', '落实', '推进', '解决', '服务', '倾听', '走访', '调研', '总结', '改进', '把握', '践行', '传承', '弘扬', '研究', '梳理', '化解', '关心', '带动', '坚守', '理解', '回应', '记住', '琢磨', '补齐', '抓好'];
const OBJECTS = ['群众的难题', '工作短板', '自身不足', '书中的道理', '基层实际', '身边小事', '群众意见', '村里的发展', '干部责任', '工作方法', '初心使命', '为民情怀', '实际问题', '急难愁盼', '发展思路', '矛盾纠纷', '服务质量', '工作作风', '本领', '理想信念', '民生实事', '政策落地', '办事流程', '群众期盼', '问题清单', '整改任务'];
const ADJECTIVES = ['朴素', '深刻', '生动', '真切', '厚重', '质朴', '鲜活', '宝贵', '难忘', '沉甸甸', '温暖', '实在'];
const CONNECTORS = ['同时，', '此外，', '因此，', '所以，', '可以说，', '说到底，', '反过来看，', '具体来说，', '更重要的是，', '回头想想，', '细细想来，', '不仅如此，', '', '', '', ''];
const FEELINGS = ['深受触动', '很受启发', '感触很深', '陷入沉思', '心里一热', '深以为然', '颇有同感', '受益匪浅', '很有共鸣', '很受教育'];
const SEE = ['让我看到', '使我想到', '提醒我们', '告诉我们', '让人明白', '启发我'];
// An event from the writer's own work, from short pieces (each shorter than the
// 13-character run the check looks for), so two writers' stories rarely share a run.
const TIMES = ['去年', '前些日子', '上个月', '那年冬天', '春耕时', '汛期', '入职之初', '刚到村里时', '有一次', '最近', '前年', '秋收后', '节前', '一天傍晚'];
const PLACES = ['村里', '社区', '镇上', '网格里', '田间', '工地', '便民中心', '农户家', '村委会', '老党员家', '议事会上', '办公室', '集市上', '学校门口'];
const PEOPLE = ['老党员', '村支书', '网格员', '困难户', '返乡青年', '第一书记', '老大娘', '养殖户', '退休教师', '种粮大户', '几位村民', '同事小王', '老会计', '小组长', '五保户', '个体户'];
const TOPICS = ['排水沟', '宅基地', '医保', '路灯', '产业', '垃圾分类', '孩子入学', '危房改造', '土地流转', '修水库', '低保', '灌溉', '拆迁', '停车', '饮水', '就业'];
const TROUBLES = ['的事', '的问题', '的难处', '的顾虑', '的想法', '的意见'];
const DID = ['上门核实', '联系站所', '坐下来商量', '查阅政策', '开院坝会', '跑了三趟', '请技术员', '逐项销号', '当面答复', '现场办公', '召集议事', '写进台账'];
const AFTER = ['没过几天', '半个月后', '月底', '后来', '不久', '第二天'];
const RESULTS = ['问题解决了', '握手言和', '竖起拇指', '有了着落', '焕然一新', '心气更足', '露出笑容', '顺利推进', '通了水', '亮了灯', '签了协议', '领到补贴'];
const HEADINGS = [
  ['一、读书的收获', '二、对照检视', '三、今后的打算'],
  ['一、书中的启示', '二、联系工作的思考', '三、努力的方向'],
  ['一、读有所得', '二、思有所悟', '三、行有所进'],
  ['（一）学习体会', '（二）存在不足', '（三）改进措施'],
];

function p(r: Rng, xs: readonly string[]) {
  return r.pick(xs);
}

/** One sentence, slot by slot; `b` is the book written about. */
function sentence(r: Rng, b: Book): string {
  switch (r.int(0, 12)) {
    case 0:
      return `读到${p(r, ['书中', '书里', '这一章'])}${p(r, ['关于', '讲', '写'])}${p(r, b.terms)}${p(r, ['的地方', '的论述', '的段落', ''])}，${p(r, SUBJECTS)}${p(r, FEELINGS)}。`;
    case 1:
      return `${p(r, SUBJECTS)}要${p(r, ADVERBS)}${p(r, VERBS)}${p(r, OBJECTS)}，${p(r, ADVERBS)}${p(r, VERBS)}${p(r, b.words)}。`;
    case 2:
      return `${p(r, CONNECTORS)}${p(r, b.words)}${p(r, ['和', '与', '同'])}${p(r, b.words)}${p(r, ['都离不开', '都要靠', '关键在于', '归根到底是'])}${p(r, OBJECTS)}。`;
    case 3:
    case 4:
      return `${p(r, TIMES)}${p(r, ['在', '到', '去'])}${p(r, PLACES)}，${p(r, PEOPLE)}${p(r, ['说起', '反映', '提到', '问起'])}${p(r, TOPICS)}${p(r, TROUBLES)}，${p(r, ['我们', '我', '大家'])}${p(r, DID)}，${p(r, AFTER)}${p(r, RESULTS)}。`;
    case 5:
      return `${p(r, [b.author, '作者', '书中'])}${p(r, ['笔下的', '写的', '讲的'])}${p(r, b.terms)}，${p(r, SEE)}${p(r, b.words)}的${p(r, ADJECTIVES)}${p(r, ['分量', '意义', '价值'])}。`;
    case 6:
      return r.next() < 0.5 ? `${p(r, STOCK)}，${p(r, SUBJECTS)}${p(r, ADVERBS)}${p(r, VERBS)}${p(r, b.words)}。` : `${p(r, SUBJECTS)}${p(r, ADVERBS)}${p(r, VERBS)}${p(r, OBJECTS)}，${p(r, VERBS)}${p(r, OBJECTS)}。`;
    case 7:
      return `对照${p(r, b.terms)}，${p(r, SUBJECTS)}在${p(r, OBJECTS)}${p(r, ['方面', '上', '这一块'])}还有差距，${p(r, ['今后要', '下一步', '必须'])}${p(r, ADVERBS)}${p(r, VERBS)}${p(r, OBJECTS)}。`;
    case 8:
      return `《${b.title}》${p(r, ['里的', '讲的', '中的'])}${p(r, b.terms)}${p(r, ['与', '和', '同'])}${p(r, PLACES)}的${p(r, b.words)}${p(r, ['道理相通', '一脉相承', '有相似之处', '可以互相印证', '很像'])}。`;
    case 9:
      return `${p(r, CONNECTORS)}${p(r, ADVERBS)}${p(r, VERBS)}${p(r, OBJECTS)}，${p(r, ['才能', '就能', '方能'])}${p(r, VERBS)}${p(r, b.words)}。`;
    case 10:
      return `${p(r, PEOPLE)}${p(r, ['常说', '说过', '讲'])}，${p(r, b.words)}${p(r, ['急不得', '马虎不得', '要下慢功夫', '靠的是真心', '要一件件办'])}，${p(r, SUBJECTS)}${p(r, ['一直记着', '深有体会', '越想越对', '记在心里'])}。`;
    case 11:
      return `${p(r, SUBJECTS)}${p(r, ADVERBS)}${p(r, VERBS)}${p(r, b.terms)}，${p(r, ADVERBS)}${p(r, VERBS)}${p(r, OBJECTS)}。`;
    default:
      return `${p(r, TIMES)}${p(r, SUBJECTS)}${p(r, VERBS)}${p(r, b.words)}时，${p(r, ADVERBS)}${p(r, VERBS)}了${p(r, OBJECTS)}。`;
  }
}

const meaningful = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '').length;

/**
 * An honest reflection of about `chars` meaningful characters on `b`, as
 * sanitized-looking HTML (paragraphs and headings); about one in three quotes
 * the book's passage in quotation marks.
 */
export function honestReflection(r: Rng, b: Book, chars = 1600): string {
  const heads = r.pick(HEADINGS);
  const blocks: string[] = [`<p>${r.pick(['近期', '这个月', '利用业余时间', '按照单位安排，'])}我读完了${b.author}的《${b.title}》。${sentence(r, b)}${sentence(r, b)}</p>`];
  let n = meaningful(blocks[0]);
  let h = 0;
  while (n < chars) {
    if (h < heads.length && n > (h * chars) / heads.length) blocks.push(`<h3>${heads[h++]}</h3>`);
    let para = '';
    const len = r.int(3, 6);
    for (let i = 0; i < len; i++) para += sentence(r, b);
    if (r.next() < 0.12) para += `书中写道：“${b.quote}”`;
    blocks.push(`<p>${para}</p>`);
    n += meaningful(para);
  }
  return blocks.join('');
}

/** The sentence generator alone, for building signatures in bulk (bench/similarity.ts). */
export function honestSentence(r: Rng, b: Book): string {
  return r.next() < 0.02 ? `书中写道：“${b.quote}”` : sentence(r, b);
}
