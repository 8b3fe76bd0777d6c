import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { badRequest } from '../../platform/errors';
import { authOf, type Module } from '../../platform/http';
import { publicBase } from '../../platform/publicurl';
import type { Services } from '../../platform/services';
import { sendXlsx } from '../../platform/xlsx';
import { ScorecardPolicy } from './policy';
import { BreakdownDto, MemberYearParams, UnitQuery, UnitScoresDto, WeightsBody, WeightsDto, YearParams } from './scores/schemas';
import { memberBreakdown, saveWeights, scoresXlsx, unitScores, weightsOf } from './scores/service';
import { certificatesPdf } from './certificates/pdf';
import {
  CertificateDetailDto,
  CertificateDto,
  ConfirmBody,
  HonorsDto,
  IdParams,
  IssueBody,
  KeysDto,
  ListParams,
  RevokeBody,
  UnitIdQuery,
  VerifyDto,
  VerifyParams,
  VerifyQuery,
} from './certificates/schemas';
import {
  certificateDetail,
  certificatesForPrint,
  confirmHonors,
  honorsView,
  issueCertificates,
  MAX_SEAL_BYTES,
  myCertificates,
  publishedKeys,
  revokeCertificate,
  sealImage,
  sealOf,
  uploadSeal,
  verifyPublic,
} from './certificates/service';

const tags = ['scorecard'];
const Ok = Type.Object({ ok: Type.Boolean() });

/** The address on certificates' verify QR codes: the public base-URL setting, else the environment, else the request's origin. */
const baseUrlOf = (svc: Services, req: FastifyRequest): Promise<string> => publicBase(svc, req);

async function uploaded(req: FastifyRequest): Promise<Buffer> {
  const file = await req.file({ limits: { fileSize: MAX_SEAL_BYTES, files: 1 } });
  if (!file) throw badRequest('请选择要上传的文件');
  try {
    return await file.toBuffer();
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw badRequest(`印章图片不能超过 ${MAX_SEAL_BYTES / 1024 / 1024} MB`);
    throw e;
  }
}

