// Exports laid out like the paper forms they replace: the annual plan table and the sign-in sheet.
import { AlignmentType, Paragraph, TextRun } from 'docx';
import { buildXlsx, type SheetSpec } from '../../platform/xlsx';
import { formatLocal } from '../../platform/time';
import { buildDocx, gridTable, para, run, SIZE, TITLE_FONT, titleParagraph } from '../../platform/docx';
import type { PlanView, whoHasRead } from './plan';
import { sheetCounts, type LeaveRow, type SessionRow, type SheetRow } from './service';

const MONTHS = ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月'];

function planRows(plan: PlanView) {
  return plan.months.map((m) => ({
    month: MONTHS[m.month - 1],
    theme: m.theme,
    content: m.content,
    books: plan.books
      .filter((b) => b.month === m.month)
      .map((b) => `《${b.title}》`)
      .join('\n'),
    sessions: plan.sessions
      .filter((s) => s.month === m.month)
      .map((s) => `${s.when} ${s.topic}${s.place ? `（${s.place}` : ''}${s.host ? `，主持：${s.host}` : ''}${s.place ? '）' : ''}`)
      .join('\n'),
  }));
}

export async function planXlsx(plan: PlanView): Promise<Buffer> {
  return buildXlsx([
    {
      name: '年度学习计划',
      title: plan.title,
      columns: [
        { header: '月份', key: 'month', width: 8 },
        { header: '学习主题', key: 'theme', width: 30 },
        { header: '学习内容', key: 'content', width: 50 },
        { header: '必学书目', key: 'books', width: 30 },
        { header: '集中学习安排', key: 'sessions', width: 50 },
      ],
      rows: planRows(plan),
    },
    {
      name: '必学书目',
      title: `${plan.year}年必学书目`,
      columns: [
        { header: '序号', key: 'no', width: 6 },
        { header: '书名', key: 'title', width: 40 },
        { header: '作者', key: 'authors', width: 24 },
        { header: '出版社', key: 'publisher', width: 24 },
        { header: '安排月份', key: 'month', width: 10 },
        { header: '备注', key: 'note', width: 20 },
      ],
      rows: plan.books.map((b, i) => ({ no: i + 1, title: b.title, authors: b.authors, publisher: b.publisher, month: b.month ? MONTHS[b.month - 1] : '全年', note: b.note })),
    },
    {
      name: '集中学习',
      title: `${plan.year}年集中学习安排`,
      columns: [
        { header: '序号', key: 'no', width: 6 },
        { header: '时间', key: 'when', width: 22 },
        { header: '学习主题', key: 'topic', width: 40 },
        { header: '地点', key: 'place', width: 18 },
        { header: '主持人', key: 'host', width: 12 },
        { header: '参加单位', key: 'units', width: 40 },
      ],
      rows: plan.sessions.map((s, i) => ({ no: i + 1, when: s.when, topic: s.topic, place: s.place, host: s.host, units: s.units.join('、') })),
    },
  ]);
}

export async function planDocx(plan: PlanView): Promise<Buffer> {
  const rows = planRows(plan).map((r) => [r.month, r.theme, r.content, r.books, r.sessions]);
  const all = plan.books.map((b, i) => `${i + 1}. 《${b.title}》${b.authors ? `，${b.authors}` : ''}${b.publisher ? `，${b.publisher}` : ''}${b.month ? `（${b.month}月）` : '（全年）'}`);
  return buildDocx(
    [
      titleParagraph(plan.title),
      ...(plan.notes ? [para(plan.notes, { indentFirst: true, size: SIZE.xiaosi })] : []),
      gridTable(['月份', '学习主题', '学习内容', '必学书目', '集中学习安排'], rows, [8, 18, 30, 18, 26], { size: SIZE.wuhao, center: [0] }),
      para([run('必学书目', { size: SIZE.sihao, bold: true })], { after: 60 }),
      ...all.map((line) => para([run(line, { size: SIZE.xiaosi })], { after: 0 })),
    ],
    { title: plan.title, landscape: true },
  );
}

