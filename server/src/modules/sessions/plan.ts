// 年度学习计划安排表: per unit and year, month by month themes and content,
// required books (必学书目) from the catalog and the collective sessions of the year.
import type { AuthContext } from '../../platform/auth/context';
import { badRequest, conflict, notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { clock, formatLocal, nowIso } from '../../platform/time';
import { activeMembersUnder } from '../org/service';
import { SESSION_STATUS_LABEL } from './service';
import { SessionPolicy } from './policy';
import {
  attendingUnitsOf,
  catalogBook,
  deleteRequiredBook,
  finishedReadings,
  insertPlan,
  insertRequiredBook,
  joinPlan,
  memberReadings,
  memberWithUnit,
  planMonths,
  planOfYear,
  planRow,
  plansOfUnits,
  requiredBooksOf,
  savePlanMonth,
  sessionsOfPlan,
  unitById,
  updatePlan,
} from './repository';

export interface PlanMonthInput {
  month: number;
  theme: string;
  content: string;
}

export async function planUnit(svc: Services, auth: AuthContext, unitId: number, write: boolean) {
  const unit = await unitById(svc.db, unitId);
  if (!unit) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, write ? SessionPolicy.editPlan : SessionPolicy.viewPlan, { unitPath: unit.path }, '该单位不在您的管理范围内');
  return unit;
}

export async function planById(svc: Services, auth: AuthContext, id: number, write: boolean) {
  const p = await planRow(svc.db, id);
  if (!p) throw notFound('找不到该年度学习计划');
  const unit = await planUnit(svc, auth, p.unit_id, write);
  return { plan: p, unit };
}

export async function loadPlan(svc: Services, unitId: number, year: number) {
  const plan = await planOfYear(svc.db, unitId, year);
  if (!plan) return null;
  const months = await planMonths(svc.db, plan.id);
  const books = await requiredBooksOf(svc.db, plan.id);
  const sessions = await sessionsOfPlan(svc.db, plan.id, unitId, year);
  const units = await attendingUnitsOf(
    svc.db,
    sessions.map((s) => s.id),
  );
  const monthRows = new Map(months.map((m) => [m.month, m]));
  return {
    id: plan.id,
    unitId: plan.unit_id,
    year: plan.year,
    title: plan.title,
    notes: plan.notes,
    version: plan.version,
    months: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, theme: monthRows.get(i + 1)?.theme ?? '', content: monthRows.get(i + 1)?.content ?? '' })),
    books: books.map((b) => ({ id: b.id, bookId: b.book_id, month: b.month, note: b.note, title: b.title, authors: b.authors, publisher: b.publisher ?? '', category: b.category })),
    sessions: sessions.map((s) => ({
      id: s.id,
      topic: s.topic,
      place: s.place,
      host: s.host,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      month: Number(formatLocal(s.starts_at, 'M')),
      when: `${formatLocal(s.starts_at, 'M月D日 HH:mm')}—${formatLocal(s.ends_at, 'HH:mm')}`,
      minutes: s.minutes,
      status: s.status,
      statusLabel: SESSION_STATUS_LABEL[s.status] ?? s.status,
      units: units.filter((u) => u.session_id === s.id).map((u) => u.name),
    })),
  };
}
export type PlanView = NonNullable<Awaited<ReturnType<typeof loadPlan>>>;

export async function savePlan(svc: Services, auth: AuthContext, input: { unitId: number; year: number; title?: string; notes?: string; months: PlanMonthInput[]; version?: number | null }) {
  const unit = await planUnit(svc, auth, input.unitId, true);
  const seen = new Set<number>();
  for (const m of input.months) {
    if (seen.has(m.month)) throw badRequest(`${m.month}月重复`);
    seen.add(m.month);
  }
  const title = input.title?.trim() || `${unit.name}${input.year}年度学习计划安排表`;
  const now = nowIso();
  return svc.db.transaction().execute(async (trx) => {
    const existing = await planOfYear(trx, unit.id, input.year);
    let id: number;
    if (existing) {
      if (input.version !== undefined && input.version !== null && input.version !== existing.version) throw conflict();
      await updatePlan(trx, existing.id, { title, notes: input.notes ?? '', updated_at: now, version: existing.version + 1 });
      id = existing.id;
    } else {
      const created = await insertPlan(trx, { unit_id: unit.id, year: input.year, title, notes: input.notes ?? '', created_at: now, updated_at: now });
      if (created === undefined) throw conflict('该单位本年度的学习计划已由他人创建，请刷新后重试');
      id = created;
    }
    for (const m of input.months) await savePlanMonth(trx, id, m.month, m.theme.trim(), m.content.trim());
    // Sessions of that year organised by the unit join the plan.
    await joinPlan(trx, id, unit.id, input.year);
    await svc.audit.record(trx, auth.actor(), { action: existing ? 'plan.update' : 'plan.create', entity: 'study_plan', entityId: id, detail: { unitId: unit.id, year: input.year } });
    return id;
  });
}

export async function addRequiredBook(svc: Services, auth: AuthContext, planId: number, input: { bookId: number; month?: number | null; note?: string }) {
  await planById(svc, auth, planId, true);
  const book = await catalogBook(svc.db, input.bookId);
  if (!book) throw notFound('图书目录中没有这本书');
  return svc.db.transaction().execute(async (trx) => {
    const id = await insertRequiredBook(trx, { plan_id: planId, book_id: book.id, month: input.month ?? null, note: input.note?.trim() ?? '' });
    if (id === undefined) throw conflict(`《${book.title}》已在必学书目中`);
    await svc.audit.record(trx, auth.actor(), { action: 'plan.book.add', entity: 'study_plan', entityId: planId, detail: { bookId: book.id } });
    return id;
  });
}

