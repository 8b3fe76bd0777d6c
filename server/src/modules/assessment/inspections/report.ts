// The quarter's inspection report (.docx) in official document layout: what was drawn and how
// (seed, algorithm), the findings, and where each rectification stands.
import { AlignmentType, TextRun, Paragraph } from 'docx';
import { buildDocx, gridTable, HEI_FONT, para, run, SIZE, titleParagraph } from '../../../platform/docx';
import { formatLocal, todayLocal } from '../../../platform/time';
import { RECTIFICATION_STATUS } from '../rectifications/schemas';
import { shownStatus } from '../rectifications/service';
import type { FindingView, InspectionView } from './schemas';

const heading = (text: string) => new Paragraph({ spacing: { before: 120, after: 120, line: 360 }, indent: { firstLine: 640 }, children: [new TextRun({ text, font: HEI_FONT, size: SIZE.san })] });

export interface ReportFinding extends FindingView {
  rectificationDeadline: string | null;
}

export async function inspectionDocx(i: InspectionView, findings: ReportFinding[]): Promise<Buffer> {
  const title = i.title;
  const today = todayLocal();
  const statusOf = (f: ReportFinding) => (f.rectificationStatus ? RECTIFICATION_STATUS[shownStatus(f.rectificationStatus, f.rectificationDeadline ?? today, today)] : '未下达整改');
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(statusOf(f), (counts.get(statusOf(f)) ?? 0) + 1);
  const avg = findings.length ? (findings.reduce((s, f) => s + f.score / f.maxScore, 0) / findings.length) * 100 : null;
  return buildDocx(
    [
      titleParagraph(title),
      heading('一、基本情况'),
      para(
        `${i.scopeName}${i.year}年第${i.quarter}季度“书香”机关创建${i.kindLabel}，督查组成员：${i.team.map((t) => t.name).join('、') || '（未指定）'}。` +
          (i.drawnAt ? `于${formatLocal(i.drawnAt, 'YYYY年M月D日 HH:mm')}随机抽取单位 ${i.units.length} 个，每个单位抽取干部不超过 ${i.membersPerUnit} 名。` : '尚未抽签。'),
        { indentFirst: true, size: SIZE.san },
      ),
      ...(i.seed
        ? [para(`抽签种子：${i.seed}；算法版本：${i.algorithm}。任何人可在平台“抽签复核”中用该种子重新抽取，结果应与本报告一致。`, { indentFirst: true, size: SIZE.san })]
        : []),
      heading('二、抽查单位和人员'),
      gridTable(
        ['序号', '单位', '抽查干部'],
        i.units.map((u) => [String(u.order), u.unitName, u.members.map((m) => m.name).join('、') || '—']),
        [10, 30, 60],
        { center: [0] },
      ),
      heading('三、检查发现'),
      para(findings.length ? `共记录检查发现 ${findings.length} 条${avg === null ? '' : `，平均得分率 ${avg.toFixed(1)}%`}。` : '本次督查未记录检查发现。', { indentFirst: true, size: SIZE.san }),
      ...(findings.length
        ? [
            gridTable(
              ['序号', '单位', '检查项目', '得分', '发现的问题', '整改情况'],
              findings.map((f, n) => [String(n + 1), f.unitName, f.itemLabel, `${f.score}/${f.maxScore}`, f.text, statusOf(f)]),
              [7, 15, 20, 9, 33, 16],
              { center: [0, 3] },
            ),
          ]
        : []),
      heading('四、整改落实情况'),
      para(findings.length ? [...counts].map(([k, v]) => `${k} ${v} 条`).join('，') + '。' : '无。', { indentFirst: true, size: SIZE.san }),
      para([run(`${i.scopeName}党建办`, { size: SIZE.san })], { align: AlignmentType.RIGHT, after: 0 }),
      para([run(formatLocal(new Date().toISOString(), 'YYYY年M月D日'), { size: SIZE.san })], { align: AlignmentType.RIGHT }),
    ],
    { title },
  );
}
