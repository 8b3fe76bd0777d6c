import { authOf, type Module } from '../../../platform/http';
import { ScorecardPolicy } from '../policy';
import { UnitQuery, YearParams } from '../schemas';
import {
  CertificateDetailDto,
  CertificateList,
  ConfirmBody,
  HonorsDto,
  IdParams,
  IssueBody,
  IssuedDto,
  KeysDto,
  ListIdDto,
  ListParams,
  Ok,
  RevokeBody,
  SealDto,
  UnitIdQuery,
  VerifyDto,
  VerifyParams,
  VerifyQuery,
} from './schemas';
import {
  certificateDetail,
  confirmHonors,
  honorsView,
  issueCertificates,
  myCertificates,
  publishedKeys,
  revokeCertificate,
  sendCertificatesPdf,
  sendSeal,
  uploadSealFile,
  verifyPublic,
} from './service';

const tags = ['scorecard'];

const routes: Module = async (app, { svc }) => {
  // ---- the ten (the leading group confirms) ----
  app.get(
    '/scorecard/:year/honors',
    { config: { policy: ScorecardPolicy.viewHonors }, schema: { tags, summary: '“书香干部”候选与名单', params: YearParams, querystring: UnitQuery, response: { 200: HonorsDto } } },
    async (req) => honorsView(svc, authOf(req), req.params.year, req.query.unitId),
  );
  app.put(
    '/scorecard/:year/honors',
    { config: { policy: ScorecardPolicy.confirmHonors }, schema: { tags, summary: '确认“书香干部”名单（与排名不一致须写明理由）', params: YearParams, body: ConfirmBody, response: { 200: ListIdDto } } },
    async (req) => confirmHonors(svc, authOf(req), req.params.year, req.body),
  );

  // ---- certificates ----
  app.post(
    '/scorecard/honors/:listId/certificates',
    { config: { policy: ScorecardPolicy.issueCertificates }, schema: { tags, summary: '为名单中的干部颁发证书（签名）', params: ListParams, body: IssueBody, response: { 200: IssuedDto } } },
    async (req) => issueCertificates(svc, authOf(req), req.params.listId, req.body),
  );
  app.get(
    '/scorecard/honors/:listId/certificates.pdf',
    { config: { policy: ScorecardPolicy.issueCertificates }, schema: { tags, summary: '名单全部有效证书（一份 PDF，每人一页 A4）', params: ListParams } },
    async (req, reply) => sendCertificatesPdf(svc, authOf(req), { listId: req.params.listId }, req, reply),
  );
  app.get(
    '/certificates/mine',
    { config: { policy: ScorecardPolicy.viewCertificates }, schema: { tags, summary: '本人的证书', response: { 200: CertificateList } } },
    async (req) => myCertificates(svc, authOf(req)),
  );
  app.get(
    '/certificates/:id',
    { config: { policy: ScorecardPolicy.viewCertificates }, schema: { tags, summary: '证书及其验证网址', params: IdParams, response: { 200: CertificateDetailDto } } },
    async (req) => certificateDetail(svc, authOf(req), req.params.id, req),
  );
  app.get(
    '/certificates/:id/pdf',
    { config: { policy: ScorecardPolicy.viewCertificates }, schema: { tags, summary: '证书 PDF（A4 一页）', params: IdParams } },
    async (req, reply) => sendCertificatesPdf(svc, authOf(req), { id: req.params.id }, req, reply),
  );
  app.post(
    '/certificates/:id/revoke',
    { config: { policy: ScorecardPolicy.revokeCertificate }, schema: { tags, summary: '撤销证书（写明理由，记入审计）', params: IdParams, body: RevokeBody, response: { 200: Ok } } },
    async (req) => revokeCertificate(svc, authOf(req), req.params.id, req.body.reason),
  );

  // ---- the seal ----
  app.post(
    '/scorecard/seal',
    { config: { policy: ScorecardPolicy.uploadSeal }, schema: { tags, summary: '上传印章图片（PNG/JPEG，按内容识别，不超过 2 MB）', querystring: UnitIdQuery, consumes: ['multipart/form-data'], response: { 200: SealDto } } },
    async (req) => uploadSealFile(svc, authOf(req), req.query.unitId, req),
  );
  app.get(
    '/scorecard/seal',
    { config: { policy: ScorecardPolicy.viewHonors }, schema: { tags, summary: '本单位印章图片', querystring: UnitIdQuery } },
    async (req, reply) => sendSeal(svc, authOf(req), req.query.unitId, reply),
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
