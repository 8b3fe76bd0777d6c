// The member's side of reflections, as the routes call it: writing, reading, and the colleagues' shared
// reflections with likes and comments. Rules and object checks here; SQL in repository.ts.
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors';
import type { AuthContext } from '../../platform/auth/context';
import type { Services } from '../../platform/services';
import { nowIso, todayLocal } from '../../platform/time';
import { access, detail, load, MAX_CHARS, memberIdOf, memberUnitPath, publicSummary, REVIEWERS, rubricOf, SHARED, stale, summaries, townPath, whoOf, type Row } from './service';
import { createDraft, submit, updateDraft, type DraftInput } from './workflow';
import { addLike, commentOn, commentsOn, deleteComment, deleteDraft, finishedPlanItems, insertComment, likeState, memberName, reflectionsOf, reflectionsOnPlanItems, removeLike, sharedInTown } from './repository';

export const draftOnly = () => forbidden('该心得尚未提交，只有作者本人可以查看');

/** The reflection as its viewer may see it. */
export const fullDetail = async (svc: Services, auth: AuthContext, id: number) => detail(svc, auth, await load(svc.db, id));
const staleOf = (svc: Services, auth: AuthContext, id: number) => async () => stale(await fullDetail(svc, auth, id));

async function readable(svc: Services, auth: AuthContext, id: number) {
  const row = await load(svc.db, id);
  const a = await access(svc, auth, row);
  if (!a.own && !a.reader && !a.colleague) {
    if (row.status === 'draft') throw draftOnly();
    throw SHARED.includes(row.status as never) ? forbidden('该心得未公开') : forbidden('您没有权限查看该心得');
  }
  return { row, a };
}

async function ownRow(svc: Services, auth: AuthContext, id: number): Promise<Row> {
  const row = await load(svc.db, id);
  if (row.member_id !== auth.user.memberId) throw forbidden('只能修改自己的心得');
  return row;
}

/** What the editor needs: the minimum and maximum length, the similarity threshold, sharing, the rubric. */
export async function writingConfig(svc: Services) {
  const year = Number(todayLocal().slice(0, 4));
  return {
    minChars: await svc.settings.int('plan.reflectionMinChars', year),
    maxChars: MAX_CHARS,
    flagPercent: await svc.settings.int('reflections.similarityFlagPercent'),
    sharedWithColleagues: await svc.settings.bool('reflections.sharedWithColleagues'),
    rubric: await rubricOf(svc, year),
  };
}

/** The books the member finished (monthly plan items), with the reflection written on each, if any. */
export async function finishedBooks(svc: Services, auth: AuthContext) {
  const memberId = memberIdOf(auth);
  const items = await finishedPlanItems(svc.db, memberId);
  const written = await reflectionsOnPlanItems(svc.db, memberId);
  return {
    items: items.map((i) => ({
      planItemId: i.id,
      bookId: i.book_id,
      bookTitle: i.title ?? i.own_title ?? '',
      finishedOn: i.finished_on,
      reflectionId: written.find((w) => w.plan_item_id === i.id)?.id ?? null,
    })),
  };
}

export async function myReflections(svc: Services, auth: AuthContext) {
  return { items: await summaries(svc, await reflectionsOf(svc.db, memberIdOf(auth))) };
}

export async function newDraft(svc: Services, auth: AuthContext, input: DraftInput) {
  const id = await createDraft(svc, whoOf(auth), memberIdOf(auth), input);
  return fullDetail(svc, auth, id);
}

export async function readReflection(svc: Services, auth: AuthContext, id: number) {
  const { row } = await readable(svc, auth, id);
  return detail(svc, auth, row);
}

export async function saveDraft(svc: Services, auth: AuthContext, id: number, input: DraftInput & { version: number }) {
  const row = await ownRow(svc, auth, id);
  await updateDraft(svc, whoOf(auth), row, input, staleOf(svc, auth, row.id));
  return fullDetail(svc, auth, row.id);
}

