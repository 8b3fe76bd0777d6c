// 月度阅读计划: each member picks at least plan.booksPerMonth books for a month
// by plan.readingPlanDeadlineDay; later plans are accepted and marked late.
import type { AuthContext } from '../../platform/auth/context';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { notifyGroups, notifyMember } from '../../platform/notifications';
import type { Services } from '../../platform/services';
import { localDayOfIso, nowIso, todayLocal } from '../../platform/time';
import { isIsoDay, monthBounds } from '../../platform/workcalendar';
import { requireMember } from './log';
import * as repo from './repository';
import { studyRules } from './rules';
import { StudyPolicy } from './policy';

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

export function checkMonth(month: string | undefined): string {
  const m = month ?? todayLocal().slice(0, 7);
  if (!MONTH_RE.test(m)) throw badRequest('月份格式应为 YYYY-MM');
  return m;
}

/** The month after 'YYYY-MM'. */
export function nextMonthOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** A member plans this month and, ahead, the next one; past months are kept as they were. */
export function planEditable(month: string, today = todayLocal()): boolean {
  const current = today.slice(0, 7);
  return month === current || month === nextMonthOf(current);
}

export function deadlineOf(month: string, deadlineDay: number): string {
  const { last } = monthBounds(month);
  const d = `${month}-${String(deadlineDay).padStart(2, '0')}`;
  return d > last ? last : d;
}

export function reflectionLink(bookId: number | null, itemId: number): string {
  return bookId ? `/reflections/new?book=${bookId}&planItem=${itemId}` : `/reflections/new?planItem=${itemId}`;
}

export interface PlanItemView {
  id: number;
  month: string;
  bookId: number | null;
  title: string;
  author: string;
  ownBook: boolean;
  targetOn: string;
  status: string;
  finishedOn: string | null;
  createdOn: string;
  late: boolean;
  minutes: number;
  progress: string;
  reflectionLink: string;
}

/** A member's plan for a month, with reading minutes and the last progress note per book. */
export async function memberPlan(svc: Services, memberId: number, month: string) {
  const rules = await studyRules(svc, Number(month.slice(0, 4)));
  const deadline = deadlineOf(month, rules.deadlineDay);
  const rows = await repo.planItems(svc.db, memberId, month);
  const { first, last } = monthBounds(month);
  const logs = rows.length ? await repo.readingLogsBetween(svc.db, memberId, first, last) : [];
  const items: PlanItemView[] = rows.map((r) => {
    const title = r.title ?? r.own_title ?? '';
    const mine = logs.filter((l) => (r.book_id ? l.book_id === r.book_id : !l.book_id && l.book_title === title));
    const progress = [...mine].reverse().find((l) => l.progress !== '')?.progress ?? '';
    const createdOn = localDayOfIso(r.created_at);
    return {
      id: r.id,
      month: r.month,
      bookId: r.book_id,
      title,
      author: r.authors ?? r.own_author ?? '',
      ownBook: !r.book_id,
      targetOn: r.target_on,
      status: r.status,
      finishedOn: r.finished_on,
      createdOn,
      late: createdOn > deadline,
      minutes: mine.reduce((a, l) => a + l.minutes, 0),
      progress,
      reflectionLink: reflectionLink(r.book_id, r.id),
    };
  });
  const madeOn = items.length ? items.map((i) => i.createdOn).sort()[0] : null;
  return {
    month,
    deadline,
    booksPerMonth: rules.booksPerMonth,
    items,
    finished: items.filter((i) => i.status === 'finished').length,
    madeOn,
    late: madeOn !== null && madeOn > deadline,
    overdue: madeOn === null && todayLocal() > deadline,
    /** This month or next: books can be added and removed; a past month is read-only. */
    editable: planEditable(month),
  };
}

export interface PlanItemInput {
  month?: string;
  bookId?: number | null;
  ownTitle?: string | null;
  ownAuthor?: string | null;
  targetOn: string;
}

