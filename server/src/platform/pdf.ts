import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

// A CJK font shipped through npm, so a fresh install makes correct PDFs with no
// system fonts. pdfkit embeds only the glyphs a document uses.
export const CJK_FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
export const CJK_FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

export const mm = (v: number) => (v * 72) / 25.4;

export function newPdf(opts: { title: string; margin?: number; layout?: 'portrait' | 'landscape' }) {
  const doc = new PDFDocument({ size: 'A4', layout: opts.layout ?? 'portrait', margin: opts.margin ?? 0, info: { Title: opts.title, Creator: '书香机关' }, autoFirstPage: true });
  doc.registerFont('cjk', CJK_FONT);
  doc.registerFont('cjk-bold', CJK_FONT_BOLD);
  doc.font('cjk');
  return doc;
}

export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
