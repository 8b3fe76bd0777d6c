// The ten and their certificates (plan §四): candidates from the ranking, the leading
// group's confirmation with a written reason for every departure from it, certificates
// signed with Ed25519 for the confirmed ten only, revocation (audited), the seal image,
// and the public verification of a certificate number and its QR payload.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../../platform/audit';
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, conflict, forbidden, notFound } from '../../../platform/errors';
import { uploadedFile } from '../../../platform/http';
import { publicBase } from '../../../platform/publicurl';
import type { Services } from '../../../platform/services';
import { nowIso, todayLocal } from '../../../platform/time';
import { ScorecardPolicy } from '../policy';
import { rankGroup, tieOrder } from '../scores/compute';
import { computeScores, scopeRootOf, yearContext } from '../scores/service';
import * as repo from './repository';
import { imageProblem } from '../../../platform/images';
import { certificatesPdf } from './pdf';
import { isSealed, kekPath, loadKek, openPrivateKey, sealPrivateKey } from './keystore';
import { generateKeyPair, parseQr, sign, verificationUrl, verifySignature, type CertificateFields } from './signing';

export const DEFAULT_TITLE = '书香干部';
/** How many places below the ten the page offers as alternatives. */
const EXTRA_CANDIDATES = 10;
export const MAX_SEAL_BYTES = 2 * 1024 * 1024;

async function unitFor(svc: Services, auth: AuthContext, action: typeof ScorecardPolicy.viewHonors, unitId: number | undefined) {
  if (unitId != null) {
    const unit = await repo.unitById(svc.db, unitId);
    if (!unit) throw notFound('单位不存在');
    await svc.guard.authorize(auth, action, { unitPath: unit.path }, '该单位不在您的管理范围内');
    return unit;
  }
  const reach = await svc.guard.reach(auth, action);
  const path = reach.paths[0];
  if (!path) throw forbidden('您没有可查看的单位');
  const unit = await repo.unitById(svc.db, Number(path.split('/').filter(Boolean).pop()));
  if (!unit) throw notFound('单位不存在');
  return unit;
}

/** Everyone in the unit's subtree ranked among themselves (the tie rule of the score). */
export async function rankingOf(svc: Services, year: number, unitPath: string) {
  const ctx = yearContext(svc, year);
  const all = await computeScores(ctx, await scopeRootOf(svc, unitPath));
  const rows = all.rows.filter((r) => r.unitPath.startsWith(unitPath));
  const { sorted, rank } = rankGroup(rows, tieOrder(all.setups));
  return sorted.map((r) => ({ memberId: r.memberId, name: r.name, unitName: r.unitName, total: r.total, rank: rank.get(r.memberId)! }));
}

const certView = (c: { id: number; number: string; member_id: number; name: string; unit_name: string; title: string; issued_on: string; status: string; revoked_at: string | null; revoke_reason: string | null }) => ({
  id: c.id,
  number: c.number,
  memberId: c.member_id,
  name: c.name,
  unitName: c.unit_name,
  title: c.title,
  issuedOn: c.issued_on,
  status: c.status,
  revokedAt: c.revoked_at,
  revokeReason: c.revoke_reason,
});

export async function honorsView(svc: Services, auth: AuthContext, year: number, unitId?: number) {
  const unit = await unitFor(svc, auth, ScorecardPolicy.viewHonors, unitId);
  const count = await svc.settings.int('plan.certificateCount', year);
  const ranking = await rankingOf(svc, year, unit.path);
  const list = await repo.listOf(svc.db, year, unit.id);
  const entries = list ? await repo.entriesOf(svc.db, list.id) : [];
  const certs = list ? await repo.certificatesOfList(svc.db, list.id) : [];
  const seal = await repo.sealFor(svc.db, unit.path);
  return {
    year,
    unit: { id: unit.id, name: unit.name, path: unit.path },
    count,
    candidates: ranking.slice(0, count + EXTRA_CANDIDATES),
    sealUploaded: Boolean(seal),
    list: list
      ? {
          id: list.id,
          title: list.title,
          version: list.version,
          confirmedAt: list.confirmed_at,
          entries: entries.map((e) => ({ memberId: e.member_id, name: e.name, unitName: e.unit_name, included: e.included === 1, position: e.position, total: e.score_hundredths / 100, rank: e.rank, reason: e.reason })),
        }
      : null,
    certificates: certs.map(certView),
  };
}

export interface ConfirmInput {
  unitId: number;
  title?: string;
  memberIds: number[];
  reasons?: { memberId: number; reason: string }[];
  version?: number | null;
}

