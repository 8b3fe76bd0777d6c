// The clerk's import of online-learning lists (a 学习强国 points list, a
// 干部教育在线 学时 list…) from .xlsx or .csv (UTF-8 or GBK/GB18030), keyed by
// name or phone. Every row gets its own outcome; a refused row changes
// nothing; importing the same list twice adds nothing (import_key).
import crypto from 'node:crypto';
import iconv from 'iconv-lite';
import type { AuthContext } from '../../platform/auth/context';
import { AppError, badRequest } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { todayLocal } from '../../platform/time';
import { buildXlsx, readXlsxRows } from '../../platform/xlsx';
import { checkDay, checkDayRoom, checkPlatform, derivedMinutes, insertOnline, isValidDay, parseMeasure, PLATFORMS, type Measure } from './rules';
import { LearningPolicy } from './policy';
import { readMinutesLoggedOn } from '../study/service';
import { importKeySeen, membersForMatching } from './repository';

export type RowOutcome = 'taken' | 'duplicate' | 'refused';

export interface RowReport {
  /** The row number as the spreadsheet shows it. */
  row: number;
  name: string;
  phone: string;
  day: string;
  platform: string;
  outcome: RowOutcome;
  reason?: string;
  memberId?: number;
  memberName?: string;
  unitName?: string;
  /** Study minutes the row counts for. */
  minutes?: number;
}

export interface ImportReport {
  format: 'xlsx' | 'csv';
  encoding?: string;
  dryRun: boolean;
  total: number;
  taken: number;
  duplicate: number;
  refused: number;
  rows: RowReport[];
}

/** Header words each column is recognised by (after removing spaces and brackets). */
const COLUMNS = {
  name: ['姓名', '名字', '干部姓名', '学员姓名', '用户名称', '用户姓名'],
  phone: ['手机号', '手机', '手机号码', '电话', '联系电话', '电话号码'],
  day: ['日期', '学习日期', '时间', '学习时间'],
  platform: ['平台', '学习平台'],
  content: ['内容', '学习内容', '课程', '课程名称', '备注'],
  minutes: ['时长分钟', '时长', '分钟', '学习时长', '学习时长分钟'],
  credits: ['学时', '学分', '学时数'],
  points: ['积分', '学习积分', '得分', '当日积分', '今日积分'],
} as const;
type Col = keyof typeof COLUMNS;

const normHeader = (s: string) => s.replace(/[\s()（）*＊:：]/g, '');

export const TEMPLATE_HEADERS = ['姓名', '手机号', '日期', '平台', '内容', '时长(分钟)', '学时', '积分'];

export async function learningTemplate(): Promise<Buffer> {
  const today = todayLocal();
  return buildXlsx([
    {
      name: '线上学习',
      columns: TEMPLATE_HEADERS.map((h) => ({ header: h, key: h, width: h === '内容' ? 30 : 14 })),
      rows: [
        { 姓名: '张三', 手机号: '13800000001', 日期: today, 平台: '学习强国', 内容: '每日答题、文章学习', 积分: 35 },
        { 姓名: '李四', 手机号: '', 日期: today, 平台: '干部教育在线', 内容: '学习贯彻党的二十届四中全会精神专题', 学时: 1.5 },
        { 姓名: '王五', 手机号: '', 日期: today, 平台: 'X大讲堂', 内容: '乡村振兴专题讲座', '时长(分钟)': 90 },
      ],
    },
    {
      name: '填写说明',
      columns: [{ header: '说明', key: 't', width: 90 }],
      rows: [
        { t: '每行一条学习记录。按“手机号”识别干部；未填手机号时按“姓名”识别，同名的干部请务必填写手机号。' },
        { t: '“时长(分钟)”“学时”“积分”三项只填其中一项；学时可保留一位小数。' },
        { t: `“平台”填：${PLATFORMS.join('、')}；整张表都是同一平台时，也可以不填此列，在导入页面选择平台。` },
        { t: '日期格式：2026-11-28 或 2026/11/28。不能导入将来的日期；每人每天的学习时间合计不能超过 24 小时。' },
        { t: '同一张表重复导入不会重复记录。导入前可先“预览”，确认后再导入。' },
      ],
    },
  ]);
}

// ---------------------------------------------------------------- reading the file