export async function addPlanItem(svc: Services, auth: AuthContext, input: PlanItemInput) {
  const memberId = requireMember(auth);
  const month = checkMonth(input.month);
  const today = todayLocal();
  if (month < today.slice(0, 7)) throw badRequest('不能为已经过去的月份制定计划');
  if (!planEditable(month, today)) throw badRequest(`只能制定本月和下个月（${nextMonthOf(today.slice(0, 7))}）的阅读计划`);
  const ownTitle = input.ownTitle?.trim() ?? '';
  if (!input.bookId && ownTitle === '') throw badRequest('请从书目中选择一本书，或填写自己的书名');
  if (input.bookId && ownTitle !== '') throw badRequest('请选择书目中的书或填写自己的书名，二者选一');
  if (!isIsoDay(input.targetOn)) throw badRequest('计划读完日期格式应为 YYYY-MM-DD');
  const { first, last } = monthBounds(month);
  if (input.targetOn < first || input.targetOn > last) throw badRequest(`计划读完日期应在 ${first} 至 ${last} 之间`);
  if (input.targetOn < today) throw badRequest('计划读完日期不能早于今天');
  if (input.bookId) {
    if (!(await repo.bookById(svc.db, input.bookId))) throw notFound('找不到这本书');
  }
  return svc.db.transaction().execute(async (trx) => {
    if (await repo.samePlanItem(trx, memberId, month, input.bookId ? { bookId: input.bookId } : { ownTitle })) throw conflict('本月计划中已有这本书');
    const now = nowIso();
    const row = await repo.insertPlanItem(trx, {
        member_id: memberId,
        month,
        book_id: input.bookId ?? null,
        own_title: input.bookId ? null : ownTitle,
        own_author: input.bookId ? null : input.ownAuthor?.trim() || null,
        target_on: input.targetOn,
        status: 'reading',
        finished_on: null,
        created_at: now,
        updated_at: now,
      });
    await svc.audit.record(trx, auth.actor(), { action: 'reading-plan.add', entity: 'reading_plan_item', entityId: row.id, detail: { month, bookId: input.bookId ?? null, ownTitle: ownTitle || null, targetOn: input.targetOn } });
    return { id: row.id };
  });
}

async function ownItem(svc: Services, memberId: number, id: number) {
  const item = await repo.planItemById(svc.db, id);
  if (!item || item.member_id !== memberId || item.status === 'dropped') throw notFound('找不到该计划书目');
  return item;
}

/** 读完了: one tap; returns where to write the reflection. A second tap changes nothing. */
export async function finishPlanItem(svc: Services, auth: AuthContext, id: number) {
  const memberId = requireMember(auth);
  const item = await ownItem(svc, memberId, id);
  if (item.status !== 'finished') {
    await svc.db.transaction().execute(async (trx) => {
      if (await repo.finishPlanItem(trx, id, todayLocal())) await svc.audit.record(trx, auth.actor(), { action: 'reading-plan.finish', entity: 'reading_plan_item', entityId: id });
    });
  }
  const after = await ownItem(svc, memberId, id);
  return { finishedOn: after.finished_on ?? todayLocal(), reflectionLink: reflectionLink(item.book_id, item.id) };
}

export async function removePlanItem(svc: Services, auth: AuthContext, id: number) {
  const memberId = requireMember(auth);
  const item = await ownItem(svc, memberId, id);
  if (item.status === 'finished') throw badRequest('已读完的书目不能删除');
  if (item.month < todayLocal().slice(0, 7)) throw badRequest('已经过去的月份的计划不能再修改');
  await svc.db.transaction().execute(async (trx) => {
    await repo.deletePlanItem(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'reading-plan.remove', entity: 'reading_plan_item', entityId: id, detail: { month: item.month } });
  });
}

// ---- the clerk's side ----

export async function missingPlans(svc: Services, unitPath: string, month: string) {
  const rows = await repo.membersWithoutPlan(svc.db, unitPath, month);
  return rows.map((r) => ({ memberId: r.id, name: r.name, unitName: r.unit_name, position: r.position }));
}

export async function remindMissing(svc: Services, auth: AuthContext, unit: { id: number; path: string; name: string }, month: string) {
  await svc.guard.authorize(auth, StudyPolicy.remind, { unitPath: unit.path }, '只有党建办可以发送提醒');
  const missing = await missingPlans(svc, unit.path, month);
  const rules = await studyRules(svc, Number(month.slice(0, 4)));
  const deadline = deadlineOf(month, rules.deadlineDay);
  const today = todayLocal();
  const [y, m] = month.split('-').map(Number);
  let sent = 0;
  await svc.db.transaction().execute(async (trx) => {
    for (const mem of missing) {
      // One reminder per member, month and day, however often the button is pressed.
      sent += await notifyMember(trx, mem.memberId, {
        kind: 'study.plan-missing',
        title: `请制定${y}年${m}月的阅读计划`,
        body: today <= deadline ? `请在 ${deadline} 前选好本月要读的书（每月不少于 ${rules.booksPerMonth} 本）。` : `本月阅读计划应在 ${deadline} 前制定，请尽快补上（每月不少于 ${rules.booksPerMonth} 本）。`,
        link: '/study/plan',
        dedupeKey: `study-plan-missing:${month}:m${mem.memberId}:${today}`,
        // The group robots get one message naming everyone, below, not one per member.
        robots: false,
      });
    }
    await notifyGroups(trx, missing.map((mem) => mem.memberId), {
      kind: 'study.plan-missing',
      title: `${unit.name}：请尚未制定${y}年${m}月阅读计划的同志尽快制定`,
      body: `截止日期 ${deadline}，每月不少于 ${rules.booksPerMonth} 本。`,
      link: '/study/plan',
      dedupeKey: `study-plan-missing:${month}:unit${unit.id}:${today}`,
    });
    await svc.audit.record(trx, auth.actor(), { action: 'reading-plan.remind', entity: 'unit', entityId: unit.id, detail: { month, members: missing.length, sent } });
  });
  return { members: missing.length, sent };
}
