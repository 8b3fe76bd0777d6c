// All SQL of reflections: the review queue, the workflow, the similarity index, the quota, the reference corpus,
// upward reports, likes and comments.
import type { Insertable, Updateable } from 'kysely';
import type { DB } from '../../db';
import type { Database } from '../../db/schema';
import { inSubtrees, withinReach } from '../../db/subtree';
import type { Reach } from '../../platform/policy';
import { FINGERPRINT_BAND } from './similarity';

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
  if (f.unitPath) q = q.where(inSubtrees('u.path', [f.unitPath]));
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
  const q = baseQuery(db).where('r.status', 'in', [...statuses]).where(inSubtrees('u.path', [townPath]));
  const [rows, total] = await Promise.all([
    q.orderBy('r.reviewed_at', 'desc').orderBy('r.id', 'desc').limit(30).offset((page - 1) * 30).execute(),
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Whether the member likes the reflection. */
export const likedBy = async (db: DB, id: number, memberId: number) =>
  Boolean(await db.selectFrom('reflection_likes').select('id').where('reflection_id', '=', id).where('member_id', '=', memberId).executeTakeFirst());

export async function likeState(db: DB, id: number, memberId: number) {
  const [n, likedByMe] = await Promise.all([db.selectFrom('reflection_likes').select((eb) => eb.fn.countAll<number>().as('n')).where('reflection_id', '=', id).executeTakeFirstOrThrow(), likedBy(db, id, memberId)]);
  return { likes: Number(n.n), likedByMe };
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

// ---- the workflow: drafts, submission, review ----

type Reflection = Database['reflections'];

export const planItemWithBook = (db: DB, id: number) =>
  db.selectFrom('reading_plan_items as i').leftJoin('books as b', 'b.id', 'i.book_id').select(['i.id', 'i.member_id', 'i.book_id', 'i.own_title', 'b.title']).where('i.id', '=', id).executeTakeFirst();

/** The member's unit (its id and path); the member exists. */
export const memberUnit = (db: DB, memberId: number) =>
  db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select(['m.unit_id', 'u.path']).where('m.id', '=', memberId).executeTakeFirstOrThrow();

export const insertReflection = async (trx: DB, values: Insertable<Reflection>) => (await trx.insertInto('reflections').values(values).returning('id').executeTakeFirstOrThrow()).id;

/**
 * Changes a reflection only while it is as the caller read it — its version, and its status one of `status` — so that
 * of two writers one changes it; the rows changed (0 or 1).
 */
export async function updateIfUnchanged(trx: DB, id: number, when: { version?: number; status: readonly string[] }, set: Updateable<Reflection>) {
  let q = trx.updateTable('reflections').set(set).where('id', '=', id).where('status', 'in', [...when.status]);
  if (when.version !== undefined) q = q.where('version', '=', when.version);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

export const insertEvent = (trx: DB, e: Insertable<Database['reflection_events']>) => trx.insertInto('reflection_events').values(e).execute();

export const eventsOf = (db: DB, id: number) => db.selectFrom('reflection_events').selectAll().where('reflection_id', '=', id).orderBy('id').execute();

/** Of these reflections, those returned at least once. */
export const everReturned = (db: DB, ids: number[]) => db.selectFrom('reflection_events').select('reflection_id').distinct().where('action', '=', 'return').where('reflection_id', 'in', ids).execute();

export const likeCounts = (db: DB, ids: number[]) =>
  db.selectFrom('reflection_likes').select(['reflection_id', (eb) => eb.fn.countAll<number>().as('n')]).where('reflection_id', 'in', ids).groupBy('reflection_id').execute();

export const commentCounts = (db: DB, ids: number[]) =>
  db.selectFrom('reflection_comments').select(['reflection_id', (eb) => eb.fn.countAll<number>().as('n')]).where('reflection_id', 'in', ids).groupBy('reflection_id').execute();

export const unitsByIds = (db: DB, ids: number[]) => db.selectFrom('units').select(['id', 'kind', 'path']).where('id', 'in', ids).execute();

export const memberPath = async (db: DB, memberId: number) => (await db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select('u.path').where('m.id', '=', memberId).executeTakeFirst())?.path ?? null;

// ---- similarity: the band index, the corpus, first submissions ----

/** Book excerpts' texts: of the book and of no book, or (no book given) of no book. */
export function excerptTexts(db: DB, bookId: number | null) {
  const q = db.selectFrom('reference_texts').select('body_text').where('kind', '=', 'excerpt');
  return (bookId ? q.where((eb) => eb.or([eb('book_id', '=', bookId), eb('book_id', 'is', null)])) : q.where('book_id', 'is', null)).execute();
}

const BAND_COLUMNS = ['source', 'ref_id', 'part', 'band', 'hash'] as const;

/** The LSH index rows (not fingerprints) with these band keys: one indexed IN lookup. */
export const bandRowsWithHashes = (db: DB, hashes: number[]) => db.selectFrom('reflection_bands').select(BAND_COLUMNS).where('hash', 'in', hashes).where('band', '<>', FINGERPRINT_BAND).execute();

/** The fingerprint rows of each hash, at most `limit` per hash: one statement, a UNION ALL of one limited lookup per hash. */
export function fingerprintRowsLimited(db: DB, hashes: number[], limit: number) {
  const one = (hash: number) =>
    db.selectFrom((eb) => eb.selectFrom('reflection_bands').select(BAND_COLUMNS).where('hash', '=', hash).where('band', '=', FINGERPRINT_BAND).limit(limit).as('f')).selectAll();
  const [first, ...rest] = hashes;
  return rest.reduce((q, hash) => q.unionAll(one(hash)), one(first)).execute();
}

export const firstSubmitEvents = (db: DB, ids: number[]) =>
  db
    .selectFrom('reflection_events')
    .select(['reflection_id', (eb) => eb.fn.min<string>('at').as('first')])
    .where('action', '=', 'submit')
    .where('reflection_id', 'in', ids)
    .groupBy('reflection_id')
    .execute();

export const submittedAts = (db: DB, ids: number[]) => db.selectFrom('reflections').select(['id', 'submitted_at']).where('id', 'in', ids).execute();

/** Copied reference texts that have no index rows yet (signed as one before migration 0011). */
export const unsignedReferences = (db: DB) =>
  db
    .selectFrom('reference_texts as t')
    .select(['t.id', 't.body_text'])
    .where('t.kind', '=', 'copied')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('reflection_bands as b').select('b.ref_id').where('b.source', '=', 't').whereRef('b.ref_id', '=', 't.id'))))
    .execute();

export const reflectionBodies = (db: DB, ids: number[]) => (ids.length ? db.selectFrom('reflections').select(['id', 'body_html']).where('id', 'in', ids).execute() : Promise.resolve([]));

export const referenceTexts = (db: DB, ids: number[]) => (ids.length ? db.selectFrom('reference_texts').select(['id', 'title', 'body_text']).where('id', 'in', ids).execute() : Promise.resolve([]));

/** Replaces a text's index rows, in slices the drivers take (a 30,000-字 reference text has ~150 windows × 32 bands). */
export async function replaceBands(trx: DB, source: 'r' | 't', refId: number, rows: readonly { part: number; band: number; hash: number }[]) {
  await trx.deleteFrom('reflection_bands').where('source', '=', source).where('ref_id', '=', refId).execute();
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('reflection_bands')
      .values(rows.slice(i, i + 1000).map((r) => ({ source, ref_id: refId, ...r })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

// ---- quota ----

export const unitsWithin = (db: DB, paths: string[]) => db.selectFrom('units').select(['id', 'name', 'path', 'sort_order']).where(inSubtrees('units.path', paths)).orderBy('path').execute();

export const activeHeadcounts = (db: DB, unitIds: number[]) =>
  db.selectFrom('members').select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'active').where('unit_id', 'in', unitIds).groupBy('unit_id').execute();

export const handedInByUnitAndStatus = (db: DB, month: string, unitIds: number[]) =>
  db
    .selectFrom('reflections')
    .select(['unit_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('month', '=', month)
    .where('status', '!=', 'draft')
    .where('unit_id', 'in', unitIds)
    .groupBy(['unit_id', 'status'])
    .execute();

// ---- upward reports ----

export const insertUpwardReport = async (trx: DB, v: Insertable<Database['upward_reports']>) => (await trx.insertInto('upward_reports').values(v).returning('id').executeTakeFirstOrThrow()).id;

export const insertUpwardReportItem = (trx: DB, v: Insertable<Database['upward_report_items']>) => trx.insertInto('upward_report_items').values(v).execute();

export const upwardReport = (db: DB, id: number) =>
  db
    .selectFrom('upward_reports as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('users as us', 'us.id', 'p.created_by')
    .select(['p.id', 'p.title', 'p.recipient', 'p.reported_at', 'p.unit_id', 'u.name as unit_name', 'u.path as unit_path', 'us.display_name as created_by_name'])
    .where('p.id', '=', id)
    .executeTakeFirst();

export const upwardReportItems = (db: DB, id: number) =>
  db
    .selectFrom('upward_report_items as i')
    .innerJoin('reflections as r', 'r.id', 'i.reflection_id')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['i.id', 'i.reflection_id', 'i.feedback', 'i.note', 'i.feedback_at', 'r.title', 'r.book_title', 'r.char_count', 'r.body_html', 'r.submitted_at', 'm.name as member_name', 'u.name as unit_name'])
    .where('i.report_id', '=', id)
    .orderBy('i.sort_order')
    .execute();

export const upwardReportItem = (db: DB, reportId: number, itemId: number) =>
  db.selectFrom('upward_report_items').select(['id', 'reflection_id']).where('id', '=', itemId).where('report_id', '=', reportId).executeTakeFirst();

export const setItemFeedback = (trx: DB, itemId: number, v: { feedback: string; note: string; at: string; by: number | null }) =>
  trx.updateTable('upward_report_items').set({ feedback: v.feedback, note: v.note, feedback_at: v.at, feedback_by: v.by }).where('id', '=', itemId).execute();
