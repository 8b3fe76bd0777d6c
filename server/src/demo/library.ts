// The demo town's reading room (方案 三.3): the collection of library-data.ts on the
// shelves of 镇机关阅览室 and three book corners, and a year of circulation ending today
// — returned loans, open loans (a few overdue, a few renewed), holds waiting for a
// copy and one copy held for pickup. Every state obeys the rules the circulation code
// enforces, so the demo never shows what the app could not have produced:
//   a copy with an open loan is 'loaned', and has exactly one open loan;
//   a member never holds more than 5 loans at once;
//   nobody borrows while they have an overdue book;
//   a title with waiting holds has no copy on the shelf, and its loans were not renewed;
//   a 'held' copy belongs to exactly one 'ready' hold that has not expired.
import type { DB } from '../db';
import { makeBook, makeCopy, makeLocation } from './factories';
import { DEMO_BOOKS, demoIsbn, type DemoBook, type LibraryCategory } from './library-data';

export interface LibrarySeedContext {
  townId: number;
  /** Units by name, e.g. '党政办公室', '东风村'. */
  unitIds: Record<string, number>;
  memberIds: number[];
  /** 'YYYY-MM-DD', Asia/Shanghai. */
  today: string;
  rng: { next(): number; int(lo: number, hi: number): number; pick<T>(xs: readonly T[]): T };
}

export interface LibrarySeedCounts {
  books: number;
  copies: number;
  loans: number;
  holds: number;
}

// Defaults of library.loanDays / renewDays / maxLoans / holdPickupDays (settings).
const LOAN_DAYS = 30;
const RENEW_DAYS = 15;
const MAX_OPEN = 5;
const PICKUP_DAYS = 3;

const OPEN_LOANS = 40;
const OVERDUE = 8;
const RENEWED = 4;
const WAITING_HOLDS = 6;
const READER_SHARE = 0.6;

// Dates are handled as day numbers (days since 1970-01-01) of the Asia/Shanghai calendar.
const DAY_MS = 86_400_000;
const SHANGHAI_MINUTES = 8 * 60;
const dayOf = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** The UTC instant of a local (Asia/Shanghai) day and minute of the day. */
const isoAt = (day: number, localMinute: number) => new Date(day * DAY_MS + (localMinute - SHANGHAI_MINUTES) * 60_000).toISOString();

const SHELVES: Record<LibraryCategory, string[]> = {
  思想理论: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'],
  业务: ['B1', 'B2', 'B3'],
  经济: ['B4', 'B5', 'B6'],
  文化: ['C1', 'C2', 'C3', 'C4'],
  历史: ['C5', 'C6'],
  法律: ['D1', 'D2'],
  哲学: ['D3'],
  科技: ['D4', 'D5'],
  其他: ['D6'],
};

// Book corners, where the unit exists, and what they keep besides the reading room.
const CORNERS: { unit: string; name: string; keeps: LibraryCategory[] }[] = [
  { unit: '党政办公室', name: '党政办公室图书角', keeps: ['思想理论', '法律', '业务'] },
  { unit: '经济发展办公室', name: '经济发展办公室图书角', keeps: ['经济', '业务', '科技'] },
  { unit: '东风村', name: '东风村图书角', keeps: ['文化', '法律', '科技', '历史'] },
];

const ORG_DONORS = ['镇党委', '镇机关工会', '区委宣传部', '区图书馆'];

interface CopyRec {
  id: number;
  titleIdx: number;
  status: 'available' | 'loaned' | 'held' | 'lost' | 'damaged';
  acquired: number;
  /** Days the copy was out, [loan day, return day]; an open loan runs to Infinity. */
  busy: [number, number][];
}

interface TitleRec {
  id: number;
  book: DemoBook;
  weight: number;
  copies: CopyRec[];
}

interface MemberLoan {
  from: number;
  to: number;
  due: number;
}