/** The leading group confirms the ten; each departure from the ranking needs its reason. */
export async function confirmHonors(svc: Services, auth: AuthContext, year: number, input: ConfirmInput) {
  const unit = await unitFor(svc, auth, ScorecardPolicy.confirmHonors, input.unitId);
  const count = await svc.settings.int('plan.certificateCount', year);
  const title = (input.title ?? DEFAULT_TITLE).trim();
  if (!title || title.length > 20) throw badRequest('证书称号应为 1 至 20 个字');
  const ranking = await rankingOf(svc, year, unit.path);
  const byId = new Map(ranking.map((r) => [r.memberId, r]));
  const want = Math.min(count, ranking.length);
  const ids = input.memberIds;
  if (new Set(ids).size !== ids.length) throw badRequest('名单中有重复的干部');
  if (ids.length !== want) throw badRequest(`名单应为 ${want} 人，当前为 ${ids.length} 人`);
  for (const id of ids) if (!byId.has(id)) throw badRequest('名单中有不在本单位考核范围内的干部');
  const top = new Set(ranking.slice(0, want).map((r) => r.memberId));
  const reasons = new Map((input.reasons ?? []).map((r) => [r.memberId, r.reason.trim()]));
  const added = ids.filter((id) => !top.has(id));
  const omitted = [...top].filter((id) => !ids.includes(id));
  const missing = [...added.map((id) => `${byId.get(id)!.name}（第 ${byId.get(id)!.rank} 名，列入）`), ...omitted.map((id) => `${byId.get(id)!.name}（第 ${byId.get(id)!.rank} 名，未列入）`)].filter(
    (_, i) => !reasons.get([...added, ...omitted][i]!),
  );
  if (missing.length) throw badRequest(`以下人选与排名不一致，须写明理由：${missing.join('、')}`);
  const now = nowIso();
  return svc.db.transaction().execute(async (trx) => {
    const existing = await repo.listOf(trx, year, unit.id);
    let listId: number;
    if (existing) {
      if (input.version != null && input.version !== existing.version) throw conflict('名单已被他人修改，请刷新后重试');
      const certs = await repo.certificatesOfList(trx, existing.id);
      const stranded = certs.filter((c) => c.status === 'valid' && !ids.includes(c.member_id));
      if (stranded.length) throw badRequest(`${stranded.map((c) => c.name).join('、')} 已颁发证书，须先撤销证书才能移出名单`);
      if (!(await repo.updateList(trx, existing.id, existing.version, { title, userId: auth.userId, now }))) throw conflict('名单已被他人修改，请刷新后重试');
      await repo.deleteEntries(trx, existing.id);
      listId = existing.id;
    } else {
      listId = await repo.insertList(trx, { year, unitId: unit.id, title, userId: auth.userId, now });
    }
    await repo.insertEntries(trx, [
      ...ids.map((id, i) => ({ list_id: listId, member_id: id, included: 1, position: i + 1, score_hundredths: Math.round(byId.get(id)!.total * 100), rank: byId.get(id)!.rank, reason: top.has(id) ? null : reasons.get(id)! })),
      ...omitted.map((id) => ({ list_id: listId, member_id: id, included: 0, position: null, score_hundredths: Math.round(byId.get(id)!.total * 100), rank: byId.get(id)!.rank, reason: reasons.get(id)! })),
    ]);
    await svc.audit.record(trx, auth.actor(), {
      action: 'scorecard.honors.confirm',
      entity: 'honor_list',
      entityId: listId,
      detail: { year, unit: unit.name, title, members: ids, departures: [...added, ...omitted].map((id) => ({ memberId: id, rank: byId.get(id)!.rank, included: ids.includes(id), reason: reasons.get(id) })) },
    });
    return { listId };
  });
}

// ---- keys ----

/**
 * The signing key: the newest, made on first use, its private key sealed with the key-encryption
 * key outside the database (keystore.ts). A key stored in the clear by an earlier version is
 * sealed the first time it is used.
 */
export async function signingKey(svc: Services, actor: Actor): Promise<{ key_id: string; privateKeyPem: string }> {
  const kek = loadKek(kekPath(svc.config.dataDir));
  const k = (await repo.newestKey(svc.db)) ?? (await rotateKey(svc, actor, 'first'));
  if (!isSealed(k.private_key_pem)) await repo.sealKey(svc.db, k.key_id, sealPrivateKey(k.private_key_pem, kek));
  return { key_id: k.key_id, privateKeyPem: openPrivateKey(k.private_key_pem, kek) };
}

