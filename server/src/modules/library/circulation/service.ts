import type { Selectable } from 'kysely';
import type { DB } from '../../../db';
import type { Database } from '../../../db/schema';
import type { AuthContext } from '../../../platform/auth/context';
import { AppError, badRequest, forbidden, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { dayjs, nowIso, todayLocal } from '../../../platform/time';
import { notifyMember } from '../../../platform/notifications';
import type { Job } from '../../../platform/jobs';
import { townOf } from '../../../platform/policy';
import { LibraryPolicy } from '../policy';

export const COPY_STATUS = { available: '在架', loaned: '借出', held: '预约保留', lost: '遗失', damaged: '损坏', withdrawn: '剔除' } as const;

const alreadyLoaned = () => new AppError(409, 'ALREADY_LOANED', '已被借出');

export interface LoanRules {
  loanDays: number;
  renewals: number;
  renewDays: number;
  maxLoans: number;
  holdPickupDays: number;
  overdueMayBorrow: boolean;
  selfReturn: boolean;
}

export interface RuleContext {
  bookCategory?: string;
  memberCategory?: string;
  /** The path of the unit of the copy's room: its town's (or unit's) own rules and settings apply there. */
  roomPath?: string;
  /** The path of the borrower's unit: their town's own value of library.overdueMayBorrow applies to them. */
  memberPath?: string;
}

/**
 * The rules for a loan: the library settings, overridden by the circulation rules
 * matching the book's category and the member's category, field by field. Rules are
 * the district's or a town's (a unit's) own for its subtree (issue 12 item 7): those
 * of the room's nearest scope come first, and within one scope the most specific
 * (both categories set beats book only beats member only beats neither).
 */
export async function loanRules(svc: Services, ctx: RuleContext = {}): Promise<LoanRules> {
  const base = await baseRules(svc, ctx);
  if (!ctx.bookCategory && !ctx.memberCategory && !ctx.roomPath) return base;
  const rows = (await circulationRules(svc)).filter(
    (r) =>
      (r.unit_path === '' || (ctx.roomPath ?? '').startsWith(r.unit_path)) &&
      (r.book_category === null || r.book_category === (ctx.bookCategory ?? '')) &&
      (r.member_category === null || r.member_category === (ctx.memberCategory ?? '')),
  );
  const rank = (r: (typeof rows)[number]) => (r.book_category ? 2 : 0) + (r.member_category ? 1 : 0);
  const ordered = rows.sort((a, b) => b.unit_path.length - a.unit_path.length || rank(b) - rank(a));
  const pick = (k: 'loan_days' | 'renewals' | 'renew_days' | 'max_loans', fallback: number) => ordered.find((r) => r[k] !== null)?.[k] ?? fallback;
  return {
    ...base,
    loanDays: pick('loan_days', base.loanDays),
    renewals: pick('renewals', base.renewals),
    renewDays: pick('renew_days', base.renewDays),
    maxLoans: pick('max_loans', base.maxLoans),
  };
}

// The rule table is a handful of rows read on every loan: kept like the settings,
// for a few seconds per node, and dropped at once when this node changes it.
const RULES_TTL_MS = 3000;
type RuleRow = Selectable<Database['circulation_rules']>;
const ruleCache = new WeakMap<Services, { rows: RuleRow[]; at: number }>();

async function circulationRules(svc: Services): Promise<RuleRow[]> {
  const hit = ruleCache.get(svc);
  if (hit && Date.now() - hit.at < RULES_TTL_MS) return hit.rows;
  const rows = await svc.db.selectFrom('circulation_rules').selectAll().execute();
  ruleCache.set(svc, { rows, at: Date.now() });
  return rows;
}

/** After a change to the rules: this node reads them afresh. */
export const forgetCirculationRules = (svc: Services) => ruleCache.delete(svc);

/**
 * The library settings as they apply here (issue 12 item 7): a town keeps its own values for its
 * rooms, as it keeps its own circulation rules — the loan's terms, the pickup days and self-return
 * are the room's; whether an overdue book stops new loans is the borrower's town's. Without a path
 * (no room or member in question) the district's value.
 */
async function baseRules(svc: Services, ctx: RuleContext): Promise<LoanRules> {
  const s = svc.settings;
  const room = ctx.roomPath ?? null;
  return {
    loanDays: await s.int('library.loanDays', 0, room),
    renewals: await s.int('library.renewals', 0, room),
    renewDays: await s.int('library.renewDays', 0, room),
    maxLoans: await s.int('library.maxLoans', 0, room),
    holdPickupDays: await s.int('library.holdPickupDays', 0, room),
    overdueMayBorrow: await s.bool('library.overdueMayBorrow', 0, ctx.memberPath ?? room),
    selfReturn: await s.bool('library.selfReturn', 0, room),
  };
}

/** How many days a copy kept for a hold waits in its room (the room's town may keep its own number). */
const pickupDaysAt = async (svc: Services, roomPath: string) => svc.settings.int('library.holdPickupDays', 0, roomPath);

/**
 * Which rooms a member may borrow from: those of their own town, and rooms above it
 * (a district room serves every town under it), unless library.borrowAcrossTowns
 * opens every room. The same rule decides who a returned copy is kept for.
 */
export async function roomRule(svc: Services): Promise<(memberUnitPath: string, roomUnitPath: string) => boolean> {
  if (await svc.settings.bool('library.borrowAcrossTowns')) return () => true;
  const towns = await svc.guard.townPaths();
  return (memberPath, roomPath) => memberPath.startsWith(townOf(roomPath, towns));
}

const otherTown = () => forbidden('这本书属于其他镇的阅览室，只能在本镇的阅览室借阅');

const addDays = (date: string, n: number) => dayjs(date).add(n, 'day').format('YYYY-MM-DD');

export const copyByBarcode = (db: DB, barcode: string) =>
  db
    .selectFrom('copies')
    .innerJoin('books', 'books.id', 'copies.book_id')
    .innerJoin('locations', 'locations.id', 'copies.location_id')
    .innerJoin('units', 'units.id', 'locations.unit_id')
    .select([
      'copies.id',
      'copies.barcode',
      'copies.status',
      'copies.shelf',
      'copies.book_id',
      'copies.location_id',
      'books.title',
      'books.authors',
      'books.category',
      'locations.name as location_name',
      'units.path as unit_path',
    ])
    // Barcodes are stored upper-case; a scanner or a hand may send either.
    .where('copies.barcode', '=', barcode.trim().toUpperCase())
    .executeTakeFirst();

async function activeMember(db: DB, memberId: number) {
  const m = await db.selectFrom('members').innerJoin('units', 'units.id', 'members.unit_id').select(['members.id', 'members.status', 'members.name', 'members.category', 'units.path']).where('members.id', '=', memberId).executeTakeFirst();
  if (!m) throw notFound('找不到该干部');
  if (m.status !== 'active') throw badRequest(`${m.name} 已不在职，不能借书`);
  return m;
}

/**
 * Lends a copy. The copy row is claimed with a conditional update
 * (available → loaned) before the loan is written, and a unique index allows one
 * open loan per copy, so of many simultaneous taps exactly one wins.
 * A second tap by the same borrower returns the loan they already have.
 */
export async function borrow(svc: Services, actor: AuthContext, memberId: number, barcode: string, via: 'self' | 'desk') {
  const member = await activeMember(svc.db, memberId);
  const copy = await copyByBarcode(svc.db, barcode);
  if (!copy) throw notFound(`没有条码为 ${barcode} 的图书`);
  if (!(await roomRule(svc))(member.path, copy.unit_path)) throw otherTown();
  // The rules of the room's town: a loan is due by the rules of where the book was lent.
  const rules = await loanRules(svc, { bookCategory: copy.category, memberCategory: member.category, roomPath: copy.unit_path, memberPath: member.path });

  // Only a copy marked as out has an open loan (a race is settled by the claim below).
  if (copy.status === 'loaned') {
    const mine = await svc.db.selectFrom('loans').selectAll().where('copy_id', '=', copy.id).where('returned_at', 'is', null).executeTakeFirst();
    if (mine && mine.member_id === memberId) return { loan: mine, again: true };
    if (mine) throw alreadyLoaned();
  }
  if (copy.status === 'lost' || copy.status === 'damaged' || copy.status === 'withdrawn') throw badRequest(`该册状态为“${COPY_STATUS[copy.status]}”，不能借出`);

  const today = todayLocal();
  const open = await svc.db.selectFrom('loans').select(['due_on']).where('member_id', '=', memberId).where('returned_at', 'is', null).execute();
  if (open.length >= rules.maxLoans) throw badRequest(`每人最多同时借阅 ${rules.maxLoans} 册，请先归还再借`);
  if (!rules.overdueMayBorrow && open.some((l) => l.due_on < today)) throw badRequest('您有逾期未还的图书，请先归还再借');

  try {
    return await svc.db.transaction().execute(async (trx) => {
      let hold: { id: number } | undefined;
      if (copy.status === 'held') {
        hold = await trx.selectFrom('holds').select('id').where('copy_id', '=', copy.id).where('status', '=', 'ready').where('member_id', '=', memberId).executeTakeFirst();
        if (!hold) throw new AppError(409, 'HELD', '该册已为预约的同事保留');
      }
      const claimed = await trx
        .updateTable('copies')
        .set({ status: 'loaned', updated_at: nowIso() })
        .where('id', '=', copy.id)
        .where('status', '=', copy.status)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) throw alreadyLoaned();
      const loan = await trx
        .insertInto('loans')
        .values({ copy_id: copy.id, member_id: memberId, loaned_at: nowIso(), due_on: addDays(today, rules.loanDays), returned_at: null, renewals: 0, last_reminded_on: null, created_by: actor.userId })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (hold) await trx.updateTable('holds').set({ status: 'fulfilled', closed_at: nowIso() }).where('id', '=', hold.id).execute();
      await svc.audit.record(trx, actor.actor(), { action: via === 'desk' ? 'loan.desk.checkout' : 'loan.borrow', entity: 'loan', entityId: loan.id, detail: { barcode, memberId: member.id } });
      return { loan, again: false };
    });
  } catch (e) {
    const lost = e instanceof AppError ? e.code === 'ALREADY_LOANED' : /unique|duplicate/i.test(String((e as Error).message));
    if (!lost) throw e;
    // A double tap: the other tap of the same borrower won, so this one gets that loan.
    const winner = await svc.db.selectFrom('loans').selectAll().where('copy_id', '=', copy.id).where('returned_at', 'is', null).executeTakeFirst();
    if (winner && winner.member_id === memberId) return { loan: winner, again: true };
    throw alreadyLoaned();
  }
}

