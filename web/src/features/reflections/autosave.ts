// Drafts never lose text: every keystroke goes to localStorage at once (per
// reflection, or per book for one not yet created), and to the server shortly
// after (PUT with the version the text was based on). Offline, the text waits on
// this device and goes up when the connection is back; a 409 from another device
// (or a local copy found on opening that differs from the server's) becomes a
// choice for the writer, never a silent overwrite.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { createReflection, saveReflection, type Reflection, type WriteBody } from './api';

const PREFIX = 'sx.reflection.';
const DEBOUNCE_MS = 1200;
const RETRY_MS = 8000;

export interface LocalDraft {
  title: string;
  html: string;
  /** When this device last changed the text. */
  savedAt: string;
  /** The server version the text was based on (null: not on the server yet). */
  baseVersion: number | null;
  /** Changes not yet accepted by the server. */
  dirty: boolean;
  book?: { planItemId: number | null; bookId: number | null; bookTitle: string };
}

export const draftKey = (userId: number, id: number | 'new', bookKey?: string) => `${PREFIX}${userId}.${id === 'new' ? `new.${bookKey ?? ''}` : id}`;

export function readLocal(key: string): LocalDraft | null {
  try {
    const raw = window.localStorage.getItem(key);
    if (!raw) return null;
    const d = JSON.parse(raw) as LocalDraft;
    return typeof d.html === 'string' && typeof d.title === 'string' ? d : null;
  } catch {
    return null;
  }
}

export function writeLocal(key: string, d: LocalDraft) {
  try {
    window.localStorage.setItem(key, JSON.stringify(d));
  } catch {
    // Storage full or disabled (private mode): the server copy is all we have.
  }
}

export function removeLocal(key: string) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    /* ignore */
  }
}

export type SaveState =
  | { kind: 'saved'; at: string }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'offline' }
  | { kind: 'local'; reason: 'needTitle' | 'needBody' }
  | { kind: 'error'; message: string }
  | { kind: 'locked' };

export interface Conflict {
  reason: 'open' | 'stale';
  local: { title: string; html: string; at: string };
  server: Reflection;
}

interface Options {
  userId: number;
  /** The reflection as loaded (null for a new one). */
  initial: Reflection | null;
  /** For a new reflection: which book, and the local key's book part. */
  book?: { planItemId: number | null; bookId: number | null; bookTitle: string };
  bookKey?: string;
  /** A new reflection got its id (the page moves to /reflections/:id). */
  onCreated?: (r: Reflection) => void;
  /** The server accepted a save (for the page's copy of the reflection). */
  onSaved?: (r: Reflection) => void;
}

const emptyText = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&nbsp;|\s/g, '') === '';

interface Opening {
  start: { title: string; html: string };
  dirty: boolean;
  /** A local copy that differs from the server's and was never sent. */
  restored: LocalDraft | null;
}

function opening(key: string, initial: Reflection | null): Opening {
  const server = { title: initial?.title ?? '', html: initial?.bodyHtml ?? '' };
  const local = readLocal(key);
  if (!local) return { start: server, dirty: false, restored: null };
  // A new reflection has nothing on the server: the local text simply comes back.
  if (!initial) return { start: { title: local.title, html: local.html }, dirty: local.dirty, restored: null };
  if (local.dirty && (local.html !== initial.bodyHtml || local.title !== initial.title)) return { start: server, dirty: false, restored: local };
  return { start: server, dirty: false, restored: null };
}

