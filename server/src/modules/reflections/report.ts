// 上报: the clerk sends excellent reflections to the higher level as one Word
// compilation laid out like an official document (GB/T 9704: A4, margins
// 37/35/28/26 mm, titles in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 at a fixed
// 28 pt line, first line indented two characters), plus an .xlsx list.
import { AlignmentType, Document, LineRuleType, Packer, PageBreak, Paragraph, TextRun, Footer, PageNumber } from 'docx';
import JSZip from 'jszip';
import type { DB } from '../../db';
import { AppError, badRequest, notFound } from '../../platform/errors';
import { notifyMember } from '../../platform/notifications';
import type { Services } from '../../platform/services';
import { formatLocal, nowIso } from '../../platform/time';
import { buildXlsx } from '../../platform/xlsx';
import * as repo from './repository';
import { baseQuery, recordEvent, type Who } from './service';

export const FEEDBACK = ['待反馈', '采用', '未采用'] as const;

const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
const SUB_FONT = '楷体_GB2312';
const HEAD_FONT = '黑体';
const LATIN = 'Times New Roman';
/** Word uses altName when the named font is missing: the fonts every Windows has. */
const FALLBACKS: Record<string, string> = { [TITLE_FONT]: '宋体', [BODY_FONT]: '仿宋', [SUB_FONT]: '楷体' };

const font = (eastAsia: string) => ({ eastAsia, ascii: LATIN, hAnsi: LATIN, hint: 'eastAsia' as const });
const mm = (n: number) => Math.round((n * 1440) / 25.4);
const PT = (n: number) => n * 2; // docx sizes are half-points
const LINE = { line: 560, lineRule: LineRuleType.EXACT }; // 28 pt

export async function createReport(svc: Services, who: Who, unitId: number, input: { title: string; recipient: string; reflectionIds: number[] }, reach: (unitPath: string) => boolean) {
  const title = input.title.trim();
  const recipient = input.recipient.trim();
  if (!title) throw badRequest('请填写上报标题');
  if (!recipient) throw badRequest('请填写上报对象');
  const ids = [...new Set(input.reflectionIds)];
  if (!ids.length) throw badRequest('请选择要上报的心得');
  const rows = await baseQuery(svc.db).where('r.id', 'in', ids).execute();
  if (rows.length !== ids.length) throw notFound('找不到所选的心得');
  for (const r of rows) {
    if (!reach(r.unit_path)) throw new AppError(403, 'FORBIDDEN', '所选心得不在您的管理范围内');
    if (r.status !== 'excellent') throw new AppError(409, 'STATE', `只能上报优秀心得：《${r.title}》当前不是优秀`);
  }
  return svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const reportId = await repo.insertUpwardReport(trx, { unit_id: unitId, title, recipient, reported_at: now, created_by: who.userId });
    let order = 0;
    for (const id of ids) {
      const r = rows.find((x) => x.id === id)!;
      await repo.insertUpwardReportItem(trx, { report_id: reportId, reflection_id: id, sort_order: ++order, feedback_at: null, feedback_by: null });
      if ((await repo.updateIfUnchanged(trx, id, { status: ['excellent'] }, { status: 'reported', updated_at: now, version: r.version + 1 })) !== 1) throw new AppError(409, 'STATE', `《${r.title}》刚被他人处理，请刷新后重试`);
      await recordEvent(trx, who, { reflectionId: id, action: 'report', from: 'excellent', to: 'reported', comment: `上报至${recipient}（${title}）`, at: now });
      await notifyMember(trx, r.member_id, { kind: 'reflection.reported', title: `心得《${r.title}》已上报`, body: `已上报至${recipient}（${title}）。`, link: `/reflections/${id}`, dedupeKey: `reflection-reported:${id}:${reportId}` });
    }
    await svc.audit.record(trx, who.actor, { action: 'reflection.report', entity: 'upward_report', entityId: reportId, detail: { recipient, reflections: ids } });
    return reportId;
  });
}

export async function loadReport(db: DB, id: number) {
  const rep = await repo.upwardReport(db, id);
  if (!rep) throw notFound('找不到该上报记录');
  const items = await repo.upwardReportItems(db, id);
  return { rep, items };
}

