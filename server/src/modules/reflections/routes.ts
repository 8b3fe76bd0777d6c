import { Type, type Static } from 'typebox';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors';
import { authOf, type Module } from '../../platform/http';
import { buildXlsx, sendXlsx } from '../../platform/xlsx';
import { formatLocal, nowIso, todayLocal } from '../../platform/time';
import type { AuthContext } from '../../platform/auth/context';
import type { Services } from '../../platform/services';
import {
  access,
  baseQuery,
  currentMonth,
  detail,
  indexBands,
  load,
  matchesForView,
  MAX_CHARS,
  memberIdOf,
  memberUnitPath,
  publicSummary,
  quota,
  READERS,
  REVIEWERS,
  rubricOf,
  SHARED,
  stale,
  summaries,
  textBands,
  townPath,
  whoOf,
  type Row,
} from './service';
import { createDraft, review, submit, updateDraft, type ReviewAction } from './workflow';
import { buildReportDocx, buildReportXlsx, createReport, FEEDBACK, loadReport, reportDto, setFeedback } from './report';
import { CommentDto, Criterion, DetailDto, DraftBody, MatchDto, QuotaDto, ReferenceDto, ReportDto, ReviewBody, SummaryDto, UpdateBody } from './schemas';
import { wordCount } from './wordcount';
import { ReflectionPolicy } from './policy';
import { withinReach } from '../../db/subtree';

const tags = ['reflections'];
const Id = Type.Object({ id: Type.Integer() });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
/** Room for a 30,000-character reflection with its markup, not for a pasted document full of images. */
const DRAFT_BODY_LIMIT = 512 * 1024;
/** At most this many reflections in one export: a larger list is narrowed by month or unit first. */
const EXPORT_LIMIT = 5000;
/** The states as the office names them (the web's strings say the same). */
const STATUS_LABEL: Record<string, string> = { draft: '草稿', submitted: '待审核', returned: '已退回', approved: '已通过', excellent: '优秀', reported: '已上报' };

const draftOnly = () => forbidden('该心得尚未提交，只有作者本人可以查看');

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

function reviewable(auth: AuthContext, row: Row) {
  if (row.status === 'draft' || !auth.reaches(row.unit_path, REVIEWERS)) throw forbidden('您没有权限审核该心得');
}

/** The queue's status filter: the stored states after hand-in, and 重新提交 (submitted again after a return). */
const QueueStatus = Type.Union(['submitted', 'resubmitted', 'returned', 'approved', 'excellent', 'reported'].map((s) => Type.Literal(s)));

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