export async function removeDraft(svc: Services, auth: AuthContext, id: number) {
  const row = await ownRow(svc, auth, id);
  if (row.status !== 'draft') throw new AppError(409, 'LOCKED', '只能删除未提交过的草稿');
  await svc.db.transaction().execute(async (trx) => {
    await deleteDraft(trx, row.id);
    await svc.audit.record(trx, auth.actor(), { action: 'reflection.delete', entity: 'reflection', entityId: row.id, detail: { title: row.title } });
  });
}

export async function handIn(svc: Services, auth: AuthContext, id: number, version: number | undefined) {
  const row = await ownRow(svc, auth, id);
  await submit(svc, whoOf(auth), row, version, staleOf(svc, auth, row.id));
  return fullDetail(svc, auth, row.id);
}

// ---- colleagues' shared reflections

export async function sharedReflections(svc: Services, auth: AuthContext, page: number) {
  const memberId = memberIdOf(auth);
  if (!(await svc.settings.bool('reflections.sharedWithColleagues'))) return { items: [], total: 0, enabled: false };
  const path = await memberUnitPath(svc.db, memberId);
  if (!path) return { items: [], total: 0, enabled: true };
  const town = await townPath(svc.db, path);
  const { rows, total } = await sharedInTown(svc.db, SHARED, town, page);
  return { items: (await summaries(svc, rows)).map(publicSummary), total, enabled: true };
}

async function sharedRow(svc: Services, auth: AuthContext, id: number) {
  const row = await load(svc.db, id);
  const a = await access(svc, auth, row);
  if (!SHARED.includes(row.status as never) || !(a.own || a.colleague || a.reader)) throw forbidden('该心得未公开');
  return row;
}

export async function like(svc: Services, auth: AuthContext, id: number) {
  const memberId = memberIdOf(auth);
  const row = await sharedRow(svc, auth, id);
  await addLike(svc.db, row.id, memberId, nowIso());
  return likeState(svc.db, row.id, memberId);
}

export async function unlike(svc: Services, auth: AuthContext, id: number) {
  const memberId = memberIdOf(auth);
  const row = await sharedRow(svc, auth, id);
  await removeLike(svc.db, row.id, memberId);
  return likeState(svc.db, row.id, memberId);
}

export async function comments(svc: Services, auth: AuthContext, id: number) {
  const row = await sharedRow(svc, auth, id);
  const rows = await commentsOn(svc.db, row.id);
  const moderates = auth.reaches(row.unit_path, REVIEWERS);
  return {
    items: rows.map((c) => {
      const mine = c.member_id === auth.user.memberId;
      return { id: c.id, memberName: c.name, body: c.body, at: c.created_at, mine, canDelete: mine || moderates };
    }),
  };
}

export async function addComment(svc: Services, auth: AuthContext, id: number, text: string) {
  const memberId = memberIdOf(auth);
  const row = await sharedRow(svc, auth, id);
  const body = text.trim();
  if (!body) throw badRequest('评论不能为空');
  const c = await svc.db.transaction().execute(async (trx) => {
    const r = await insertComment(trx, { reflection_id: row.id, member_id: memberId, body, created_at: nowIso() });
    await svc.audit.record(trx, auth.actor(), { action: 'reflection.comment', entity: 'reflection', entityId: row.id, detail: { commentId: r.id } });
    return r;
  });
  return { id: c.id, memberName: await memberName(svc.db, memberId), body, at: c.created_at, mine: true, canDelete: true };
}

/** The commenter, or a clerk over the reflection's unit, removes a comment. */
export async function removeComment(svc: Services, auth: AuthContext, id: number, commentId: number) {
  const row = await load(svc.db, id);
  const c = await commentOn(svc.db, row.id, commentId);
  if (!c) throw notFound('找不到该评论');
  const mine = auth.user.memberId !== null && c.member_id === auth.user.memberId;
  if (!mine && !auth.reaches(row.unit_path, REVIEWERS)) throw forbidden('只能删除自己的评论');
  await svc.db.transaction().execute(async (trx) => {
    await deleteComment(trx, c.id);
    await svc.audit.record(trx, auth.actor(), {
      action: 'reflection.comment.delete',
      entity: 'reflection',
      entityId: row.id,
      detail: { commentId: c.id, by: mine ? 'author' : 'clerk', body: c.body.slice(0, 100) },
    });
  });
}
