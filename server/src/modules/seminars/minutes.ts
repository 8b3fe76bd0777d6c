// 会议纪要: written from the record — attendance (present, late, on leave, absent),
// each speaker with book, 个人说, the colleagues' points and the 书记评 — in the
// same official layout as the sign-in sheet (sessions/docx.ts).
import { AlignmentType, type Paragraph, type Table } from 'docx';
import { formatLocal } from '../../platform/time';
import { buildDocx, gridTable, para, run, SIZE, titleParagraph, HEI_FONT } from '../../platform/docx';
import type { minutesData } from './service';

type Data = Awaited<ReturnType<typeof minutesData>>;

export const minutesTitle = (d: Data) => `${d.s.unit_name}${Number(d.s.month.slice(0, 4))}年${Number(d.s.month.slice(5))}月读书研讨会会议纪要`;

const heading = (text: string) => para([run(text, { font: HEI_FONT, size: SIZE.san })], { after: 120 });
const body = (text: string) => para([run(text, { size: SIZE.san })], { indentFirst: true });

export function gradeText(sp: { grade: string | null; score: number | null }, scoreMax: number) {
  if (sp.score != null) return `${sp.score}分（满分${scoreMax}分）`;
  return sp.grade ?? '未评';
}

export async function minutesDocx(d: Data): Promise<Buffer> {
  const { s, sheet, speakers } = d;
  const title = minutesTitle(d);
  const by = (st: string) => sheet.filter((r) => r.status === st);
  const present = [...by('present'), ...by('late')];
  const names = (rows: typeof sheet) => (rows.length ? rows.map((r) => r.name).join('、') : '无');
  const leave = by('leave');
  const absent = [...by('absent'), ...by('pending')];
  const children: (Paragraph | Table)[] = [
    titleParagraph(title),
    para([run(`时间：${formatLocal(s.starts_at, 'YYYY年M月D日 HH:mm')}—${formatLocal(s.ends_at, 'HH:mm')}`, { size: SIZE.san })], { after: 0 }),
    para([run(`地点：${s.place || ''}`, { size: SIZE.san })], { after: 0 }),
    para([run(`主持人：${s.chair_name}`, { size: SIZE.san })], { after: 0 }),
    para([run(`主题：${s.theme}`, { size: SIZE.san })], { after: 0 }),
    para([run(`应到 ${sheet.length} 人，实到 ${present.length} 人（迟到 ${by('late').length} 人），请假 ${leave.length} 人，缺席 ${absent.length} 人。`, { size: SIZE.san })], { after: 0 }),
    para([run(`出席：${names(present)}`, { size: SIZE.san })], { after: 0 }),
    para([run(`请假：${leave.length ? leave.map((r) => (r.leaveReason ? `${r.name}（${r.leaveReason}）` : r.name)).join('、') : '无'}`, { size: SIZE.san })], { after: 0 }),
    para([run(`缺席：${names(absent)}`, { size: SIZE.san })], { after: 240 }),
    body(`会议围绕“${s.theme}”开展读书研讨，按照“个人说、同事议、书记评”的方式进行。纪要如下：`),
  ];
  speakers.forEach((sp, i) => {
    const no = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][i] ?? String(i + 1);
    children.push(heading(`${no}、${sp.name}（${sp.unitName}${sp.position ? ` ${sp.position}` : ''}）`));
    children.push(para([run('所读书目：', { font: HEI_FONT, size: SIZE.san }), run(sp.bookTitle ? `《${sp.bookTitle}》` : '未填写', { size: SIZE.san }), ...(sp.reflectionTitle ? [run(`；读书心得：《${sp.reflectionTitle}》`, { size: SIZE.san })] : [])]));
    children.push(para([run('个人说：', { font: HEI_FONT, size: SIZE.san })], { after: 0 }));
    for (const line of (sp.summary || '未填写发言摘要。').split(/\n+/)) children.push(body(line));
    children.push(para([run('同事议：', { font: HEI_FONT, size: SIZE.san })], { after: 0 }));
    if (sp.comments.length === 0) children.push(body('无。'));
    for (const c of sp.comments) children.push(body(`${c.name}：${c.body}`));
    children.push(para([run('书记评：', { font: HEI_FONT, size: SIZE.san }), run(`${gradeText(sp, d.grading.scoreMax)}。${sp.evaluation ?? ''}`, { size: SIZE.san })]));
  });
  children.push(heading('附：签到情况'));
  children.push(
    gridTable(
      ['序号', '姓名', '单位', '签到时间', '状态'],
      sheet.map((r) => [String(r.no), r.name, r.unitName, r.checkedAt ? formatLocal(r.checkedAt, 'HH:mm') : '', r.statusLabel]),
      [10, 18, 36, 18, 18],
      { center: [0, 1, 3, 4] },
    ),
  );
  children.push(para([run(s.status === 'signed' && s.signed_at ? `主持人签发：${s.chair_name}    ${formatLocal(s.signed_at, 'YYYY年M月D日')}` : '（纪要未签发）', { size: SIZE.san })], { align: AlignmentType.RIGHT, after: 0 }));
  return buildDocx(children, { title });
}
