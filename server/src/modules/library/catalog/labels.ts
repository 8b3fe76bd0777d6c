// Printable sheets of QR labels for copies. Each code holds the copy's URL, so
// WeChat's scanner or the phone camera opens its page directly.
import QRCode from 'qrcode';
import { mm, newPdf, pdfBuffer } from '../../../platform/pdf';

// Common A4 label sheets (mm): width, height, columns, rows, page margins, gaps.
export const LABEL_SIZES = {
  small: { name: '小号 38×21 毫米（每页 65 张）', w: 38.1, h: 21.2, cols: 5, rows: 13, left: 4.7, top: 10.7, gapX: 2.5, gapY: 0 },
  medium: { name: '中号 48.5×25.4 毫米（每页 44 张）', w: 48.5, h: 25.4, cols: 4, rows: 11, left: 8, top: 8.8, gapX: 0, gapY: 0 },
  large: { name: '大号 70×37 毫米（每页 24 张）', w: 70, h: 37.125, cols: 3, rows: 8, left: 0, top: 0, gapX: 0, gapY: 0 },
} as const;
export type LabelSize = keyof typeof LABEL_SIZES;

export interface LabelItem {
  barcode: string;
  title: string;
  shelf?: string | null;
}

export async function labelSheet(items: LabelItem[], size: LabelSize, baseUrl: string): Promise<Buffer> {
  const s = LABEL_SIZES[size];
  const doc = newPdf({ title: '馆藏二维码标签' });
  const perPage = s.cols * s.rows;
  for (const [i, item] of items.entries()) {
    if (i > 0 && i % perPage === 0) doc.addPage();
    const k = i % perPage;
    const x = mm(s.left + (k % s.cols) * (s.w + s.gapX));
    const y = mm(s.top + Math.floor(k / s.cols) * (s.h + s.gapY));
    const pad = mm(1.5);
    const qrSize = mm(s.h) - 2 * pad;
    const png = await QRCode.toBuffer(`${baseUrl}/c/${encodeURIComponent(item.barcode)}`, { margin: 0, errorCorrectionLevel: 'M', width: 300 });
    doc.image(png, x + pad, y + pad, { width: qrSize, height: qrSize });
    const tx = x + pad * 2 + qrSize;
    const tw = mm(s.w) - (tx - x) - pad;
    const titleSize = size === 'small' ? 6.5 : size === 'medium' ? 7.5 : 10;
    doc.font('cjk').fontSize(titleSize).fillColor('#000');
    const withShelf = Boolean(item.shelf) && size !== 'small';
    // Room below the title for the barcode line, and the shelf line when shown.
    const reserved = titleSize * (withShelf ? 3.0 : 1.7);
    doc.text(item.title, tx, y + pad, { width: tw, height: mm(s.h) - pad * 2 - reserved, ellipsis: true, lineGap: 0 });
    doc.font('cjk-bold').fontSize(titleSize + 0.5);
    doc.text(item.barcode, tx, y + mm(s.h) - pad - titleSize * 1.4, { width: tw, lineBreak: false });
    if (withShelf && item.shelf) {
      doc.font('cjk').fontSize(titleSize - 1).fillColor('#444');
      doc.text(`书架 ${item.shelf}`, tx, y + mm(s.h) - pad - titleSize * 2.7, { width: tw, lineBreak: false });
    }
  }
  return pdfBuffer(doc);
}