export function useAutosave({ userId, initial, book, bookKey, onCreated, onSaved }: Options) {
  const [open] = useState(() => opening(draftKey(userId, initial?.id ?? 'new', bookKey), initial));
  const idRef = useRef<number | null>(initial?.id ?? null);
  const keyRef = useRef(draftKey(userId, initial?.id ?? 'new', bookKey));
  const versionRef = useRef<number | null>(initial?.version ?? null);
  const content = useRef(open.start);
  const dirty = useRef(open.dirty);
  const seq = useRef(0); // bumps on every edit: a save only clears `dirty` if nothing changed meanwhile
  const inflight = useRef<Promise<void> | null>(null);
  const timer = useRef<number | null>(null);
  const blocked = useRef(open.restored !== null); // a conflict waits for the writer's choice
  const closed = useRef(false); // submitted: no more saves, no more local copies
  const cbs = useRef({ onCreated, onSaved, book });
  useEffect(() => {
    cbs.current = { onCreated, onSaved, book };
  });

  const [state, setState] = useState<SaveState>(initial ? { kind: 'saved', at: initial.updatedAt } : { kind: 'local', reason: 'needBody' });
  const [conflict, setConflict] = useState<Conflict | null>(() =>
    open.restored && initial ? { reason: 'open', local: { title: open.restored.title, html: open.restored.html, at: open.restored.savedAt }, server: initial } : null,
  );

  const persistLocal = useCallback(() => {
    writeLocal(keyRef.current, {
      title: content.current.title,
      html: content.current.html,
      savedAt: new Date().toISOString(),
      baseVersion: versionRef.current,
      dirty: dirty.current,
      book: cbs.current.book,
    });
  }, []);

  const flushRef = useRef<() => Promise<void>>(async () => {});
  const schedule = useCallback(() => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void flushRef.current(), DEBOUNCE_MS);
  }, []);

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    if (inflight.current) {
      await inflight.current;
      if (dirty.current) return flushRef.current();
      return;
    }
    if (!dirty.current || blocked.current) return;
    const { title, html } = content.current;
    if (!title.trim()) return setState({ kind: 'local', reason: 'needTitle' });
    if (emptyText(html)) return setState({ kind: 'local', reason: 'needBody' });
    const mySeq = seq.current;
    setState({ kind: 'saving' });
    const run = async () => {
      try {
        let r: Reflection;
        if (idRef.current === null) {
          const b = cbs.current.book;
          r = await createReflection({ title: title.trim(), bodyHtml: html, planItemId: b?.planItemId ?? null, bookId: b?.bookId ?? null, bookTitle: b?.bookTitle || undefined });
          const oldKey = keyRef.current;
          idRef.current = r.id;
          keyRef.current = draftKey(userId, r.id);
          removeLocal(oldKey);
          versionRef.current = r.version;
          cbs.current.onCreated?.(r);
        } else {
          const b = cbs.current.book;
          const body: WriteBody & { version: number } = { version: versionRef.current ?? 0, title: title.trim(), bodyHtml: html, planItemId: b?.planItemId ?? null, bookId: b?.bookId ?? null, bookTitle: b?.bookTitle || undefined };
          r = await saveReflection(idRef.current, body);
          versionRef.current = r.version;
        }
        if (seq.current === mySeq) dirty.current = false;
        persistLocal();
        cbs.current.onSaved?.(r);
        setState(dirty.current ? { kind: 'pending' } : { kind: 'saved', at: r.updatedAt });
      } catch (e) {
        persistLocal();
        if (e instanceof ApiError && e.status === 0) {
          setState({ kind: 'offline' });
        } else if (e instanceof ApiError && e.status === 409 && e.code === 'STALE') {
          const current = (e.details as { current?: Reflection } | undefined)?.current;
          if (current) {
            blocked.current = true;
            setConflict({ reason: 'stale', local: { title: content.current.title, html: content.current.html, at: new Date().toISOString() }, server: current });
          }
          setState({ kind: 'error', message: errorMessage(e) });
        } else if (e instanceof ApiError && e.status === 409) {
          blocked.current = true;
          setState({ kind: 'locked' });
        } else {
          setState({ kind: 'error', message: errorMessage(e) });
        }
      }
    };
    inflight.current = run().finally(() => {
      inflight.current = null;
    });
    await inflight.current;
    if (dirty.current && !blocked.current && seq.current !== mySeq) schedule();
  }, [persistLocal, schedule, userId]);
  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  // A new draft's text that never reached the server goes up now.
  useEffect(() => {
    if (open.dirty) schedule();
  }, [open.dirty, schedule]);

  /** Every change of title or body. */
  const edit = useCallback(
    (patch: Partial<{ title: string; html: string }>) => {
      if (closed.current) return;
      content.current = { ...content.current, ...patch };
      dirty.current = true;
      seq.current++;
      persistLocal();
      if (!blocked.current) {
        setState((s) => (s.kind === 'offline' ? s : { kind: 'pending' }));
        schedule();
      }
    },
    [persistLocal, schedule],
  );

  /** The writer's choice in a conflict. Returns the text the editor must show. */
  const resolve = useCallback(
    (choice: 'local' | 'server'): { title: string; html: string } => {
      const c = conflict;
      setConflict(null);
      blocked.current = false;
      if (!c) return content.current;
      versionRef.current = c.server.version;
      if (choice === 'server') {
        content.current = { title: c.server.title, html: c.server.bodyHtml };
        dirty.current = false;
        persistLocal();
        setState({ kind: 'saved', at: c.server.updatedAt });
      } else {
        content.current = { title: c.local.title, html: c.local.html };
        dirty.current = true;
        seq.current++;
        persistLocal();
        void flush();
      }
      return content.current;
    },
    [conflict, flush, persistLocal],
  );

  // Retry while offline; send at once when the connection returns or the tab is hidden.
  useEffect(() => {
    const retry = () => {
      if (dirty.current && !blocked.current) void flush();
    };
    const onHide = () => {
      if (document.visibilityState === 'hidden') retry();
    };
    window.addEventListener('online', retry);
    document.addEventListener('visibilitychange', onHide);
    const iv = window.setInterval(() => {
      if (state.kind === 'offline' || state.kind === 'error') retry();
    }, RETRY_MS);
    return () => {
      window.removeEventListener('online', retry);
      document.removeEventListener('visibilitychange', onHide);
      window.clearInterval(iv);
    };
  }, [flush, state.kind]);

  // Leaving the page: send what is pending (the local copy is already written).
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
      if (dirty.current && !blocked.current) void flush();
    },
    [flush],
  );

  /** After a successful submit the local copy has served its purpose, and nothing more is saved. */
  const forget = useCallback(() => {
    dirty.current = false;
    blocked.current = true;
    closed.current = true;
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    removeLocal(keyRef.current);
  }, []);

  return {
    state,
    conflict,
    resolve,
    edit,
    flush,
    forget,
    /** The text at start: the local copy of a new draft, else the server's. */
    start: open.start,
    /** A new draft's unsent local text came back (it goes up with the next save). */
    pendingAtStart: open.dirty,
    id: () => idRef.current,
    version: () => versionRef.current,
  };
}
