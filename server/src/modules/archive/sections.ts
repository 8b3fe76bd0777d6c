// The sections of the year-end archive (台账), in the plan's order: each section lists
// its files (made one at a time when the zip is written) and what it counted, for the
// index page. A section without records says so in its folder instead of being left out.
import { AlignmentType } from 'docx';
import type { AuthContext } from '../../platform/auth/context';
import type { Services } from '../../platform/services';
import { formatLocal, todayLocal } from '../../platform/time';
import { buildXlsx, type SheetSpec } from '../../platform/xlsx';
import { exportAcceptance } from '../assessment/acceptance/service';
import { AssessmentPolicy } from '../assessment/policy';
import { analysis } from '../exams/analysis/service';
import { buildDocx, gridTable, para, titleParagraph } from '../../platform/docx';
import { planDocx, planXlsx, sheetsDocx, sheetsXlsx } from '../sessions/export';
import { loadPlan } from '../sessions/plan';
import { getSession, signInSheet, type SessionRow } from '../sessions/service';
import { unitView } from '../study/progress';
import { coverage, loansByMonth } from '../library/reports/service';
import { buildReportDocx, loadReport } from '../reflections/report';
import { scoresXlsx, yearLectures, yearSeminars, yearSessions, yearTestResults } from '../scorecard/scores/service';
import { honorsView, printableOfList } from '../scorecard/certificates/service';
import { certificatesPdf } from '../scorecard/certificates/pdf';
import { sealImage } from '../scorecard/certificates/service';
import { listFindings, listInspections } from '../assessment/inspections/service';
import * as repo from './repository';
import { CREATIONS, evidenceXlsx, taggable } from './creations';
import { minutesData } from '../seminars/service';
import { minutesDocx } from '../seminars/minutes';
import { SeminarPolicy } from '../seminars/policy';

export interface ArchiveFile {
  path: string;
  make: () => Promise<Buffer>;
}

export interface Section {
  key: string;
  title: string;
  /** What the section holds, counted (for 目录). */
  count: number;
  countLabel: string;
  note: string;
  files: ArchiveFile[];
}

export interface ArchiveScope {
  svc: Services;
  auth: AuthContext;
  year: number;
  unit: { id: number; name: string; path: string };
  baseUrl: string;
}