export type LoadedReport = Awaited<ReturnType<typeof loadReport>>;

export function reportDto({ rep, items }: LoadedReport) {
  return {
    id: rep.id,
    title: rep.title,
    recipient: rep.recipient,
    reportedAt: rep.reported_at,
    createdByName: rep.created_by_name ?? '',
    unitName: rep.unit_name,
    items: items.map((i) => ({
      id: i.id,
      reflectionId: i.reflection_id,
      title: i.title,
      memberName: i.member_name,
      unitName: i.unit_name,
      bookTitle: i.book_title,
      charCount: i.char_count,
      feedback: i.feedback,
      note: i.note,
      feedbackAt: i.feedback_at,
    })),
  };
}

const decode = (s: string) =>
  s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');

/** Runs of one block of the sanitized HTML: bold where the writer made it bold. */
function runs(inner: string, size: number, fontName: string, bold = false): TextRun[] {
  const out: TextRun[] = [];
  let strong = 0;
  for (const part of inner.split(/(<\/?(?:strong|b)>|<br \/>)/)) {
    if (part === '<strong>' || part === '<b>') strong++;
    else if (part === '</strong>' || part === '</b>') strong = Math.max(0, strong - 1);
    else if (part === '<br />') out.push(new TextRun({ break: 1 }));
    else {
      const text = decode(part.replace(/<[^>]*>/g, ''));
      if (text) out.push(new TextRun({ text, font: font(fontName), size, bold: bold || strong > 0 }));
    }
  }
  return out;
}

/** The blocks of a reflection's sanitized HTML as official-document paragraphs. */
function bodyParagraphs(html: string): Paragraph[] {
  const out: Paragraph[] = [];
  const re = /<(h2|h3|p|li)>([\s\S]*?)<\/\1>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    const [, tag, inner] = m;
    if (tag === 'h2' || tag === 'h3') out.push(new Paragraph({ children: runs(inner, PT(16), HEAD_FONT), indent: { firstLine: 640 }, spacing: LINE }));
    else out.push(new Paragraph({ children: runs(tag === 'li' ? `· ${inner}` : inner, PT(16), BODY_FONT), indent: { firstLine: 640 }, spacing: LINE, alignment: AlignmentType.JUSTIFIED }));
  }
  return out;
}

export async function buildReportDocx(report: LoadedReport): Promise<Buffer> {
  const { rep, items } = report;
  const children: Paragraph[] = [];
  const date = formatLocal(rep.reported_at, 'YYYY年M月D日');
  // Cover: the compilation's title, the sending unit and date, the contents.
  children.push(new Paragraph({ children: [new TextRun({ text: rep.title, font: font(TITLE_FONT), size: PT(22) })], alignment: AlignmentType.CENTER, spacing: { before: 1120, after: 560, ...LINE } }));
  children.push(new Paragraph({ children: [new TextRun({ text: `${rep.unit_name}\u3000${date}`, font: font(SUB_FONT), size: PT(16) })], alignment: AlignmentType.CENTER, spacing: LINE }));
  children.push(new Paragraph({ children: [new TextRun({ text: `报送：${rep.recipient}`, font: font(BODY_FONT), size: PT(16) })], alignment: AlignmentType.CENTER, spacing: { after: 560, ...LINE } }));
  children.push(new Paragraph({ children: [new TextRun({ text: '目\u3000录', font: font(HEAD_FONT), size: PT(16) })], alignment: AlignmentType.CENTER, spacing: LINE }));
  items.forEach((it, i) => {
    children.push(new Paragraph({ children: [new TextRun({ text: `${i + 1}．${it.title}（${it.unit_name}\u3000${it.member_name}）`, font: font(BODY_FONT), size: PT(16) })], spacing: LINE }));
  });
  for (const it of items) {
    children.push(new Paragraph({ children: [new PageBreak()] }));
    children.push(new Paragraph({ children: [new TextRun({ text: it.title, font: font(TITLE_FONT), size: PT(22) })], alignment: AlignmentType.CENTER, spacing: { after: 280, ...LINE } }));
    children.push(new Paragraph({ children: [new TextRun({ text: `${it.unit_name}\u3000${it.member_name}`, font: font(SUB_FONT), size: PT(16) })], alignment: AlignmentType.CENTER, spacing: LINE }));
    if (it.book_title) children.push(new Paragraph({ children: [new TextRun({ text: `——读《${it.book_title.replace(/^《|》$/g, '')}》有感`, font: font(SUB_FONT), size: PT(16) })], alignment: AlignmentType.CENTER, spacing: LINE }));
    children.push(new Paragraph({ children: [new TextRun({ text: it.submitted_at ? formatLocal(it.submitted_at, 'YYYY年M月D日') : date, font: font(BODY_FONT), size: PT(16) })], alignment: AlignmentType.CENTER, spacing: { after: 280, ...LINE } }));
    children.push(...bodyParagraphs(it.body_html));
  }
  const doc = new Document({
    creator: '书香机关',
    title: rep.title,
    styles: { default: { document: { run: { font: font(BODY_FONT), size: PT(16) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 }, // A4 (210 × 297 mm) in twips, as Word writes it
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
          },
        },
        footers: {
          default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('宋体'), size: PT(14) })] })] }),
        },
        children,
      },
    ],
  });
  return addFontFallbacks(await Packer.toBuffer(doc));
}

