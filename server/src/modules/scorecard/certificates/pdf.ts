// The certificate as printed: one A4 landscape page each (a batch is one PDF), with
// the title, name, unit, date, the office's seal over the issuer, the number and the
// QR code that carries the signed fields.
import QRCode from 'qrcode';
import { mm, newPdf, pdfBuffer } from '../../../platform/pdf';
import { verificationUrl } from './signing';

export interface PrintableCertificate {
  number: string;
  year: number;
  name: string;
  unit_name: string;
  title: string;
  issued_on: string;
  key_id: string;
  signature: string;
}

const RED = '#a8071a';
const GOLD = '#b8860b';

const chineseDate = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

export async function certificatesPdf(certs: PrintableCertificate[], opts: { issuer: string; seal: Buffer | null; baseUrl: string }): Promise<Buffer> {
  const doc = newPdf({ title: certs.length === 1 ? `证书 ${certs[0]!.number}` : `证书（${certs.length} 份）`, layout: 'landscape' });
  const W = doc.page.width;
  const H = doc.page.height;
  for (let i = 0; i < certs.length; i++) {
    const c = certs[i]!;
    if (i > 0) doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
    // Paper and a double frame.
    doc.rect(0, 0, W, H).fill('#fffaf0');
    doc.lineWidth(6).strokeColor(RED).rect(mm(10), mm(10), W - mm(20), H - mm(20)).stroke();
    doc.lineWidth(1.2).strokeColor(GOLD).rect(mm(14), mm(14), W - mm(28), H - mm(28)).stroke();

    doc.font('cjk-bold').fontSize(44).fillColor(RED).text('荣 誉 证 书', 0, mm(30), { width: W, align: 'center', characterSpacing: 6 });

    const left = mm(40);
    const width = W - mm(80);
    doc.font('cjk-bold').fontSize(22).fillColor('#222').text(`${c.name} 同志：`, left, mm(62), { width });
    doc
      .font('cjk')
      .fontSize(18)
      .fillColor('#222')
      .text(`在 ${c.year} 年度“书香机关”读书学习活动中，勤学善思、学以致用，表现突出，被评为“${c.title}”。`, left, mm(78), { width, indent: 36, lineGap: 10 });
    doc.text('特发此证，以资鼓励。', left, doc.y + 6, { width, indent: 36 });
    doc.fontSize(13).fillColor('#555').text(`工作单位：${c.unit_name}`, left, doc.y + 14, { width, indent: 36 });

    // Issuer and date at the bottom right, the seal over them.
    const issuerX = W - mm(40) - mm(90);
    const issuerY = H - mm(58);
    doc.font('cjk').fontSize(16).fillColor('#222').text(opts.issuer, issuerX, issuerY, { width: mm(90), align: 'center' });
    doc.text(chineseDate(c.issued_on), issuerX, issuerY + 26, { width: mm(90), align: 'center' });
    if (opts.seal) {
      const size = mm(40);
      doc.image(opts.seal, issuerX + mm(45) - size / 2, issuerY + 16 - size / 2, { fit: [size, size], align: 'center', valign: 'center' });
    }

    // The QR code and the number at the bottom left.
    const url = verificationUrl(opts.baseUrl, { number: c.number, name: c.name, unit: c.unit_name, title: c.title, date: c.issued_on }, c.key_id, c.signature);
    const png = await QRCode.toBuffer(url, { margin: 1, errorCorrectionLevel: 'M', width: 360 });
    const q = mm(30);
    const qx = mm(24);
    const qy = H - mm(24) - q - mm(8);
    doc.image(png, qx, qy, { width: q, height: q });
    doc.font('cjk').fontSize(9).fillColor('#555').text('扫码验证真伪', qx, qy + q + 2, { width: q, align: 'center' });
    doc.fontSize(10).fillColor('#333').text(`证书编号：${c.number}`, qx + q + mm(4), qy + q - 14, { lineBreak: false });
  }
  return pdfBuffer(doc);
}