/** Decodes CSV text: UTF-8 (with or without BOM) when it is valid UTF-8, else GB18030 (a superset of GBK). */
export function decodeCsv(buf: Buffer): { text: string; encoding: string } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString('utf8'), encoding: 'UTF-8' };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.subarray(2).toString('utf16le'), encoding: 'UTF-16' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'UTF-8' };
  } catch {
    return { text: iconv.decode(buf, 'gb18030'), encoding: 'GBK' };
  }
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF); also tab-separated when the first line has tabs and no commas. */
export function parseCsv(text: string): { rowNumber: number; cells: string[] }[] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const sep = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows: { rowNumber: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) rows.push({ rowNumber: rowStart, cells: cells.map((c) => c.trim()) });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowStart = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) endRow();
  return rows;
}

async function readRows(buf: Buffer): Promise<{ format: 'xlsx' | 'csv'; encoding?: string; rows: { rowNumber: number; cells: string[] }[] }> {
  if (buf.subarray(0, 2).toString('latin1') === 'PK') {
    try {
      return { format: 'xlsx', rows: await readXlsxRows(buf) };
    } catch (e) {
      throw badRequest((e as Error).message);
    }
  }
  if (buf.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) throw badRequest('不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 或 .csv 后再导入');
  const { text, encoding } = decodeCsv(buf);
  return { format: 'csv', encoding, rows: parseCsv(text) };
}

/** Maps the header row's cells to the columns we know. */
function mapHeader(cells: string[]): Partial<Record<Col, number>> {
  const out: Partial<Record<Col, number>> = {};
  cells.forEach((raw, i) => {
    const h = normHeader(raw);
    for (const [col, words] of Object.entries(COLUMNS) as [Col, readonly string[]][]) {
      if (out[col] === undefined && (words as readonly string[]).includes(h)) {
        out[col] = i;
        return;
      }
    }
  });
  return out;
}

/** Accepts 2026-11-28, 2026/11/28, 2026.11.28, 2026年11月28日, 20261128 and Excel serial numbers. */
export function parseDay(raw: string): string | null {
  const s = raw.trim();
  if (!s) return null;
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const d = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    return isValidDay(d) ? d : null;
  }
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    // Excel's day count since 1899-12-30.
    const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(s)) * 86_400_000);
    return d.toISOString().slice(0, 10);
  }
  return null;
}

const normPhone = (s: string) => s.replace(/[\s-]/g, '').replace(/^\+?86/, '');

function numberCell(raw: string, label: string): number | null {
  const s = raw.replace(/[,，\s]/g, '');
  if (s === '') return null;
  const v = Number(s);
  if (!Number.isFinite(v)) throw badRequest(`${label}“${raw}”不是数字`);
  return v;
}

// ---------------------------------------------------------------- importing

interface Person {
  id: number;
  name: string;
  phone: string | null;
  status: string;
  unitName: string;
  path: string;
}

