import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

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

/** Reads the first sheet as text rows, each with its 1-based row number as Excel shows it. */
export async function readXlsxRows(buf: Buffer): Promise<{ rowNumber: number; cells: string[] }[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new Error('文件不是有效的 Excel（.xlsx）文件');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('Excel 文件中没有工作表');
  const out: { rowNumber: number; cells: string[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let i = 1; i <= ws.columnCount; i++) cells.push(cellText(row.getCell(i).value));
    if (cells.some((c) => c !== '')) out.push({ rowNumber, cells });
  });
  return out;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return v.result === undefined || v.result === null ? '' : String(v.result).trim();
    return '';
  }
  return String(v).trim();
}
