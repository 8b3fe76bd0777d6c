// The office's side of reflections, as the routes call it: the review queue and the review view, review
// actions, the monthly quota, the reference corpus and upward reports. Rules and object checks here; SQL in repository.ts.
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors';
import type { AuthContext } from '../../platform/auth/context';
import type { Services } from '../../platform/services';
import { formatLocal, nowIso, todayLocal } from '../../platform/time';
import type { Action } from '../../platform/policy';
import { buildXlsx } from '../../platform/xlsx';
import { ReflectionPolicy } from './policy';
import { currentMonth, detail, firstSubmissions, indexBands, load, matchesForView, MAX_CHARS, quota, READERS, REVIEWERS, rubricOf, stale, summaries, textBands, whoOf, type Row } from './service';
import { review, type ReviewAction } from './workflow';
import { buildReportDocx, buildReportXlsx, createReport, FEEDBACK, loadReport, reportDto, setFeedback } from './report';
import { wordCount } from './wordcount';
import { draftOnly, fullDetail } from './member';
import { bookTitle, deleteReference, excellentWithin, insertReference, referencesWithin, referenceWithPath, reflectionUnitPaths, reviewListRows, reviewQueue, unitPathOf, upwardReportUnits, type QueueFilter } from './repository';

/** A unit of the query, checked to lie within the reach of the action. */
async function unitInReach(svc: Services, auth: AuthContext, unitId: number, action: Action = ReflectionPolicy.viewReview) {
  const path = await unitPathOf(svc.db, unitId);
  if (!path) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, action, { unitPath: path }, '该单位不在您的管理范围内');
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

/** How a reflection outside the reviewer's scope is named: by nothing that identifies it. */
const OTHER_UNIT = '其他单位的一篇心得';

