// SQL of reflections that the routes used to run themselves: the review queue, the reference corpus,
// upward reports, likes and comments. (service.ts, workflow.ts and report.ts still hold theirs: eslint.config.js SQL_PENDING.)
import type { DB } from '../../db';
import { withinReach } from '../../db/subtree';
import type { Reach } from '../../platform/policy';

/** A reflection row with its author and unit, as the views need it. */
export function baseQuery(db: DB) {
  return db
    .selectFrom('reflections as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .selectAll('r')
    .select(['m.name as member_name', 'u.name as unit_name', 'u.path as unit_path']);
}
export type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

export const unitPathOf = async (db: DB, unitId: number) => (await db.selectFrom('units').select('path').where('id', '=', unitId).executeTakeFirst())?.path;

// ---- writing

/** The member's finished plan items (the books they may write about), newest first. */
export const finishedPlanItems = (db: DB, memberId: number) =>
  db
    .selectFrom('reading_plan_items as i')
    .leftJoin('books as b', 'b.id', 'i.book_id')
    .select(['i.id', 'i.book_id', 'i.own_title', 'i.finished_on', 'b.title'])
    .where('i.member_id', '=', memberId)
    .where('i.status', '=', 'finished')
    .orderBy('i.finished_on', 'desc')
    .orderBy('i.id', 'desc')
    .execute();

export const reflectionsOnPlanItems = (db: DB, memberId: number) => db.selectFrom('reflections').select(['id', 'plan_item_id']).where('member_id', '=', memberId).where('plan_item_id', 'is not', null).execute();

export const reflectionsOf = (db: DB, memberId: number) => baseQuery(db).where('r.member_id', '=', memberId).orderBy('r.updated_at', 'desc').orderBy('r.id', 'desc').execute();

/** Removes a draft and its events (only while it is still a draft). */
export async function deleteDraft(trx: DB, id: number) {
  await trx.deleteFrom('reflection_events').where('reflection_id', '=', id).execute();
  await trx.deleteFrom('reflections').where('id', '=', id).where('status', '=', 'draft').execute();
}

// ---- review

export interface QueueFilter {
  /** Only this subtree (already checked to lie within the reach). */
  unitPath?: string;
  month?: string;
  status?: string;
  minSimilarity?: number;
  q?: string;
  page: number;
  pageSize: number;
}

/** The review list within the reach (drafts never) with the filters; the page and its export share it. */
export function reviewList(db: DB, reach: Reach, f: Omit<QueueFilter, 'page' | 'pageSize'>) {
  let q = baseQuery(db)
    .where(withinReach(reach, { unitPath: 'u.path' }))
    .where('r.status', '!=', 'draft');
  if (f.unitPath) q = q.where('u.path', 'like', `${f.unitPath}%`);
  if (f.month) q = q.where('r.month', '=', f.month);
  if (f.status === 'resubmitted') {
    q = q
      .where('r.status', '=', 'submitted')
      .where((eb) => eb.exists(eb.selectFrom('reflection_events as e').select('e.id').whereRef('e.reflection_id', '=', 'r.id').where('e.action', '=', 'return')));
  } else if (f.status) q = q.where('r.status', '=', f.status);
  if (f.minSimilarity !== undefined) q = q.where('r.similarity_percent', '>=', f.minSimilarity);
  if (f.q) q = q.where((eb) => eb.or([eb('r.title', 'like', `%${f.q}%`), eb('m.name', 'like', `%${f.q}%`), eb('r.book_title', 'like', `%${f.q}%`)]));
  return q;
}

/** One page of the review queue, newest hand-in first, and the total. */
export async function reviewQueue(db: DB, reach: Reach, f: QueueFilter) {
  const q = reviewList(db, reach, f);
  const [rows, total] = await Promise.all([
    q.orderBy('r.submitted_at', 'desc').orderBy('r.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The whole filtered list, newest hand-in first, at most `limit` rows. */
export const reviewListRows = (db: DB, reach: Reach, f: Omit<QueueFilter, 'page' | 'pageSize'>, limit: number) =>
  reviewList(db, reach, f).orderBy('r.submitted_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute();

export const reflectionUnitPaths = (db: DB, ids: number[]) =>
  ids.length ? db.selectFrom('reflections as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(['r.id', 'u.path']).where('r.id', 'in', ids).execute() : Promise.resolve([]);

export const excellentWithin = (db: DB, reach: Reach) => baseQuery(db).where('r.status', '=', 'excellent').where(withinReach(reach, { unitPath: 'u.path' })).orderBy('r.reviewed_at', 'desc').execute();

export const upwardReportUnits = (db: DB) => db.selectFrom('upward_reports as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.id', 'u.path']).orderBy('p.reported_at', 'desc').execute();

// ---- the reference corpus

export const referencesWithin = (db: DB, reach: Reach) =>
  db
    .selectFrom('reference_texts as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .leftJoin('books as b', 'b.id', 't.book_id')
    .select(['t.id', 't.title', 't.kind', 't.book_id', 'b.title as book_title', 't.chars', 't.created_at'])
    .where(withinReach(reach, { unitPath: 'u.path' }))
    .orderBy('t.id', 'desc')
    .execute();

export const bookTitle = async (db: DB, bookId: number) => (await db.selectFrom('books').select('title').where('id', '=', bookId).executeTakeFirst())?.title;

export const insertReference = (
  trx: DB,
  v: { unit_id: number; title: string; kind: 'copied' | 'excerpt'; book_id: number | null; body_text: string; chars: number; created_by: number; created_at: string },
) => trx.insertInto('reference_texts').values(v).returning(['id', 'created_at']).executeTakeFirstOrThrow();

export const referenceWithPath = (db: DB, id: number) =>
  db.selectFrom('reference_texts as t').innerJoin('units as u', 'u.id', 't.unit_id').select(['t.id', 't.title', 'u.path']).where('t.id', '=', id).executeTakeFirst();

export async function deleteReference(trx: DB, id: number) {
  await trx.deleteFrom('reflection_bands').where('source', '=', 't').where('ref_id', '=', id).execute();
  await trx.deleteFrom('reference_texts').where('id', '=', id).execute();
}

// ---- sharing

/** One page (30) of shared reflections in a town, and the total. */
export async function sharedInTown(db: DB, statuses: readonly string[], townPath: string, page: number) {
  const q = baseQuery(db).where('r.status', 'in', [...statuses]).where('u.path', 'like', `${townPath}%`);
  const [rows, total] = await Promise.all([
    q.orderBy('r.reviewed_at', 'desc').orderBy('r.id', 'desc').limit(30).offset((page - 1) * 30).execute(),
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function likeState(db: DB, id: number, memberId: number) {
  const [n, mine] = await Promise.all([
    db.selectFrom('reflection_likes').select((eb) => eb.fn.countAll<number>().as('n')).where('reflection_id', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('reflection_likes').select('id').where('reflection_id', '=', id).where('member_id', '=', memberId).executeTakeFirst(),
  ]);
  return { likes: Number(n.n), likedByMe: Boolean(mine) };
}

export const addLike = (db: DB, id: number, memberId: number, at: string) =>
  db
    .insertInto('reflection_likes')
    .values({ reflection_id: id, member_id: memberId, created_at: at })
    .onConflict((oc) => oc.columns(['reflection_id', 'member_id']).doNothing())
    .execute();

export const removeLike = (db: DB, id: number, memberId: number) => db.deleteFrom('reflection_likes').where('reflection_id', '=', id).where('member_id', '=', memberId).execute();

export const commentsOn = (db: DB, id: number) =>
  db
    .selectFrom('reflection_comments as c')
    .innerJoin('members as m', 'm.id', 'c.member_id')
    .select(['c.id', 'c.body', 'c.created_at', 'c.member_id', 'm.name'])
    .where('c.reflection_id', '=', id)
    .orderBy('c.id')
    .execute();

export const insertComment = (trx: DB, v: { reflection_id: number; member_id: number; body: string; created_at: string }) =>
  trx.insertInto('reflection_comments').values(v).returning(['id', 'created_at']).executeTakeFirstOrThrow();

export const memberName = async (db: DB, memberId: number) => (await db.selectFrom('members').select('name').where('id', '=', memberId).executeTakeFirstOrThrow()).name;

export const commentOn = (db: DB, id: number, commentId: number) =>
  db.selectFrom('reflection_comments').select(['id', 'member_id', 'body']).where('id', '=', commentId).where('reflection_id', '=', id).executeTakeFirst();

export const deleteComment = (trx: DB, commentId: number) => trx.deleteFrom('reflection_comments').where('id', '=', commentId).execute();