/**
 * A new key pair that signs from now on; the older ones stay published and still verify what
 * they signed (`shuxiang certificate-key rotate`, e.g. when a node or its key file may have leaked).
 */
export async function rotateKey(svc: Services, actor: Actor, why: 'first' | 'rotate' = 'rotate') {
  const kek = loadKek(kekPath(svc.config.dataDir));
  const made = generateKeyPair();
  await svc.db.transaction().execute(async (trx) => {
    await repo.insertKey(trx, { keyId: made.keyId, publicKeyPem: made.publicKeyPem, privateKeyPem: sealPrivateKey(made.privateKeyPem, kek), now: nowIso() });
    await svc.audit.record(trx, actor, { action: why === 'first' ? 'scorecard.key.generate' : 'scorecard.key.rotate', entity: 'certificate_key', entityId: made.keyId, detail: { keyId: made.keyId } });
  });
  return (await repo.newestKey(svc.db))!;
}

export async function publishedKeys(svc: Services) {
  return (await repo.publicKeys(svc.db)).map((k) => ({ keyId: k.key_id, publicKeyPem: k.public_key_pem, createdAt: k.created_at }));
}

// ---- certificates ----

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function issueCertificates(svc: Services, auth: AuthContext, listId: number, input: { memberIds: number[]; issuedOn?: string }) {
  const list = await repo.listById(svc.db, listId);
  if (!list) throw notFound('名单不存在');
  await svc.guard.authorize(auth, ScorecardPolicy.issueCertificates, { unitPath: list.unit_path }, '该单位不在您的管理范围内');
  const issuedOn = input.issuedOn ?? todayLocal();
  if (!ISO_DAY.test(issuedOn) || Number.isNaN(Date.parse(issuedOn))) throw badRequest('颁发日期格式应为 YYYY-MM-DD');
  if (input.memberIds.length === 0) throw badRequest('请选择要颁发证书的干部');
  const entries = await repo.entriesOf(svc.db, list.id);
  const included = new Map(entries.filter((e) => e.included === 1).map((e) => [e.member_id, e]));
  for (const id of input.memberIds) {
    if (!included.has(id)) {
      const m = await repo.memberUnit(svc.db, id);
      throw badRequest(`${m ? `“${m.name}”` : '该干部'}不在已确认的“${list.title}”名单中，不能颁发证书`);
    }
  }
  if (!(await repo.sealFor(svc.db, list.unit_path))) throw badRequest('请先上传本单位的印章图片');
  const key = await signingKey(svc, auth.actor());
  const prefix = `SX${list.year}-${String(list.unit_id).padStart(3, '0')}-`;
  return svc.db.transaction().execute(async (trx) => {
    const existing = await repo.certificatesOfList(trx, list.id);
    let seq = await repo.countNumbers(trx, prefix);
    const out: number[] = [];
    for (const id of input.memberIds) {
      const valid = existing.find((c) => c.member_id === id && c.status === 'valid');
      if (valid) {
        out.push(valid.id);
        continue;
      }
      const e = included.get(id)!;
      seq += 1;
      const fields: CertificateFields = { number: `${prefix}${String(seq).padStart(3, '0')}`, name: e.name, unit: e.unit_name, title: list.title, date: issuedOn };
      const signature = sign(fields, key.privateKeyPem);
      const m = (await repo.memberUnit(trx, id))!;
      const certId = await repo.insertCertificate(trx, {
        number: fields.number,
        year: list.year,
        listId: list.id,
        memberId: id,
        unitId: m.unit_id,
        name: fields.name,
        unitName: fields.unit,
        title: fields.title,
        issuedOn,
        keyId: key.key_id,
        signature,
        userId: auth.userId,
        now: nowIso(),
      });
      await svc.audit.record(trx, auth.actor(), { action: 'scorecard.certificate.issue', entity: 'certificate', entityId: certId, detail: { ...fields, keyId: key.key_id } });
      out.push(certId);
    }
    return { certificateIds: out };
  });
}

export async function revokeCertificate(svc: Services, auth: AuthContext, id: number, reason: string) {
  const c = await repo.certificateById(svc.db, id);
  if (!c) throw notFound('证书不存在');
  await svc.guard.authorize(auth, ScorecardPolicy.revokeCertificate, { unitPath: c.unit_path }, '该证书不在您的管理范围内');
  const why = reason.trim();
  if (!why) throw badRequest('请写明撤销理由');
  if (c.status === 'revoked') throw badRequest('该证书已撤销');
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.revoke(trx, id, { userId: auth.userId, now: nowIso(), reason: why }))) throw conflict('该证书已撤销');
    await svc.audit.record(trx, auth.actor(), { action: 'scorecard.certificate.revoke', entity: 'certificate', entityId: id, detail: { number: c.number, name: c.name, reason: why } });
  });
  return { ok: true };
}