const routes: Module = async (app, { svc }) => {
  const full = async (auth: AuthContext, id: number) => detail(svc, auth, await load(svc.db, id));
  /** Matched reflections outside the viewer's scope show only the shared passages. */
  const scopedMatches = async <M extends { kind: string; id: number; theirs: { start: number; end: number }[]; theirsText: string }>(auth: AuthContext, matches: M[]) => {
    const ids = matches.filter((m) => m.kind === 'reflection').map((m) => m.id);
    const paths = ids.length ? await svc.db.selectFrom('reflections as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(['r.id', 'u.path']).where('r.id', 'in', ids).execute() : [];
    return matches.map((m) => {
      const path = paths.find((p) => p.id === m.id)?.path;
      if (m.kind !== 'reflection' || (path !== undefined && auth.reaches(path, READERS))) return { ...m, outOfScope: false };
      return { ...m, ...overlapOnly(m.theirsText, m.theirs), outOfScope: true };
    });
  };
  const staleOf = (auth: AuthContext, id: number) => async () => stale(await full(auth, id));

  // ------------------------------------------------------------ member: writing
  app.get(
    '/reflections/config',
    { config: { policy: ReflectionPolicy.write },
      schema: {
        tags,
        summary: '写心得的设置：最少字数、查重阈值、评分标准',
        response: { 200: Type.Object({ minChars: Type.Integer(), maxChars: Type.Integer(), flagPercent: Type.Integer(), sharedWithColleagues: Type.Boolean(), rubric: Type.Array(Criterion) }) },
      },
    },
    async (req) => {
      authOf(req);
      const year = Number(todayLocal().slice(0, 4));
      return {
        minChars: await svc.settings.int('plan.reflectionMinChars', year),
        maxChars: MAX_CHARS,
        flagPercent: await svc.settings.int('reflections.similarityFlagPercent'),
        sharedWithColleagues: await svc.settings.bool('reflections.sharedWithColleagues'),
        rubric: await rubricOf(svc, year),
      };
    },
  );

  app.get(
    '/reflections/books',
    { config: { policy: ReflectionPolicy.write },
      schema: {
        tags,
        summary: '我读完的书（月度阅读计划中已读完的条目），可据此写心得',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ planItemId: Type.Union([Type.Integer(), Type.Null()]), bookId: Type.Union([Type.Integer(), Type.Null()]), bookTitle: Type.String(), finishedOn: Type.Union([Type.String(), Type.Null()]), reflectionId: Type.Union([Type.Integer(), Type.Null()]) }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const memberId = memberIdOf(authOf(req));
      const items = await svc.db
        .selectFrom('reading_plan_items as i')
        .leftJoin('books as b', 'b.id', 'i.book_id')
        .select(['i.id', 'i.book_id', 'i.own_title', 'i.finished_on', 'b.title'])
        .where('i.member_id', '=', memberId)
        .where('i.status', '=', 'finished')
        .orderBy('i.finished_on', 'desc')
        .orderBy('i.id', 'desc')
        .execute();
      const written = await svc.db.selectFrom('reflections').select(['id', 'plan_item_id']).where('member_id', '=', memberId).where('plan_item_id', 'is not', null).execute();
      return {
        items: items.map((i) => ({
          planItemId: i.id,
          bookId: i.book_id,
          bookTitle: i.title ?? i.own_title ?? '',
          finishedOn: i.finished_on,
          reflectionId: written.find((w) => w.plan_item_id === i.id)?.id ?? null,
        })),
      };
    },
  );

  app.get('/reflections/mine', { config: { policy: ReflectionPolicy.write }, schema: { tags, summary: '我的心得', response: { 200: Type.Object({ items: Type.Array(SummaryDto) }) } } }, async (req) => {
    const memberId = memberIdOf(authOf(req));
    const rows = await baseQuery(svc.db).where('r.member_id', '=', memberId).orderBy('r.updated_at', 'desc').orderBy('r.id', 'desc').execute();
    return { items: await summaries(svc, rows) };
  });

  app.post('/reflections', { config: { policy: ReflectionPolicy.write }, bodyLimit: DRAFT_BODY_LIMIT, schema: { tags, summary: '新建心得草稿', body: DraftBody, response: { 201: DetailDto } } }, async (req, reply) => {
    const auth = authOf(req);
    const memberId = memberIdOf(auth);
    const id = await createDraft(svc, whoOf(auth), memberId, req.body);
    return reply.status(201).send(await full(auth, id));
  });

  app.get('/reflections/:id', { config: { policy: ReflectionPolicy.read }, schema: { tags, summary: '心得详情（作者、管理范围内的审核与领导、公开后的同事）', params: Id, response: { 200: DetailDto } } }, async (req) => {
    const auth = authOf(req);
    const { row } = await readable(svc, auth, req.params.id);
    return detail(svc, auth, row);
  });

  app.put(
    '/reflections/:id',
    { config: { policy: ReflectionPolicy.write },
      bodyLimit: DRAFT_BODY_LIMIT,
      schema: { tags, summary: '保存草稿（自动保存）；版本过期时 409 并返回服务器上的版本', params: Id, body: UpdateBody, response: { 200: DetailDto } },
    },
    async (req) => {
      const auth = authOf(req);
      const row = await ownRow(svc, auth, req.params.id);
      await updateDraft(svc, whoOf(auth), row, req.body, staleOf(auth, row.id));
      return full(auth, row.id);
    },
  );

  app.delete('/reflections/:id', { config: { policy: ReflectionPolicy.write }, schema: { tags, summary: '删除草稿', params: Id } }, async (req, reply) => {
    const auth = authOf(req);
    const row = await ownRow(svc, auth, req.params.id);
    if (row.status !== 'draft') throw new AppError(409, 'LOCKED', '只能删除未提交过的草稿');
    await svc.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('reflection_events').where('reflection_id', '=', row.id).execute();
      await trx.deleteFrom('reflections').where('id', '=', row.id).where('status', '=', 'draft').execute();
      await svc.audit.record(trx, auth.actor(), { action: 'reflection.delete', entity: 'reflection', entityId: row.id, detail: { title: row.title } });
    });
    return reply.status(204).send();
  });

  app.post(
    '/reflections/:id/submit',
    { config: { policy: ReflectionPolicy.write }, schema: { tags, summary: '提交心得（字数检查、查重）', params: Id, body: Type.Object({ version: Type.Optional(Type.Integer()) }, { additionalProperties: false }), response: { 200: DetailDto } } },
    async (req) => {
      const auth = authOf(req);
      const row = await ownRow(svc, auth, req.params.id);
      await submit(svc, whoOf(auth), row, req.body.version, staleOf(auth, row.id));
      return full(auth, row.id);
    },
  );

  // ------------------------------------------------------------ review
  const ReviewQuery = Type.Object(
    {
      unitId: Type.Optional(Type.Integer()),
      month: Type.Optional(Month),
      status: Type.Optional(QueueStatus),
      minSimilarity: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
      q: Type.Optional(Type.String({ maxLength: 50 })),
      page: Type.Optional(Type.Integer({ minimum: 1 })),
      pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    },
    { additionalProperties: false },
  );
  /** The review list's query: the caller's reach for `action`, then the filters (the page and its export share it). */
  const reviewList = async (auth: AuthContext, action: typeof ReflectionPolicy.viewReview, f: Static<typeof ReviewQuery>) => {
    const reach = await svc.guard.reach(auth, action);
    // Drafts are their authors' alone: never in the queue.
    let q = baseQuery(svc.db)
      .where(withinReach(reach, { unitPath: 'u.path' }))
      .where('r.status', '!=', 'draft');
    if (f.unitId) {
      const unit = await svc.db.selectFrom('units').select('path').where('id', '=', f.unitId).executeTakeFirst();
      if (!unit) throw notFound('找不到该单位');
      await svc.guard.authorize(auth, action, { unitPath: unit.path }, '该单位不在您的管理范围内');
      q = q.where('u.path', 'like', `${unit.path}%`);
    }
    if (f.month) q = q.where('r.month', '=', f.month);
    if (f.status === 'resubmitted') {
      q = q
        .where('r.status', '=', 'submitted')
        .where((eb) => eb.exists(eb.selectFrom('reflection_events as e').select('e.id').whereRef('e.reflection_id', '=', 'r.id').where('e.action', '=', 'return')));
    } else if (f.status) q = q.where('r.status', '=', f.status);
    if (f.minSimilarity !== undefined) q = q.where('r.similarity_percent', '>=', f.minSimilarity);
    if (f.q) q = q.where((eb) => eb.or([eb('r.title', 'like', `%${f.q}%`), eb('m.name', 'like', `%${f.q}%`), eb('r.book_title', 'like', `%${f.q}%`)]));
    return q;
  };

  app.get(
    '/reflections/review',
    { config: { policy: ReflectionPolicy.viewReview },
      schema: {
        tags,
        summary: '审核队列（党建办；领导、书记、验收组只读）',
        querystring: ReviewQuery,
        response: { 200: Type.Object({ items: Type.Array(SummaryDto), total: Type.Integer(), canReview: Type.Boolean() }) },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const q = await reviewList(auth, ReflectionPolicy.viewReview, req.query);
      const pageSize = req.query.pageSize ?? 50;
      const page = req.query.page ?? 1;
      const [rows, total] = await Promise.all([
        q.orderBy('r.submitted_at', 'desc').orderBy('r.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
        q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: await summaries(svc, rows), total: Number(total.n), canReview: await svc.guard.allows(auth, ReflectionPolicy.review) };
    },
  );

  // The list as filtered on the page, every page, as .xlsx (issue 11): within the caller's subtree, audited.
  app.get(
    '/reflections/review.xlsx',
    { config: { policy: ReflectionPolicy.export }, schema: { tags, summary: '导出心得清单 .xlsx（与审核队列相同的筛选，本人管辖范围内）', querystring: ReviewQuery } },
    async (req, reply) => {
      const auth = authOf(req);
      const limit = EXPORT_LIMIT;
      const q = await reviewList(auth, ReflectionPolicy.export, req.query);
      const rows = await q.orderBy('r.submitted_at', 'desc').orderBy('r.id', 'desc').limit(limit + 1).execute();
      if (rows.length > limit) throw badRequest(`符合条件的心得超过 ${limit} 篇，请按月份或单位缩小范围后再导出`);
      const items = await summaries(svc, rows);
      const buf = await buildXlsx([
        {
          name: '心得清单',
          title: `读书心得清单${req.query.month ? `（${req.query.month.replace('-', '年')}月）` : ''}`,
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
      await svc.audit.recordAlone(auth.actor(), { action: 'reflection.export', entity: 'reflection', detail: { count: items.length, filter: req.query } });
      return sendXlsx(reply, `读书心得清单${req.query.month ?? ''}.xlsx`, buf);
    },
  );

  app.get(
    '/reflections/:id/review',
    { config: { policy: ReflectionPolicy.viewReview },
      schema: {
        tags,
        summary: '审阅视图：正文、查重结果（两侧高亮）、评分标准',
        params: Id,
        response: {
          200: Type.Object({
            reflection: DetailDto,
            matches: Type.Array(MatchDto),
            // Share of the text (%) inside quotation marks or blockquotes; null for reflections checked before it was kept.
            quotedPercent: Type.Union([Type.Integer(), Type.Null()]),
            rubric: Type.Array(Criterion),
            flagPercent: Type.Integer(),
            canReview: Type.Boolean(),
          }),
        },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const row = await load(svc.db, req.params.id);
      if (!auth.reaches(row.unit_path, READERS)) throw forbidden('您没有权限审核该心得');
      if (row.status === 'draft') throw draftOnly();
      return {
        reflection: await detail(svc, auth, row),
        matches: await scopedMatches(auth, await matchesForView(svc.db, row)),
        quotedPercent: row.similarity_quoted_percent,
        rubric: await rubricOf(svc, Number((row.month ?? todayLocal()).slice(0, 4))),
        flagPercent: await svc.settings.int('reflections.similarityFlagPercent'),
        canReview: auth.reaches(row.unit_path, REVIEWERS),
      };
    },
  );

  for (const action of ['return', 'approve', 'excellent'] as ReviewAction[]) {
    const summary = { return: '退回修改（可逐段批注）', approve: '审核通过', excellent: '评为优秀' }[action];
    app.post(`/reflections/:id/${action}`, { config: { policy: ReflectionPolicy.review }, schema: { tags, summary, params: Id, body: ReviewBody, response: { 200: DetailDto } } }, async (req) => {
      const auth = authOf(req);
      const row = await load(svc.db, req.params.id);
      reviewable(auth, row);
      if (req.body.version !== undefined && req.body.version !== row.version) throw stale(await detail(svc, auth, row));
      await review(svc, whoOf(auth), row, action, req.body);
      return full(auth, row.id);
    });
  }

  app.post(
    '/reflections/batch',
    { config: { policy: ReflectionPolicy.review },
      schema: {
        tags,
        summary: '批量通过 / 批量评为优秀 / 批量退回（退回时须填写意见，所有选中的心得收到同一条意见）',
        body: Type.Object({ action: Type.Union([Type.Literal('approve'), Type.Literal('excellent'), Type.Literal('return')]), ids: Type.Array(Type.Integer(), { minItems: 1, maxItems: 200 }), comment: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ done: Type.Array(Type.Integer()), skipped: Type.Array(Type.Object({ id: Type.Integer(), reason: Type.String() })) }) },
      },
    },
    async (req) => {
      const auth = authOf(req);
      if (req.body.action === 'return' && !req.body.comment?.trim()) throw badRequest('批量退回时请填写退回意见');
      const done: number[] = [];
      const skipped: { id: number; reason: string }[] = [];
      for (const id of [...new Set(req.body.ids)]) {
        try {
          const row = await load(svc.db, id);
          reviewable(auth, row);
          await review(svc, whoOf(auth), row, req.body.action, { comment: req.body.comment });
          done.push(id);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          skipped.push({ id, reason: e.message });
        }
      }
      return { done, skipped };
    },
  );

  // ------------------------------------------------------------ reference corpus
  app.get('/reflections/references', { config: { policy: ReflectionPolicy.references }, schema: { tags, summary: '查重参考文本（本人管辖范围内上传的）', response: { 200: Type.Object({ items: Type.Array(ReferenceDto) }) } } }, async (req) => {
    const auth = authOf(req);
    const reach = await svc.guard.reach(auth, ReflectionPolicy.references);
    const rows = await svc.db
      .selectFrom('reference_texts as t')
      .innerJoin('units as u', 'u.id', 't.unit_id')
      .leftJoin('books as b', 'b.id', 't.book_id')
      .select(['t.id', 't.title', 't.kind', 't.book_id', 'b.title as book_title', 't.chars', 't.created_at'])
      .where(withinReach(reach, { unitPath: 'u.path' }))
      .orderBy('t.id', 'desc')
      .execute();
    return { items: rows.map((r) => ({ id: r.id, title: r.title, kind: r.kind, bookId: r.book_id, bookTitle: r.book_title, chars: r.chars, createdAt: r.created_at })) };
  });

  app.post(
    '/reflections/references',
    { config: { policy: ReflectionPolicy.references },
      bodyLimit: DRAFT_BODY_LIMIT,
      schema: {
        tags,
        summary: '上传参考文本：常被抄袭的文章（copied）或书中原文摘录（excerpt，不计为抄袭）',
        body: Type.Object({ title: Type.String({ maxLength: 200 }), text: Type.String(), kind: Type.Union([Type.Literal('copied'), Type.Literal('excerpt')]), bookId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])) }, { additionalProperties: false }),
        response: { 201: ReferenceDto },
      },
    },
    async (req, reply) => {
      const auth = authOf(req);
      const title = req.body.title.trim();
      const text = req.body.text.trim();
      if (!title) throw badRequest('标题不能为空');
      if (!text) throw badRequest('正文不能为空');
      const chars = wordCount(text);
      if (chars > MAX_CHARS) throw new AppError(413, 'TOO_LARGE', `正文过长，最多 ${MAX_CHARS} 字`);
      let bookTitle: string | null = null;
      if (req.body.bookId) {
        const b = await svc.db.selectFrom('books').select('title').where('id', '=', req.body.bookId).executeTakeFirst();
        if (!b) throw badRequest('所选的图书不存在');
        bookTitle = b.title;
      }
      const unitId = auth.grants(REVIEWERS)[0].unitId;
      const created = await svc.db.transaction().execute(async (trx) => {
        const now = nowIso();
        const r = await trx
          .insertInto('reference_texts')
          .values({ unit_id: unitId, title, kind: req.body.kind, book_id: req.body.bookId ?? null, body_text: text, chars, created_by: auth.userId, created_at: now })
          .returning(['id', 'created_at'])
          .executeTakeFirstOrThrow();
        // Only texts people copy are candidates; the book's words only take matches away.
        if (req.body.kind === 'copied') await indexBands(trx, 't', r.id, textBands(text));
        await svc.audit.record(trx, auth.actor(), { action: 'reflection.reference.create', entity: 'reference_text', entityId: r.id, detail: { title, kind: req.body.kind, chars } });
        return r;
      });
      return reply.status(201).send({ id: created.id, title, kind: req.body.kind, bookId: req.body.bookId ?? null, bookTitle, chars, createdAt: created.created_at });
    },
  );

  app.delete('/reflections/references/:id', { config: { policy: ReflectionPolicy.references }, schema: { tags, summary: '删除参考文本', params: Id } }, async (req, reply) => {
    const auth = authOf(req);
    const t = await svc.db
      .selectFrom('reference_texts as t')
      .innerJoin('units as u', 'u.id', 't.unit_id')
      .select(['t.id', 't.title', 'u.path'])
      .where('t.id', '=', req.params.id)
      .executeTakeFirst();
    if (!t) throw notFound('找不到该参考文本');
    // Another town's corpus is not this clerk's to remove (the refusal is audited by the app's hook).
    await svc.guard.authorize(auth, ReflectionPolicy.references, { unitPath: t.path }, '该参考文本不在您的管理范围内');
    await svc.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('reflection_bands').where('source', '=', 't').where('ref_id', '=', t.id).execute();
      await trx.deleteFrom('reference_texts').where('id', '=', t.id).execute();
      await svc.audit.record(trx, auth.actor(), { action: 'reflection.reference.delete', entity: 'reference_text', entityId: t.id, detail: { title: t.title } });
    });
    return reply.status(204).send();
  });

  // ------------------------------------------------------------ quota
  app.get(
    '/reflections/quota',
    { config: { policy: ReflectionPolicy.viewReview }, schema: { tags, summary: '每月心得配额（按单位：提交数、通过数 / ⌈比例 × 在册人数⌉）', querystring: Type.Object({ month: Type.Optional(Month), unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false }), response: { 200: QuotaDto } } },
    async (req) => {
      const auth = authOf(req);
      const month = req.query.month ?? currentMonth();
      let scopes = (await svc.guard.reach(auth, ReflectionPolicy.viewReview)).paths;
      if (req.query.unitId) {
        const unit = await svc.db.selectFrom('units').select('path').where('id', '=', req.query.unitId).executeTakeFirst();
        if (!unit) throw notFound('找不到该单位');
        await svc.guard.authorize(auth, ReflectionPolicy.viewReview, { unitPath: unit.path }, '该单位不在您的管理范围内');
        scopes = [unit.path];
      }
      const r = await quota(svc, month, scopes);
      const seen = new Set<number>();
      return { month, percent: r.percent, items: r.items.filter((i) => !seen.has(i.unitId) && seen.add(i.unitId)) };
    },
  );

  app.get(
    '/reflections/quota.xlsx',
    { config: { policy: ReflectionPolicy.export }, schema: { tags, summary: '导出每月心得配额表 .xlsx（本人管辖范围内）', querystring: Type.Object({ month: Type.Optional(Month), unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false }) } },
    async (req, reply) => {
      const auth = authOf(req);
      const month = req.query.month ?? currentMonth();
      let scopes = (await svc.guard.reach(auth, ReflectionPolicy.export)).paths;
      if (req.query.unitId) {
        const unit = await svc.db.selectFrom('units').select('path').where('id', '=', req.query.unitId).executeTakeFirst();
        if (!unit) throw notFound('找不到该单位');
        await svc.guard.authorize(auth, ReflectionPolicy.export, { unitPath: unit.path }, '该单位不在您的管理范围内');
        scopes = [unit.path];
      }
      const r = await quota(svc, month, scopes);
      const seen = new Set<number>();
      const items = r.items.filter((i) => !seen.has(i.unitId) && seen.add(i.unitId));
      const sum = (f: (i: (typeof items)[number]) => number) => items.reduce((a, i) => a + f(i), 0);
      const [y, m] = month.split('-').map(Number);
      const buf = await buildXlsx([
        {
          name: `${y}年${m}月`,
          title: `${y}年${m}月读书心得配额完成情况（每月不少于在册人数的 ${r.percent}%）`,
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
      await svc.audit.recordAlone(auth.actor(), { action: 'reflection.quota.export', entity: 'unit', entityId: req.query.unitId ?? null, detail: { month, units: items.length } });
      return sendXlsx(reply, `${y}年${m}月心得配额.xlsx`, buf);
    },
  );

  // ------------------------------------------------------------ upward report
  app.get('/reflections/excellent', { config: { policy: ReflectionPolicy.report }, schema: { tags, summary: '可上报的优秀心得', response: { 200: Type.Object({ items: Type.Array(SummaryDto) }) } } }, async (req) => {
    const auth = authOf(req);
    const reach = await svc.guard.reach(auth, ReflectionPolicy.report);
    const rows = await baseQuery(svc.db)
      .where('r.status', '=', 'excellent')
      .where(withinReach(reach, { unitPath: 'u.path' }))
      .orderBy('r.reviewed_at', 'desc')
      .execute();
    return { items: await summaries(svc, rows) };
  });

  app.get('/reflections/reports', { config: { policy: ReflectionPolicy.viewReview }, schema: { tags, summary: '上报记录', response: { 200: Type.Object({ items: Type.Array(ReportDto) }) } } }, async (req) => {
    const auth = authOf(req);
    const reps = await svc.db.selectFrom('upward_reports as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.id', 'u.path']).orderBy('p.reported_at', 'desc').execute();
    const items = [];
    const mayRead = await svc.guard.admits(auth, ReflectionPolicy.viewReview);
    for (const p of reps.filter((r) => mayRead({ unitPath: r.path }))) items.push(reportDto(await loadReport(svc.db, p.id)));
    return { items };
  });

  app.post(
    '/reflections/reports',
    { config: { policy: ReflectionPolicy.report },
      schema: {
        tags,
        summary: '上报优秀心得（生成公文格式汇编，心得变为已上报）',
        body: Type.Object({ title: Type.String({ maxLength: 200 }), recipient: Type.String({ maxLength: 200 }), reflectionIds: Type.Array(Type.Integer(), { maxItems: 200 }) }, { additionalProperties: false }),
        response: { 201: ReportDto },
      },
    },
    async (req, reply) => {
      const auth = authOf(req);
      const unitId = auth.grants(REVIEWERS)[0].unitId;
      const id = await createReport(svc, whoOf(auth), unitId, req.body, (p) => auth.reaches(p, REVIEWERS));
      return reply.status(201).send(reportDto(await loadReport(svc.db, id)));
    },
  );

  const reportInScope = async (auth: AuthContext, id: number, roles = READERS) => {
    const r = await loadReport(svc.db, id);
    if (!auth.reaches(r.rep.unit_path, roles)) throw forbidden('该上报记录不在您的管理范围内');
    return r;
  };

  app.get('/reflections/reports/:id', { config: { policy: ReflectionPolicy.viewReview }, schema: { tags, summary: '上报记录详情', params: Id, response: { 200: ReportDto } } }, async (req) => reportDto(await reportInScope(authOf(req), req.params.id)));

  app.get('/reflections/reports/:id/docx', { config: { policy: ReflectionPolicy.viewReview }, schema: { tags, summary: '下载上报汇编 .docx', params: Id } }, async (req, reply) => {
    const r = await reportInScope(authOf(req), req.params.id);
    const buf = await buildReportDocx(r);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="report.docx"; filename*=UTF-8''${encodeURIComponent(`${r.rep.title}.docx`)}`)
      .send(buf);
  });

  app.get('/reflections/reports/:id/xlsx', { config: { policy: ReflectionPolicy.viewReview }, schema: { tags, summary: '下载上报清单 .xlsx', params: Id } }, async (req, reply) => {
    const r = await reportInScope(authOf(req), req.params.id);
    return sendXlsx(reply, `${r.rep.title}-清单.xlsx`, await buildReportXlsx(r));
  });

  app.put(
    '/reflections/reports/:id/items/:itemId',
    { config: { policy: ReflectionPolicy.report },
      schema: {
        tags,
        summary: '登记上级反馈（采用 / 未采用）',
        params: Type.Object({ id: Type.Integer(), itemId: Type.Integer() }),
        body: Type.Object({ feedback: Type.String(), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: ReportDto },
      },
    },
    async (req) => {
      const auth = authOf(req);
      await reportInScope(auth, req.params.id, REVIEWERS);
      if (!(FEEDBACK as readonly string[]).includes(req.body.feedback)) throw badRequest('反馈应为“采用”“未采用”或“待反馈”');
      await setFeedback(svc, whoOf(auth), req.params.id, req.params.itemId, req.body.feedback, req.body.note ?? '');
      return reportDto(await loadReport(svc.db, req.params.id));
    },
  );

  // ------------------------------------------------------------ sharing
  app.get(
    '/reflections/shared',
    { config: { policy: ReflectionPolicy.social },
      schema: {
        tags,
        summary: '同事的心得（本镇已通过的心得，设置开启时）',
        querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(SummaryDto), total: Type.Integer(), enabled: Type.Boolean() }) },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const memberId = memberIdOf(auth);
      if (!(await svc.settings.bool('reflections.sharedWithColleagues'))) return { items: [], total: 0, enabled: false };
      const path = await memberUnitPath(svc.db, memberId);
      if (!path) return { items: [], total: 0, enabled: true };
      const town = await townPath(svc.db, path);
      const q = baseQuery(svc.db).where('r.status', 'in', SHARED).where('u.path', 'like', `${town}%`);
      const page = req.query.page ?? 1;
      const [rows, total] = await Promise.all([
        q.orderBy('r.reviewed_at', 'desc').orderBy('r.id', 'desc').limit(30).offset((page - 1) * 30).execute(),
        q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: (await summaries(svc, rows)).map(publicSummary), total: Number(total.n), enabled: true };
    },
  );

  const sharedRow = async (auth: AuthContext, id: number) => {
    const row = await load(svc.db, id);
    const a = await access(svc, auth, row);
    if (!SHARED.includes(row.status as never) || !(a.own || a.colleague || a.reader)) throw forbidden('该心得未公开');
    return row;
  };
  const likeState = async (id: number, memberId: number) => {
    const [n, mine] = await Promise.all([
      svc.db.selectFrom('reflection_likes').select((eb) => eb.fn.countAll<number>().as('n')).where('reflection_id', '=', id).executeTakeFirstOrThrow(),
      svc.db.selectFrom('reflection_likes').select('id').where('reflection_id', '=', id).where('member_id', '=', memberId).executeTakeFirst(),
    ]);
    return { likes: Number(n.n), likedByMe: Boolean(mine) };
  };
  const LikeDto = Type.Object({ likes: Type.Integer(), likedByMe: Type.Boolean() });

  app.post('/reflections/:id/like', { config: { policy: ReflectionPolicy.social }, schema: { tags, summary: '点赞', params: Id, response: { 200: LikeDto } } }, async (req) => {
    const auth = authOf(req);
    const memberId = memberIdOf(auth);
    const row = await sharedRow(auth, req.params.id);
    await svc.db
      .insertInto('reflection_likes')
      .values({ reflection_id: row.id, member_id: memberId, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['reflection_id', 'member_id']).doNothing())
      .execute();
    return likeState(row.id, memberId);
  });

  app.delete('/reflections/:id/like', { config: { policy: ReflectionPolicy.social }, schema: { tags, summary: '取消点赞', params: Id, response: { 200: LikeDto } } }, async (req) => {
    const auth = authOf(req);
    const memberId = memberIdOf(auth);
    const row = await sharedRow(auth, req.params.id);
    await svc.db.deleteFrom('reflection_likes').where('reflection_id', '=', row.id).where('member_id', '=', memberId).execute();
    return likeState(row.id, memberId);
  });

  app.get('/reflections/:id/comments', { config: { policy: ReflectionPolicy.social }, schema: { tags, summary: '评论', params: Id, response: { 200: Type.Object({ items: Type.Array(CommentDto) }) } } }, async (req) => {
    const auth = authOf(req);
    const row = await sharedRow(auth, req.params.id);
    const rows = await svc.db
      .selectFrom('reflection_comments as c')
      .innerJoin('members as m', 'm.id', 'c.member_id')
      .select(['c.id', 'c.body', 'c.created_at', 'c.member_id', 'm.name'])
      .where('c.reflection_id', '=', row.id)
      .orderBy('c.id')
      .execute();
    const moderates = auth.reaches(row.unit_path, REVIEWERS);
    return {
      items: rows.map((c) => {
        const mine = c.member_id === auth.user.memberId;
        return { id: c.id, memberName: c.name, body: c.body, at: c.created_at, mine, canDelete: mine || moderates };
      }),
    };
  });

  app.post('/reflections/:id/comments', { config: { policy: ReflectionPolicy.social }, schema: { tags, summary: '发表评论（纯文本）', params: Id, body: Type.Object({ body: Type.String({ maxLength: 500 }) }, { additionalProperties: false }), response: { 201: CommentDto } } }, async (req, reply) => {
    const auth = authOf(req);
    const memberId = memberIdOf(auth);
    const row = await sharedRow(auth, req.params.id);
    const body = req.body.body.trim();
    if (!body) throw badRequest('评论不能为空');
    const c = await svc.db.transaction().execute(async (trx) => {
      const now = nowIso();
      const r = await trx.insertInto('reflection_comments').values({ reflection_id: row.id, member_id: memberId, body, created_at: now }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
      await svc.audit.record(trx, auth.actor(), { action: 'reflection.comment', entity: 'reflection', entityId: row.id, detail: { commentId: r.id } });
      return r;
    });
    const me = await svc.db.selectFrom('members').select('name').where('id', '=', memberId).executeTakeFirstOrThrow();
    return reply.status(201).send({ id: c.id, memberName: me.name, body, at: c.created_at, mine: true, canDelete: true });
  });

  app.delete(
    '/reflections/:id/comments/:commentId',
    { config: { policy: ReflectionPolicy.social }, schema: { tags, summary: '删除评论（评论者本人，或管辖该单位的党建办）', params: Type.Object({ id: Type.Integer(), commentId: Type.Integer() }) } },
    async (req, reply) => {
      const auth = authOf(req);
      const row = await load(svc.db, req.params.id);
      const c = await svc.db
        .selectFrom('reflection_comments')
        .select(['id', 'member_id', 'body'])
        .where('id', '=', req.params.commentId)
        .where('reflection_id', '=', row.id)
        .executeTakeFirst();
      if (!c) throw notFound('找不到该评论');
      const mine = auth.user.memberId !== null && c.member_id === auth.user.memberId;
      if (!mine && !auth.reaches(row.unit_path, REVIEWERS)) throw forbidden('只能删除自己的评论');
      await svc.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('reflection_comments').where('id', '=', c.id).execute();
        await svc.audit.record(trx, auth.actor(), {
          action: 'reflection.comment.delete',
          entity: 'reflection',
          entityId: row.id,
          detail: { commentId: c.id, by: mine ? 'author' : 'clerk', body: c.body.slice(0, 100) },
        });
      });
      return reply.status(204).send();
    },
  );
};

export default routes;
