// Reads a PDF back as a reader would see it: the text of each page (pdf.js, the
// renderer of Firefox), so tests check what is printed, not how the file is built.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfPages(buf: Buffer | Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join('\n'));
  }
  await doc.destroy();
  return pages;
}

/** Renders one page (1-based) as pdf.js draws it on screen: RGBA pixels at `scale` pixels per PDF point. */
export async function pdfPageImage(buf: Buffer | Uint8Array, pageNumber: number, scale = 3): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const doc = await getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale });
    const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: unknown; context: CanvasRenderingContext2D } } }).canvasFactory;
    const { context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvasContext: context, viewport }).promise;
    const img = context.getImageData(0, 0, Math.ceil(viewport.width), Math.ceil(viewport.height));
    return { width: img.width, height: img.height, data: img.data };
  } finally {
    await doc.destroy();
  }
}

/**
 * Reads a QR code printed in the box (PDF points) of a rendered page against the code `text` would give:
 * the share of its modules whose printed colour matches (1 = the very code; another text gives about half).
 */
export async function qrMatch(img: { width: number; height: number; data: Uint8ClampedArray }, box: { x: number; y: number; size: number }, scale: number, text: string): Promise<number> {
  const QRCode = (await import('qrcode')).default;
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = code.modules.size;
  const dark = (px: number, py: number) => {
    const i = (Math.round(py) * img.width + Math.round(px)) * 4;
    return img.data[i] + img.data[i + 1] + img.data[i + 2] < 384;
  };
  // The printed code's edges: the first and last dark pixels inside the box.
  const x0 = box.x * scale, y0 = box.y * scale, x1 = (box.x + box.size) * scale, y1 = (box.y + box.size) * scale;
  let left = Infinity, top = Infinity, right = -1, bottom = -1;
  for (let y = Math.floor(y0); y < y1; y++) {
    for (let x = Math.floor(x0); x < x1; x++) {
      if (!dark(x, y)) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  if (right < 0) return 0;
  const cw = (right - left + 1) / n, ch = (bottom - top + 1) / n;
  let same = 0;
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (dark(left + (c + 0.5) * cw, top + (r + 0.5) * ch) === Boolean(code.modules.get(r, c))) same++;
  return same / (n * n);
}
