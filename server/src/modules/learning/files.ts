// Uploaded evidence (screenshots, photos): images only, recognised by their
// first bytes rather than the name or the browser's word, kept base64 in the
// database so a backup holds them.
import crypto from 'node:crypto';
import type { AuthContext } from '../../platform/auth/context';
import { badRequest, notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { imageProblem } from '../../platform/images';
import { nowIso } from '../../platform/time';
import { LearningPolicy } from './policy';
import { fileById, insertFile, unitPathOfUser } from './repository';

/** A technical limit, not a rule of the plan: phones' photos are compressed in the browser well below it. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** The image type by its magic bytes: JPEG, PNG or WebP; null for anything else. */
export function sniffImage(buf: Buffer): { mime: string; ext: string } | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return { mime: 'image/jpeg', ext: 'jpg' };
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mime: 'image/png', ext: 'png' };
  if (buf.length >= 12 && buf.subarray(0, 4).toString('latin1') === 'RIFF' && buf.subarray(8, 12).toString('latin1') === 'WEBP') return { mime: 'image/webp', ext: 'webp' };
  return null;
}

function cleanFilename(name: string, ext: string): string {
  const base = name
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, '')
    .trim()
    .slice(0, 80);
  return base || `图片.${ext}`;
}

export async function storeFile(svc: Services, auth: AuthContext, filename: string, buf: Buffer): Promise<{ id: number; mime: string; size: number }> {
  if (buf.length === 0) throw badRequest('文件是空的');
  if (buf.length > MAX_FILE_BYTES) throw badRequest(`图片不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  const kind = sniffImage(buf);
  if (!kind) throw badRequest('只能上传图片（JPEG、PNG 或 WebP 格式）');
  const problem = imageProblem(buf);
  if (problem) throw badRequest(problem);
  return svc.db.transaction().execute(async (trx) => {
    const id = await insertFile(trx, {
      ownerUserId: auth.userId,
      filename: cleanFilename(filename, kind.ext),
      mime: kind.mime,
      size: buf.length,
      sha256: crypto.createHash('sha256').update(buf).digest('hex'),
      dataBase64: buf.toString('base64'),
      at: nowIso(),
    });
    await svc.audit.record(trx, auth.actor(), { action: 'file.upload', entity: 'file', entityId: id, detail: { mime: kind.mime, size: buf.length } });
    return { id, mime: kind.mime, size: buf.length };
  });
}

/**
 * Who may see a file (the policy's viewFile): its owner; a clerk, leader or secretary whose subtree
 * holds the owner's unit. (No shared object carries these files yet; when one does — a note shared
 * with the unit — its colleagues are to be added here.)
 */
async function mayViewFile(svc: Services, auth: AuthContext, file: { owner_user_id: number | null }): Promise<boolean> {
  if (file.owner_user_id === null) return false;
  const unitPath = file.owner_user_id === auth.userId ? undefined : await unitPathOfUser(svc.db, file.owner_user_id);
  return svc.guard.allows(auth, LearningPolicy.viewFile, { userId: file.owner_user_id, unitPath });
}

export async function loadFileFor(svc: Services, auth: AuthContext, id: number) {
  const f = await fileById(svc.db, id);
  // The same answer whether the file is missing or someone else's: no probing of ids.
  if (!f || !(await mayViewFile(svc, auth, f))) throw notFound('找不到该图片');
  return f;
}
