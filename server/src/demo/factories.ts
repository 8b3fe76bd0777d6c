// Factories shared by the tests and the demo town: one way to make units,
// members and accounts, so the demo shows what the tests prove.
import type { DB } from '../db';
import { hashPassword } from '../platform/auth/password';
import { pinyinOf } from '../platform/pinyin';
import type { Role } from '../platform/roles';
import { nowIso } from '../platform/time';
import { bookSearchText } from '../modules/library/catalog/repository';

export async function makeUnit(db: DB, input: { name: string; kind: string; parentId?: number | null; sortOrder?: number }) {
  const now = nowIso();
  const parent = input.parentId ? await db.selectFrom('units').select('path').where('id', '=', input.parentId).executeTakeFirstOrThrow() : null;
  const { id } = await db
    .insertInto('units')
    .values({ parent_id: input.parentId ?? null, name: input.name, kind: input.kind, path: '', sort_order: input.sortOrder ?? 0, created_at: now, updated_at: now, version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parent?.path ?? '/'}${id}/`;
  await db.updateTable('units').set({ path }).where('id', '=', id).execute();
  return { id, path, name: input.name };
}

export interface MemberInput {
  name: string;
  unitId: number;
  position?: string;
  category?: 'leader' | 'party' | 'staff';
  partyMember?: boolean;
  phone?: string | null;
  leadingGroup?: boolean;
  leadingGroupRole?: string | null;
  status?: 'active' | 'left';
}

export async function makeMember(db: DB, m: MemberInput) {
  const now = nowIso();
  const py = pinyinOf(m.name);
  const category = m.category ?? 'party';
  const { id } = await db
    .insertInto('members')
    .values({
      unit_id: m.unitId,
      name: m.name,
      name_initials: py.initials,
      name_pinyin: py.full,
      position: m.position ?? '',
      category,
      party_member: (m.partyMember ?? category !== 'staff') ? 1 : 0,
      phone: m.phone ?? null,
      status: m.status ?? 'active',
      left_at: m.status === 'left' ? now : null,
      leading_group: m.leadingGroup ? 1 : 0,
      leading_group_role: m.leadingGroupRole ?? null,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, name: m.name, unitId: m.unitId };
}

const hashCache = new Map<string, Promise<string>>();
/** The same password hashes once per process, which keeps big seeds quick. */
function cachedHash(pw: string) {
  if (!hashCache.has(pw)) hashCache.set(pw, hashPassword(pw));
  return hashCache.get(pw)!;
}

export interface UserInput {
  username: string;
  password: string;
  displayName?: string;
  memberId?: number | null;
  roles?: { role: Role; unitId: number }[];
  mustChangePassword?: boolean;
  isDemo?: boolean;
  disabled?: boolean;
}

export async function makeUser(db: DB, u: UserInput) {
  const now = nowIso();
  const { id } = await db
    .insertInto('users')
    .values({
      username: u.username,
      password_hash: await cachedHash(u.password),
      member_id: u.memberId ?? null,
      display_name: u.displayName ?? u.username,
      disabled: u.disabled ? 1 : 0,
      must_change_password: u.mustChangePassword ? 1 : 0,
      password_changed_at: now,
      totp_secret: null,
      totp_enabled: 0,
      is_demo: u.isDemo ? 1 : 0,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (u.roles?.length) await db.insertInto('user_roles').values(u.roles.map((r) => ({ user_id: id, role: r.role, unit_id: r.unitId }))).execute();
  return { id, username: u.username };
}

/** A small deterministic random source, so every demo town is the same town. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
  };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁欣佳悦晨阳楠瑶琳晶婷雪倩颖慧慧文博志国建新海波峰辉鹏宏亮飞云丹春林立成'.split('');

export function chineseName(r: ReturnType<typeof rng>, taken: Set<string>): string {
  for (;;) {
    const name = r.pick(SURNAMES) + r.pick(GIVEN) + (r.next() < 0.6 ? r.pick(GIVEN) : '');
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

export async function makeLocation(db: DB, input: { unitId: number; name: string; kind?: 'room' | 'corner' }) {
  const { id } = await db
    .insertInto('locations')
    .values({ unit_id: input.unitId, name: input.name, kind: input.kind ?? 'room', created_at: nowIso(), version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, name: input.name };
}

export interface BookInput {
  title: string;
  authors?: string[];
  publisher?: string;
  year?: number;
  isbn13?: string | null;
  clc?: string | null;
  category?: string;
  tags?: string[];
  summary?: string;
  series?: string;
}

export async function makeBook(db: DB, b: BookInput) {
  const now = nowIso();
  const py = pinyinOf(b.title);
  const authors = (b.authors ?? []).join('；');
  const { id } = await db
    .insertInto('books')
    .values({
      title: b.title,
      subtitle: null,
      authors,
      publisher: b.publisher ?? null,
      pub_year: b.year ?? null,
      pages: null,
      isbn13: b.isbn13 ?? null,
      isbn10: null,
      clc: b.clc ?? null,
      clc_class: b.clc ? b.clc[0] : null,
      category: b.category ?? '其他',
      series: b.series ?? null,
      tags: (b.tags ?? []).join(','),
      summary: b.summary ?? null,
      cover_url: null,
      online_url: null,
      title_initials: py.initials,
      search_text: bookSearchText({ title: b.title, authors, series: b.series, isbn13: b.isbn13 }),
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, title: b.title };
}

export async function makeCopy(db: DB, c: { bookId: number; barcode: string; locationId: number; shelf?: string; status?: string; source?: string; donor?: string }) {
  const now = nowIso();
  const { id } = await db
    .insertInto('copies')
    .values({
      book_id: c.bookId,
      barcode: c.barcode,
      location_id: c.locationId,
      shelf: c.shelf ?? null,
      status: c.status ?? 'available',
      source: c.source ?? 'purchase',
      donor: c.donor ?? null,
      acquired_on: now.slice(0, 10),
      price_cents: null,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, barcode: c.barcode };
}
