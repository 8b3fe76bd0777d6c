import { Type } from 'typebox';
import { authOf, type Module } from '../../platform/http';
import { sendXlsx } from '../../platform/xlsx';
import {
  addComment,
  addReference,
  comments,
  excellentToReport,
  finishedBooks,
  handIn,
  like,
  myReflections,
  newDraft,
  queue,
  queueXlsx,
  quotaView,
  quotaXlsx,
  readReflection,
  references,
  removeComment,
  removeDraft,
  removeReference,
  reportFeedback,
  reportUpward,
  reviewBatch,
  reviewOne,
  reviewView,
  saveDraft,
  sharedReflections,
  unlike,
  upwardReport,
  upwardReportFile,
  upwardReports,
  writingConfig,
  type ReviewAction,
} from './service';
import { CommentDto, Criterion, DetailDto, DraftBody, MatchDto, QuotaDto, ReferenceDto, ReportDto, ReviewBody, SummaryDto, UpdateBody } from './schemas';
import { ReflectionPolicy } from './policy';

const tags = ['reflections'];
const Id = Type.Object({ id: Type.Integer() });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
/** Room for a 30,000-character reflection with its markup, not for a pasted document full of images. */
const DRAFT_BODY_LIMIT = 512 * 1024;

/** The queue's status filter: the stored states after hand-in, and 重新提交 (submitted again after a return). */
const QueueStatus = Type.Union(['submitted', 'resubmitted', 'returned', 'approved', 'excellent', 'reported'].map((s) => Type.Literal(s)));

