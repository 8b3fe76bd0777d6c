// Official-looking Word documents (党政机关公文 style): A4, title in 方正小标宋简体,
// body in 仿宋_GB2312. Where those fonts are missing Word substitutes 宋体/仿宋;
// Latin text and digits use Times New Roman.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import type { FastifyReply } from 'fastify';

export const TITLE_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体', cs: 'Times New Roman' };
export const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312', cs: 'Times New Roman' };
export const HEI_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体', cs: 'Times New Roman' };

/** Half-points: 二号 22pt, 三号 16pt, 小四 12pt, 五号 10.5pt. */
export const SIZE = { er: 44, san: 32, sihao: 28, xiaosi: 24, wuhao: 21 } as const;

export const run = (text: string, opts: Partial<IRunOptions> = {}) => new TextRun({ text, font: BODY_FONT, size: SIZE.xiaosi, ...opts });

export function titleParagraph(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text, font: TITLE_FONT, size: SIZE.er })] });
}

export function para(children: ParagraphChild[] | string, opts: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; after?: number; indentFirst?: boolean; size?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: opts.align,
    spacing: { after: opts.after ?? 120, line: 360 },
    indent: opts.indentFirst ? { firstLine: 480 } : undefined,
    children: typeof children === 'string' ? [run(children, { size: opts.size ?? SIZE.san })] : children,
  });
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const tableBorders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };

/**
 * A ruled table: a bold header row repeated on every page, then the rows; widths in percent.
 * For documents made by buildDocx: the borders and cell margins are the table's, and body
 * cells in the document's default font and size say nothing of them (a sign-in sheet of
 * a hundred rows is a few thousand cells, and every option of each is written and walked).
 */
export function gridTable(headers: string[], rows: string[][], widths: number[], opts: { size?: number; center?: number[] } = {}): Table {
  const size = opts.size ?? SIZE.xiaosi;
  const plainSize = size === SIZE.xiaosi;
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.PERCENTAGE },
      verticalAlign: VerticalAlign.CENTER,
      children: String(text ?? '')
        .split('\n')
        .map(
          (line) =>
            new Paragraph({
              alignment: header || opts.center?.includes(i) ? AlignmentType.CENTER : AlignmentType.LEFT,
              children: [header ? new TextRun({ text: line, font: HEI_FONT, size }) : plainSize ? new TextRun(line) : new TextRun({ text: line, size })],
            }),
        ),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: tableBorders,
    margins: { top: 60, bottom: 60, left: 80, right: 80 },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, i, false)) })),
    ],
  });
}

export async function buildDocx(children: (Paragraph | Table)[], opts: { title: string; landscape?: boolean }): Promise<Buffer> {
  const doc = new Document({
    creator: '书香机关',
    title: opts.title,
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE.xiaosi } } } },
    sections: [
      {
        properties: {
          page: {
            // A4; 公文 margins: top 37mm, bottom 35mm, left 28mm, right 26mm (portrait).
            size: { width: 11906, height: 16838, orientation: opts.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
            margin: opts.landscape ? { top: 1587, bottom: 1417, left: 1587, right: 1474 } : { top: 2098, bottom: 1984, left: 1587, right: 1474 },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export function sendDocx(reply: FastifyReply, filename: string, buf: Buffer) {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    .header('content-disposition', `attachment; filename="export.docx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(buf);
}