/** Returns a copy; the first in the title's hold queue gets it kept for them. */
export async function giveBack(svc: Services, actor: AuthContext, barcode: string, via: 'self' | 'desk') {
  const copy = await copyByBarcode(svc.db, barcode);
  if (!copy) throw notFound(`没有条码为 ${barcode} 的图书`);
  // Self-return and the pickup days of a kept copy are the room's.
  const rules = await loanRules(svc, { roomPath: copy.unit_path });
  const mayBorrowHere = await roomRule(svc);
  return svc.db.transaction().execute(async (trx) => {
    const loan = await trx.selectFrom('loans').selectAll().where('copy_id', '=', copy.id).where('returned_at', 'is', null).executeTakeFirst();
    if (!loan) throw badRequest('这本书当前没有借出记录');
    if (via === 'self') {
      if (loan.member_id !== actor.user.memberId) throw forbidden('只能归还自己借的书');
      if (!rules.selfReturn) throw badRequest('请将图书送还阅览室服务台办理归还');
    }
    const done = await trx.updateTable('loans').set({ returned_at: nowIso() }).where('id', '=', loan.id).where('returned_at', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw badRequest('这本书已经归还');
    const next = await nextHolder(trx, copy.book_id, copy.unit_path, mayBorrowHere);
    if (next) {
      await trx
        .updateTable('holds')
        .set({ status: 'ready', copy_id: copy.id, ready_at: nowIso(), expires_on: addDays(todayLocal(), rules.holdPickupDays) })
        .where('id', '=', next.id)
        .execute();
    }
    await trx.updateTable('copies').set({ status: next ? 'held' : 'available', updated_at: nowIso() }).where('id', '=', copy.id).execute();
    if (next) await tellHoldReady(trx, next.member_id, copy.title, copy.barcode, copy.location_name, rules.holdPickupDays);
    await svc.audit.record(trx, actor.actor(), { action: via === 'desk' ? 'loan.desk.checkin' : 'loan.return', entity: 'loan', entityId: loan.id, detail: { barcode, heldFor: next?.member_id ?? null } });
    return { loanId: loan.id, heldFor: next?.member_id ?? null, memberId: loan.member_id };
  });
}

export async function renew(svc: Services, actor: AuthContext, loanId: number) {
  const loan = await svc.db
    .selectFrom('loans')
    .innerJoin('copies', 'copies.id', 'loans.copy_id')
    .innerJoin('books', 'books.id', 'copies.book_id')
    .innerJoin('members', 'members.id', 'loans.member_id')
    .innerJoin('locations', 'locations.id', 'copies.location_id')
    .innerJoin('units', 'units.id', 'locations.unit_id')
    .select(['loans.id', 'loans.member_id', 'loans.renewals', 'loans.due_on', 'loans.returned_at', 'copies.book_id', 'books.category', 'members.category as member_category', 'units.path as room_path'])
    .where('loans.id', '=', loanId)
    .executeTakeFirst();
  if (!loan) throw notFound('找不到该借阅记录');
  const rules = await loanRules(svc, { bookCategory: loan.category, memberCategory: loan.member_category, roomPath: loan.room_path });
  // The borrower renews their own loan; a clerk renews loans of the rooms they manage.
  await svc.guard.authorize(actor, LibraryPolicy.renew, { memberId: loan.member_id, unitPath: loan.room_path }, actor.has('clerk') ? '该借阅不属于您管理的阅览室' : '只能续借自己借的书');
  if (loan.returned_at) throw badRequest('这本书已经归还，无需续借');
  if (loan.renewals >= rules.renewals) throw badRequest(`每本书最多续借 ${rules.renewals} 次`);
  const waiting = await svc.db.selectFrom('holds').select('id').where('book_id', '=', loan.book_id).where('status', '=', 'waiting').executeTakeFirst();
  if (waiting) throw badRequest('已有同事预约这本书，不能续借，请按期归还');
  const due = addDays(loan.due_on > todayLocal() ? loan.due_on : todayLocal(), rules.renewDays);
  return svc.db.transaction().execute(async (trx) => {
    // Conditional on the state read above, so a racing return or renewal wins cleanly.
    const r = await trx
      .updateTable('loans')
      .set({ renewals: loan.renewals + 1, due_on: due })
      .where('id', '=', loan.id)
      .where('renewals', '=', loan.renewals)
      .where('returned_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError(409, 'CONFLICT', '借阅状态已变化（可能刚刚归还或续借），请刷新');
    await svc.audit.record(trx, actor.actor(), { action: 'loan.renew', entity: 'loan', entityId: loan.id, detail: { due } });
    return { dueOn: due };
  });
}

/**
 * Why this member may not place a hold on this book now (null: they may). The book
 * page offers 预约 only when this is null, and placing a hold refuses with it.
 */
export async function holdRefusal(svc: Services, memberId: number, bookId: number): Promise<string | null> {
  const member = await activeMember(svc.db, memberId);
  // Only copies in rooms the member may borrow from count: a hold serves those.
  const mayBorrowHere = await roomRule(svc);
  const copies = (
    await svc.db
      .selectFrom('copies')
      .innerJoin('locations', 'locations.id', 'copies.location_id')
      .innerJoin('units', 'units.id', 'locations.unit_id')
      .select(['copies.status', 'units.path'])
      .where('copies.book_id', '=', bookId)
      .where('copies.status', '!=', 'withdrawn')
      .execute()
  ).filter((c) => mayBorrowHere(member.path, c.path));
  if (copies.length === 0) return '本镇的阅览室没有这本书的馆藏，不能预约';
  const has = await svc.db.selectFrom('loans').innerJoin('copies', 'copies.id', 'loans.copy_id').select('loans.id').where('copies.book_id', '=', bookId).where('loans.member_id', '=', memberId).where('loans.returned_at', 'is', null).executeTakeFirst();
  if (has) return '您已借着这本书';
  if (copies.some((c) => c.status === 'available')) return '这本书有在架的册，可直接扫码借阅，无需预约';
  const held = await svc.db.selectFrom('holds').select('id').where('book_id', '=', bookId).where('member_id', '=', memberId).where('status', 'in', ['waiting', 'ready']).executeTakeFirst();
  if (held) return '您已预约这本书';
  return null;
}

export async function placeHold(svc: Services, actor: AuthContext, bookId: number) {
  const memberId = actor.user.memberId;
  if (!memberId) throw forbidden('只有干部账号可以预约');
  const book = await svc.db.selectFrom('books').select(['id', 'title']).where('id', '=', bookId).executeTakeFirst();
  if (!book) throw notFound('找不到这本书');
  const refused = await holdRefusal(svc, memberId, bookId);
  if (refused) throw badRequest(refused);
  try {
    return await svc.db.transaction().execute(async (trx) => {
      const h = await trx.insertInto('holds').values({ book_id: bookId, member_id: memberId, placed_at: nowIso(), status: 'waiting', copy_id: null, ready_at: null, expires_on: null, closed_at: null }).returning('id').executeTakeFirstOrThrow();
      await svc.audit.record(trx, actor.actor(), { action: 'hold.place', entity: 'hold', entityId: h.id, detail: { bookId } });
      // Whoever has a copy now hears that a colleague is waiting for it (no renewal then).
      const borrowers = await trx.selectFrom('loans').innerJoin('copies', 'copies.id', 'loans.copy_id').select(['loans.member_id', 'loans.due_on', 'copies.barcode']).where('copies.book_id', '=', bookId).where('loans.returned_at', 'is', null).execute();
      for (const b of borrowers) {
        await notifyMember(trx, b.member_id, { kind: 'hold-placed', title: `有同事预约了《${book.title}》`, body: `您借的《${book.title}》有同事在排队等候，请在 ${b.due_on} 前归还，到期不能续借。`, link: `/c/${b.barcode}`, dedupeKey: `hold-placed:${h.id}:${b.barcode}` });
      }
      return h.id;
    });
  } catch (e) {
    if (/unique|duplicate/i.test(String((e as Error).message))) throw badRequest('您已预约这本书');
    throw e;
  }
}

export async function cancelHold(svc: Services, actor: AuthContext, holdId: number) {
  const hold = await svc.db.selectFrom('holds').selectAll().where('id', '=', holdId).executeTakeFirst();
  if (!hold) throw notFound('找不到该预约');
  if (hold.member_id !== actor.user.memberId) {
    // A clerk may cancel another member's hold only within the units they manage.
    const unit = await svc.db.selectFrom('members').innerJoin('units', 'units.id', 'members.unit_id').select('units.path').where('members.id', '=', hold.member_id).executeTakeFirst();
    await svc.guard.authorize(actor, LibraryPolicy.cancelHold, { memberId: hold.member_id, unitPath: unit?.path }, actor.has('clerk') ? '该读者不在您的管理范围内' : '只能取消自己的预约');
  }
  if (hold.status !== 'waiting' && hold.status !== 'ready') throw badRequest('该预约已结束');
  const mayBorrowHere = await roomRule(svc);
  // Resolved before the transaction (on SQLite a read beside it would wait for it).
  const room = hold.status === 'ready' && hold.copy_id ? await copyRoomPath(svc.db, hold.copy_id) : null;
  const pickupDays = room === null ? 0 : await pickupDaysAt(svc, room);
  await svc.db.transaction().execute(async (trx) => {
    await trx.updateTable('holds').set({ status: 'cancelled', closed_at: nowIso() }).where('id', '=', holdId).execute();
    if (room !== null && hold.copy_id) await passOn(trx, hold.book_id, hold.copy_id, room, pickupDays, mayBorrowHere);
    await svc.audit.record(trx, actor.actor(), { action: 'hold.cancel', entity: 'hold', entityId: holdId });
  });
}

function tellHoldReady(trx: DB, memberId: number, title: string, barcode: string, location: string, pickupDays: number) {
  const until = addDays(todayLocal(), pickupDays);
  return notifyMember(trx, memberId, {
    kind: 'hold-ready',
    title: `您预约的《${title}》已到`,
    body: `已在${location}为您保留至 ${until}，请在此之前扫码借阅。`,
    link: `/c/${barcode}`,
    dedupeKey: `hold-ready:${barcode}:${todayLocal()}:m${memberId}`,
  });
}

/** The first waiting hold on a title whose member may borrow in the copy's room. */
async function nextHolder(trx: DB, bookId: number, roomPath: string, mayBorrowHere: (memberPath: string, roomPath: string) => boolean) {
  const queue = await trx
    .selectFrom('holds')
    .innerJoin('members', 'members.id', 'holds.member_id')
    .innerJoin('units', 'units.id', 'members.unit_id')
    .select(['holds.id', 'holds.member_id', 'units.path'])
    .where('holds.book_id', '=', bookId)
    .where('holds.status', '=', 'waiting')
    .orderBy('holds.placed_at')
    .orderBy('holds.id')
    .execute();
  return queue.find((h) => mayBorrowHere(h.path, roomPath));
}

/** The path of the unit whose room holds a copy. */
async function copyRoomPath(db: DB, copyId: number) {
  const room = await db
    .selectFrom('copies')
    .innerJoin('locations', 'locations.id', 'copies.location_id')
    .innerJoin('units', 'units.id', 'locations.unit_id')
    .select('units.path')
    .where('copies.id', '=', copyId)
    .executeTakeFirstOrThrow();
  return room.path;
}

/** A kept copy goes to the next in the queue, or back on the shelf. */
async function passOn(trx: DB, bookId: number, copyId: number, roomPath: string, pickupDays: number, mayBorrowHere: (memberPath: string, roomPath: string) => boolean) {
  const next = await nextHolder(trx, bookId, roomPath, mayBorrowHere);
  if (next) {
    await trx.updateTable('holds').set({ status: 'ready', copy_id: copyId, ready_at: nowIso(), expires_on: addDays(todayLocal(), pickupDays) }).where('id', '=', next.id).execute();
    await trx.updateTable('copies').set({ status: 'held', updated_at: nowIso() }).where('id', '=', copyId).execute();
    const c = await trx
      .selectFrom('copies')
      .innerJoin('books', 'books.id', 'copies.book_id')
      .innerJoin('locations', 'locations.id', 'copies.location_id')
      .select(['books.title', 'copies.barcode', 'locations.name'])
      .where('copies.id', '=', copyId)
      .executeTakeFirstOrThrow();
    await tellHoldReady(trx, next.member_id, c.title, c.barcode, c.name, pickupDays);
  } else {
    await trx.updateTable('copies').set({ status: 'available', updated_at: nowIso() }).where('id', '=', copyId).execute();
  }
  return next?.id ?? null;
}

/** Holds not picked up in time expire and pass the copy on (run daily, and before showing queues). */
export async function expireHolds(svc: Services) {
  const today = todayLocal();
  const due = await svc.db.selectFrom('holds').selectAll().where('status', '=', 'ready').where('expires_on', '<', today).execute();
  const mayBorrowHere = await roomRule(svc);
  for (const h of due) {
    // The next holder's pickup days are those of the copy's room, read before the transaction.
    const room = h.copy_id ? await copyRoomPath(svc.db, h.copy_id) : null;
    const pickupDays = room === null ? 0 : await pickupDaysAt(svc, room);
    await svc.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('holds').set({ status: 'expired', closed_at: nowIso() }).where('id', '=', h.id).where('status', '=', 'ready').executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return;
      if (room !== null && h.copy_id) await passOn(trx, h.book_id, h.copy_id, room, pickupDays, mayBorrowHere);
      await svc.audit.record(trx, { userId: null, username: 'system', ip: null }, { action: 'hold.expire', entity: 'hold', entityId: h.id });
    });
  }
  return due.length;
}

