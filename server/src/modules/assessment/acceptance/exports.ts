// The acceptance report (.docx, official layout) and the score table (.xlsx), in one click each.
import { AlignmentType, Paragraph, TextRun } from 'docx';
import { buildDocx, gridTable, HEI_FONT, para, run, SIZE, titleParagraph } from '../../../platform/docx';
import { buildXlsx } from '../../../platform/xlsx';
import { formatLocal, nowIso } from '../../../platform/time';
import { GRADES, showPoints, type ChecklistItem } from './rules';
import type { ResultsView, SheetView, TeamView } from './schemas';

const heading = (text: string) => new Paragraph({ spacing: { before: 120, after: 120, line: 360 }, indent: { firstLine: 640 }, children: [new TextRun({ text, font: HEI_FONT, size: SIZE.san })] });

const fmt = (v: number | null) => (v === null ? '—' : v.toFixed(2));

export async function acceptanceDocx(scopeName: string, r: ResultsView, teams: TeamView[]): Promise<Buffer> {
  const title = `${r.year}年度“书香”机关创建联合验收报告`;
  const dist = GRADES.map((g) => `${g} ${r.rows.filter((x) => x.locked && x.grade === g).length} 个`).join('、');
  const signed = r.rows.filter((x) => x.locked).length;
  const flagged = r.rows.filter((x) => x.flagged);
  return buildDocx(
    [
      titleParagraph(title),
      heading('一、验收组织'),
      para(
        `按照《关于创建“书香”机关的实施方案》“总结验收”的要求，${scopeName}党建办会同效能办、党政办组成联合验收组，对照细则清单对各单位逐一验收、综合评定。` +
          teams.map((t) => `${t.name}（组长：${t.leadName}；成员：${t.members.map((m) => `${m.name}（${m.office}）`).join('、')}）`).join('；') +
          '。',
        { indentFirst: true, size: SIZE.san },
      ),
      para(`综合得分取各成员评分的${r.method}；等次：${r.thresholds.excellent} 分及以上为优秀，${r.thresholds.good} 分及以上为良好，${r.thresholds.pass} 分及以上为合格，以下为不合格。`, {
        indentFirst: true,
        size: SIZE.san,
      }),
      heading('二、验收结果'),
      para(`应验收单位 ${r.rows.length} 个，已签字确认 ${signed} 个：${dist}。`, { indentFirst: true, size: SIZE.san }),
      gridTable(
        ['名次', '单位', '综合得分', '等次', '评分人数', '极差', '状态'],
        r.rows.map((x) => [x.rank === null ? '—' : String(x.rank), x.unitName, fmt(x.score), x.grade ?? '—', `${x.submittedCount}/${x.teamSize}`, fmt(x.spread), x.locked ? '已签字' : '评分中']),
        [9, 27, 14, 11, 12, 12, 15],
        { center: [0, 2, 3, 4, 5, 6] },
      ),
      heading('三、需要说明的情况'),
      para(flagged.length ? `以下单位成员评分分歧较大，已由组长复核：${flagged.map((x) => `${x.unitName}（极差 ${fmt(x.spread)} 分）`).join('、')}。` : '各单位成员评分无较大分歧。', {
        indentFirst: true,
        size: SIZE.san,
      }),
      para([run(`${scopeName}“书香”机关创建联合验收组`, { size: SIZE.san })], { align: AlignmentType.RIGHT, after: 0 }),
      para([run(formatLocal(nowIso(), 'YYYY年M月D日'), { size: SIZE.san })], { align: AlignmentType.RIGHT }),
    ],
    { title },
  );
}

export async function scoresXlsx(r: ResultsView, items: ChecklistItem[], sheetsByUnit: Map<number, SheetView[]>): Promise<Buffer> {
  const detail: Record<string, unknown>[] = [];
  for (const row of r.rows) {
    const sheets = sheetsByUnit.get(row.unitId) ?? [];
    for (const i of items) {
      const rec: Record<string, unknown> = { unit: row.unitName, section: i.section, item: i.title, max: i.maxPoints };
      sheets.forEach((s, n) => (rec[`s${n}`] = s.items.find((x) => x.key === i.key)?.points ?? null));
      const pts = sheets.map((s) => s.items.find((x) => x.key === i.key)?.points).filter((p): p is number => p !== undefined);
      rec.avg = pts.length ? Math.round((pts.reduce((a, b) => a + b, 0) / pts.length) * 100) / 100 : null;
      detail.push(rec);
    }
  }
  const maxScorers = Math.max(0, ...r.rows.map((x) => (sheetsByUnit.get(x.unitId) ?? []).length));
  return buildXlsx([
    {
      name: '验收结果',
      title: `${r.year}年度“书香”机关创建联合验收评分表`,
      columns: [
        { header: '名次', key: 'rank', width: 8 },
        { header: '单位', key: 'unit', width: 22 },
        { header: '验收组', key: 'team', width: 18 },
        { header: '综合得分', key: 'score', width: 12 },
        { header: '等次', key: 'grade', width: 10 },
        { header: '评分人数', key: 'count', width: 10 },
        { header: '极差', key: 'spread', width: 10 },
        { header: '分歧较大', key: 'flagged', width: 10 },
        { header: '状态', key: 'state', width: 10 },
      ],
      rows: r.rows.map((x) => ({
        rank: x.rank,
        unit: x.unitName,
        team: x.teamName,
        score: x.score,
        grade: x.grade ?? '',
        count: `${x.submittedCount}/${x.teamSize}`,
        spread: x.spread,
        flagged: x.flagged ? '是' : '',
        state: x.locked ? '已签字' : '评分中',
      })),
    },
    {
      name: '逐项评分',
      columns: [
        { header: '单位', key: 'unit', width: 20 },
        { header: '条目', key: 'section', width: 8 },
        { header: '验收内容', key: 'item', width: 40 },
        { header: '分值', key: 'max', width: 8 },
        ...Array.from({ length: maxScorers }, (_, n) => ({ header: `评分人${n + 1}`, key: `s${n}`, width: 10 })),
        { header: '平均', key: 'avg', width: 10 },
      ],
      rows: detail,
    },
    {
      name: '评分人合计',
      columns: [
        { header: '单位', key: 'unit', width: 20 },
        { header: '评分人', key: 'who', width: 14 },
        { header: '合计', key: 'total', width: 10 },
        { header: '提交时间', key: 'at', width: 20 },
      ],
      rows: r.rows.flatMap((x) => (sheetsByUnit.get(x.unitId) ?? []).map((s) => ({ unit: x.unitName, who: s.name, total: Number(showPoints(Math.round(s.total * 10))), at: formatLocal(s.submittedAt, 'YYYY-MM-DD HH:mm') }))),
    },
  ]);
}
