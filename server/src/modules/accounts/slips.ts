// The slip sheet: ten cut-apart slips per A4 page, each with the cadre's name and unit,
// username, initial password, the sign-in address and its QR code.
import QRCode from 'qrcode';
import { mm, newPdf, pdfBuffer } from '../../platform/pdf';
import { formatLocal } from '../../platform/time';
import { buildXlsx } from '../../platform/xlsx';

export interface Slip {
  name: string;
  unitName: string;
  username: string;
  password: string;
}

const COLS = 2;
const ROWS = 5;
const MARGIN = mm(10);
const SLIP_W = (mm(210) - 2 * MARGIN) / COLS;
const SLIP_H = (mm(297) - 2 * MARGIN) / ROWS;

/** Where the QR code of the k-th slip of a page is printed (PDF points from the top left). */
export function slipQrBox(k: number): { x: number; y: number; size: number } {
  const x = MARGIN + (k % COLS) * SLIP_W;
  const y = MARGIN + Math.floor(k / COLS) * SLIP_H;
  return { x: x + SLIP_W - QR_PAD - QR_SIZE, y: y + QR_PAD + mm(6), size: QR_SIZE };
}
/**
 * Font features off for the username and password: pdfkit hands this to fontkit, which keeps its default
 * features for a list of names (so `[]` changes nothing) but switches off those an object sets to false.
 * Kerned, "fY" is drawn close enough that a PDF reader (and a copy from it) sees "f Y".
 */
const NO_KERNING = { kern: false, liga: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[];
const QR_PAD = mm(4);
const QR_SIZE = mm(26);

/** The address a slip's QR code opens: the sign-in page with the username filled in. */
export const slipLink = (base: string, username: string) => `${base}/login?u=${encodeURIComponent(username)}`;

export async function slipSheet(slips: Slip[], base: string): Promise<Buffer> {
  const doc = newPdf({ title: '书香机关 账号开通凭条' });
  const perPage = COLS * ROWS;
  for (let i = 0; i < slips.length; i++) {
    if (i > 0 && i % perPage === 0) doc.addPage();
    const k = i % perPage;
    const x = MARGIN + (k % COLS) * SLIP_W;
    const y = MARGIN + Math.floor(k / COLS) * SLIP_H;
    const s = slips[i];
    // Dashed cut lines around every slip.
    doc.save().lineWidth(0.5).dash(3, { space: 3 }).strokeColor('#999999').rect(x, y, SLIP_W, SLIP_H).stroke().restore();
    const pad = QR_PAD;
    const qr = QR_SIZE;
    const box = slipQrBox(k);
    const png = await QRCode.toBuffer(slipLink(base, s.username), { margin: 0, errorCorrectionLevel: 'M', width: 300 });
    doc.image(png, box.x, box.y, { width: qr, height: qr });
    doc.fontSize(7).fillColor('#666666').text('扫码登录', x + SLIP_W - pad - qr, y + pad + mm(6) + qr + mm(1), { width: qr, align: 'center' });
    const tw = SLIP_W - 3 * pad - qr;
    doc.font('cjk-bold').fontSize(10.5).fillColor('#9e1b1b').text('书香机关 · 账号开通通知', x + pad, y + pad, { width: SLIP_W - 2 * pad, lineBreak: false });
    doc.font('cjk').fontSize(9).fillColor('#000000').text(`${s.name}  ${s.unitName}`, x + pad, y + pad + mm(6.5), { width: tw, height: mm(5), ellipsis: true, lineBreak: false });
    doc.fontSize(8).fillColor('#555555').text('用户名', x + pad, y + pad + mm(13));
    // Username and password without the font's kerning: a password must be read and copied exactly.
    doc.font('cjk-bold').fontSize(12).fillColor('#000000').text(s.username, x + pad, y + pad + mm(16.5), { width: tw, lineBreak: false, features: NO_KERNING });
    doc.font('cjk').fontSize(8).fillColor('#555555').text('初始密码', x + pad, y + pad + mm(22.5));
    doc.font('cjk-bold').fontSize(12).fillColor('#000000').text(s.password, x + pad, y + pad + mm(26), { width: tw, lineBreak: false, characterSpacing: 1, features: NO_KERNING });
    doc.font('cjk').fontSize(7.5).fillColor('#333333').text(`登录地址：${base}/login`, x + pad, y + pad + mm(33), { width: SLIP_W - 2 * pad - qr - pad, lineBreak: true, height: mm(7) });
    doc.fontSize(7).fillColor('#666666').text('首次登录须修改密码。请勿转交他人；修改密码后请将本凭条销毁。', x + pad, y + SLIP_H - pad - mm(7), { width: SLIP_W - 2 * pad, height: mm(7) });
  }
  return pdfBuffer(doc);
}

export function slipWorkbook(slips: Slip[], base: string): Promise<Buffer> {
  return buildXlsx([
    {
      name: '初始密码',
      title: `账号开通名单（${formatLocal(new Date().toISOString())}；首次登录须修改密码，请妥善保管）`,
      columns: [
        { header: '序号', key: 'n', width: 6 },
        { header: '姓名', key: 'name', width: 12 },
        { header: '单位', key: 'unitName', width: 22 },
        { header: '用户名', key: 'username', width: 16 },
        { header: '初始密码', key: 'password', width: 16 },
        { header: '登录地址', key: 'link', width: 40 },
      ],
      rows: slips.map((s, i) => ({ n: i + 1, ...s, link: slipLink(base, s.username) })),
    },
  ]);
}