/**
 * Due-date reminders: the day before, on the day, then every 7 days overdue.
 * Each (loan, day) is written once whatever runs it. With memberIds, only theirs:
 * a cadre whose account is opened after this morning's run gets today's reminders at once.
 */
export async function sendDueReminders(svc: Services, today = todayLocal(), memberIds?: number[]) {
  const tomorrow = addDays(today, 1);
  if (memberIds && memberIds.length === 0) return 0;
  let q = svc.db
    .selectFrom('loans')
    .innerJoin('copies', 'copies.id', 'loans.copy_id')
    .innerJoin('books', 'books.id', 'copies.book_id')
    .select(['loans.id', 'loans.member_id', 'loans.due_on', 'books.title', 'copies.barcode'])
    .where('loans.returned_at', 'is', null)
    .where('loans.due_on', '<=', tomorrow);
  if (memberIds) q = q.where('loans.member_id', 'in', memberIds);
  const loans = await q.execute();
  let sent = 0;
  for (const l of loans) {
    const late = dayjs(today).diff(dayjs(l.due_on), 'day');
    let title: string | undefined;
    if (l.due_on === tomorrow) title = `《${l.title}》明天到期`;
    else if (late === 0) title = `《${l.title}》今天到期`;
    else if (late > 0 && late % 7 === 0) title = `《${l.title}》已逾期 ${late} 天`;
    if (!title) continue;
    sent += await notifyMember(svc.db, l.member_id, {
      kind: late > 0 ? 'loan-overdue' : 'loan-due',
      title,
      body: late > 0 ? '请尽快归还；如需继续阅读，可归还后重新借阅。' : `应还日期 ${l.due_on}，可在“我的借阅”中续借。`,
      link: `/c/${l.barcode}`,
      dedupeKey: `loan-due:${l.id}:${today}`,
    });
  }
  return sent;
}

export const libraryJobs: Job[] = [
  { name: 'library.due-reminders', at: '09:00', run: (svc) => sendDueReminders(svc) },
  { name: 'library.expire-holds', at: '00:10', run: (svc) => expireHolds(svc) },
];