interface MemberRec {
  id: number;
  name: string;
  loans: MemberLoan[];
  titles: Set<number>;
  open: number;
  overdue: boolean;
  /** Has a waiting or ready hold (kept out of the overdue borrowers). */
  hasHold: boolean;
}

interface LoanRow {
  copy_id: number;
  member_id: number;
  loaned_at: string;
  due_on: string;
  returned_at: string | null;
  renewals: number;
  last_reminded_on: string | null;
  created_by: number | null;
}

/** The category the demo leaves thin (see the end of seedLibraryDemo). */
const WEEDED_CATEGORY: LibraryCategory = '哲学';

export async function seedLibraryDemo(db: DB, ctx: LibrarySeedContext): Promise<LibrarySeedCounts> {
  const r = ctx.rng;
  const today = dayOf(ctx.today);
  const officeMinute = () => r.int(8 * 60 + 30, 17 * 60 + 30);
  /** Moves a Saturday to Friday and a Sunday to Monday, staying within [lo, hi]. */
  const workday = (day: number, lo: number, hi: number) => {
    const wd = new Date(day * DAY_MS).getUTCDay();
    let d = wd === 6 ? day - 1 : wd === 0 ? day + 1 : day;
    if (d > hi) d -= 3;
    if (d < lo) d += 3;
    return d >= lo && d <= hi ? d : Math.min(hi, Math.max(lo, day));
  };
  const shuffle = <T>(xs: T[]): T[] => {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  const weighted = <T>(xs: readonly T[], weight: (x: T) => number): T | undefined => {
    const total = xs.reduce((s, x) => s + weight(x), 0);
    if (total <= 0) return undefined;
    let t = r.next() * total;
    for (const x of xs) {
      t -= weight(x);
      if (t < 0) return x;
    }
    return xs[xs.length - 1];
  };

  // ---- Locations -------------------------------------------------------------------
  const room = await makeLocation(db, { unitId: ctx.townId, name: '镇机关阅览室', kind: 'room' });
  const corners: { id: number; keeps: LibraryCategory[] }[] = [];
  for (const c of CORNERS) {
    const unitId = ctx.unitIds[c.unit];
    if (unitId) corners.push({ id: (await makeLocation(db, { unitId, name: c.name, kind: 'corner' })).id, keeps: c.keeps });
  }

  // ---- Members ---------------------------------------------------------------------
  const memberRows = ctx.memberIds.length
    ? await db.selectFrom('members').select(['id', 'name', 'status']).where('id', 'in', ctx.memberIds).orderBy('id').execute()
    : [];
  const members: MemberRec[] = memberRows
    .filter((m) => m.status === 'active')
    .map((m) => ({ id: m.id, name: m.name, loans: [], titles: new Set<number>(), open: 0, overdue: false, hasHold: false }));
  const personDonors = shuffle(members.map((m) => m.name)).slice(0, 4);

  // ---- Books and copies ------------------------------------------------------------
  const perCategory = new Map<LibraryCategory, number>();
  const categoryCount = new Map<LibraryCategory, number>();
  for (const b of DEMO_BOOKS) categoryCount.set(b.category, (categoryCount.get(b.category) ?? 0) + 1);

  const titles: TitleRec[] = [];
  const acquiredOn = new Map<string, number[]>();
  let seq = 0;
  for (const [i, book] of DEMO_BOOKS.entries()) {
    const { id } = await makeBook(db, {
      title: book.title,
      authors: book.authors,
      publisher: book.publisher,
      year: book.year,
      isbn13: demoIsbn(i + 1),
      clc: book.clc,
      category: book.category,
      tags: book.tags,
      summary: book.summary,
      series: book.series,
    });
    if (book.subtitle || book.pages) {
      await db
        .updateTable('books')
        .set({ subtitle: book.subtitle ?? null, pages: book.pages ?? null })
        .where('id', '=', id)
        .execute();
    }
    const must = book.tags?.includes('必学');
    const rec = book.tags?.includes('推荐');
    const weight = must ? 4 : rec ? 3 : book.category === '思想理论' || book.category === '文化' ? 1.5 : 1;
    const title: TitleRec = { id, book, weight, copies: [] };
    titles.push(title);

    // Shelf by category, titles spread over the category's shelves in catalog order.
    const k = perCategory.get(book.category) ?? 0;
    perCategory.set(book.category, k + 1);
    const shelves = SHELVES[book.category];
    const shelf = shelves[Math.floor((k * shelves.length) / (categoryCount.get(book.category) ?? 1))];

    const n = must ? r.int(3, 4) : rec ? r.int(2, 3) : weighted([1, 2, 3], (x) => (x === 1 ? 45 : x === 2 ? 40 : 15))!;
    // The first stock arrived more than a year ago; nothing before its publication year.
    const earliest = book.year ? dayOf(`${book.year}-03-01`) : -Infinity;
    for (let c = 0; c < n; c++) {
      const homes = c === 0 ? [] : corners.filter((x) => x.keeps.includes(book.category));
      const corner = homes.length && r.next() < 0.22 ? r.pick(homes) : null;
      const theory = book.category === '思想理论';
      const donated = r.next() < (theory ? 0.2 : 0.1);
      const donor = donated ? (theory || !personDonors.length || r.next() < 0.5 ? r.pick(ORG_DONORS) : r.pick(personDonors)) : undefined;
      seq++;
      const copy = await makeCopy(db, {
        bookId: id,
        barcode: `SX${String(seq).padStart(6, '0')}`,
        locationId: corner ? corner.id : room.id,
        shelf: corner ? undefined : shelf,
        source: donated ? 'donation' : 'purchase',
        donor,
      });
      const acquired = Math.min(today - 1, Math.max(earliest, today - r.int(400, 900)));
      const date = dateOf(acquired);
      acquiredOn.set(date, [...(acquiredOn.get(date) ?? []), copy.id]);
      title.copies.push({ id: copy.id, titleIdx: i, status: 'available', acquired, busy: [] });
    }
  }
  for (const [date, ids] of acquiredOn) await db.updateTable('copies').set({ acquired_on: date }).where('id', 'in', ids).execute();
  const copies = titles.flatMap((t) => t.copies);

  // ---- Circulation -----------------------------------------------------------------
  const loans: LoanRow[] = [];
  const holds: {
    book_id: number;
    member_id: number;
    placed_at: string;
    status: string;
    copy_id: number | null;
    ready_at: string | null;
    expires_on: string | null;
    closed_at: string | null;
  }[] = [];

  const copyFree = (c: CopyRec, from: number, to: number) => from > c.acquired && c.busy.every(([a, b]) => to < a || from > b);
  /** Whether member m may hold a loan over [from, to] with this due day, by the rules of borrow(). */
  const memberMay = (m: MemberRec, from: number, to: number, due: number) => {
    if (m.loans.filter((e) => e.from <= to && from <= e.to).length >= MAX_OPEN) return false;
    // No borrowing while another book is overdue …
    if (m.loans.some((e) => e.to > e.due && from > e.due && from <= e.to)) return false;
    // … and this loan, if returned late, must not overlap a later borrowing.
    if (to > due && m.loans.some((e) => e.from > due && e.from <= to)) return false;
    return true;
  };
  const lend = (m: MemberRec, t: TitleRec, c: CopyRec, o: { from: number; to: number; due: number; returnedAt: string | null; renewals?: number }) => {
    c.busy.push([o.from, o.to]);
    m.loans.push({ from: o.from, to: o.to, due: o.due });
    m.titles.add(t.id);
    if (o.returnedAt === null) {
      m.open++;
      c.status = 'loaned';
    }
    loans.push({
      copy_id: c.id,
      member_id: m.id,
      loaned_at: isoAt(o.from, officeMinute()),
      due_on: dateOf(o.due),
      returned_at: o.returnedAt,
      renewals: o.renewals ?? 0,
      last_reminded_on: null,
      created_by: null,
    });
  };

  if (members.length >= 2) {
    // One copy waits on the shelf for the colleague who reserved it: a single-copy
    // title, returned by the last borrower a day or two ago.
    const singles = shuffle(titles.filter((t) => t.copies.length === 1 && !t.book.tags?.includes('必学')));
    const readyTitle = weighted(singles, (t) => (['文化', '历史', '经济'].includes(t.book.category) ? 3 : 1));
    // Titles with every copy out and colleagues waiting for them.
    const holdTitles = shuffle(
      titles.filter((t) => t !== readyTitle && t.copies.length <= 2 && t.book.tags?.includes('推荐')),
    ).slice(0, WAITING_HOLDS - 1);
    // Two copies lost and one damaged, of titles that still have a copy to lend.
    const spare = shuffle(titles.filter((t) => t.copies.length >= 2 && !holdTitles.includes(t)));
    spare.slice(0, 2).forEach((t) => (t.copies[t.copies.length - 1].status = 'lost'));
    if (spare[2]) spare[2].copies[spare[2].copies.length - 1].status = 'damaged';

    const pickMember = (ok: (m: MemberRec) => boolean) => {
      const candidates = members.filter((m) => !m.overdue && m.open < MAX_OPEN && ok(m));
      return candidates.length ? r.pick(candidates) : undefined;
    };

    // The ready hold.
    if (readyTitle) {
      const copy = readyTitle.copies[0];
      const holder = pickMember(() => true)!;
      const borrower = pickMember((m) => m !== holder);
      const from = workday(today - r.int(20, 28), today - 28, today - 14);
      const placed = from + r.int(2, 10);
      const back = today - r.int(1, 2);
      if (borrower && copyFree(copy, from, Infinity)) {
        const returnedAt = isoAt(back, officeMinute());
        lend(borrower, readyTitle, copy, { from, to: back, due: from + LOAN_DAYS, returnedAt });
        copy.busy[copy.busy.length - 1] = [from, Infinity]; // held since its return
        copy.status = 'held';
        holder.titles.add(readyTitle.id);
        holder.hasHold = true;
        holds.push({
          book_id: readyTitle.id,
          member_id: holder.id,
          placed_at: isoAt(placed, officeMinute()),
          status: 'ready',
          copy_id: copy.id,
          ready_at: returnedAt,
          expires_on: dateOf(back + PICKUP_DAYS),
          closed_at: null,
        });
      }
    }

    let open = 0;
    // Every copy of a held-for title is out (lent 1–4 weeks ago, not renewable now).
    for (const t of holdTitles) {
      for (const c of t.copies) {
        if (c.status !== 'available') continue;
        const m = pickMember((x) => !x.titles.has(t.id));
        const from = workday(today - r.int(8, 28), today - 28, today - 8);
        if (!m || !copyFree(c, from, Infinity)) continue;
        lend(m, t, c, { from, to: Infinity, due: from + LOAN_DAYS, returnedAt: null });
        open++;
      }
    }
    // Waiting holds, placed in the last week; the first such title has a queue of two.
    let placedHolds = 0;
    for (const [i, t] of holdTitles.entries()) {
      for (let q = 0; q < (i === 0 ? 2 : 1) && placedHolds < WAITING_HOLDS; q++) {
        if (t.copies.some((c) => c.status === 'available')) break;
        const m = pickMember((x) => !x.titles.has(t.id));
        if (!m) break;
        m.titles.add(t.id);
        m.hasHold = true;
        holds.push({
          book_id: t.id,
          member_id: m.id,
          placed_at: isoAt(today - 7 + 3 * q + r.int(0, 3), officeMinute()),
          status: 'waiting',
          copy_id: null,
          ready_at: null,
          expires_on: null,
          closed_at: null,
        });
        placedHolds++;
      }
    }

    const lendable = titles.filter((t) => t !== readyTitle && !holdTitles.includes(t));
    const openLoan = (kind: 'overdue' | 'renewed' | 'normal') => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const t = weighted(lendable, (x) => x.weight)!;
        const c = t.copies.find((x) => x.status === 'available');
        if (!c) continue;
        const from =
          kind === 'overdue'
            ? workday(today - r.int(31, 60), today - 60, today - 31)
            : kind === 'renewed'
              ? workday(today - r.int(26, 42), today - 42, today - 26)
              : workday(today - r.int(1, 29), today - 29, today - 1);
        const due = from + LOAN_DAYS + (kind === 'renewed' ? RENEW_DAYS : 0);
        // An overdue borrower has nothing else out: with an overdue book they could not have borrowed more.
        const m = pickMember((x) => !x.titles.has(t.id) && (kind !== 'overdue' || (x.open === 0 && !x.hasHold)) && memberMay(x, from, Infinity, due));
        if (!m || !copyFree(c, from, Infinity)) continue;
        lend(m, t, c, { from, to: Infinity, due, returnedAt: null, renewals: kind === 'renewed' ? 1 : 0 });
        if (kind === 'overdue') m.overdue = true;
        return true;
      }
      return false;
    };
    for (let i = 0; i < OVERDUE; i++) if (openLoan('overdue')) open++;
    for (let i = 0; i < RENEWED; i++) if (openLoan('renewed')) open++;
    while (open < OPEN_LOANS && openLoan('normal')) open++;

    // A year of returned loans for about 60 % of the members.
    const readers = shuffle(members).slice(0, Math.round((memberRows.length || members.length) * READER_SHARE));
    const borrowable = titles.filter((t) => t !== readyTitle);
    for (const m of readers) {
      const want = r.int(2, 8);
      let got = 0;
      for (let attempt = 0; attempt < want * 15 && got < want; attempt++) {
        const t = weighted(borrowable, (x) => x.weight)!;
        if (m.titles.has(t.id)) continue;
        const from = workday(today - r.int(4, 365), today - 365, today - 4);
        const late = r.next() < 0.15;
        const due = from + LOAN_DAYS;
        const to = Math.min(today - 1, late ? due + r.int(1, 7) : from + r.int(5, LOAN_DAYS));
        const c = shuffle(t.copies).find((x) => copyFree(x, from, to));
        if (!c || !memberMay(m, from, to, due)) continue;
        lend(m, t, c, { from, to, due, returnedAt: isoAt(to, officeMinute()) });
        got++;
      }
    }
  }

  // ---- Write the circulation -------------------------------------------------------
  loans.sort((a, b) => a.loaned_at.localeCompare(b.loaned_at));
  for (let i = 0; i < loans.length; i += 50) await db.insertInto('loans').values(loans.slice(i, i + 50)).execute();
  holds.sort((a, b) => a.placed_at.localeCompare(b.placed_at));
  if (holds.length) await db.insertInto('holds').values(holds).execute();
  for (const status of ['loaned', 'held', 'lost', 'damaged'] as const) {
    const ids = copies.filter((c) => c.status === status).map((c) => c.id);
    if (ids.length) await db.updateTable('copies').set({ status }).where('id', 'in', ids).execute();
  }
  // The philosophy shelf was weeded: worn duplicates withdrawn (剔除), one copy of each
  // title left, so the coverage report names a thin category for the office to buy.
  const weeded = titles.filter((t) => t.book.category === WEEDED_CATEGORY).flatMap((t) => t.copies.slice(1).filter((c) => c.status === 'available'));
  if (weeded.length) await db.updateTable('copies').set({ status: 'withdrawn' }).where('id', 'in', weeded.map((c) => c.id)).execute();

  return { books: titles.length, copies: copies.length, loans: loans.length, holds: holds.length };
}
