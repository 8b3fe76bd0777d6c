import type { DB } from '../../db';

export async function notices(db: DB, userId: number, o: { unreadOnly: boolean; limit: number }) {
  let q = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (o.unreadOnly) q = q.where('read_at', 'is', null);
  return q.orderBy('id', 'desc').limit(o.limit).execute();
}

export async function unreadCount(db: DB, userId: number): Promise<number> {
  const r = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Whether the notice was unread and is now read. */
export async function markRead(db: DB, userId: number, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('notifications').set({ read_at: at }).where('id', '=', id).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function isMine(db: DB, userId: number, id: number): Promise<boolean> {
  return Boolean(await db.selectFrom('notifications').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst());
}

export async function markAllRead(db: DB, userId: number, at: string): Promise<void> {
  await db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}

/**
 * A notice links to its object by the page address; these are the addresses whose
 * object can disappear (a draft deleted, a copy withdrawn, a book removed).
 */
const PATTERNS: { re: RegExp; kind: 'reflection' | 'copy' | 'book' }[] = [
  { re: /^\/reflections\/(\d+)(?:[/?#]|$)/, kind: 'reflection' },
  { re: /^\/console\/reflections\/(\d+)(?:[/?#]|$)/, kind: 'reflection' },
  { re: /^\/c\/([^/?#]+)/, kind: 'copy' },
  { re: /^\/library\/books\/(\d+)(?:[/?#]|$)/, kind: 'book' },
];

export function linkTarget(link: string | null): { kind: 'reflection' | 'copy' | 'book'; key: string } | null {
  if (!link) return null;
  for (const p of PATTERNS) {
    const m = p.re.exec(link);
    if (m) return { kind: p.kind, key: decodeURIComponent(m[1]) };
  }
  return null;
}

/** Of these links, the ones whose object no longer exists. */
export async function goneLinks(db: DB, links: (string | null)[]): Promise<Set<string>> {
  const want = { reflection: new Set<number>(), copy: new Set<string>(), book: new Set<number>() };
  for (const l of links) {
    const t = linkTarget(l);
    if (!t) continue;
    if (t.kind === 'copy') want.copy.add(t.key);
    else want[t.kind].add(Number(t.key));
  }
  const found = { reflection: new Set<number>(), copy: new Set<string>(), book: new Set<number>() };
  if (want.reflection.size) for (const r of await db.selectFrom('reflections').select('id').where('id', 'in', [...want.reflection]).execute()) found.reflection.add(r.id);
  if (want.copy.size) for (const r of await db.selectFrom('copies').select('barcode').where('barcode', 'in', [...want.copy]).where('status', '!=', 'withdrawn').execute()) found.copy.add(r.barcode);
  if (want.book.size) for (const r of await db.selectFrom('books').select('id').where('id', 'in', [...want.book]).execute()) found.book.add(r.id);
  const gone = new Set<string>();
  for (const l of links) {
    const t = linkTarget(l);
    if (!t || !l) continue;
    const ok = t.kind === 'copy' ? found.copy.has(t.key) : found[t.kind].has(Number(t.key));
    if (!ok) gone.add(l);
  }
  return gone;
}