const routes: Module = async (app, { svc }) => {
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
    async (req) => writingConfig(svc, authOf(req)),
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
    async (req) => finishedBooks(svc, authOf(req)),
  );

  app.get('/reflections/mine', { config: { policy: ReflectionPolicy.write }, schema: { tags, summary: '我的心得', response: { 200: Type.Object({ items: Type.Array(SummaryDto) }) } } }, async (req) =>
    myReflections(svc, authOf(req)),
  );

  app.post('/reflections', { config: { policy: ReflectionPolicy.write }, bodyLimit: DRAFT_BODY_LIMIT, schema: { tags, summary: '新建心得草稿', body: DraftBody, response: { 201: DetailDto } } }, async (req, reply) =>
    reply.status(201).send(await newDraft(svc, authOf(req), req.body)),
  );

  app.get('/reflections/:id', { config: { policy: ReflectionPolicy.read }, schema: { tags, summary: '心得详情（作者、管理范围内的审核与领导、公开后的同事）', params: Id, response: { 200: DetailDto } } }, async (req) =>
    readReflection(svc, authOf(req), req.params.id),
  );

  app.put(
    '/reflections/:id',
    { config: { policy: ReflectionPolicy.write },
      bodyLimit: DRAFT_BODY_LIMIT,
      schema: { tags, summary: '保存草稿（自动保存）；版本过期时 409 并返回服务器上的版本', params: Id, body: UpdateBody, response: { 200: DetailDto } },
    },
    async (req) => saveDraft(svc, authOf(req), req.params.id, req.body),
  );

  app.delete('/reflections/:id', { config: { policy: ReflectionPolicy.write }, schema: { tags, summary: '删除草稿', params: Id } }, async (req, reply) => {
    await removeDraft(svc, authOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.post(
    '/reflections/:id/submit',
    { config: { policy: ReflectionPolicy.write }, schema: { tags, summary: '提交心得（字数检查、查重）', params: Id, body: Type.Object({ version: Type.Optional(Type.Integer()) }, { additionalProperties: false }), response: { 200: DetailDto } } },
    async (req) => handIn(svc, authOf(req), req.params.id, req.body.version),
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
    async (req) => queue(svc, authOf(req), req.query),
  );

  // The list as filtered on the page, every page, as .xlsx (issue 11): within the caller's subtree, audited.
  app.get(
    '/reflections/review.xlsx',
    { config: { policy: ReflectionPolicy.export }, schema: { tags, summary: '导出心得清单 .xlsx（与审核队列相同的筛选，本人管辖范围内）', querystring: ReviewQuery } },
    async (req, reply) => {
      const f = await queueXlsx(svc, authOf(req), req.query);
      return sendXlsx(reply, f.name, f.buf);
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
            // When the reviewed reflection was first handed in (a resubmission after a return keeps the date).
            firstSubmittedAt: Type.Union([Type.String(), Type.Null()]),
            // Share of the text (%) inside quotation marks or blockquotes; null for reflections checked before it was kept.
            quotedPercent: Type.Union([Type.Integer(), Type.Null()]),
            rubric: Type.Array(Criterion),
            flagPercent: Type.Integer(),
            canReview: Type.Boolean(),
          }),
        },
      },
    },
    async (req) => reviewView(svc, authOf(req), req.params.id),
  );

  for (const action of ['return', 'approve', 'excellent'] as ReviewAction[]) {
    const summary = { return: '退回修改（可逐段批注）', approve: '审核通过', excellent: '评为优秀' }[action];
    app.post(`/reflections/:id/${action}`, { config: { policy: ReflectionPolicy.review }, schema: { tags, summary, params: Id, body: ReviewBody, response: { 200: DetailDto } } }, async (req) =>
      reviewOne(svc, authOf(req), req.params.id, action, req.body),
    );
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
    async (req) => reviewBatch(svc, authOf(req), req.body.action, req.body.ids, req.body.comment),
  );

  // ------------------------------------------------------------ reference corpus
  app.get('/reflections/references', { config: { policy: ReflectionPolicy.references }, schema: { tags, summary: '查重参考文本（本人管辖范围内上传的）', response: { 200: Type.Object({ items: Type.Array(ReferenceDto) }) } } }, async (req) =>
    references(svc, authOf(req)),
  );

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
    async (req, reply) => reply.status(201).send(await addReference(svc, authOf(req), req.body)),
  );

  app.delete('/reflections/references/:id', { config: { policy: ReflectionPolicy.references }, schema: { tags, summary: '删除参考文本', params: Id } }, async (req, reply) => {
    await removeReference(svc, authOf(req), req.params.id);
    return reply.status(204).send();
  });

  // ------------------------------------------------------------ quota
  app.get(
    '/reflections/quota',
    { config: { policy: ReflectionPolicy.viewReview }, schema: { tags, summary: '每月心得配额（按单位：提交数、通过数 / ⌈比例 × 在册人数⌉）', querystring: Type.Object({ month: Type.Optional(Month), unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false }), response: { 200: QuotaDto } } },
    async (req) => quotaView(svc, authOf(req), req.query.month, req.query.unitId),
  );

  app.get(
    '/reflections/quota.xlsx',
    { config: { policy: ReflectionPolicy.export }, schema: { tags, summary: '导出每月心得配额表 .xlsx（本人管辖范围内）', querystring: Type.Object({ month: Type.Optional(Month), unitId: Type.Optional(Type.Integer()) }, { additionalProperties: false }) } },
    async (req, reply) => {
      const f = await quotaXlsx(svc, authOf(req), req.query.month, req.query.unitId);
      return sendXlsx(reply, f.name, f.buf);
    },
  );

  // ------------------------------------------------------------ upward report
  app.get('/reflections/excellent', { config: { policy: ReflectionPolicy.report }, schema: { tags, summary: '可上报的优秀心得', response: { 200: Type.Object({ items: Type.Array(SummaryDto) }) } } }, async (req) =>
    excellentToReport(svc, authOf(req)),
  );

  app.get('/reflections/reports', { config: { policy: ReflectionPolicy.viewReview }, schema: { tags, summary: '上报记录', response: { 200: Type.Object({ items: Type.Array(ReportDto) }) } } }, async (req) =>
    upwardReports(svc, authOf(req)),
  );

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
    async (req, reply) => reply.status(201).send(await reportUpward(svc, authOf(req), req.body)),
  );

  app.get('/reflections/reports/:id', { config: { policy: ReflectionPolicy.viewReview }, schema: { tags, summary: '上报记录详情', params: Id, response: { 200: ReportDto } } }, async (req) =>
    upwardReport(svc, authOf(req), req.params.id),
  );

  app.get('/reflections/reports/:id/docx', { config: { policy: ReflectionPolicy.viewReview }, schema: { tags, summary: '下载上报汇编 .docx', params: Id } }, async (req, reply) => {
    const f = await upwardReportFile(svc, authOf(req), req.params.id, 'docx');
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="report.docx"; filename*=UTF-8''${encodeURIComponent(f.name)}`)
      .send(f.buf);
  });

  app.get('/reflections/reports/:id/xlsx', { config: { policy: ReflectionPolicy.viewReview }, schema: { tags, summary: '下载上报清单 .xlsx', params: Id } }, async (req, reply) => {
    const f = await upwardReportFile(svc, authOf(req), req.params.id, 'xlsx');
    return sendXlsx(reply, f.name, f.buf);
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
    async (req) => reportFeedback(svc, authOf(req), req.params.id, req.params.itemId, req.body.feedback, req.body.note ?? ''),
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
    async (req) => sharedReflections(svc, authOf(req), req.query.page ?? 1),
  );

  const LikeDto = Type.Object({ likes: Type.Integer(), likedByMe: Type.Boolean() });

  app.post('/reflections/:id/like', { config: { policy: ReflectionPolicy.social }, schema: { tags, summary: '点赞', params: Id, response: { 200: LikeDto } } }, async (req) =>
    like(svc, authOf(req), req.params.id),
  );

  app.delete('/reflections/:id/like', { config: { policy: ReflectionPolicy.social }, schema: { tags, summary: '取消点赞', params: Id, response: { 200: LikeDto } } }, async (req) =>
    unlike(svc, authOf(req), req.params.id),
  );

  app.get('/reflections/:id/comments', { config: { policy: ReflectionPolicy.social }, schema: { tags, summary: '评论', params: Id, response: { 200: Type.Object({ items: Type.Array(CommentDto) }) } } }, async (req) =>
    comments(svc, authOf(req), req.params.id),
  );

  app.post('/reflections/:id/comments', { config: { policy: ReflectionPolicy.social }, schema: { tags, summary: '发表评论（纯文本）', params: Id, body: Type.Object({ body: Type.String({ maxLength: 500 }) }, { additionalProperties: false }), response: { 201: CommentDto } } }, async (req, reply) =>
    reply.status(201).send(await addComment(svc, authOf(req), req.params.id, req.body.body)),
  );

  app.delete(
    '/reflections/:id/comments/:commentId',
    { config: { policy: ReflectionPolicy.social }, schema: { tags, summary: '删除评论（评论者本人，或管辖该单位的党建办）', params: Type.Object({ id: Type.Integer(), commentId: Type.Integer() }) } },
    async (req, reply) => {
      await removeComment(svc, authOf(req), req.params.id, req.params.commentId);
      return reply.status(204).send();
    },
  );
};

export default routes;