export async function removeRequiredBook(svc: Services, auth: AuthContext, planId: number, bookId: number) {
  await planById(svc, auth, planId, true);
  await svc.db.transaction().execute(async (trx) => {
    if (!(await deleteRequiredBook(trx, planId, bookId))) throw notFound('该书不在必学书目中');
    await svc.audit.record(trx, auth.actor(), { action: 'plan.book.remove', entity: 'study_plan', entityId: planId, detail: { bookId } });
  });
}

/** For each required book: who in the unit's subtree has finished it (a finished reading-plan item), and who has not. */
export async function whoHasRead(svc: Services, planId: number, unitPath: string) {
  const books = await requiredBooksOf(svc.db, planId);
  const members = await activeMembersUnder(svc.db, [unitPath]);
  const ids = new Set(members.map((m) => m.id));
  const finished = await finishedReadings(
    svc.db,
    books.map((b) => b.book_id),
  );
  const person = (m: (typeof members)[number]) => ({ memberId: m.id, name: m.name, unitName: m.unit_name });
  return {
    members: members.length,
    /** Everyone counted, in the order of the sign-in sheet (for the export). */
    people: members.map(person),
    books: books.map((b) => {
      const readers = new Map<number, string | null>();
      for (const f of finished) if (f.book_id === b.book_id && ids.has(f.member_id)) readers.set(f.member_id, f.finished_on);
      return {
        bookId: b.book_id,
        title: b.title,
        month: b.month,
        readCount: readers.size,
        total: members.length,
        read: members.filter((m) => readers.has(m.id)).map((m) => ({ ...person(m), finishedOn: readers.get(m.id) ?? null })),
        notRead: members.filter((m) => !readers.has(m.id)).map(person),
      };
    }),
  };
}

// ---- the member's view: their unit's plan, month by month ----

export type RequiredBookStatus = 'finished' | 'reading' | 'none';

/** The plan that applies to a member for a year: of their own unit, else of the nearest unit above that has one. */
export async function planForMember(svc: Services, memberId: number, year: number) {
  const m = await memberWithUnit(svc.db, memberId);
  if (!m) return null;
  const ids = m.path.split('/').filter(Boolean).map(Number);
  const plans = await plansOfUnits(svc.db, ids, year);
  plans.sort((a, b) => b.path.length - a.path.length);
  return plans[0] ? { ...plans[0], memberPath: m.path } : null;
}

/**
 * 我的年度学习计划: the plan of the member's unit for a year, month by month —
 * themes, required books with whether the member has read each, and the
 * collective sessions (upcoming ones marked, and whether the member's unit attends).
 */
export async function memberYearPlan(svc: Services, memberId: number, year: number) {
  const found = await planForMember(svc, memberId, year);
  if (!found) return { year, unit: null, plan: null };
  const view = (await loadPlan(svc, found.unit_id, year))!;
  const bookIds = view.books.map((b) => b.bookId);
  const items = await memberReadings(svc.db, memberId, bookIds);
  const statusOf = (bookId: number) => {
    const mine = items.filter((i) => i.book_id === bookId);
    const done = mine.filter((i) => i.status === 'finished').sort((a, b) => (a.finished_on ?? '').localeCompare(b.finished_on ?? ''))[0];
    if (done) return { status: 'finished' as RequiredBookStatus, finishedOn: done.finished_on, plannedMonth: done.month };
    const planned = mine.sort((a, b) => b.month.localeCompare(a.month))[0];
    return { status: (planned ? 'reading' : 'none') as RequiredBookStatus, finishedOn: null, plannedMonth: planned?.month ?? null };
  };
  const sessionIds = view.sessions.map((x) => x.id);
  const attending = await attendingUnitsOf(svc.db, sessionIds);
  const now = clock.now().getTime();
  const books = view.books.map((b) => ({ bookId: b.bookId, title: b.title, authors: b.authors, month: b.month, note: b.note, ...statusOf(b.bookId) }));
  const sessions = view.sessions.map((x) => ({
    id: x.id,
    topic: x.topic,
    place: x.place,
    host: x.host,
    startsAt: x.startsAt,
    endsAt: x.endsAt,
    month: x.month,
    when: x.when,
    status: x.status,
    statusLabel: x.statusLabel,
    upcoming: Date.parse(x.endsAt) > now && (x.status === 'scheduled' || x.status === 'open'),
    attending: attending.some((a) => a.session_id === x.id && found.memberPath.startsWith(a.path)),
  }));
  return {
    year,
    unit: { id: found.unit_id, name: found.unit_name },
    plan: {
      id: view.id,
      title: view.title,
      notes: view.notes,
      months: view.months.map((m) => ({ ...m, books: books.filter((b) => b.month === m.month), sessions: sessions.filter((x) => x.month === m.month) })),
      yearBooks: books.filter((b) => b.month === null),
      booksRead: books.filter((b) => b.status === 'finished').length,
      booksTotal: books.length,
      nextSession: sessions.find((x) => x.upcoming && x.attending) ?? null,
    },
  };
}
