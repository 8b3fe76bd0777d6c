import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type { DB } from '../db';
import { nowIso } from '../platform/time';
import type { DemoContext, DemoCounts } from './context';
import { rng } from './factories';

// 线上学习与实践活动 of the demo town: 学习强国 most days for the keen (the
// clerk's weekly points lists, imported), 干部教育在线 学时 now and then, a
// lecture of X大讲堂 a month for some, articles of the official WeChat account,
// and volunteering, research and service with a description — and gaps.

const DAYS_BACK = 150;

const XXQG_CONTENT = ['每日答题、文章学习', '视听学习、每周答题', '专项答题、挑战答题', '文章学习、视听学习', '每日答题'];
const GBJY_COURSES = [
  '学习贯彻党的二十届四中全会精神专题',
  '习近平新时代中国特色社会主义思想概论',
  '乡村振兴战略与基层治理',
  '新时代党的组织路线',
  '依法行政与行政执法规范',
  '机关公文写作实务',
  '安全生产与应急管理',
  '数字政府建设与政务服务',
];
const LECTURES = ['乡村振兴与产业发展专题讲座', '基层党建工作创新讲座', '优化营商环境专题辅导', '传统文化与廉洁修身', '生态文明建设专题报告'];
const WECHAT = ['“学习强国”号：基层治理经验谈', '“共产党员”公众号：党史上的今天', '“X镇发布”：政策解读', '“人民日报”公众号：评论文章'];

const PRACTICE: { kind: string; title: string; description: string; minutes: number }[] = [
  { kind: 'volunteer', title: '社区垃圾分类入户宣传', description: '与东风村网格员一起入户发放垃圾分类宣传册，现场讲解分类方法，走访农户 32 户。', minutes: 150 },
  { kind: 'volunteer', title: '“书香进村”图书角整理', description: '为红旗村农家书屋整理新到图书 200 余册，按类别上架，并为村民登记借阅证。', minutes: 120 },
  { kind: 'volunteer', title: '敬老院志愿服务', description: '到镇敬老院为老人打扫卫生、理发，陪老人聊天，了解生活需求并记录反馈。', minutes: 180 },
  { kind: 'volunteer', title: '防汛物资清点', description: '配合应急办清点防汛物资仓库，核对沙袋、救生衣等物资台账。', minutes: 90 },
  { kind: 'research', title: '特色农业产业调研', description: '走访前进村蔬菜种植合作社，了解种植规模、销售渠道和用工情况，形成调研笔记。', minutes: 240 },
  { kind: 'research', title: '农村人居环境整治调研', description: '实地查看永安村改厕和污水治理进展，听取村两委意见，梳理 5 条问题清单。', minutes: 180 },
  { kind: 'research', title: '小微企业营商环境座谈', description: '参加经发办组织的企业座谈会，记录企业在用工、融资方面的诉求。', minutes: 120 },
  { kind: 'service', title: '便民服务大厅值班', description: '在镇便民服务中心值班，为群众办理社保、医保业务，解答政策咨询 20 余人次。', minutes: 240 },
  { kind: 'service', title: '入户走访困难群众', description: '走访和平村 6 户困难家庭，了解生活状况，协助申报临时救助。', minutes: 180 },
  { kind: 'service', title: '反诈宣传进村', description: '在新华村文化广场设点宣传防范电信诈骗，发放资料 150 份，帮助群众安装反诈 App。', minutes: 120 },
  { kind: 'other', title: '“我为群众办实事”主题党日', description: '参加支部主题党日，重温入党誓词，集体学习后到村里清理河道垃圾。', minutes: 150 },
];

