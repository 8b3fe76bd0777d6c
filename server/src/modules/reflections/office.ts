// The office's side of reflections, as the routes call it: the review queue and the review view, review
// actions, the monthly quota, the reference corpus and upward reports. Rules and object checks here; SQL in repository.ts.
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors';
import type { AuthContext } from '../../platform/auth/context';
import type { Services } from '../../platform/services';
import { nowIso, todayLocal } from '../../platform/time';
import { ReflectionPolicy } from './policy';
import { currentMonth, detail, indexBands, load, matchesForView, MAX_CHARS, quota, READERS, REVIEWERS, rubricOf, stale, summaries, textBands, whoOf, type Row } from './service';
import { review, type ReviewAction } from './workflow';
import { buildReportDocx, buildReportXlsx, createReport, FEEDBACK, loadReport, reportDto, setFeedback } from './report';
import { wordCount } from './wordcount';
import { draftOnly, fullDetail } from './member';
import { bookTitle, deleteReference, excellentWithin, insertReference, referencesWithin, referenceWithPath, reflectionUnitPaths, reviewQueue, unitPathOf, upwardReportUnits, type QueueFilter } from './repository';

/** A unit of the query, checked to lie within the reach of the action. */
async function unitInReach(svc: Services, auth: AuthContext, unitId: number) {
  const path = await unitPathOf(svc.db, unitId);
  if (!path) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, ReflectionPolicy.viewReview, { unitPath: path }, '该单位不在您的管理范围内');
  return path;
}

function reviewable(auth: AuthContext, row: Row) {
  if (row.status === 'draft' || !auth.reaches(row.unit_path, REVIEWERS)) throw forbidden('您没有权限审核该心得');
}

/**
 * The other side of a match lying outside the viewer's scope: only the passages
 * it shares with this reflection (and its author and unit), never its whole text.
 */
function overlapOnly(text: string, ranges: { start: number; end: number }[]) {
  const SEP = '\n……\n';
  let out = '';
  const theirs: { start: number; end: number }[] = [];
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    if (out) out += SEP;
    const piece = text.slice(r.start, r.end);
    theirs.push({ start: out.length, end: out.length + piece.length });
    out += piece;
  }
  return { theirsText: out, theirs };
}

/** Matched reflections outside the viewer's scope show only the shared passages. */
async function scopedMatches<M extends { kind: string; id: number; theirs: { start: number; end: number }[]; theirsText: string }>(svc: Services, auth: AuthContext, matches: M[]) {
  const paths = await reflectionUnitPaths(
    svc.db,
    matches.filter((m) => m.kind === 'reflection').map((m) => m.id),
  );
  return matches.map((m) => {
    const path = paths.find((p) => p.id === m.id)?.path;
    if (m.kind !== 'reflection' || (path !== undefined && auth.reaches(path, READERS))) return { ...m, outOfScope: false };
    return { ...m, ...overlapOnly(m.theirsText, m.theirs), outOfScope: true };
  });
}

// ---- review

export async function queue(svc: Services, auth: AuthContext, query: Omit<QueueFilter, 'unitPath' | 'page' | 'pageSize'> & { unitId?: number; page?: number; pageSize?: number }) {
  const reach = await svc.guard.reach(auth, ReflectionPolicy.viewReview);
  const unitPath = query.unitId ? await unitInReach(svc, auth, query.unitId) : undefined;
  const { rows, total } = await reviewQueue(svc.db, reach, { ...query, unitPath, page: query.page ?? 1, pageSize: query.pageSize ?? 50 });
  return { items: await summaries(svc, rows), total, canReview: await svc.guard.allows(auth, ReflectionPolicy.review) };
}

export async function reviewView(svc: Services, auth: AuthContext, id: number) {
  const row = await load(svc.db, id);
  if (!auth.reaches(row.unit_path, READERS)) throw forbidden('您没有权限审核该心得');
  if (row.status === 'draft') throw draftOnly();
  return {
    reflection: await detail(svc, auth, row),
    matches: await scopedMatches(svc, auth, await matchesForView(svc.db, row)),
    quotedPercent: row.similarity_quoted_percent,
    rubric: await rubricOf(svc, Number((row.month ?? todayLocal()).slice(0, 4))),
    flagPercent: await svc.settings.int('reflections.similarityFlagPercent'),
    canReview: auth.reaches(row.unit_path, REVIEWERS),
  };
}

export async function reviewOne(svc: Services, auth: AuthContext, id: number, action: ReviewAction, body: Parameters<typeof review>[4] & { version?: number }) {
  const row = await load(svc.db, id);
  reviewable(auth, row);
  if (body.version !== undefined && body.version !== row.version) throw stale(await detail(svc, auth, row));
  await review(svc, whoOf(auth), row, action, body);
  return fullDetail(svc, auth, row.id);
}

/** The same action on many reflections; each one refused is skipped with its reason. */
export async function reviewBatch(svc: Services, auth: AuthContext, action: ReviewAction, ids: number[], comment: string | undefined) {
  if (action === 'return' && !comment?.trim()) throw badRequest('批量退回时请填写退回意见');
  const done: number[] = [];
  const skipped: { id: number; reason: string }[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      const row = await load(svc.db, id);
      reviewable(auth, row);
      await review(svc, whoOf(auth), row, action, { comment });
      done.push(id);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      skipped.push({ id, reason: e.message });
    }
  }
  return { done, skipped };
}

