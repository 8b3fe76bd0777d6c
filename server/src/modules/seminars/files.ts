// Uploaded speech material, slides and handouts: the type is what the content is
// (magic bytes and, for Office files, the package's own parts), never the name
// or the browser's word; the size limit is a setting.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { badRequest } from '../../platform/errors';
import { imageProblem } from '../../platform/images';
import { zipDirectory } from '../../platform/xlsx-read';

export interface Sniffed {
  mime: string;
  ext: string;
  label: string;
}

const PHOTO: Record<string, Sniffed> = {
  jpg: { mime: 'image/jpeg', ext: 'jpg', label: 'JPEG 图片' },
  png: { mime: 'image/png', ext: 'png', label: 'PNG 图片' },
  webp: { mime: 'image/webp', ext: 'webp', label: 'WebP 图片' },
};
const PDF: Sniffed = { mime: 'application/pdf', ext: 'pdf', label: 'PDF' };
const PPTX: Sniffed = { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx', label: 'PPT 演示文稿（.pptx）' };
const DOCX: Sniffed = { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', label: 'Word 文档（.docx）' };

/** What the bytes are: a photo, a PDF, a .pptx or a .docx; null for anything else. */
export async function sniff(buf: Buffer): Promise<Sniffed | null> {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return PHOTO.jpg;
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return PHOTO.png;
  if (buf.length >= 12 && buf.subarray(0, 4).toString('latin1') === 'RIFF' && buf.subarray(8, 12).toString('latin1') === 'WEBP') return PHOTO.webp;
  if (buf.length >= 5 && buf.subarray(0, 5).toString('latin1') === '%PDF-') return PDF;
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) {
    // An Office Open XML package is a zip: its parts say which one it is. Only the directory is
    // read and only [Content_Types].xml inflated, with a ceiling: a zip bomb is never unpacked.
    try {
      const dir = zipDirectory(buf, { maxRows: 0, maxColumns: 0, maxCells: 0, maxEntries: 20_000, maxUncompressedBytes: Number.MAX_SAFE_INTEGER });
      const types = officePart(buf, dir.get('[Content_Types].xml'));
      if (!types) return null;
      if (dir.has('ppt/presentation.xml') && types.includes('presentationml')) return PPTX;
      if (dir.has('word/document.xml') && types.includes('wordprocessingml')) return DOCX;
    } catch {
      return null;
    }
  }
  return null;
}

/** A package's [Content_Types].xml is a few kilobytes; more is not an Office file. */
const MAX_CONTENT_TYPES_BYTES = 1024 * 1024;

function officePart(buf: Buffer, e: { method: number; compressedSize: number; localOffset: number } | undefined): string | null {
  if (!e || e.localOffset + 30 > buf.length || buf.readUInt32LE(e.localOffset) !== 0x04034b50) return null;
  const start = e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
  const raw = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return raw.length <= MAX_CONTENT_TYPES_BYTES ? raw.toString('utf8') : null;
  if (e.method !== 8) return null;
  // Throws past the ceiling, whatever size the header declares.
  return zlib.inflateRawSync(raw, { maxOutputLength: MAX_CONTENT_TYPES_BYTES }).toString('utf8');
}

export type FileKind = 'speech' | 'lecture';

const ALLOWED: Record<FileKind, { kinds: Sniffed[]; message: string }> = {
  speech: { kinds: [PHOTO.jpg, PHOTO.png, PHOTO.webp, PDF, PPTX], message: '发言材料只能是照片（JPEG、PNG、WebP）、PDF 或 PPTX 文件' },
  lecture: { kinds: [PDF, PPTX, DOCX], message: '党课课件、讲义只能是 PDF、PPTX 或 DOCX 文件' },
};

const EXT_ALIASES: Record<string, string> = { jpeg: 'jpg' };

/**
 * Checks an upload: not empty, not over the limit, content one of the kinds
 * allowed here, and the name's extension saying the same as the content.
 */
export async function checkUpload(kind: FileKind, filename: string, buf: Buffer, maxMb: number): Promise<{ sniffed: Sniffed; filename: string; sha256: string }> {
  if (buf.length === 0) throw badRequest('文件是空的');
  if (buf.length > maxMb * 1024 * 1024) throw badRequest(`文件不能超过 ${maxMb} MB`);
  const sniffed = await sniff(buf);
  const allowed = ALLOWED[kind];
  if (!sniffed || !allowed.kinds.includes(sniffed)) throw badRequest(allowed.message);
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(filename);
  const ext = m ? (EXT_ALIASES[m[1].toLowerCase()] ?? m[1].toLowerCase()) : '';
  if (ext && ext !== sniffed.ext) throw badRequest(`文件内容是${sniffed.label}，与扩展名 .${m![1]} 不符，请检查后重新上传`);
  if (sniffed.mime.startsWith('image/')) {
    const problem = imageProblem(buf);
    if (problem) throw badRequest(problem);
  }
  const base = filename
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, '')
    .trim()
    .slice(0, 80);
  return { sniffed, filename: base ? (ext ? base : `${base}.${sniffed.ext}`) : `材料.${sniffed.ext}`, sha256: crypto.createHash('sha256').update(buf).digest('hex') };
}