/** Certificates to print: by list (all valid ones) or one; checked against the reader's reach. */
export async function certificatesForPrint(svc: Services, auth: AuthContext, q: { listId?: number; id?: number }) {
  if (q.id != null) {
    const c = await repo.certificateById(svc.db, q.id);
    if (!c) throw notFound('证书不存在');
    await svc.guard.authorize(auth, ScorecardPolicy.viewCertificates, { unitPath: c.unit_path, memberId: c.member_id }, '您没有权限查看该证书');
    const list = (await repo.listById(svc.db, c.list_id))!;
    return { certs: [c], sealPath: list.unit_path, issuer: issuerOf(list.unit_name) };
  }
  const list = await repo.listById(svc.db, q.listId!);
  if (!list) throw notFound('名单不存在');
  await svc.guard.authorize(auth, ScorecardPolicy.issueCertificates, { unitPath: list.unit_path }, '该单位不在您的管理范围内');
  const certs = (await repo.certificatesOfList(svc.db, list.id)).filter((c) => c.status === 'valid');
  if (certs.length === 0) throw badRequest('该名单还没有有效的证书');
  return { certs, sealPath: list.unit_path, issuer: issuerOf(list.unit_name) };
}

export async function sealImage(svc: Services, unitPath: string) {
  const s = await repo.sealFor(svc.db, unitPath);
  return s ? { mime: s.mime, data: Buffer.from(s.data_base64, 'base64') } : null;
}

export function sniffSeal(buf: Buffer): string | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

export async function uploadSeal(svc: Services, auth: AuthContext, unitId: number, buf: Buffer) {
  const unit = await repo.unitById(svc.db, unitId);
  if (!unit) throw notFound('单位不存在');
  await svc.guard.authorize(auth, ScorecardPolicy.uploadSeal, { unitPath: unit.path }, '该单位不在您的管理范围内');
  if (buf.length === 0) throw badRequest('文件是空的');
  if (buf.length > MAX_SEAL_BYTES) throw badRequest(`印章图片不能超过 ${MAX_SEAL_BYTES / 1024 / 1024} MB`);
  const mime = sniffSeal(buf);
  if (!mime) throw badRequest('印章图片只能是 PNG 或 JPEG 格式（建议透明背景的 PNG）');
  // Drawn by pdfkit on every certificate, on the event loop: a decompression bomb must not get this far.
  const problem = imageProblem(buf);
  if (problem) throw badRequest(problem);
  const sha256 = crypto.createHash('sha256').update(buf).digest('hex');
  return svc.db.transaction().execute(async (trx) => {
    const id = await repo.insertSeal(trx, { unitId, mime, sha256, data: buf.toString('base64'), userId: auth.userId, now: nowIso() });
    await svc.audit.record(trx, auth.actor(), { action: 'scorecard.seal.upload', entity: 'certificate_seal', entityId: id, detail: { unit: unit.name, mime, size: buf.length, sha256 } });
    return { id, mime, size: buf.length };
  });
}

/** The seal of a multipart upload, read under MAX_SEAL_BYTES, then checked and stored. */
export async function uploadSealFile(svc: Services, auth: AuthContext, unitId: number, req: FastifyRequest) {
  const { buf } = await uploadedFile(req, MAX_SEAL_BYTES, { tooLarge: `印章图片不能超过 ${MAX_SEAL_BYTES / 1024 / 1024} MB` });
  return uploadSeal(svc, auth, unitId, buf);
}

/** The unit's seal as the reply (not cached: a new upload shows at once). */
export async function sendSeal(svc: Services, auth: AuthContext, unitId: number, reply: FastifyReply) {
  const s = await sealOf(svc, auth, unitId);
  return reply.header('content-type', s.mime).header('cache-control', 'private, no-cache').send(s.data);
}

export async function sealOf(svc: Services, auth: AuthContext, unitId: number) {
  const unit = await repo.unitById(svc.db, unitId);
  if (!unit) throw notFound('单位不存在');
  await svc.guard.authorize(auth, ScorecardPolicy.viewHonors, { unitPath: unit.path }, '该单位不在您的管理范围内');
  const s = await sealImage(svc, unit.path);
  if (!s) throw notFound('尚未上传印章图片');
  return s;
}