export async function quotaView(svc: Services, auth: AuthContext, month = currentMonth(), unitId?: number) {
  const scopes = unitId ? [await unitInReach(svc, auth, unitId)] : (await svc.guard.reach(auth, ReflectionPolicy.viewReview)).paths;
  const r = await quota(svc, month, scopes);
  const seen = new Set<number>();
  return { month, percent: r.percent, items: r.items.filter((i) => !seen.has(i.unitId) && seen.add(i.unitId)) };
}

// ---- the reference corpus

export async function references(svc: Services, auth: AuthContext) {
  const rows = await referencesWithin(svc.db, await svc.guard.reach(auth, ReflectionPolicy.references));
  return { items: rows.map((r) => ({ id: r.id, title: r.title, kind: r.kind, bookId: r.book_id, bookTitle: r.book_title, chars: r.chars, createdAt: r.created_at })) };
}

export async function addReference(svc: Services, auth: AuthContext, input: { title: string; text: string; kind: 'copied' | 'excerpt'; bookId?: number | null }) {
  const title = input.title.trim();
  const text = input.text.trim();
  if (!title) throw badRequest('标题不能为空');
  if (!text) throw badRequest('正文不能为空');
  const chars = wordCount(text);
  if (chars > MAX_CHARS) throw new AppError(413, 'TOO_LARGE', `正文过长，最多 ${MAX_CHARS} 字`);
  let bookTitleOf: string | null = null;
  if (input.bookId) {
    const t = await bookTitle(svc.db, input.bookId);
    if (t === undefined) throw badRequest('所选的图书不存在');
    bookTitleOf = t;
  }
  const unitId = auth.grants(REVIEWERS)[0].unitId;
  const created = await svc.db.transaction().execute(async (trx) => {
    const r = await insertReference(trx, { unit_id: unitId, title, kind: input.kind, book_id: input.bookId ?? null, body_text: text, chars, created_by: auth.userId, created_at: nowIso() });
    // Only texts people copy are candidates; the book's words only take matches away.
    if (input.kind === 'copied') await indexBands(trx, 't', r.id, textBands(text));
    await svc.audit.record(trx, auth.actor(), { action: 'reflection.reference.create', entity: 'reference_text', entityId: r.id, detail: { title, kind: input.kind, chars } });
    return r;
  });
  return { id: created.id, title, kind: input.kind, bookId: input.bookId ?? null, bookTitle: bookTitleOf, chars, createdAt: created.created_at };
}

export async function removeReference(svc: Services, auth: AuthContext, id: number) {
  const t = await referenceWithPath(svc.db, id);
  if (!t) throw notFound('找不到该参考文本');
  // Another town's corpus is not this clerk's to remove (the refusal is audited by the app's hook).
  await svc.guard.authorize(auth, ReflectionPolicy.references, { unitPath: t.path }, '该参考文本不在您的管理范围内');
  await svc.db.transaction().execute(async (trx) => {
    await deleteReference(trx, t.id);
    await svc.audit.record(trx, auth.actor(), { action: 'reflection.reference.delete', entity: 'reference_text', entityId: t.id, detail: { title: t.title } });
  });
}

// ---- upward reports

export async function excellentToReport(svc: Services, auth: AuthContext) {
  return { items: await summaries(svc, await excellentWithin(svc.db, await svc.guard.reach(auth, ReflectionPolicy.report))) };
}

export async function upwardReports(svc: Services, auth: AuthContext) {
  const reps = await upwardReportUnits(svc.db);
  const items = [];
  const mayRead = await svc.guard.admits(auth, ReflectionPolicy.viewReview);
  for (const p of reps.filter((r) => mayRead({ unitPath: r.path }))) items.push(reportDto(await loadReport(svc.db, p.id)));
  return { items };
}

export async function reportUpward(svc: Services, auth: AuthContext, input: { title: string; recipient: string; reflectionIds: number[] }) {
  const unitId = auth.grants(REVIEWERS)[0].unitId;
  const id = await createReport(svc, whoOf(auth), unitId, input, (p) => auth.reaches(p, REVIEWERS));
  return reportDto(await loadReport(svc.db, id));
}

async function reportInScope(svc: Services, auth: AuthContext, id: number, roles = READERS) {
  const r = await loadReport(svc.db, id);
  if (!auth.reaches(r.rep.unit_path, roles)) throw forbidden('该上报记录不在您的管理范围内');
  return r;
}

export const upwardReport = async (svc: Services, auth: AuthContext, id: number) => reportDto(await reportInScope(svc, auth, id));

export async function upwardReportFile(svc: Services, auth: AuthContext, id: number, kind: 'docx' | 'xlsx') {
  const r = await reportInScope(svc, auth, id);
  return kind === 'docx' ? { name: `${r.rep.title}.docx`, buf: await buildReportDocx(r) } : { name: `${r.rep.title}-清单.xlsx`, buf: await buildReportXlsx(r) };
}

export async function reportFeedback(svc: Services, auth: AuthContext, id: number, itemId: number, feedback: string, note: string) {
  await reportInScope(svc, auth, id, REVIEWERS);
  if (!(FEEDBACK as readonly string[]).includes(feedback)) throw badRequest('反馈应为“采用”“未采用”或“待反馈”');
  await setFeedback(svc, whoOf(auth), id, itemId, feedback, note);
  return reportDto(await loadReport(svc.db, id));
}
