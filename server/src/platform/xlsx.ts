import ExcelJS from 'exceljs';
import { Worker } from 'node:worker_threads';
import type { FastifyReply } from 'fastify';
import { badRequest } from './errors';
import { XLSX_LIMITS, XlsxRefused, zipDirectory, type XlsxLimits, type XlsxRow } from './xlsx-read';

export { XLSX_LIMITS, type XlsxLimits } from './xlsx-read';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralizes formula injection (CSV/Excel injection): a text cell that starts
 * with = + - @ tab or CR gets a leading apostrophe so spreadsheet programs
 * show it as text instead of evaluating it.
 */
export function safeCell(v: unknown): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const s = String(v);
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export interface SheetSpec {
  name: string;
  title?: string;
  columns: { header: string; key: string; width?: number }[];
  rows: Record<string, unknown>[];
}

/** The one way the app writes .xlsx: every cell passes through safeCell. */
export async function buildXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '书香机关';
  wb.created = new Date();
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name.slice(0, 31));
    let headerRow = 1;
    if (spec.title) {
      ws.addRow([safeCell(spec.title)]);
      ws.mergeCells(1, 1, 1, Math.max(1, spec.columns.length));
      ws.getRow(1).font = { bold: true, size: 14 };
      ws.getRow(1).alignment = { horizontal: 'center' };
      headerRow = 2;
    }
    ws.addRow(spec.columns.map((c) => safeCell(c.header)));
    ws.getRow(headerRow).font = { bold: true };
    ws.getRow(headerRow).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    spec.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.width ?? Math.max(10, c.header.length * 2 + 4);
    });
    for (const r of spec.rows) ws.addRow(spec.columns.map((c) => safeCell(r[c.key])));
    ws.views = [{ state: 'frozen', ySplit: headerRow }];
    if (spec.rows.length) ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: spec.columns.length } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function sendXlsx(reply: FastifyReply, filename: string, buf: Buffer) {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(buf);
}

/** How long one workbook may take to read, off the main thread. */
export const XLSX_PARSE_MS = 10_000;
const WORKER = new URL('./xlsx-worker.mjs', import.meta.url);

/**
 * Reads the first sheet as text rows, each with its 1-based row number as Excel shows it.
 * The parse (platform/xlsx-read.ts) runs in a worker thread with a time limit and a heap cap,
 * so a hostile workbook costs that worker, never the event loop; it is refused with a 400 and
 * a Chinese message.
 */
export async function readXlsxRows(buf: Buffer, limits: XlsxLimits = XLSX_LIMITS, timeoutMs = XLSX_PARSE_MS): Promise<XlsxRow[]> {
  // Checked on this thread before a worker is started: not a zip, or a zip bomb by its directory.
  try {
    zipDirectory(buf, limits);
  } catch (e) {
    if (e instanceof XlsxRefused) throw badRequest(e.message);
    throw e;
  }
  const worker = new Worker(WORKER, {
    workerData: { buf, limits },
    resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 },
    stdout: false,
    stderr: false,
  });
  type Reply = { ok: true; rows: XlsxRow[] } | { ok: false; refused: boolean; message: string };
  try {
    const reply = await new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => reject(badRequest(`Excel 文件在 ${Math.round(timeoutMs / 1000)} 秒内未能读完，已停止读取；请删去多余的行、列和格式后再试`)), timeoutMs);
      worker.once('message', (m: Reply) => {
        clearTimeout(timer);
        resolve(m);
      });
      worker.once('error', (e) => {
        clearTimeout(timer);
        // ERR_WORKER_OUT_OF_MEMORY: the workbook needed more memory than one import may take.
        reject((e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? badRequest('Excel 文件过大或过于复杂，读取时超出内存上限，已拒绝') : e);
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`xlsx worker exited with ${code}`));
      });
    });
    if (!reply.ok) throw reply.refused ? badRequest(reply.message) : badRequest('文件不是有效的 Excel（.xlsx）文件');
    return reply.rows;
  } finally {
    void worker.terminate();
  }
}