export async function myCertificates(svc: Services, auth: AuthContext) {
  if (!auth.user.memberId) return [];
  return (await repo.certificatesOfMember(svc.db, auth.user.memberId)).map(certView);
}

// ---- public verification ----

export type VerifyStatus = 'valid' | 'revoked' | 'unknown' | 'invalid';

/**
 * What /verify/<number> shows: unknown number; a payload (from the QR) that does not
 * verify or does not match the register → invalid; revoked; else valid.
 */
export async function verifyPublic(svc: Services, number: string, p?: string, s?: string) {
  const c = await repo.certificateByNumber(svc.db, number);
  if (!c) return { status: 'unknown' as VerifyStatus, number, certificate: null, message: '查无此证书编号' };
  const shown = { number: c.number, name: c.name, unit: c.unit_name, title: c.title, date: c.issued_on, keyId: c.key_id, revokedAt: c.revoked_at, revokeReason: c.revoke_reason };
  if (p !== undefined || s !== undefined) {
    const parsed = parseQr(`?p=${p ?? ''}&s=${s ?? ''}`);
    const key = parsed ? await repo.keyById(svc.db, parsed.keyId) : undefined;
    const f = parsed?.fields;
    const same = f && f.number === c.number && f.name === c.name && f.unit === c.unit_name && f.title === c.title && f.date === c.issued_on;
    if (!parsed || !key || !same || !verifySignature(parsed.fields, parsed.signature, key.public_key_pem)) {
      return { status: 'invalid' as VerifyStatus, number, certificate: null, message: '二维码内容的签名无效或与登记的证书不符：该证书可能被篡改或伪造' };
    }
  }
  // The register's own row is checked too: a row edited in the database no longer verifies.
  const key = await repo.keyById(svc.db, c.key_id);
  if (!key || !verifySignature({ number: c.number, name: c.name, unit: c.unit_name, title: c.title, date: c.issued_on }, c.signature, key.public_key_pem)) {
    return { status: 'invalid' as VerifyStatus, number, certificate: null, message: '登记记录的签名无效' };
  }
  if (c.status === 'revoked') return { status: 'revoked' as VerifyStatus, number, certificate: shown, message: `该证书已于 ${c.revoked_at!.slice(0, 10)} 撤销` };
  return { status: 'valid' as VerifyStatus, number, certificate: shown, message: '该证书由本平台签发，内容与登记记录一致' };
}


/** A certificate with its verify address: the public base-URL setting, else the environment, else the request's origin. */
export async function certificateDetail(svc: Services, auth: AuthContext, id: number, origin: { protocol: string; host: string }) {
  const c = await repo.certificateById(svc.db, id);
  const baseUrl = await publicBase(svc, origin);
  if (!c) throw notFound('证书不存在');
  await svc.guard.authorize(auth, ScorecardPolicy.viewCertificates, { unitPath: c.unit_path, memberId: c.member_id }, '您没有权限查看该证书');
  return { ...certView(c), verifyUrl: verificationUrl(baseUrl, { number: c.number, name: c.name, unit: c.unit_name, title: c.title, date: c.issued_on }, c.key_id, c.signature) };
}

/**
 * A list's valid certificates, or one certificate, as one PDF reply (one A4 page each, the seal over the issuer); the QR
 * codes carry the public base-URL setting, else the environment, else the request's origin.
 */
export async function sendCertificatesPdf(svc: Services, auth: AuthContext, q: { listId: number } | { id: number }, req: FastifyRequest, reply: FastifyReply) {
  const p = await certificatesForPrint(svc, auth, q);
  const seal = await sealImage(svc, p.sealPath);
  const pdf = await certificatesPdf(p.certs, { issuer: p.issuer, seal: seal?.data ?? null, baseUrl: await publicBase(svc, req) });
  const filename = 'listId' in q ? `证书（${p.certs.length} 份）.pdf` : `证书${p.certs[0]!.number}.pdf`;
  return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`).send(pdf);
}

/** Who issues the certificate, as printed above the seal. */
export const issuerOf = (unitName: string) => `${unitName}读书学习活动领导小组`;

/** The valid certificates of a list and how they print (for the archive, which checks the unit itself). */
export async function printableOfList(svc: Services, listId: number) {
  const list = await repo.listById(svc.db, listId);
  if (!list) return null;
  const certs = (await repo.certificatesOfList(svc.db, list.id)).filter((c) => c.status === 'valid');
  return { certs, sealPath: list.unit_path, issuer: issuerOf(list.unit_name) };
}