export async function importOnline(svc: Services, auth: AuthContext, buf: Buffer, opts: { dryRun: boolean; platform?: string }): Promise<ImportReport> {
  await svc.guard.authorize(auth, LearningPolicy.import);
  const defaultPlatform = opts.platform ? checkPlatform(opts.platform) : null;
  const { format, encoding, rows } = await readRows(buf);
  const headerIdx = rows.findIndex((r) => {
    const h = mapHeader(r.cells);
    return h.name !== undefined || h.phone !== undefined;
  });
  if (headerIdx < 0) throw badRequest('没有找到表头：表中应有“姓名”或“手机号”列（可下载导入模板对照）');
  const header = mapHeader(rows[headerIdx].cells);
  if (header.day === undefined) throw badRequest('表中没有“日期”列');
  if (header.minutes === undefined && header.credits === undefined && header.points === undefined) throw badRequest('表中应有“时长(分钟)”“学时”或“积分”列之一');
  if (header.platform === undefined && !defaultPlatform) throw badRequest('表中没有“平台”列，请在导入时选择学习平台');

  const people: Person[] = (
    await membersForMatching(svc.db)
  ).map((p) => ({ id: p.id, name: p.name, phone: p.phone ? normPhone(p.phone) : null, status: p.status, unitName: p.unit_name, path: p.path }));
  const mayImport = await svc.guard.admits(auth, LearningPolicy.import);
  const inScope = (p: Person) => mayImport({ unitPath: p.path });

  const report: ImportReport = { format, encoding, dryRun: opts.dryRun, total: 0, taken: 0, duplicate: 0, refused: 0, rows: [] };
  // In a preview nothing is written, so the file's own earlier rows are counted here.
  const pendingMinutes = new Map<string, number>();
  const pendingKeys = new Set<string>();

  for (const r of rows.slice(headerIdx + 1)) {
    const cell = (c: Col) => (header[c] === undefined ? '' : (r.cells[header[c]] ?? '').trim());
    const rep: RowReport = { row: r.rowNumber, name: cell('name'), phone: cell('phone'), day: cell('day'), platform: cell('platform') || defaultPlatform || '', outcome: 'refused' };
    report.total++;
    report.rows.push(rep);
    try {
      const person = resolvePerson(people, rep.name, normPhone(rep.phone), inScope);
      rep.memberId = person.id;
      rep.memberName = person.name;
      rep.unitName = person.unitName;
      const day = parseDay(rep.day);
      if (!day) throw badRequest(rep.day ? `日期“${rep.day}”无法识别` : '未填写日期');
      rep.day = day;
      await checkDay(svc, day, { window: false });
      const platform = checkPlatform(rep.platform);
      const content = cell('content').slice(0, 200);
      const measure: Measure = parseMeasure({ minutes: numberCell(cell('minutes'), '时长'), credits: numberCell(cell('credits'), '学时'), points: numberCell(cell('points'), '积分') });
      const key = crypto
        .createHash('sha256')
        .update(JSON.stringify([person.id, day, platform, content, measure.minutes, measure.credit_tenths, measure.points]))
        .digest('hex');
      rep.minutes = await derivedMinutes(svc, measure, day);
      const seen = pendingKeys.has(key) || (await importKeySeen(svc.db, key));
      if (seen) {
        rep.outcome = 'duplicate';
        rep.reason = '这条记录已导入过，未重复记录';
        report.duplicate++;
        continue;
      }
      if (opts.dryRun) {
        const dayKey = `${person.id}|${day}`;
        const logged = await readMinutesLoggedOn(svc.db, person.id, day);
        const total = logged + (pendingMinutes.get(dayKey) ?? 0);
        checkDayRoom(day, total, rep.minutes);
        pendingMinutes.set(dayKey, total - logged + rep.minutes);
        pendingKeys.add(key);
      } else {
        await svc.db.transaction().execute(async (trx) => {
          const { id } = await insertOnline(svc, trx, { memberId: person.id, day, platform, content, measure, minutes: rep.minutes ?? 0, evidenceFileId: null, source: 'import', importKey: key, createdBy: auth.userId });
          await svc.audit.record(trx, auth.actor(), { action: 'learning.online.import', entity: 'online_learning', entityId: id, detail: { memberId: person.id, day, platform, ...measure, studyMinutes: rep.minutes, row: r.rowNumber } });
        });
        pendingKeys.add(key);
      }
      rep.outcome = 'taken';
      report.taken++;
    } catch (e) {
      if (!(e instanceof AppError)) {
        // Two clerks importing the same list at once: the unique import_key lets one win.
        if (/unique|duplicate/i.test(String((e as Error).message))) {
          rep.outcome = 'duplicate';
          rep.reason = '这条记录已导入过，未重复记录';
          report.duplicate++;
          continue;
        }
        throw e;
      }
      rep.outcome = 'refused';
      rep.reason = `${e.message}；此行未导入，其他数据未改动`;
      report.refused++;
    }
  }
  return report;
}

function resolvePerson(people: Person[], name: string, phone: string, inScope: (p: Person) => boolean): Person {
  if (!name && !phone) throw badRequest('未填写姓名或手机号');
  let found: Person[];
  if (phone) {
    found = people.filter((p) => p.phone === phone);
    if (found.length === 0) throw badRequest(`查无此人：系统中没有手机号为 ${phone} 的干部`);
    if (name && !found.some((p) => p.name === name)) throw badRequest(`姓名“${name}”与手机号 ${phone} 登记的干部（${found.map((p) => p.name).join('、')}）不符`);
    if (name) found = found.filter((p) => p.name === name);
  } else {
    found = people.filter((p) => p.name === name);
    if (found.length === 0) throw badRequest(`查无此人：系统中没有名为“${name}”的干部`);
  }
  const active = found.filter((p) => p.status === 'active');
  if (active.length === 0) throw badRequest(`“${found[0].name}”已离职，不能导入`);
  const mine = active.filter(inScope);
  if (mine.length === 0) throw badRequest(`“${active[0].name}”（${active[0].unitName}）不在您的管理范围内`);
  if (mine.length > 1) throw badRequest(`有 ${mine.length} 位名为“${name}”的干部（${mine.map((p) => p.unitName).join('、')}），无法区分，请在表中填写手机号`);
  return mine[0];
}