const pdfReply = (reply: import('fastify').FastifyReply, filename: string, buf: Buffer) =>
  reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`).send(buf);

const routes: Module = async (app, { svc }) => {
  app.get(
    '/scorecard/:year/indicators',
    { config: { policy: ScorecardPolicy.viewWeights }, schema: { tags, summary: '年度考核指标、权重与计算方法', params: YearParams, response: { 200: WeightsDto } } },
    async (req) => weightsOf(svc, req.params.year),
  );

  app.put(
    '/scorecard/:year/indicators',
    { config: { policy: ScorecardPolicy.setWeights }, schema: { tags, summary: '设置年度考核指标权重（合计须为 100，或按设置折算）', params: YearParams, body: WeightsBody, response: { 200: WeightsDto } } },
    async (req) => saveWeights(svc, authOf(req), req.params.year, req.body.indicators),
  );

  app.get(
    '/scorecard/:year/scores',
    { config: { policy: ScorecardPolicy.listScores }, schema: { tags, summary: '单位年度考核得分与排名', params: YearParams, querystring: UnitQuery, response: { 200: UnitScoresDto } } },
    async (req) => unitScores(svc, authOf(req), req.params.year, req.query.unitId),
  );

  app.get(
    '/scorecard/:year/scores.xlsx',
    { config: { policy: ScorecardPolicy.exportScores }, schema: { tags, summary: '导出年度考核得分（.xlsx）', params: YearParams, querystring: UnitQuery } },
    async (req, reply) => {
      const { buf, filename } = await scoresXlsx(svc, authOf(req), req.params.year, req.query.unitId);
      return sendXlsx(reply, filename, buf);
    },
  );

  app.get(
    '/scorecard/:year/members/:memberId',
    { config: { policy: ScorecardPolicy.viewScore }, schema: { tags, summary: '干部年度考核得分明细（逐项及其依据）', params: MemberYearParams, response: { 200: BreakdownDto } } },
    async (req) => memberBreakdown(svc, authOf(req), req.params.year, req.params.memberId),
  );

  // ---- the ten (the leading group confirms) ----
  app.get(
    '/scorecard/:year/honors',
    { config: { policy: ScorecardPolicy.viewHonors }, schema: { tags, summary: '“书香干部”候选与名单', params: YearParams, querystring: UnitQuery, response: { 200: HonorsDto } } },
    async (req) => honorsView(svc, authOf(req), req.params.year, req.query.unitId),
  );
  app.put(
    '/scorecard/:year/honors',
    { config: { policy: ScorecardPolicy.confirmHonors }, schema: { tags, summary: '确认“书香干部”名单（与排名不一致须写明理由）', params: YearParams, body: ConfirmBody, response: { 200: Type.Object({ listId: Type.Integer() }) } } },
    async (req) => confirmHonors(svc, authOf(req), req.params.year, req.body),
  );

  // ---- certificates ----
  app.post(
    '/scorecard/honors/:listId/certificates',
    { config: { policy: ScorecardPolicy.issueCertificates }, schema: { tags, summary: '为名单中的干部颁发证书（签名）', params: ListParams, body: IssueBody, response: { 200: Type.Object({ certificateIds: Type.Array(Type.Integer()) }) } } },
    async (req) => issueCertificates(svc, authOf(req), req.params.listId, req.body),
  );
  app.get(
    '/scorecard/honors/:listId/certificates.pdf',
    { config: { policy: ScorecardPolicy.issueCertificates }, schema: { tags, summary: '名单全部有效证书（一份 PDF，每人一页 A4）', params: ListParams } },
    async (req, reply) => {
      const p = await certificatesForPrint(svc, authOf(req), { listId: req.params.listId });
      const seal = await sealImage(svc, p.sealPath);
      return pdfReply(reply, `证书（${p.certs.length} 份）.pdf`, await certificatesPdf(p.certs, { issuer: p.issuer, seal: seal?.data ?? null, baseUrl: await baseUrlOf(svc, req) }));
    },
  );
  app.get(
    '/certificates/mine',
    { config: { policy: ScorecardPolicy.viewCertificates }, schema: { tags, summary: '本人的证书', response: { 200: Type.Array(CertificateDto) } } },
    async (req) => myCertificates(svc, authOf(req)),
  );
  app.get(
    '/certificates/:id',
    { config: { policy: ScorecardPolicy.viewCertificates }, schema: { tags, summary: '证书及其验证网址', params: IdParams, response: { 200: CertificateDetailDto } } },
    async (req) => certificateDetail(svc, authOf(req), req.params.id, await baseUrlOf(svc, req)),
  );
  app.get(
    '/certificates/:id/pdf',
    { config: { policy: ScorecardPolicy.viewCertificates }, schema: { tags, summary: '证书 PDF（A4 一页）', params: IdParams } },
    async (req, reply) => {
      const p = await certificatesForPrint(svc, authOf(req), { id: req.params.id });
      const seal = await sealImage(svc, p.sealPath);
      return pdfReply(reply, `证书${p.certs[0]!.number}.pdf`, await certificatesPdf(p.certs, { issuer: p.issuer, seal: seal?.data ?? null, baseUrl: await baseUrlOf(svc, req) }));
    },
  );
  app.post(
    '/certificates/:id/revoke',
    { config: { policy: ScorecardPolicy.revokeCertificate }, schema: { tags, summary: '撤销证书（写明理由，记入审计）', params: IdParams, body: RevokeBody, response: { 200: Ok } } },
    async (req) => revokeCertificate(svc, authOf(req), req.params.id, req.body.reason),
  );

  // ---- the seal ----
  app.post(
    '/scorecard/seal',
    { config: { policy: ScorecardPolicy.uploadSeal }, schema: { tags, summary: '上传印章图片（PNG/JPEG，按内容识别，不超过 2 MB）', querystring: UnitIdQuery, consumes: ['multipart/form-data'], response: { 200: Type.Object({ id: Type.Integer(), mime: Type.String(), size: Type.Integer() }) } } },
    async (req) => uploadSeal(svc, authOf(req), req.query.unitId, await uploaded(req)),
  );
  app.get(
    '/scorecard/seal',
    { config: { policy: ScorecardPolicy.viewHonors }, schema: { tags, summary: '本单位印章图片', querystring: UnitIdQuery } },
    async (req, reply) => {
      const s = await sealOf(svc, authOf(req), req.query.unitId);
      return reply.header('content-type', s.mime).header('cache-control', 'private, no-cache').send(s.data);
    },
  );

  // ---- public verification (no sign-in) ----
  app.get(
    '/verify/:number',
    { config: { public: true }, schema: { tags, summary: '证书验证（公开）：有效、已撤销、查无此证或内容无效', params: VerifyParams, querystring: VerifyQuery, response: { 200: VerifyDto } } },
    async (req) => verifyPublic(svc, req.params.number, req.query.p, req.query.s),
  );
  app.get(
    '/verify-keys',
    { config: { public: true }, schema: { tags, summary: '证书签名公钥（Ed25519，PEM），供离线验证', response: { 200: KeysDto } } },
    async () => publishedKeys(svc),
  );
};

export default routes;
