// Photos and evidence files: real images only (recognised by their first bytes), size-limited,
// with their metadata (Exif, GPS position, comments) removed before they are stored.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, notFound } from '../../../platform/errors';
import { sendStored, uploadedFile } from '../../../platform/http';
import type { Services } from '../../../platform/services';
import { imageProblem } from '../../../platform/images';
import { nowIso } from '../../../platform/time';
import { sniffImage } from '../../learning/files';
import { AssessmentPolicy } from '../policy';
import { JpegError, stripJpegMetadata } from './jpeg';
import { stripPngMetadata, PngError } from './png';
import { fileMeta, fileUses, getFile, insertFile } from './repository';

/** A technical limit, not a rule of the plan: the phone shrinks photos well below it before sending. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_PURPOSES = ['finding', 'evidence', 'acceptance'] as const;
export type PhotoPurpose = (typeof PHOTO_PURPOSES)[number];

function cleanFilename(name: string, ext: string): string {
  const base = name
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, '')
    .trim()
    .slice(0, 80);
  return base || `照片.${ext}`;
}

/** The image without metadata, or a Chinese refusal. */
export function cleanImage(buf: Buffer): { mime: string; ext: string; data: Buffer } {
  if (buf.length === 0) throw badRequest('文件是空的');
  if (buf.length > MAX_PHOTO_BYTES) throw badRequest(`照片不能超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB`);
  const kind = sniffImage(buf);
  if (!kind || kind.mime === 'image/webp') throw badRequest('只能上传照片（JPEG 或 PNG 格式）');
  const problem = imageProblem(buf);
  if (problem) throw badRequest(problem);
  try {
    return { ...kind, data: kind.mime === 'image/jpeg' ? stripJpegMetadata(buf) : stripPngMetadata(buf) };
  } catch (e) {
    if (e instanceof JpegError || e instanceof PngError) throw badRequest('照片文件已损坏或不完整，请重新拍摄');
    throw e;
  }
}

export async function storePhoto(svc: Services, auth: AuthContext, purpose: PhotoPurpose, filename: string, buf: Buffer) {
  await svc.guard.authorize(auth, AssessmentPolicy.uploadPhoto, { userId: auth.userId });
  const img = cleanImage(buf);
  return svc.db.transaction().execute(async (trx) => {
    const id = await insertFile(trx, {
      purpose,
      uploaded_by: auth.userId,
      filename: cleanFilename(filename, img.ext),
      mime: img.mime,
      size: img.data.length,
      sha256: crypto.createHash('sha256').update(img.data).digest('hex'),
      data_base64: img.data.toString('base64'),
      created_at: nowIso(),
    });
    await svc.audit.record(trx, auth.actor(), { action: 'assessment.file.upload', entity: 'assessment_file', entityId: id, detail: { purpose, mime: img.mime, size: img.data.length, strippedBytes: buf.length - img.data.length } });
    return { id, mime: img.mime, size: img.data.length };
  });
}

/** The photo of a multipart upload, read under the hard limit, then cleaned and stored. */
export async function uploadPhoto(svc: Services, auth: AuthContext, purpose: PhotoPurpose, req: FastifyRequest) {
  const { filename, buf } = await uploadedFile(req, MAX_PHOTO_BYTES, { missing: '请选择要上传的照片', tooLarge: `照片不能超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB` });
  return storePhoto(svc, auth, purpose, filename, buf);
}

/** A file the user may attach: uploaded by them, for this purpose, not yet used. */
export async function ownUnusedFile(svc: Services, auth: AuthContext, id: number, purpose: PhotoPurpose) {
  const f = await fileMeta(svc.db, id);
  if (!f || f.uploaded_by !== auth.userId || f.purpose !== purpose) throw badRequest('照片不存在或不是您上传的，请重新上传');
  if (f.attached) throw badRequest('这张照片已用于其他记录，请重新上传');
  return f;
}

/** The file, for whoever may see what it belongs to (or uploaded it); the same 404 otherwise. */
export async function loadPhoto(svc: Services, auth: AuthContext, id: number) {
  const f = await getFile(svc.db, id);
  if (!f) throw notFound('找不到该照片');
  if (f.uploaded_by === auth.userId) return f;
  const uses = await fileUses(svc.db, id);
  const checks = [
    uses.finding && svc.guard.allows(auth, AssessmentPolicy.viewInspections, { unitPath: uses.finding.path }),
    // The owner of the rectification a finding became sees the finding's photo.
    uses.finding?.owner_member_id && svc.guard.allows(auth, AssessmentPolicy.viewRectifications, { unitPath: uses.finding.path, memberId: uses.finding.owner_member_id }),
    uses.evidence && svc.guard.allows(auth, AssessmentPolicy.viewRectifications, { unitPath: uses.evidence.path, memberId: uses.evidence.owner_member_id }),
    uses.score && svc.guard.allows(auth, AssessmentPolicy.viewEvidence, { unitPath: uses.score.path }),
  ].filter(Boolean);
  for (const c of checks) if (await c) return f;
  throw notFound('找不到该照片');
}

/** The photo as the reply, shown inline and never sniffed as anything else. */
export async function sendPhoto(svc: Services, auth: AuthContext, id: number, reply: FastifyReply) {
  return sendStored(reply, await loadPhoto(svc, auth, id), { disposition: 'inline', fallback: 'photo', maxAge: 3600 });
}