/** Declares the official fonts in the font table with an altName, Word's fallback when a font is not installed. */
async function addFontFallbacks(buf: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buf);
  const file = zip.file('word/fontTable.xml');
  if (!file) return buf;
  let xml = await file.async('string');
  const decls = Object.entries(FALLBACKS)
    .filter(([name]) => !xml.includes(`w:name="${name}"`))
    .map(([name, alt]) => `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`)
    .join('');
  // The table docx writes is empty (<w:fonts …/>) or closed (</w:fonts>).
  xml = /<w:fonts([^>]*)\/>/.test(xml) ? xml.replace(/<w:fonts([^>]*)\/>/, `<w:fonts$1>${decls}</w:fonts>`) : xml.replace(/<\/w:fonts>\s*$/, `${decls}</w:fonts>`);
  zip.file('word/fontTable.xml', xml);
  return zip.generateAsync({ type: 'nodebuffer' });
}

export async function buildReportXlsx(report: LoadedReport): Promise<Buffer> {
  const { rep, items } = report;
  return buildXlsx([
    {
      name: '上报心得清单',
      title: `${rep.title}（报送：${rep.recipient}，${formatLocal(rep.reported_at, 'YYYY-MM-DD')}）`,
      columns: [
        { header: '序号', key: 'no', width: 6 },
        { header: '标题', key: 'title', width: 36 },
        { header: '作者', key: 'member', width: 10 },
        { header: '单位', key: 'unit', width: 16 },
        { header: '书名', key: 'book', width: 24 },
        { header: '字数', key: 'chars', width: 8 },
        { header: '提交时间', key: 'submitted', width: 18 },
        { header: '上级反馈', key: 'feedback', width: 10 },
        { header: '备注', key: 'note', width: 24 },
      ],
      rows: items.map((it, i) => ({
        no: i + 1,
        title: it.title,
        member: it.member_name,
        unit: it.unit_name,
        book: it.book_title,
        chars: it.char_count,
        submitted: it.submitted_at ? formatLocal(it.submitted_at, 'YYYY-MM-DD HH:mm') : '',
        feedback: it.feedback,
        note: it.note,
      })),
    },
  ]);
}

export async function setFeedback(svc: Services, who: Who, reportId: number, itemId: number, feedback: string, note: string) {
  if (!(FEEDBACK as readonly string[]).includes(feedback)) throw badRequest('反馈应为“采用”“未采用”或“待反馈”');
  const item = await repo.upwardReportItem(svc.db, reportId, itemId);
  if (!item) throw notFound('找不到该上报条目');
  await svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    await repo.setItemFeedback(trx, itemId, { feedback, note: note.trim().slice(0, 500), at: now, by: who.userId });
    await recordEvent(trx, who, { reflectionId: item.reflection_id, action: 'feedback', from: 'reported', to: 'reported', comment: `上级反馈：${feedback}${note.trim() ? `（${note.trim()}）` : ''}`, at: now });
    await svc.audit.record(trx, who.actor, { action: 'reflection.feedback', entity: 'upward_report_item', entityId: itemId, detail: { feedback } });
  });
}
