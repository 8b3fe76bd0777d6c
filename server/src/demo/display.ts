// The atmosphere demo: two lobby screens with their playlists (the hall's TV and
// the outdoor LED strip, in the high-contrast theme), the clerk's quotes of the
// day, and announcements on the 文化宣传栏 with poster images.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type { DB } from '../db';
import { nowIso } from '../platform/time';
import { sanitizeBody, bodyText } from '../modules/reflections/sanitize';
import type { DemoContext, DemoCounts } from './context';

/**
 * The demo screens' secret links. Demo only (the demo's passwords are public too):
 * a real screen's link is random and shown once (see docs/大屏与宣传指南.md).
 */
export const DEMO_SCREEN_TOKENS = { hall: 'demo-hall-tv-screen-2026', led: 'demo-outdoor-led-strip-2026' } as const;

export async function makeScreen(db: DB, s: { unitId: number; name: string; place?: string; theme?: string; playlist?: { kind: string; seconds?: number }[]; token: string; lastSeenAt?: string | null }) {
  const now = nowIso();
  const { id } = await db
    .insertInto('display_screens')
    .values({
      unit_id: s.unitId,
      name: s.name,
      place: s.place ?? '',
      theme: s.theme ?? 'default',
      playlist_json: JSON.stringify(s.playlist ?? []),
      token_hash: crypto.createHash('sha256').update(s.token).digest('hex'),
      last_seen_at: s.lastSeenAt ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id };
}

export async function makeAnnouncement(
  db: DB,
  a: { unitId: number; title: string; html: string; pinned?: boolean; public?: boolean; from: string; until?: string | null; targets?: number[]; images?: Buffer[]; by?: number | null },
) {
  const html = sanitizeBody(a.html);
  const now = nowIso();
  const { id } = await db
    .insertInto('announcements')
    .values({
      unit_id: a.unitId,
      title: a.title,
      body_html: html,
      body_text: bodyText(html),
      pinned: a.pinned ? 1 : 0,
      public: a.public ? 1 : 0,
      publish_from: a.from,
      publish_until: a.until ?? null,
      created_by: a.by ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (a.targets?.length) await db.insertInto('announcement_targets').values(a.targets.map((u) => ({ announcement_id: id, unit_id: u }))).execute();
  for (const [i, buf] of (a.images ?? []).entries()) {
    await db
      .insertInto('announcement_images')
      .values({ announcement_id: id, sort_order: i, filename: `宣传图${i + 1}.png`, mime: 'image/png', size: buf.length, sha256: crypto.createHash('sha256').update(buf).digest('hex'), data_base64: buf.toString('base64'), created_at: now })
      .execute();
  }
  return { id };
}

// ---- a poster, drawn as a PNG without any image library ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A simple poster: a red ground, a gold sun and an open book, in the given hue shift. */
export function posterPng(width: number, height: number, variant = 0): Buffer {
  const rows: Buffer[] = [];
  const cx = width * (0.3 + 0.4 * (variant % 2)), cy = height * 0.38, r = Math.min(width, height) * 0.18;
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const t = y / height;
      let R = Math.round(160 - 70 * t), G = Math.round(24 - 10 * t), B = Math.round(24 + (variant % 3) * 12 - 10 * t);
      const d = Math.hypot(x - cx, y - cy);
      if (d < r) [R, G, B] = [255, 205, 90];
      else if (d < r * 1.25) [R, G, B] = [Math.round((R + 255) / 2), Math.round((G + 190) / 2), Math.round((B + 80) / 2)];
      // The open book: two pages meeting at the middle.
      const by = height * 0.72, bw = width * 0.3, bh = height * 0.12;
      const dx = Math.abs(x - width / 2);
      if (dx < bw && y > by - bh + (dx / bw) * bh * 0.4 && y < by + (dx / bw) * bh * 0.4) [R, G, B] = dx < 2 ? [120, 20, 20] : [255, 247, 230];
      row[1 + x * 3] = R;
      row[2 + x * 3] = G;
      row[3 + x * 3] = B;
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const QUOTES: [string, string][] = [
  ['读书使人充实，讨论使人机智，笔记使人准确。', '培根'],
  ['腹有诗书气自华。', '苏轼'],
  ['问渠那得清如许？为有源头活水来。', '朱熹'],
  ['学而不思则罔，思而不学则殆。', '《论语》'],
  ['书犹药也，善读之可以医愚。', '刘向'],
  ['好读书，不求甚解；每有会意，便欣然忘食。', '陶渊明'],
  ['纸上得来终觉浅，绝知此事要躬行。', '陆游'],
];

export async function seedDisplayDemo(ctx: DemoContext): Promise<DemoCounts> {
  const { db, townId } = ctx;
  const clerk = ctx.accounts.clerk?.userId ?? null;
  const now = Date.parse(nowIso());
  const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();

  await makeScreen(db, {
    unitId: townId,
    name: '一楼大厅电视',
    place: '镇政府一楼办事大厅',
    token: DEMO_SCREEN_TOKENS.hall,
    playlist: [{ kind: 'month' }, { kind: 'leaderboard' }, { kind: 'announcements', seconds: 20 }, { kind: 'books' }, { kind: 'reflections', seconds: 20 }, { kind: 'events' }, { kind: 'quote' }, { kind: 'join' }],
    lastSeenAt: hoursAgo(0.01),
  });
  await makeScreen(db, {
    unitId: townId,
    name: '门口户外LED条屏',
    place: '镇政府大门东侧',
    theme: 'contrast',
    token: DEMO_SCREEN_TOKENS.led,
    playlist: [{ kind: 'month', seconds: 12 }, { kind: 'quote', seconds: 12 }, { kind: 'events', seconds: 12 }, { kind: 'announcements', seconds: 12 }],
    // Went dark an hour ago: the console shows the alert.
    lastSeenAt: hoursAgo(1),
  });

  for (const [text, source] of QUOTES) await db.insertInto('display_quotes').values({ unit_id: townId, text, source, created_by: clerk, created_at: nowIso() }).execute();

  const villages = Object.entries(ctx.unitIds).filter(([name]) => name.endsWith('村'));
  await makeAnnouncement(db, {
    unitId: townId,
    title: '“书香机关”读书月活动启动',
    html: '<p>为深入推进学习型机关建设，镇党委决定开展“书香机关”读书月活动。</p><p>活动期间，请各办、各村组织干部<strong>每人精读一本书、撰写一篇心得</strong>，并在平台上记录每日学习时间。月底将评选“书香干部”。</p>',
    pinned: true,
    public: true,
    from: hoursAgo(72),
    images: [posterPng(480, 300, 0)],
    by: clerk,
  });
  await makeAnnouncement(db, {
    unitId: townId,
    title: '镇图书室新到一批理论读物',
    html: '<p>镇图书室新到《习近平新时代中国特色社会主义思想学习纲要（2023年版）》等理论读物，欢迎干部到二楼图书室借阅，也可在手机上扫码自助借书。</p>',
    public: true,
    from: hoursAgo(30),
    images: [posterPng(400, 300, 1)],
    by: clerk,
  });
  await makeAnnouncement(db, {
    unitId: townId,
    title: '本周五下午集中学习安排',
    html: '<p>本周五下午三点在镇机关三楼会议室集中学习党的二十届三中全会精神，请各办负责人提前到场，不能参加的请在平台上请假。</p>',
    from: hoursAgo(10),
    by: clerk,
  });
  if (villages.length) {
    await makeAnnouncement(db, {
      unitId: townId,
      title: '各村“农家书屋”图书更新通知',
      html: '<p>请各村党支部于本月底前清点农家书屋图书，将需更新的书目报镇党建办。</p>',
      from: hoursAgo(5),
      targets: villages.map(([, id]) => id),
      images: [posterPng(360, 240, 2)],
      by: clerk,
    });
  }
  // Ended and scheduled ones, for the console's lists.
  await makeAnnouncement(db, { unitId: townId, title: '上月读书分享会回顾', html: '<p>上月读书分享会已圆满结束，感谢各位干部的积极参与。</p>', from: hoursAgo(24 * 40), until: hoursAgo(24 * 10), by: clerk });
  await makeAnnouncement(db, { unitId: townId, title: '下月“读书分享会”预告', html: '<p>下月将举办读书分享会，欢迎报名分享。</p>', from: new Date(now + 5 * 86_400_000).toISOString(), by: clerk });
  return { screens: 2, quotes: QUOTES.length, announcements: villages.length ? 6 : 5 };
}
