import type { DB } from '../../../db';
import type { AuthContext } from '../../../platform/auth/context';
import { AppError, badRequest, forbidden, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { dayjs, nowIso, todayLocal } from '../../../platform/time';
import { notifyMember } from '../../../platform/notifications';
import type { Job } from '../../../platform/jobs';
import { townOf } from '../../../platform/policy';
import { mayWriteAt, scopeDetail, writeScope, type WriteScope } from '../../../platform/write-scope';
import { readableMember } from '../../org/service';
import { CATEGORIES } from '../catalog/clc';
import { LibraryPolicy } from '../policy';
import * as repo from './repository';
import { copyRoomPath, type RuleRow } from './repository';

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
const ruleCache = new WeakMap<Services, { rows: RuleRow[]; at: number }>();

async function circulationRules(svc: Services): Promise<RuleRow[]> {
  const hit = ruleCache.get(svc);
  if (hit && Date.now() - hit.at < RULES_TTL_MS) return hit.rows;
  const rows = await repo.allRules(svc.db);
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

export const copyByBarcode = repo.copyByBarcode;

async function activeMember(db: DB, memberId: number) {
  const m = await repo.memberWithPath(db, memberId);
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
  // Two reads, side by side (on PostgreSQL two round trips at once); refused in the order they are checked.
  const [member, copy] = await Promise.all([repo.borrowerWithLoans(svc.db, memberId), copyByBarcode(svc.db, barcode)]);
  if (!member) throw notFound('找不到该干部');
  if (member.status !== 'active') throw badRequest(`${member.name} 已不在职，不能借书`);
  if (!copy) throw notFound(`没有条码为 ${barcode} 的图书`);
  if (!(await roomRule(svc))(member.path, copy.unit_path)) throw otherTown();
  // The rules of the room's town: a loan is due by the rules of where the book was lent.
  const rules = await loanRules(svc, { bookCategory: copy.category, memberCategory: member.category, roomPath: copy.unit_path, memberPath: member.path });

  // Only a copy marked as out has an open loan (a race is settled by the claim below).
  if (copy.status === 'loaned') {
    const mine = await repo.openLoanOfCopy(svc.db, copy.id);
    if (mine && mine.member_id === memberId) return { loan: mine, again: true };
    if (mine) throw alreadyLoaned();
  }
  if (copy.status === 'lost' || copy.status === 'damaged' || copy.status === 'withdrawn') throw badRequest(`该册状态为“${COPY_STATUS[copy.status]}”，不能借出`);

  const today = todayLocal();
  // The member's open loans were counted with the member (their number and the earliest due date).
  if (Number(member.open_loans ?? 0) >= rules.maxLoans) throw badRequest(`每人最多同时借阅 ${rules.maxLoans} 册，请先归还再借`);
  if (!rules.overdueMayBorrow && member.first_due != null && member.first_due < today) throw badRequest('您有逾期未还的图书，请先归还再借');

  try {
    return await svc.db.transaction().execute(async (trx) => {
      let hold: { id: number } | undefined;
      if (copy.status === 'held') {
        hold = await repo.readyHoldFor(trx, copy.id, memberId);
        if (!hold) throw new AppError(409, 'HELD', '该册已为预约的同事保留');
      }
      if (!(await repo.claimCopy(trx, copy.id, copy.status))) throw alreadyLoaned();
      const loan = await repo.insertLoan(trx, { copyId: copy.id, memberId, dueOn: addDays(today, rules.loanDays), createdBy: actor.userId });
      if (hold) await repo.closeHold(trx, hold.id, 'fulfilled');
      await svc.audit.record(trx, actor.actor(), { action: via === 'desk' ? 'loan.desk.checkout' : 'loan.borrow', entity: 'loan', entityId: loan.id, detail: { barcode, memberId: member.id } });
      return { loan, again: false };
    });
  } catch (e) {
    const lost = e instanceof AppError ? e.code === 'ALREADY_LOANED' : /unique|duplicate/i.test(String((e as Error).message));
    if (!lost) throw e;
    // A double tap: the other tap of the same borrower won, so this one gets that loan.
    const winner = await repo.openLoanOfCopy(svc.db, copy.id);
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
    // The usual case in one statement: the open loan (one's own, on a self-return) closed. When that
    // closes nothing, or self-return is off, the loan is read and the refusal explained as before.
    let loan = via === 'desk' || rules.selfReturn ? await repo.closeOpenLoanOfCopy(trx, copy.id, via === 'self' ? (actor.user.memberId ?? -1) : null) : undefined;
    if (!loan) {
      const open = await repo.openLoanOfCopy(trx, copy.id);
      if (!open) throw badRequest('这本书当前没有借出记录');
      if (via === 'self') {
        if (open.member_id !== actor.user.memberId) throw forbidden('只能归还自己借的书');
        if (!rules.selfReturn) throw badRequest('请将图书送还阅览室服务台办理归还');
      }
      if (!(await repo.closeLoan(trx, open.id))) throw badRequest('这本书已经归还');
      loan = open;
    }
    const next = await nextHolder(trx, copy.book_id, copy.unit_path, mayBorrowHere);
    if (next) await repo.markHoldReady(trx, next.id, copy.id, addDays(todayLocal(), rules.holdPickupDays));
    await repo.setCopyStatus(trx, copy.id, next ? 'held' : 'available');
    if (next) await tellHoldReady(trx, next.member_id, copy.title, copy.barcode, copy.location_name, rules.holdPickupDays);
    await svc.audit.record(trx, actor.actor(), { action: via === 'desk' ? 'loan.desk.checkin' : 'loan.return', entity: 'loan', entityId: loan.id, detail: { barcode, heldFor: next?.member_id ?? null } });
    return { loanId: loan.id, heldFor: next?.member_id ?? null, memberId: loan.member_id };
  });
}

export async function renew(svc: Services, actor: AuthContext, loanId: number) {
  const loan = await repo.loanForRenewal(svc.db, loanId);
  if (!loan) throw notFound('找不到该借阅记录');
  const rules = await loanRules(svc, { bookCategory: loan.category, memberCategory: loan.member_category, roomPath: loan.room_path });
  // The borrower renews their own loan; a clerk renews loans of the rooms they manage.
  await svc.guard.authorize(actor, LibraryPolicy.renew, { memberId: loan.member_id, unitPath: loan.room_path }, actor.has('clerk') ? '该借阅不属于您管理的阅览室' : '只能续借自己借的书');
  if (loan.returned_at) throw badRequest('这本书已经归还，无需续借');
  if (loan.renewals >= rules.renewals) throw badRequest(`每本书最多续借 ${rules.renewals} 次`);
  const waiting = await repo.waitingHoldOn(svc.db, loan.book_id);
  if (waiting) throw badRequest('已有同事预约这本书，不能续借，请按期归还');
  const due = addDays(loan.due_on > todayLocal() ? loan.due_on : todayLocal(), rules.renewDays);
  return svc.db.transaction().execute(async (trx) => {
    // Conditional on the state read above, so a racing return or renewal wins cleanly.
    if (!(await repo.extendLoan(trx, loan.id, loan.renewals, due))) throw new AppError(409, 'CONFLICT', '借阅状态已变化（可能刚刚归还或续借），请刷新');
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
  const copies = (await repo.copiesOfBook(svc.db, bookId)).filter((c) => mayBorrowHere(member.path, c.path));
  if (copies.length === 0) return '本镇的阅览室没有这本书的馆藏，不能预约';
  const has = await repo.openLoanOfBook(svc.db, bookId, memberId);
  if (has) return '您已借着这本书';
  if (copies.some((c) => c.status === 'available')) return '这本书有在架的册，可直接扫码借阅，无需预约';
  const held = await repo.activeHoldOf(svc.db, bookId, memberId);
  if (held) return '您已预约这本书';
  return null;
}

export async function placeHold(svc: Services, actor: AuthContext, bookId: number) {
  const memberId = actor.user.memberId;
  if (!memberId) throw forbidden('只有干部账号可以预约');
  const book = await repo.bookTitle(svc.db, bookId);
  if (!book) throw notFound('找不到这本书');
  const refused = await holdRefusal(svc, memberId, bookId);
  if (refused) throw badRequest(refused);
  try {
    return await svc.db.transaction().execute(async (trx) => {
      const h = { id: await repo.insertHold(trx, bookId, memberId) };
      await svc.audit.record(trx, actor.actor(), { action: 'hold.place', entity: 'hold', entityId: h.id, detail: { bookId } });
      // Whoever has a copy now hears that a colleague is waiting for it (no renewal then).
      const borrowers = await repo.borrowersOf(trx, bookId);
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
  const hold = await repo.holdById(svc.db, holdId);
  if (!hold) throw notFound('找不到该预约');
  if (hold.member_id !== actor.user.memberId) {
    // A clerk may cancel another member's hold only within the units they manage.
    const unit = await repo.memberWithPath(svc.db, hold.member_id);
    await svc.guard.authorize(actor, LibraryPolicy.cancelHold, { memberId: hold.member_id, unitPath: unit?.path }, actor.has('clerk') ? '该读者不在您的管理范围内' : '只能取消自己的预约');
  }
  if (hold.status !== 'waiting' && hold.status !== 'ready') throw badRequest('该预约已结束');
  const mayBorrowHere = await roomRule(svc);
  // Resolved before the transaction (on SQLite a read beside it would wait for it).
  const room = hold.status === 'ready' && hold.copy_id ? await copyRoomPath(svc.db, hold.copy_id) : null;
  const pickupDays = room === null ? 0 : await pickupDaysAt(svc, room);
  await svc.db.transaction().execute(async (trx) => {
    await repo.closeHold(trx, holdId, 'cancelled');
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
  const queue = await repo.waitingQueue(trx, bookId);
  return queue.find((h) => mayBorrowHere(h.path, roomPath));
}

/** A kept copy goes to the next in the queue, or back on the shelf. */
async function passOn(trx: DB, bookId: number, copyId: number, roomPath: string, pickupDays: number, mayBorrowHere: (memberPath: string, roomPath: string) => boolean) {
  const next = await nextHolder(trx, bookId, roomPath, mayBorrowHere);
  if (next) {
    await repo.markHoldReady(trx, next.id, copyId, addDays(todayLocal(), pickupDays));
    await repo.setCopyStatus(trx, copyId, 'held');
    const c = await repo.copyLabel(trx, copyId);
    await tellHoldReady(trx, next.member_id, c.title, c.barcode, c.name, pickupDays);
  } else {
    await repo.setCopyStatus(trx, copyId, 'available');
  }
  return next?.id ?? null;
}

/** Holds not picked up in time expire and pass the copy on (run daily, and before showing queues). */
export async function expireHolds(svc: Services) {
  const today = todayLocal();
  const due = await repo.expiredReadyHolds(svc.db, today);
  const mayBorrowHere = await roomRule(svc);
  for (const h of due) {
    // The next holder's pickup days are those of the copy's room, read before the transaction.
    const room = h.copy_id ? await copyRoomPath(svc.db, h.copy_id) : null;
    const pickupDays = room === null ? 0 : await pickupDaysAt(svc, room);
    await svc.db.transaction().execute(async (trx) => {
      if (!(await repo.expireHold(trx, h.id))) return;
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
  const loans = await repo.loansDueBy(svc.db, tomorrow, memberIds);
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

// ── What the routes call (one call per handler) ──

/** A member's open loans, each with whether the rules of its room (per category) allow another renewal. */
export async function myLoans(svc: Services, memberId: number) {
  const today = todayLocal();
  const category = await repo.memberCategory(svc.db, memberId);
  const rows = await repo.openLoansOf(svc.db, memberId);
  // Renewals allowed by the rules of each loan's room (its town may keep its own), per category.
  const renewalsByCategory = new Map<string, number>();
  for (const key of new Set(rows.map((r) => `${r.room_path}|${r.category}`))) {
    const [roomPath, c] = key.split('|');
    renewalsByCategory.set(key, (await loanRules(svc, { bookCategory: c, memberCategory: category, roomPath })).renewals);
  }
  return rows.map((r) => ({
    id: r.id,
    barcode: r.barcode,
    title: r.title,
    bookId: r.book_id,
    loanedAt: r.loaned_at,
    dueOn: r.due_on,
    renewals: r.renewals,
    overdue: r.due_on < today,
    canRenew: r.renewals < (renewalsByCategory.get(`${r.room_path}|${r.category}`) ?? 0),
  }));
}

/** The caller's own loans (none for an account without a member). */
export const myLoansOf = async (svc: Services, auth: AuthContext) => (auth.user.memberId ? myLoans(svc, auth.user.memberId) : []);

/** The page a copy's QR code opens: what it is, and the one button that fits. */
export async function copyPage(svc: Services, auth: AuthContext, barcode: string) {
  const copy = await repo.copyByBarcode(svc.db, barcode);
  if (!copy) throw notFound(`没有条码为 ${barcode} 的图书`);
  const memberId = auth.user.memberId;
  const me = memberId ? await repo.memberWithPath(svc.db, memberId) : undefined;
  const inMyRooms = Boolean(me && (await roomRule(svc))(me.path, copy.unit_path));
  const rules = await loanRules(svc, { bookCategory: copy.category, memberCategory: me?.category, roomPath: copy.unit_path, memberPath: me?.path });
  const loans = memberId ? await myLoans(svc, memberId) : [];
  const myLoan = loans.find((l) => l.barcode === copy.barcode) ?? null;
  const heldForMe = Boolean(memberId && (await repo.readyHoldFor(svc.db, copy.id, memberId)));
  return {
    barcode: copy.barcode,
    title: copy.title,
    authors: copy.authors,
    bookId: copy.book_id,
    status: copy.status,
    statusLabel: COPY_STATUS[copy.status as keyof typeof COPY_STATUS] ?? copy.status,
    location: copy.location_name,
    shelf: copy.shelf,
    myLoan,
    heldForMe,
    canBorrow: inMyRooms && (copy.status === 'available' || heldForMe),
    canReturn: Boolean(myLoan) && rules.selfReturn,
    // 预约 is offered only where placing the hold would be accepted (not on a book the member has out).
    canHold: !myLoan && !heldForMe && memberId ? (await holdRefusal(svc, memberId, copy.book_id).catch(() => 'no')) === null : false,
    loanDays: rules.loanDays,
  };
}

/** 借阅 on the copy page: a loan for the caller themselves. */
export async function borrowSelf(svc: Services, auth: AuthContext, barcode: string) {
  if (!auth.user.memberId) throw forbidden('只有干部账号可以借书');
  const r = await borrow(svc, auth, auth.user.memberId, barcode, 'self');
  return { loanId: r.loan.id, dueOn: r.loan.due_on, again: r.again };
}

/** The member's own holds: waiting in a queue, or kept for them to pick up. */
export async function myHolds(svc: Services, auth: AuthContext) {
  const memberId = auth.user.memberId;
  if (!memberId) return [];
  const mine = await repo.activeHoldsOf(svc.db, memberId);
  if (mine.length === 0) return [];
  // The queue of each title, in the order the circulation serves it (as on the book page).
  const queues = await repo.holdQueues(svc.db, [...new Set(mine.map((h) => h.book_id))]);
  return mine.map((h) => ({
    id: h.id,
    bookId: h.book_id,
    title: h.title,
    authors: h.authors,
    status: h.status === 'ready' ? ('ready' as const) : ('waiting' as const),
    position: h.status === 'ready' ? 1 : queues.filter((q) => q.book_id === h.book_id).findIndex((q) => q.id === h.id) + 1,
    placedAt: h.placed_at,
    expiresOn: h.status === 'ready' ? h.expires_on : null,
    barcode: h.status === 'ready' ? (h.barcode ?? null) : null,
    location: h.status === 'ready' ? (h.location ?? null) : null,
  }));
}

/** The desk's copy must stand in a room the clerk manages (checked before lending or taking back). */
async function deskCopy(svc: Services, auth: AuthContext, barcode: string) {
  const copy = await repo.copyByBarcode(svc.db, barcode);
  if (copy) await svc.guard.authorize(auth, LibraryPolicy.desk, { unitPath: copy.unit_path }, '这本书不属于您管理的阅览室或图书角');
}

/** The desk lends a copy to a member of the clerk's roster. */
export async function deskCheckout(svc: Services, auth: AuthContext, memberId: number, barcode: string) {
  await readableMember(svc, auth, memberId);
  await deskCopy(svc, auth, barcode);
  const r = await borrow(svc, auth, memberId, barcode, 'desk');
  const copy = await repo.copyByBarcode(svc.db, barcode);
  return { loanId: r.loan.id, dueOn: r.loan.due_on, title: copy?.title ?? '' };
}

/** The desk takes a copy back, and says whose it was and whether a colleague's hold now keeps it. */
export async function deskCheckin(svc: Services, auth: AuthContext, barcode: string) {
  await deskCopy(svc, auth, barcode);
  const r = await giveBack(svc, auth, barcode, 'desk');
  const copy = await repo.copyByBarcode(svc.db, barcode);
  const who = await repo.memberAndUnitName(svc.db, r.memberId);
  return { title: copy?.title ?? '', heldFor: r.heldFor, memberName: who?.name ?? null, unitName: who?.unit_name ?? null };
}

// ── Circulation rules (issue 12 item 7: the district's, or a town's own) ──

/** The rules that apply where the viewer stands (their own scope's first), each marked when it is inherited from above their reach. */
export async function listRules(svc: Services, auth: AuthContext) {
  // Where the viewer stands: the units of their clerk grants, else their own unit.
  const grants = auth.grants(['clerk']);
  const here = grants.map((g) => g.unitPath);
  if (!here.length && auth.user.memberId) {
    const m = await repo.memberWithPath(svc.db, auth.user.memberId);
    if (m) here.push(m.path);
  }
  const rows = (await repo.rulesWithUnits(svc.db)).filter((r) => r.unit_path === '' || here.some((p) => p.startsWith(r.unit_path))).sort((a, b) => b.unit_path.length - a.unit_path.length);
  // Which of them the viewer may change or delete (as ruleScope decides on a write).
  const wholeTree = (await svc.settings.wholeTreePaths(grants.map((g) => g.unitPath))).length > 0;
  const own = (unitPath: string) => (unitPath === '' ? wholeTree : grants.some((g) => unitPath.startsWith(g.unitPath)));
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name ?? null,
    bookCategory: r.book_category,
    memberCategory: r.member_category,
    loanDays: r.loan_days,
    renewals: r.renewals,
    renewDays: r.renew_days,
    maxLoans: r.max_loans,
    inherited: !own(r.unit_path),
  }));
}

export interface RuleInput {
  bookCategory: string | null;
  memberCategory: 'leader' | 'party' | 'staff' | null;
  loanDays: number | null;
  renewals: number | null;
  renewDays: number | null;
  maxLoans: number | null;
  unitId?: number | null;
}

/** Sets a rule of the editor's scope (or of a unit within their reach), audited with the scope. */
export async function setRule(svc: Services, auth: AuthContext, b: RuleInput) {
  if (b.bookCategory && !(CATEGORIES as readonly string[]).includes(b.bookCategory)) throw badRequest(`图书类别应为：${CATEGORIES.join('、')}`);
  if (b.loanDays === 0 || b.renewDays === 0 || b.maxLoans === 0) throw badRequest('借期、续借天数和借阅上限不能为 0');
  await svc.db.transaction().execute(async (trx) => {
    const scope = await ruleScope(svc, trx, auth, b.unitId ?? null);
    const values = { loan_days: b.loanDays, renewals: b.renewals, renew_days: b.renewDays, max_loans: b.maxLoans, updated_at: nowIso(), updated_by: auth.userId };
    const id = await repo.upsertRule(trx, scope, b.bookCategory, b.memberCategory, values);
    const { unitId: _unit, ...rule } = b;
    await svc.audit.record(trx, auth.actor(), { action: 'circulation-rule.set', entity: 'circulation_rule', entityId: id, detail: { ...rule, scope: scopeDetail(scope) } });
  });
  forgetCirculationRules(svc);
}

/** Deletes a rule within the editor's reach (a town clerk never the district's). */
export async function removeRule(svc: Services, auth: AuthContext, id: number) {
  await svc.db.transaction().execute(async (trx) => {
    const rule = await repo.ruleById(trx, id);
    if (!rule) throw notFound('找不到该规则');
    const scope = await ruleScope(svc, trx, auth, rule.unit_id, '删除');
    await repo.deleteRule(trx, rule.id);
    await svc.audit.record(trx, auth.actor(), { action: 'circulation-rule.delete', entity: 'circulation_rule', entityId: rule.id, detail: { scope: scopeDetail(scope) } });
  });
  forgetCirculationRules(svc);
}

/**
 * Where a clerk's circulation rule applies (issue 12 item 7), as for every scoped record
 * (platform/write-scope.ts): the district's only for a clerk whose grant covers the whole tree, a
 * unit's own only within the clerk's reach; with no unit named, a town clerk's rule is their own
 * town's. A rule being deleted that names no unit is the district's.
 */
async function ruleScope(svc: Services, trx: DB, auth: AuthContext, unitId: number | null, verb = '设置'): Promise<WriteScope> {
  if (unitId === null && verb === '删除') {
    if (await mayWriteAt(trx, svc.settings, auth, LibraryPolicy.setRules, null)) return null;
    throw forbidden('全区的流通规则只能由区级党建办删除');
  }
  return writeScope(trx, svc.settings, auth, LibraryPolicy.setRules, unitId, '流通规则', verb);
}