const statusText = (r: SheetRow) => (r.status === 'pending' ? '' : r.statusLabel);
const timeText = (r: SheetRow) => (r.checkedAt ? formatLocal(r.checkedAt, 'HH:mm') : '');

export function sheetTitle(s: SessionRow) {
  return `${s.topic}签到表`;
}
const whenLine = (s: SessionRow) => `${formatLocal(s.starts_at, 'YYYY年M月D日 HH:mm')}—${formatLocal(s.ends_at, 'HH:mm')}`;

function countsLine(rows: SheetRow[]) {
  const c = sheetCounts(rows);
  return `应到 ${c.expected} 人，实到 ${c.present + c.late} 人（其中迟到 ${c.late} 人），请假 ${c.leave} 人，缺席 ${c.absent} 人`;
}

/** One session's sign-in sheet as a worksheet. */
export function sheetSpec(s: SessionRow, rows: SheetRow[], name = '签到表'): SheetSpec {
  return {
    name,
    title: `${sheetTitle(s)}（${whenLine(s)}，${s.place || '地点未定'}${s.host ? `，主持：${s.host}` : ''}）`,
    columns: [
      { header: '序号', key: 'no', width: 6 },
      { header: '姓名', key: 'name', width: 12 },
      { header: '单位', key: 'unit', width: 20 },
      { header: '职务', key: 'position', width: 16 },
      { header: '签到时间', key: 'time', width: 12 },
      { header: '状态', key: 'status', width: 10 },
      { header: '备注', key: 'remark', width: 24 },
    ],
    rows: [
      ...rows.map((r) => ({
        no: r.no,
        name: r.name,
        unit: r.unitName,
        position: r.position,
        time: timeText(r),
        status: statusText(r),
        remark: [r.method === 'manual' ? '补签' : '', r.status === 'leave' && r.leaveReason ? `事由：${r.leaveReason}` : ''].filter(Boolean).join('；'),
      })),
      { no: '', name: countsLine(rows) },
    ],
  };
}

export async function sheetXlsx(s: SessionRow, rows: SheetRow[]): Promise<Buffer> {
  return buildXlsx([sheetSpec(s, rows)]);
}

const SHEET_NAME_BAD = /[\\/?*:[\]]/g;

