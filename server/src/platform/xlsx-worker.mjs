// Runs one .xlsx parse off the main thread (platform/xlsx.ts starts it with a time and memory
// limit). Plain JavaScript so it can start without a build; the parse itself is TypeScript.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { parseXlsx, XlsxRefused } = await import('./xlsx-read.ts');
try {
  const rows = parseXlsx(Buffer.from(workerData.buf), workerData.limits);
  parentPort.postMessage({ ok: true, rows });
} catch (e) {
  parentPort.postMessage({ ok: false, refused: e instanceof XlsxRefused, message: String(e?.message ?? e) });
}