const QUESTION_TYPE: Record<string, string> = { single: '单选', multiple: '多选', truefalse: '判断', short: '简答', fill: '填空' };
const STATUS_LABEL: Record<string, string> = { submitted: '待审核', returned: '已退回', approved: '审核通过', excellent: '优秀', reported: '优秀（已上报）' };
const safeName = (s: string) => s.replace(/[\\/:*?"<>|\p{Cc}]/gu, '').slice(0, 60) || '未命名';
const mm = (m: number) => `${String(m).padStart(2, '0')}月`;
const text = (s: string) => async () => Buffer.from(s.replace(/\n/g, '\r\n'), 'utf8');

/** The months of the year that have begun. */
function monthsOf(year: number): number[] {
  const today = todayLocal();
  const last = Number(today.slice(0, 4)) > year ? 12 : Number(today.slice(5, 7));
  return Array.from({ length: last }, (_, i) => i + 1);
}

async function planSection(s: ArchiveScope): Promise<Section> {
  const plans = await repo.plansOf(s.svc.db, s.unit.path, s.year);
  const files: ArchiveFile[] = [];
  for (const p of plans) {
    const name = safeName(p.unit_name);
    files.push({ path: `01 年度学习计划与必读书目/${name}${s.year}年度学习计划.xlsx`, make: async () => planXlsx((await loadPlan(s.svc, p.unit_id, s.year))!) });
    files.push({ path: `01 年度学习计划与必读书目/${name}${s.year}年度学习计划.docx`, make: async () => planDocx((await loadPlan(s.svc, p.unit_id, s.year))!) });
  }
  return { key: 'plan', title: '年度学习计划与必读书目', count: plans.length, countLabel: '份计划', note: plans.length ? '每份计划含月度主题和必读书目（.xlsx 与 .docx）' : '本年度未制定学习计划', files };
}

async function complianceSection(s: ArchiveScope): Promise<Section> {
  const files: ArchiveFile[] = monthsOf(s.year).map((m) => ({
    path: `02 月度计划与达标情况/${mm(m)}/${safeName(s.unit.name)}${s.year}年${m}月学习达标情况.xlsx`,
    make: async () => {
      const month = `${s.year}-${String(m).padStart(2, '0')}`;
      const { rows } = await unitView(s.svc, s.unit, month);
      return buildXlsx([
        {
          name: '达标情况',
          title: `${s.unit.name} ${s.year} 年 ${m} 月读书学习达标情况`,
          columns: [
            { header: '姓名', key: 'name', width: 10 },
            { header: '单位', key: 'unitName', width: 18 },
            { header: '职务', key: 'position', width: 14 },
            { header: '制定阅读计划', key: 'plan', width: 12 },
            { header: '读完书（本）', key: 'booksFinished', width: 12 },
            { header: '达标天数', key: 'daysMet', width: 10 },
            { header: '应学天数', key: 'requiredDays', width: 10 },
            { header: '达标率', key: 'rate', width: 10 },
            { header: '学习分钟', key: 'minutes', width: 10 },
            { header: '集中学习（到/应到）', key: 'sessions', width: 16 },
          ],
          rows: rows.map((r) => ({
            ...r,
            plan: r.hasPlan ? (r.planLate ? '逾期制定' : '已制定') : '未制定',
            rate: r.compliance == null ? '—' : `${Math.round(Number(r.compliance) * 100)}%`,
            sessions: `${r.sessionsAttended}/${r.sessionsExpected - r.sessionsExcused}`,
          })),
        },
      ]);
    },
  }));
  return { key: 'compliance', title: '月度计划与达标情况', count: files.length, countLabel: '个月', note: '每月一表：阅读计划、读完书本数、每日学习达标率、集中学习出勤', files };
}

async function sheetSection(s: ArchiveScope): Promise<Section> {
  const sessions = await yearSessions(s.svc, s.unit.path, s.year);
  const byMonth = new Map<number, typeof sessions>();
  for (const x of sessions) {
    const m = Number(formatLocal(x.starts_at, 'M'));
    byMonth.set(m, [...(byMonth.get(m) ?? []), x]);
  }
  const files: ArchiveFile[] = [];
  // One workbook (a sheet per session) and one document (a page per session) per month:
  // the binder's month as it is printed; the .xlsx and the .docx share one read of the sheets.
  for (const [m, list] of byMonth) {
    let loaded: Promise<{ s: SessionRow; rows: Awaited<ReturnType<typeof signInSheet>> }[]> | null = null;
    const load = () =>
      (loaded ??= (async () => {
        const out = [];
        for (const x of list) {
          const row = (await getSession(s.svc.db, x.id))!;
          out.push({ s: row, rows: await signInSheet(s.svc, row) });
        }
        return out;
      })());
    const base = `03 签到表/${mm(m)}/${safeName(s.unit.name)}${s.year}年${m}月集中学习签到表（${list.length}场）`;
    files.push({ path: `${base}.xlsx`, make: async () => sheetsXlsx(await load()) });
    files.push({ path: `${base}.docx`, make: async () => sheetsDocx(await load(), `${s.unit.name}${s.year}年${m}月集中学习签到表`) });
  }
  return { key: 'sheets', title: '集中学习签到表', count: sessions.length, countLabel: '场', note: '按月份分文件夹，每月一份签到表汇编（.xlsx 每场一个工作表，.docx 每场一页）', files };
}

async function loanSection(s: ArchiveScope): Promise<Section> {
  const loans = await repo.loansOf(s.svc.db, s.unit.path, s.year);
  const files: ArchiveFile[] = [
    {
      path: `04 借阅记录与分类覆盖/${s.year}年借阅记录.xlsx`,
      make: () =>
        buildXlsx([
          {
            name: '借阅记录',
            title: `${s.unit.name} ${s.year} 年借阅记录`,
            columns: [
              { header: '借出时间', key: 'at', width: 18 },
              { header: '姓名', key: 'name', width: 10 },
              { header: '单位', key: 'unit_name', width: 18 },
              { header: '书名', key: 'title', width: 30 },
              { header: '分类', key: 'category', width: 12 },
              { header: '条码', key: 'barcode', width: 14 },
              { header: '应还日期', key: 'due_on', width: 12 },
              { header: '归还时间', key: 'back', width: 18 },
              { header: '续借次数', key: 'renewals', width: 10 },
            ],
            rows: loans.map((l) => ({ ...l, at: formatLocal(l.loaned_at, 'YYYY-MM-DD HH:mm'), back: l.returned_at ? formatLocal(l.returned_at, 'YYYY-MM-DD HH:mm') : '未还' })),
          },
        ]),
    },
    {
      path: `04 借阅记录与分类覆盖/${s.year}年图书分类覆盖.xlsx`,
      make: async () => {
        const cov = await coverage(s.svc.db, [s.unit.path], s.year);
        const months = await loansByMonth(s.svc.db, [s.unit.path], s.year);
        return buildXlsx([
          {
            name: '分类覆盖',
            title: `${s.unit.name} ${s.year} 年图书分类覆盖`,
            columns: [
              { header: '分类', key: 'label', width: 20 },
              { header: '品种', key: 'titles', width: 10 },
              { header: '册数', key: 'copies', width: 10 },
              { header: '借阅次数', key: 'loans', width: 10 },
              { header: '情况', key: 'state', width: 10 },
            ],
            rows: cov.byCategory.map((c) => ({ ...c, state: c.state === 'empty' ? '空缺' : c.state === 'thin' ? '偏少' : '正常' })),
          },
          {
            name: '按月借阅',
            columns: [{ header: '单位', key: 'unitName', width: 18 }, ...Array.from({ length: 12 }, (_, i) => ({ header: `${i + 1}月`, key: `m${i}`, width: 7 })), { header: '合计', key: 'total', width: 8 }],
            rows: months.units.map((u) => ({ unitName: u.unitName, total: u.total, ...Object.fromEntries(u.months.map((n, i) => [`m${i}`, n])) })),
          },
        ]);
      },
    },
  ];
  return { key: 'loans', title: '借阅记录与分类覆盖', count: loans.length, countLabel: '次借阅', note: '全年借阅明细；各类图书品种、册数与借阅次数', files };
}

async function reflectionSection(s: ArchiveScope): Promise<Section> {
  const rows = await repo.reflectionsOf(s.svc.db, s.unit.path, s.year);
  const excellent = rows.filter((r) => r.status === 'excellent' || r.status === 'reported');
  const files: ArchiveFile[] = [
    {
      path: `05 读书心得/${s.year}年读书心得目录.xlsx`,
      make: () =>
        buildXlsx([
          {
            name: '心得目录',
            title: `${s.unit.name} ${s.year} 年读书心得目录`,
            columns: [
              { header: '月份', key: 'month', width: 10 },
              { header: '姓名', key: 'name', width: 10 },
              { header: '单位', key: 'unit_name', width: 18 },
              { header: '题目', key: 'title', width: 36 },
              { header: '书名', key: 'book_title', width: 24 },
              { header: '字数', key: 'char_count', width: 8 },
              { header: '状态', key: 'statusLabel', width: 14 },
              { header: '评分', key: 'score', width: 8 },
            ],
            rows: rows.map((r) => ({ ...r, statusLabel: STATUS_LABEL[r.status] ?? r.status })),
          },
        ]),
    },
  ];
  if (excellent.length) {
    files.push({
      path: `05 读书心得/${s.year}年优秀读书心得汇编.docx`,
      make: () =>
        buildDocx(
          [
            titleParagraph(`${s.unit.name}${s.year}年优秀读书心得汇编`),
            ...excellent.flatMap((r) => [
              para(r.title, { align: AlignmentType.CENTER, after: 120 }),
              para(`${r.unit_name}\u3000${r.name}${r.book_title ? `\u3000读《${r.book_title}》` : ''}`, { align: AlignmentType.CENTER, after: 200 }),
              ...r.body_text
                .split(/\n+/)
                .filter((p) => p.trim())
                .map((p) => para(p.trim(), { indentFirst: true })),
            ]),
          ],
          { title: `${s.year}年优秀读书心得汇编` },
        ),
    });
  }
  return { key: 'reflections', title: '读书心得', count: rows.length, countLabel: `篇（优秀 ${excellent.length} 篇）`, note: '心得目录；优秀心得全文汇编', files };
}

async function reportSection(s: ArchiveScope): Promise<Section> {
  const reports = await repo.reportsOf(s.svc.db, s.unit.path, s.year);
  const files = reports.map((r) => ({ path: `06 上报材料/${formatLocal(r.reported_at, 'YYYY-MM-DD')} ${safeName(r.title)}.docx`, make: async () => buildReportDocx(await loadReport(s.svc.db, r.id)) }));
  return { key: 'reports', title: '上报材料', count: reports.length, countLabel: '份', note: '向上级报送的心得材料（含采用反馈）', files };
}

async function inspectionSection(s: ArchiveScope): Promise<Section> {
  const all = await listInspections(s.svc, s.auth, s.year);
  const inspections = all;
  return {
    key: 'inspections',
    title: '督查报告与整改',
    count: inspections.length,
    countLabel: '次督查',
    note: '每次督查的发现与整改情况',
    files: [
      {
        path: `10 督查报告与整改/${s.year}年督查发现与整改.xlsx`,
        make: async () => {
          const rows: Record<string, unknown>[] = [];
          for (const i of inspections) {
            for (const f of await listFindings(s.svc, s.auth, i.id)) {
              rows.push({ inspection: i.title, quarter: `第${i.quarter}季度`, unit: f.unitName, item: f.itemLabel, score: `${f.score}/${f.maxScore}`, text: f.text, at: formatLocal(f.observedAt, 'YYYY-MM-DD'), by: f.byName, rect: f.rectificationStatus ?? '—' });
            }
          }
          return buildXlsx([
            {
              name: '督查发现',
              title: `${s.unit.name} ${s.year} 年督查发现与整改`,
              columns: [
                { header: '督查', key: 'inspection', width: 24 },
                { header: '季度', key: 'quarter', width: 10 },
                { header: '单位', key: 'unit', width: 16 },
                { header: '检查项', key: 'item', width: 16 },
                { header: '得分', key: 'score', width: 8 },
                { header: '发现', key: 'text', width: 40 },
                { header: '日期', key: 'at', width: 12 },
                { header: '检查人', key: 'by', width: 10 },
                { header: '整改', key: 'rect', width: 12 },
              ],
              rows,
            },
          ]);
        },
      },
    ],
  };
}

async function acceptanceSection(s: ArchiveScope): Promise<Section> {
  // The joint acceptance's results of the units under the archive's unit, as the assessment module exports them.
  const allowed = await s.svc.guard.allows(s.auth, AssessmentPolicy.exportResults);
  const probe = allowed ? await exportAcceptance(s.svc, s.auth, s.year, 'xlsx', s.unit.path) : null;
  if (!probe || probe.units === 0) {
    const why = !allowed ? '您的角色不能导出验收结果，本部分由党建办或验收组生成' : '本年度尚无本单位的验收评分';
    return { key: 'acceptance', title: '验收评分', count: 0, countLabel: '个单位', note: why, files: [{ path: '11 验收评分/说明.txt', make: text(`验收评分\n\n${why}。\n`) }] };
  }
  return {
    key: 'acceptance',
    title: '验收评分',
    count: probe.units,
    countLabel: '个单位',
    note: '联合验收各单位得分、等次与评分明细（.xlsx），验收报告（.docx）',
    files: [
      { path: `11 验收评分/${safeName(s.unit.name)}${s.year}年度验收评分表.xlsx`, make: async () => probe.buf },
      { path: `11 验收评分/${safeName(s.unit.name)}${s.year}年度联合验收报告.docx`, make: async () => (await exportAcceptance(s.svc, s.auth, s.year, 'docx', s.unit.path)).buf },
    ],
  };
}

async function scoreSection(s: ArchiveScope): Promise<Section> {
  return {
    key: 'scores',
    title: '干部年度考核得分',
    count: 1,
    countLabel: '份',
    note: '每位干部的各项得分、总分与名次（含指标说明和名次规则）',
    files: [{ path: `12 干部年度考核得分/${safeName(s.unit.name)}${s.year}年度考核得分.xlsx`, make: async () => (await scoresXlsx(s.svc, s.auth, s.year, s.unit.id)).buf }],
  };
}

async function honorSection(s: ArchiveScope): Promise<Section> {
  const lists = await repo.honorListsOf(s.svc.db, s.unit.path, s.year);
  const files: ArchiveFile[] = [];
  let certCount = 0;
  for (const l of lists) {
    const view = await honorsView(s.svc, s.auth, s.year, (await repo.unitById(s.svc.db, Number(l.unit_path.split('/').filter(Boolean).pop())))!.id);
    const name = safeName(l.unit_name);
    files.push({
      path: `13 书香干部与证书/${name}${s.year}年度书香干部名单.xlsx`,
      make: () =>
        buildXlsx([
          {
            name: '名单',
            title: `${l.unit_name} ${s.year} 年度“${view.list!.title}”名单（领导小组确认于 ${formatLocal(view.list!.confirmedAt ?? '', 'YYYY-MM-DD')}）`,
            columns: [
              { header: '序号', key: 'position', width: 8 },
              { header: '姓名', key: 'name', width: 10 },
              { header: '单位', key: 'unitName', width: 18 },
              { header: '考核名次', key: 'rank', width: 10 },
              { header: '总分', key: 'total', width: 10 },
              { header: '与排名不一致的理由', key: 'reason', width: 50 },
            ],
            rows: view.list!.entries.map((e) => ({ ...e, position: e.included ? e.position : '未列入', reason: e.reason ?? '' })),
          },
          {
            name: '证书',
            columns: [
              { header: '证书编号', key: 'number', width: 18 },
              { header: '姓名', key: 'name', width: 10 },
              { header: '单位', key: 'unitName', width: 18 },
              { header: '称号', key: 'title', width: 12 },
              { header: '颁发日期', key: 'issuedOn', width: 12 },
              { header: '状态', key: 'state', width: 30 },
            ],
            rows: view.certificates.map((c) => ({ ...c, state: c.status === 'valid' ? '有效' : `已撤销（${c.revokeReason ?? ''}）` })),
          },
        ]),
    });
    const valid = view.certificates.filter((c) => c.status === 'valid');
    certCount += valid.length;
    if (valid.length) {
      files.push({
        path: `13 书香干部与证书/${name}${s.year}年度证书.pdf`,
        make: async () => {
          const p = (await printableOfList(s.svc, l.id))!;
          const seal = await sealImage(s.svc, p.sealPath);
          return certificatesPdf(p.certs, { issuer: p.issuer, seal: seal?.data ?? null, baseUrl: s.baseUrl });
        },
      });
    }
  }
  if (!lists.length) files.push({ path: '13 书香干部与证书/说明.txt', make: text('本年度“书香干部”名单尚未经领导小组确认。\n') });
  return { key: 'honors', title: '书香干部名单与证书', count: certCount, countLabel: '份有效证书', note: lists.length ? '领导小组确认的名单（含与排名不一致的理由）和证书' : '名单尚未确认', files };
}

async function creationSection(s: ArchiveScope): Promise<Section> {
  const rows = await taggable(s.svc.db, s.unit.path, s.year);
  const files: ArchiveFile[] = [];
  let tagged = 0;
  for (const c of CREATIONS) {
    const n = rows.filter((r) => r.creations.includes(c)).length;
    if (!n) continue;
    tagged += n;
    files.push({ path: `14 其他创建佐证/${c}创建佐证.xlsx`, make: async () => (await evidenceXlsx(rows, c, `${s.unit.name} ${s.year} 年度“${c}”创建佐证`)).buf });
  }
  return { key: 'creations', title: '其他创建佐证', count: tagged, countLabel: '条标注', note: '集中学习、研讨会、党课和实践活动同时服务的学习型、创新型、节约型、服务型、廉洁型机关和文明单位创建', files };
}

async function seminarSection(s: ArchiveScope): Promise<Section> {
  const all = await yearSeminars(s.svc, s.unit.path, s.year);
  const files: ArchiveFile[] = [];
  let shown = 0;
  for (const x of all) {
    if (!(await s.svc.guard.allows(s.auth, SeminarPolicy.minutes, { unitPath: x.unit_path }))) continue;
    shown++;
    const day = formatLocal(x.starts_at, 'YYYY-MM-DD');
    files.push({ path: `07 研讨会纪要/${mm(Number(day.slice(5, 7)))}/${day} ${safeName(x.theme)}（${safeName(x.unit_name)}）.docx`, make: async () => minutesDocx(await minutesData(s.svc, s.auth, x.id)) });
  }
  return { key: 'seminars', title: '研讨会纪要', count: shown, countLabel: '次研讨会', note: '每次研讨会的会议纪要（发言、书记评与签到），按月份分文件夹', files };
}

async function lectureSection(s: ArchiveScope): Promise<Section> {
  const rows = await yearLectures(s.svc, s.unit.path, s.year);
  const files: ArchiveFile[] = rows.length
    ? [
        {
          path: `08 党课/${s.year}年党课安排与开讲记录.xlsx`,
          make: () =>
            buildXlsx([
              {
                name: '党课',
                title: `${s.unit.name} ${s.year} 年党课开讲记录`,
                columns: [
                  { header: '日期', key: 'day', width: 12 },
                  { header: '主讲人', key: 'name', width: 10 },
                  { header: '单位', key: 'unit_name', width: 18 },
                  { header: '题目', key: 'topic', width: 40 },
                  { header: '地点', key: 'place', width: 18 },
                ],
                rows: rows.map((r) => ({ ...r, day: formatLocal(r.starts_at, 'YYYY-MM-DD') })),
              },
            ]),
        },
      ]
    : [];
  return { key: 'lectures', title: '党课', count: rows.length, countLabel: '次', note: '党员干部主讲党课的安排与开讲记录', files };
}

async function testSection(s: ArchiveScope): Promise<Section> {
  const rows = await yearTestResults(s.svc, s.unit.path, s.year);
  const papers = new Set(rows.map((r) => r.title)).size;
  const files: ArchiveFile[] = rows.length
    ? [
        {
          path: `09 测试成绩与试题分析/${s.year}年季度测试成绩.xlsx`,
          make: () =>
            buildXlsx([
              {
                name: '测试成绩',
                title: `${s.unit.name} ${s.year} 年季度测试成绩（每人取最好一次）`,
                columns: [
                  { header: '季度', key: 'quarter', width: 10 },
                  { header: '试卷', key: 'title', width: 30 },
                  { header: '姓名', key: 'name', width: 10 },
                  { header: '单位', key: 'unit_name', width: 18 },
                  { header: '作答次数', key: 'attempts', width: 10 },
                  { header: '最好得分率', key: 'rate', width: 12 },
                ],
                rows: rows.map((r) => ({ ...r, rate: r.best == null ? '待评分' : `${Math.round(Number(r.best) * 1000) / 10}%` })),
              },
            ]),
        },
        {
          path: `09 测试成绩与试题分析/${s.year}年试题分析.xlsx`,
          make: async () => {
            const sheets: SheetSpec[] = [];
            const ids = [...new Map(rows.map((r) => [r.paper_id, r.title])).entries()];
            for (const [i, [paperId, title]] of ids.entries()) {
              const a = await analysis(s.svc, s.auth, paperId);
              const pct = (n: number | null) => (n == null ? '—' : `${Math.round(n * 1000) / 10}%`);
              sheets.push({
                name: `${i + 1} ${title}`.replace(/[\\/?*:[\]]/g, '').slice(0, 31),
                title: `${title}：${a.attempts} 人次作答，平均 ${Math.round(a.mean * 10) / 10} 分，标准差 ${Math.round(a.sd * 10) / 10}${a.alpha == null ? '' : `，信度 α ${Math.round(a.alpha * 100) / 100}`}`,
                columns: [
                  { header: '序号', key: 'no', width: 6 },
                  { header: '题型', key: 'type', width: 8 },
                  { header: '题干', key: 'stem', width: 50 },
                  { header: '作答人数', key: 'n', width: 10 },
                  { header: '难度（得分率）', key: 'facility', width: 14 },
                  { header: '区分度', key: 'discrimination', width: 10 },
                  { header: '选项分布', key: 'options', width: 40 },
                  { header: '提示', key: 'flags', width: 30 },
                ],
                rows: a.questions.map((q, j) => ({
                  no: j + 1,
                  type: QUESTION_TYPE[q.type] ?? q.type,
                  stem: q.stem,
                  n: q.n,
                  facility: pct(q.facility),
                  discrimination: q.discrimination == null ? '—' : String(Math.round(q.discrimination * 100) / 100),
                  options: q.options.map((o) => `${o.key}${o.right ? '✓' : ''} ${o.count}`).join('，'),
                  flags: q.flags.join('；'),
                })),
              });
            }
            return buildXlsx(sheets);
          },
        },
      ]
    : [];
  return { key: 'tests', title: '测试成绩与试题分析', count: papers, countLabel: '张试卷', note: '本年已截止的季度测试成绩（每人取最好一次）；每张试卷的试题分析（难度、区分度、选项分布）', files };
}

const FOLDERS: Record<string, string> = {
  seminars: '07 研讨会纪要',
  lectures: '08 党课',
  tests: '09 测试成绩与试题分析',
  creations: '14 其他创建佐证',
  plan: '01 年度学习计划与必读书目',
  compliance: '02 月度计划与达标情况',
  sheets: '03 签到表',
  loans: '04 借阅记录与分类覆盖',
  reflections: '05 读书心得',
  reports: '06 上报材料',
  inspections: '10 督查报告与整改',
};

/** Every section, in the plan's order; a section without records says so in its folder. */
export async function sectionsOf(s: ArchiveScope): Promise<Section[]> {
  const all = await sectionList(s);
  const taken = new Set<string>();
  for (const sec of all) {
    if (sec.files.length === 0 && FOLDERS[sec.key]) sec.files.push({ path: `${FOLDERS[sec.key]}/说明.txt`, make: text(`${sec.title}\n\n${s.unit.name} ${s.year} 年度平台中没有此项记录。\n`) });
    // Two records may give one name (two units' sessions on one day with one topic): number the later ones.
    for (const f of sec.files) {
      let p = f.path;
      for (let n = 2; taken.has(p); n++) p = f.path.replace(/(\.[a-z]+)$/, `（${n}）$1`);
      taken.add(p);
      f.path = p;
    }
  }
  return all;
}

async function sectionList(s: ArchiveScope): Promise<Section[]> {
  return [
    await planSection(s),
    await complianceSection(s),
    await sheetSection(s),
    await loanSection(s),
    await reflectionSection(s),
    await reportSection(s),
    await seminarSection(s),
    await lectureSection(s),
    await testSection(s),
    await inspectionSection(s),
    await acceptanceSection(s),
    await scoreSection(s),
    await honorSection(s),
    await creationSection(s),
  ];
}

/** 目录: the index page with each section's counts and files. */
export function indexDocx(s: ArchiveScope, sections: Section[], builtAt: string): Promise<Buffer> {
  const rows = sections.map((sec, i) => [String(i + 1), sec.title, `${sec.count} ${sec.countLabel}`, String(sec.files.length), sec.note]);
  return buildDocx(
    [
      titleParagraph(`${s.unit.name}${s.year}年度“书香机关”读书学习活动台账`),
      para(`目\u3000录`, { align: AlignmentType.CENTER, after: 200 }),
      gridTable(['序号', '部分', '记录数', '文件数', '说明'], rows, [8, 22, 18, 10, 42], { center: [0, 3] }),
      para(`本台账由平台根据全年记录自动生成，生成时间：${formatLocal(builtAt, 'YYYY-MM-DD HH:mm')}。各部分文件按方案章节和月份分文件夹存放。`, { after: 0 }),
    ],
    { title: `${s.year}年度台账目录` },
  );
}