/** Matched reflections outside the viewer's scope show only the shared passages. */
async function scopedMatches<M extends { kind: string; id: number; theirs: { start: number; end: number }[]; theirsText: string }>(svc: Services, auth: AuthContext, matches: M[]) {
  const paths = await reflectionUnitPaths(
    svc.db,
    matches.filter((m) => m.kind === 'reflection').map((m) => m.id),
  );
  return matches.map((m) => {
    const path = paths.find((p) => p.id === m.id)?.path;
    if (m.kind !== 'reflection' || (path !== undefined && auth.reaches(path, READERS))) return { ...m, outOfScope: false };
    // Out of scope means anonymous (issue 12 defect 9): no author, unit or title, the shared passages only.
    return { ...m, title: OTHER_UNIT, author: '', unitName: null, ...overlapOnly(m.theirsText, m.theirs), outOfScope: true };
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
    // When this reflection was first handed in (a resubmission keeps it), to set beside each match's.
    firstSubmittedAt: (await firstSubmissions(svc.db, [row.id])).get(row.id) ?? null,
    quotedPercent: row.similarity_quoted_percent,
    rubric: await rubricOf(svc, Number((row.month ?? todayLocal()).slice(0, 4))),
    flagPercent: await svc.settings.int('reflections.similarityFlagPercent', 0, row.unit_path),
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

export async function quotaView(svc: Services, auth: AuthContext, month = currentMonth(), unitId?: number, action: Action = ReflectionPolicy.viewReview) {
  const scopes = unitId ? [await unitInReach(svc, auth, unitId, action)] : (await svc.guard.reach(auth, action)).paths;
  const r = await quota(svc, month, scopes);
  const seen = new Set<number>();
  return { month, percent: r.percent, items: r.items.filter((i) => !seen.has(i.unitId) && seen.add(i.unitId)) };
}

// ---- exports of the list and the quota table (issue 11)

/** At most this many reflections in one export: a larger list is narrowed by month or unit first. */
const EXPORT_LIMIT = 5000;
/** The states as the office names them (the web's strings say the same). */
const STATUS_LABEL: Record<string, string> = { draft: '草稿', submitted: '待审核', returned: '已退回', approved: '已通过', excellent: '优秀', reported: '已上报' };

/** The review list as filtered on the page, every page, as .xlsx: within the caller's subtree, audited. */
export async function queueXlsx(svc: Services, auth: AuthContext, query: Omit<QueueFilter, 'unitPath' | 'page' | 'pageSize'> & { unitId?: number }) {
  const reach = await svc.guard.reach(auth, ReflectionPolicy.export);
  const unitPath = query.unitId ? await unitInReach(svc, auth, query.unitId, ReflectionPolicy.export) : undefined;
  const limit = EXPORT_LIMIT;
  const rows = await reviewListRows(svc.db, reach, { ...query, unitPath }, limit + 1);
  if (rows.length > limit) throw badRequest(`符合条件的心得超过 ${limit} 篇，请按月份或单位缩小范围后再导出`);
  const items = await summaries(svc, rows);
  const buf = await buildXlsx([
    {
      name: '心得清单',
      title: `读书心得清单${query.month ? `（${query.month.replace('-', '年')}月）` : ''}`,
      columns: [
        { header: '序号', key: 'no', width: 6 },
        { header: '姓名', key: 'name', width: 10 },
        { header: '单位', key: 'unit', width: 16 },
        { header: '标题', key: 'title', width: 36 },
        { header: '书名', key: 'book', width: 24 },
        { header: '月份', key: 'month', width: 9 },
        { header: '字数', key: 'chars', width: 8 },
        { header: '状态', key: 'status', width: 10 },
        { header: '查重重合（%）', key: 'similarity', width: 13 },
        { header: '得分', key: 'score', width: 7 },
        { header: '提交时间', key: 'submitted', width: 17 },
      ],
      rows: items.map((r, i) => ({
        no: i + 1,
        name: r.memberName,
        unit: r.unitName,
        title: r.title,
        book: r.bookTitle,
        month: r.month ?? '',
        chars: r.charCount,
        status: r.resubmitted ? '重新提交' : (STATUS_LABEL[r.status] ?? r.status),
        similarity: r.similarityPercent ?? '',
        score: r.score ?? '',
        submitted: r.submittedAt ? formatLocal(r.submittedAt, 'YYYY-MM-DD HH:mm') : '',
      })),
    },
  ]);
  await svc.audit.recordAlone(auth.actor(), { action: 'reflection.export', entity: 'reflection', detail: { count: items.length, filter: query } });
  return { name: `读书心得清单${query.month ?? ''}.xlsx`, buf };
}

/** The month's quota table with a totals row, as .xlsx: within the caller's subtree, audited. */
export async function quotaXlsx(svc: Services, auth: AuthContext, monthArg: string | undefined, unitId: number | undefined) {
  const { month, percent, items } = await quotaView(svc, auth, monthArg, unitId, ReflectionPolicy.export);
  const sum = (f: (i: (typeof items)[number]) => number) => items.reduce((a, i) => a + f(i), 0);
  const [y, m] = month.split('-').map(Number);
  const buf = await buildXlsx([
    {
      name: `${y}年${m}月`,
      title: `${y}年${m}月读书心得配额完成情况（每月不少于在册人数的 ${percent}%）`,
      columns: [
        { header: '单位', key: 'unit', width: 18 },
        { header: '在册人数', key: 'headcount', width: 10 },
        { header: '应交篇数', key: 'required', width: 10 },
        { header: '已提交', key: 'submitted', width: 10 },
        { header: '已通过', key: 'approved', width: 10 },
        { header: '是否完成', key: 'met', width: 10 },
      ],
      rows: [
        ...items.map((i) => ({ unit: i.unitName, headcount: i.headcount, required: i.required, submitted: i.submitted, approved: i.approved, met: i.met ? '完成' : '未完成' })),
        { unit: '合计', headcount: sum((i) => i.headcount), required: sum((i) => i.required), submitted: sum((i) => i.submitted), approved: sum((i) => i.approved), met: `${items.filter((i) => i.met).length} / ${items.length} 个单位完成` },
      ],
    },
  ]);
  await svc.audit.recordAlone(auth.actor(), { action: 'reflection.quota.export', entity: 'unit', entityId: unitId ?? null, detail: { month, units: items.length } });
  return { name: `${y}年${m}月心得配额.xlsx`, buf };
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