/** Several sessions' sheets in one workbook (the archive's month), a worksheet each, named by day and unit. */
export async function sheetsXlsx(list: { s: SessionRow; rows: SheetRow[] }[]): Promise<Buffer> {
  const taken = new Set<string>();
  return buildXlsx(
    list.map(({ s, rows }) => {
      const base = `${formatLocal(s.starts_at, 'MM-DD')} ${s.unit_name}`.replace(SHEET_NAME_BAD, '').slice(0, 26);
      let name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}（${n}）`;
      taken.add(name);
      return sheetSpec(s, rows, name);
    }),
  );
}

/** One session's sign-in sheet as document content (pageBreak: it starts a new page). */
function sheetChildren(s: SessionRow, rows: SheetRow[], pageBreak = false) {
  const title = sheetTitle(s);
  return [
    pageBreak ? new Paragraph({ pageBreakBefore: true, alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: title, font: TITLE_FONT, size: SIZE.er })] }) : titleParagraph(title),
    para([run(`时间：${whenLine(s)}`, { size: SIZE.xiaosi }), run(`    地点：${s.place || ''}`, { size: SIZE.xiaosi })], { after: 0 }),
    para([run(`主持人：${s.host || ''}`, { size: SIZE.xiaosi }), run(`    组织单位：${s.unit_name}`, { size: SIZE.xiaosi })], { after: 120 }),
    gridTable(
      ['序号', '姓名', '单位', '职务', '签到时间', '状态'],
      rows.map((r) => [String(r.no), r.name, r.unitName, r.position, timeText(r), statusText(r)]),
      [8, 14, 28, 22, 14, 14],
      { center: [0, 1, 4, 5] },
    ),
    para([run(countsLine(rows), { size: SIZE.xiaosi })], { align: AlignmentType.LEFT, after: 0 }),
  ];
}

export async function sheetDocx(s: SessionRow, rows: SheetRow[]): Promise<Buffer> {
  return buildDocx(sheetChildren(s, rows), { title: sheetTitle(s) });
}

/** Several sessions' sheets in one document (the archive's month), each on its own page. */
export async function sheetsDocx(list: { s: SessionRow; rows: SheetRow[] }[], title: string): Promise<Buffer> {
  return buildDocx(
    list.flatMap(({ s, rows }, i) => sheetChildren(s, rows, i > 0)),
    { title },
  );
}

/** 请假名单: every request of the clerk's sessions with its decision. */
export async function leaveXlsx(rows: LeaveRow[], label: string): Promise<Buffer> {
  return buildXlsx([
    {
      name: '请假名单',
      title: `集中学习请假名单（${label}，共 ${rows.length} 条）`,
      columns: [
        { header: '序号', key: 'no', width: 6 },
        { header: '集中学习时间', key: 'when', width: 20 },
        { header: '学习主题', key: 'topic', width: 36 },
        { header: '姓名', key: 'name', width: 10 },
        { header: '单位', key: 'unit', width: 18 },
        { header: '请假事由', key: 'reason', width: 30 },
        { header: '申请时间', key: 'requested', width: 18 },
        { header: '审批结果', key: 'status', width: 10 },
        { header: '审批意见', key: 'note', width: 24 },
      ],
      rows: rows.map((r, i) => ({
        no: i + 1,
        when: formatLocal(r.startsAt, 'YYYY-MM-DD HH:mm'),
        topic: r.topic,
        name: r.name,
        unit: r.unitName,
        reason: r.reason,
        requested: formatLocal(r.requestedAt, 'YYYY-MM-DD HH:mm'),
        status: r.statusLabel,
        note: r.decisionNote ?? '',
      })),
    },
  ]);
}

type Readers = Awaited<ReturnType<typeof whoHasRead>>;

/** 必学书目阅读情况: a summary per book, and everyone × book (the date read, or 未读). */
export async function readersXlsx(plan: { title: string; year: number }, unitName: string, r: Readers): Promise<Buffer> {
  const people = new Map(r.people.map((p) => [p.memberId, { name: p.name, unit: p.unitName, read: new Map<number, string>() }]));
  for (const b of r.books) for (const p of b.read) people.get(p.memberId)?.read.set(b.bookId, p.finishedOn ?? '已读');
  const bookCols = r.books.map((b, i) => ({ header: `《${b.title}》`, key: `b${i}`, width: Math.min(30, Math.max(12, b.title.length * 2 + 4)) }));
  return buildXlsx([
    {
      name: '汇总',
      title: `${unitName}${plan.year}年必学书目阅读情况（共 ${r.members} 人）`,
      columns: [
        { header: '序号', key: 'no', width: 6 },
        { header: '书名', key: 'title', width: 40 },
        { header: '安排月份', key: 'month', width: 10 },
        { header: '已读完（人）', key: 'read', width: 12 },
        { header: '未读完（人）', key: 'notRead', width: 12 },
        { header: '已读比例', key: 'share', width: 10 },
      ],
      rows: r.books.map((b, i) => ({
        no: i + 1,
        title: `《${b.title}》`,
        month: b.month ? MONTHS[b.month - 1] : '全年',
        read: b.readCount,
        notRead: b.total - b.readCount,
        share: b.total ? `${Math.round((b.readCount / b.total) * 1000) / 10}%` : '—',
      })),
    },
    {
      name: '名单',
      title: `${unitName}${plan.year}年必学书目阅读名单（填读完日期，空白为未读完）`,
      columns: [{ header: '序号', key: 'no', width: 6 }, { header: '姓名', key: 'name', width: 10 }, { header: '单位', key: 'unit', width: 18 }, ...bookCols, { header: '已读完（本）', key: 'count', width: 12 }],
      rows: [...people.values()].map((p, i) => ({
        no: i + 1,
        name: p.name,
        unit: p.unit,
        ...Object.fromEntries(r.books.map((b, j) => [`b${j}`, p.read.get(b.bookId) ?? ''])),
        count: p.read.size,
      })),
    },
  ]);
}
