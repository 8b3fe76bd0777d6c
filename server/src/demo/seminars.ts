// Demo content of seminars and party lectures, and the factories the tests share.
import { mm, newPdf, pdfBuffer } from '../platform/pdf';

/** Slides as a PDF: a title page and one page per point (landscape, as a projector shows them). */
export async function lecturePdf(topic: string, lecturer: string, points: string[]): Promise<Buffer> {
  const doc = newPdf({ title: topic, layout: 'landscape' });
  const W = doc.page.width;
  const H = doc.page.height;
  const band = (title: string) => {
    doc.rect(0, 0, W, mm(28)).fill('#b3261e');
    doc.fillColor('#ffffff').font('cjk-bold').fontSize(22).text(title, mm(18), mm(9), { width: W - mm(36), lineBreak: false, ellipsis: true });
  };
  doc.rect(0, 0, W, H).fill('#b3261e');
  doc.fillColor('#ffffff').font('cjk-bold').fontSize(30).text(topic, mm(25), H / 2 - mm(30), { width: W - mm(50), align: 'center' });
  doc.font('cjk').fontSize(16).text(`主讲：${lecturer}`, mm(25), H / 2 + mm(15), { width: W - mm(50), align: 'center' });
  points.forEach((p, i) => {
    doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
    band(topic);
    doc.fillColor('#2b2b2b').font('cjk-bold').fontSize(26).text(`${['一', '二', '三', '四', '五', '六'][i] ?? i + 1}、${p}`, mm(25), mm(50), { width: W - mm(50) });
    doc.font('cjk').fontSize(14).fillColor('#6b6b6b').text(`${lecturer} · 第 ${i + 2} 页`, mm(25), H - mm(20), { width: W - mm(50), align: 'right', lineBreak: false });
  });
  return pdfBuffer(doc);
}
