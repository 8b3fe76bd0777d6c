// Findings made on site are kept on the phone first (localStorage, photo as a compressed JPEG
// data URL) and sent when there is a connection: at once if online, on the browser's 'online'
// event, and every half minute. Each carries its own client id, so a finding sent twice (a
// reply lost on a weak connection) is taken once by the server.
import { ApiError } from '../../api/client';
import { postFinding, uploadPhoto } from './api';

const KEY = 'sx.assessment.findings.v1';

export interface QueuedFinding {
  clientId: string;
  inspectionId: number;
  unitId: number;
  itemKey: string;
  /** The drawn cadre the finding is against (deducted in their year score), or none. */
  memberId?: number | null;
  score: number;
  text: string;
  observedAt: string;
  photoDataUrl: string;
  photoFileId: number | null;
  /** The server's refusal, when it refused (kept so the inspector sees why). */
  error: string | null;
}

type Listener = (q: QueuedFinding[]) => void;
const listeners = new Set<Listener>();

export function readQueue(): QueuedFinding[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as QueuedFinding[];
  } catch {
    return [];
  }
}

function writeQueue(q: QueuedFinding[]) {
  localStorage.setItem(KEY, JSON.stringify(q));
  for (const l of listeners) l(q);
}

export function onQueueChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function enqueue(f: Omit<QueuedFinding, 'photoFileId' | 'error'>) {
  writeQueue([...readQueue(), { ...f, photoFileId: null, error: null }]);
}

export function discard(clientId: string) {
  writeQueue(readQueue().filter((f) => f.clientId !== clientId));
}

function update(clientId: string, patch: Partial<QueuedFinding>) {
  writeQueue(readQueue().map((f) => (f.clientId === clientId ? { ...f, ...patch } : f)));
}

/** A data URL back to a Blob, without fetch (the CSP's connect-src refuses data: URLs, and so may the offline browser). */
export function dataUrlBlob(url: string): Blob {
  const [head, data] = url.split(',', 2);
  const mime = /data:([^;]+)/.exec(head ?? '')?.[1] ?? 'image/jpeg';
  const bin = atob(data ?? '');
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

const offline = (e: unknown) => e instanceof ApiError && (e.code === 'OFFLINE' || e.status === 0);

let running: Promise<number> | null = null;

/** Sends what is waiting; returns how many were sent. Stops at the first lost connection. */
export function flushQueue(): Promise<number> {
  if (running) return running;
  running = (async () => {
    let sent = 0;
    for (const f of readQueue()) {
      if (f.error) continue;
      try {
        let photo = f.photoFileId;
        if (!photo) {
          photo = (await uploadPhoto(dataUrlBlob(f.photoDataUrl), `${f.clientId}.jpg`, 'finding')).id;
          update(f.clientId, { photoFileId: photo });
        }
        await postFinding(f.inspectionId, { clientId: f.clientId, unitId: f.unitId, itemKey: f.itemKey, memberId: f.memberId ?? null, score: f.score, text: f.text, photoFileId: photo, observedAt: f.observedAt });
        discard(f.clientId);
        sent++;
      } catch (e) {
        // No connection (or the browser refused the request): try again later.
        if (offline(e) || !(e instanceof ApiError)) break;
        update(f.clientId, { error: e instanceof Error ? e.message : String(e) });
      }
    }
    return sent;
  })().finally(() => {
    running = null;
  });
  return running;
}

/** Shrinks a camera photo to at most 1280 px on its longest side, as JPEG (which also drops its metadata). */
export async function photoDataUrl(file: File): Promise<string> {
  const bmp = await createImageBitmap(file);
  const scale = Math.min(1, 1280 / Math.max(bmp.width, bmp.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bmp.width * scale));
  canvas.height = Math.max(1, Math.round(bmp.height * scale));
  canvas.getContext('2d')?.drawImage(bmp, 0, 0, canvas.width, canvas.height);
  bmp.close();
  return canvas.toDataURL('image/jpeg', 0.8);
}