// ---------------------------------------------------------------- a tiny photo

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A small landscape-like picture (sky, hills, field) in a few colours: a stand-in for a photo. */
export function demoPhoto(w: number, h: number, hue: [number, number, number]): Buffer {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const hill = h * 0.55 + Math.sin((x / w) * Math.PI * 2) * h * 0.08;
      const [r, g, b] = y < hill * 0.9 ? [150 + (y * 60) / h, 190 + (y * 40) / h, 235] : y < hill ? [90, 140, 90] : [hue[0] - (y - hill) / 3, hue[1] - (y - hill) / 4, hue[2]];
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = Math.max(0, Math.min(255, r));
      raw[o + 1] = Math.max(0, Math.min(255, g));
      raw[o + 2] = Math.max(0, Math.min(255, b));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function storePhoto(db: DB, ownerUserId: number, name: string, png: Buffer): Promise<number> {
  const { id } = await db
    .insertInto('files')
    .values({ owner_user_id: ownerUserId, filename: name, mime: 'image/png', size: png.length, sha256: crypto.createHash('sha256').update(png).digest('hex'), data_base64: png.toString('base64'), created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

// ---------------------------------------------------------------- seeding

const shift = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

interface Rec {
  member_id: number;
  day: string;
  platform: string;
  content: string;
  minutes: number | null;
  credit_tenths: number | null;
  points: number | null;
  source: 'self' | 'import';
}

export async function seedLearningDemo(ctx: DemoContext): Promise<DemoCounts> {
  const { db, today, memberIds, accounts } = ctx;
  const r = rng(20261208);
  const clerkUser = accounts.clerk?.userId ?? null;
  const userOf = new Map<number, number>();
  for (const a of Object.values(accounts)) if (a.memberId) userOf.set(a.memberId, a.userId);
  // The conversion of the demo's settings: the defaults (1 学时 = 45 分钟, points 0).
  const perCredit = 45;

  const recs: Rec[] = [];
  const demoMember = accounts.member?.memberId;
  for (const m of memberIds) {
    // Some use 学习强国 keenly (the clerk imports the points list), some log minutes themselves, some rarely.
    const style = m === demoMember ? 'minutes' : r.pick(['points', 'points', 'minutes', 'minutes', 'rare', 'none'] as const);
    const gbjy = m === demoMember || r.next() < 0.5;
    const lectures = r.next() < 0.35;
    const wechat = r.next() < 0.3;
    const since = r.int(20, DAYS_BACK);
    for (let i = since; i >= 0; i--) {
      const day = shift(today, -i);
      const wd = weekday(day);
      const workday = wd !== 0 && wd !== 6;
      // Nothing written for today yet except by the demo cadre: the day is not over.
      if (i === 0 && m !== demoMember) continue;
      if (style === 'points' && r.next() < (workday ? 0.8 : 0.5)) {
        recs.push({ member_id: m, day, platform: '学习强国', content: r.pick(XXQG_CONTENT), minutes: null, credit_tenths: null, points: r.int(15, 52), source: 'import' });
      } else if (style === 'minutes' && r.next() < (workday ? 0.7 : 0.4)) {
        recs.push({ member_id: m, day, platform: '学习强国', content: r.pick(XXQG_CONTENT), minutes: r.pick([15, 20, 20, 25, 30, 30, 40]), credit_tenths: null, points: null, source: 'self' });
      } else if (style === 'rare' && r.next() < 0.15) {
        recs.push({ member_id: m, day, platform: '学习强国', content: r.pick(XXQG_CONTENT), minutes: r.pick([15, 20, 30]), credit_tenths: null, points: null, source: 'self' });
      }
      if (gbjy && workday && r.next() < 0.06) {
        recs.push({ member_id: m, day, platform: '干部教育在线', content: r.pick(GBJY_COURSES), minutes: null, credit_tenths: r.pick([5, 10, 10, 15, 20, 30]), points: null, source: 'self' });
      }
      if (lectures && workday && r.next() < 0.035) {
        recs.push({ member_id: m, day, platform: 'X大讲堂', content: r.pick(LECTURES), minutes: r.pick([60, 90, 120]), credit_tenths: null, points: null, source: 'self' });
      }
      if (wechat && r.next() < 0.08) {
        recs.push({ member_id: m, day, platform: '微信公众号', content: r.pick(WECHAT), minutes: r.pick([10, 15, 20]), credit_tenths: null, points: null, source: 'self' });
      }
    }
  }

  const now = nowIso();
  const minutesOf = (x: Rec) => (x.minutes !== null ? x.minutes : x.credit_tenths !== null ? Math.round((x.credit_tenths * perCredit) / 10) : 0);
  for (let i = 0; i < recs.length; i += 200) {
    const batch = recs.slice(i, i + 200);
    const ids = await db
      .insertInto('online_learning')
      .values(
        batch.map((x) => ({
          ...x,
          evidence_file_id: null,
          import_key: x.source === 'import' ? crypto.createHash('sha256').update(JSON.stringify([x.member_id, x.day, x.platform, x.content, x.minutes, x.credit_tenths, x.points])).digest('hex') : null,
          created_by: x.source === 'import' ? clerkUser : (userOf.get(x.member_id) ?? null),
          created_at: `${x.day}T12:00:00.000Z`,
        })),
      )
      .returning(['id', 'member_id', 'day', 'platform'])
      .execute();
    const byKey = new Map(batch.map((x) => [`${x.member_id}|${x.day}|${x.platform}`, x]));
    await db
      .insertInto('study_logs')
      .values(
        ids.map((row) => {
          const x = byKey.get(`${row.member_id}|${row.day}|${row.platform}`)!;
          return { member_id: row.member_id, day: row.day, kind: 'online', minutes: minutesOf(x), note: `${x.platform}：${x.content}`.slice(0, 200), source: 'online', source_ref: String(row.id), created_at: now };
        }),
      )
      .execute();
  }

  // Practice activities: a few a month across the town, with photos for those who have accounts.
  let practices = 0;
  let photos = 0;
  const photoOwners = [accounts.member, accounts.clerk].filter((a): a is { userId: number; memberId: number } => Boolean(a?.memberId));
  const hues: [number, number, number][] = [
    [200, 170, 90],
    [120, 170, 80],
    [210, 140, 110],
    [180, 180, 160],
  ];
  const plan: { member: number; owner?: number }[] = [
    ...photoOwners.flatMap((a) => [{ member: a.memberId, owner: a.userId }, { member: a.memberId, owner: a.userId }, { member: a.memberId }]),
    ...Array.from({ length: 30 }, () => ({ member: r.pick(memberIds) })),
  ];
  for (const p of plan) {
    const act = r.pick(PRACTICE);
    // The demo accounts' photographed activities are recent, so this month's page shows them.
    const day = shift(today, p.owner ? -r.int(1, 20) : -r.int(1, DAYS_BACK - 5));
    const photoIds: number[] = [];
    if (p.owner) {
      for (let k = 0; k < r.int(1, 3); k++) photoIds.push(await storePhoto(db, p.owner, `${act.title}-${k + 1}.png`, demoPhoto(240, 180, r.pick(hues))));
      photos += photoIds.length;
    }
    const { id } = await db
      .insertInto('practice_activities')
      .values({ member_id: p.member, day, kind: act.kind, title: act.title, description: act.description, minutes: act.minutes, photo_file_ids: JSON.stringify(photoIds), created_at: `${day}T10:00:00.000Z` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('study_logs').values({ member_id: p.member, day, kind: 'practice', minutes: act.minutes, note: act.title, source: 'practice', source_ref: String(id), created_at: now }).execute();
    practices++;
  }

  return { onlineLearning: recs.length, practiceActivities: practices, learningPhotos: photos };
}
