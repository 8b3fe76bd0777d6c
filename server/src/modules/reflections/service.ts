import type { DB } from '../../db';
import type { Actor } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth/context';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors';
import type { Role } from '../../platform/roles';
import type { Services } from '../../platform/services';
import { nowIso, todayLocal } from '../../platform/time';
import { blockquoteRanges, bodyText, sanitizeBody } from './sanitize';
import { FINGERPRINT_BAND, fingerprintRows, gramSet, LARGE, MIN_PASSAGE, MIN_SHARED_FINGERPRINTS, normalize, overlap, prepare, quotedShare, SMALL, STOCK_PHRASE_TEXTS, unionCoverage, windowBands, windowsOf, type BandRow, type Overlap, type Passage } from './similarity';
import { wordCount } from './wordcount';
import { ReflectionPolicy } from './policy';
import { rolesOf } from '../../platform/policy';
import * as repo from './repository';
import { baseQuery, type Row } from './repository';

export type Status = 'draft' | 'submitted' | 'returned' | 'approved' | 'excellent' | 'reported';
export const EDITABLE: Status[] = ['draft', 'returned'];
export const SHARED: Status[] = ['approved', 'excellent', 'reported'];
export const APPROVED: Status[] = ['approved', 'excellent', 'reported'];
/** Roles that see reflections of a unit subtree; only the clerk changes them. */
export const READERS: Role[] = rolesOf(ReflectionPolicy.viewReview);
export const REVIEWERS: Role[] = rolesOf(ReflectionPolicy.review);
/** A reflection longer than this is a paste gone wrong, not a reflection. */
export const MAX_CHARS = 30_000;
/** Candidates from the LSH index that get the exact comparison; matches kept per reflection. */
const CANDIDATES = 12;
/** Candidates found by shared fingerprints alone (a small copied passage), compared on top of the LSH ones. */
const FINGERPRINT_CANDIDATES = 4;
const KEEP_MATCHES = 5;

export interface Criterion {
  name: string;
  points: number;
}
export interface Score {
  name: string;
  points: number;
  max: number;
}
export interface PassageComment {
  quote: string;
  comment: string;
}
export interface StoredMatch {
  kind: 'reflection' | 'reference';
  id: number;
  percent: number;
  mine: Passage[];
  theirs: Passage[];
}

export const stale = (current: unknown) => new AppError(409, 'STALE', '心得已在其他地方修改', { current });
export const locked = () => new AppError(409, 'LOCKED', '心得已提交，退回后才能修改');
export const stateError = () => new AppError(409, 'STATE', '当前状态不能进行此操作');

export function memberIdOf(auth: AuthContext): number {
  const id = auth.user.memberId;
  if (!id) throw forbidden('您的账号未关联干部信息，不能写心得');
  return id;
}

export const monthOf = (day: string) => day.slice(0, 7);

export async function rubricOf(svc: Services, year: number): Promise<Criterion[]> {
  return (await svc.settings.get('reflections.rubric', year)) as unknown as Criterion[];
}

export { baseQuery };
export type { Row };

export async function load(db: DB, id: number): Promise<Row> {
  const row = await baseQuery(db).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('找不到该心得');
  return row;
}

/** The town a unit belongs to: its ancestor of kind 'town', or the top of its path. */
export async function townPath(db: DB, unitPath: string): Promise<string> {
  const ids = unitPath.split('/').filter(Boolean).map(Number);
  if (!ids.length) return unitPath;
  const units = await repo.unitsByIds(db, ids);
  const town = units.find((u) => u.kind === 'town');
  return town?.path ?? units.find((u) => u.id === ids[0])?.path ?? unitPath;
}

export const memberUnitPath = (db: DB, memberId: number): Promise<string | null> => repo.memberPath(db, memberId);

/**
 * Whether the signed-in user may read this reflection, and in which capacity.
 * A draft (never handed in) is its author's alone: no reader or reviewer sees it.
 */
export async function access(svc: Services, auth: AuthContext, row: Row): Promise<{ own: boolean; reader: boolean; reviewer: boolean; colleague: boolean }> {
  const own = auth.user.memberId === row.member_id;
  const handedIn = row.status !== 'draft';
  const reader = handedIn && auth.reaches(row.unit_path, READERS);
  const reviewer = handedIn && auth.reaches(row.unit_path, REVIEWERS);
  let colleague = false;
  if (!own && !reader && SHARED.includes(row.status as Status) && auth.user.memberId && (await svc.settings.bool('reflections.sharedWithColleagues'))) {
    const mine = await memberUnitPath(svc.db, auth.user.memberId);
    colleague = mine !== null && (await townPath(svc.db, mine)) === (await townPath(svc.db, row.unit_path));
  }
  return { own, reader, reviewer, colleague };
}

export function summary(row: Row, flagPercent: number, counts: { likes: number; comments: number }, resubmitted = false) {
  return {
    id: row.id,
    title: row.title,
    bookId: row.book_id,
    bookTitle: row.book_title,
    planItemId: row.plan_item_id,
    status: row.status as Status,
    charCount: row.char_count,
    month: row.month,
    submittedAt: row.submitted_at,
    similarityPercent: row.similarity_percent,
    flagged: row.similarity_percent !== null && row.similarity_percent >= flagPercent,
    score: row.score,
    memberId: row.member_id,
    memberName: row.member_name,
    unitId: row.unit_id,
    unitName: row.unit_name,
    updatedAt: row.updated_at,
    version: row.version,
    likes: counts.likes,
    comments: counts.comments,
    resubmitted,
  };
}

/** Waiting for review again: handed in after a return (the queue's 重新提交). */
export async function resubmittedIds(db: DB, rows: Row[]): Promise<Set<number>> {
  const ids = rows.filter((r) => r.status === 'submitted').map((r) => r.id);
  if (!ids.length) return new Set();
  const found = await repo.everReturned(db, ids);
  return new Set(found.map((f) => f.reflection_id));
}

/**
 * What a colleague may see of a shared reflection: the text, author, book, likes
 * and comments — not the review (similarity, score), which stays between the
 * author and those who manage the unit.
 */
export function publicSummary<T extends ReturnType<typeof summary>>(s: T): T {
  return { ...s, similarityPercent: null, flagged: false, score: null, resubmitted: false };
}

export async function counts(db: DB, ids: number[]) {
  const out = new Map<number, { likes: number; comments: number }>();
  for (const id of ids) out.set(id, { likes: 0, comments: 0 });
  if (!ids.length) return out;
  const [likes, comments] = await Promise.all([repo.likeCounts(db, ids), repo.commentCounts(db, ids)]);
  for (const l of likes) out.get(l.reflection_id)!.likes = Number(l.n);
  for (const c of comments) out.get(c.reflection_id)!.comments = Number(c.n);
  return out;
}

export async function summaries(svc: Services, rows: Row[]) {
  // The flag threshold as it applies in each reflection's unit (a town may keep its own).
  const paths = [...new Set(rows.map((r) => r.unit_path))];
  const flags = new Map(await Promise.all(paths.map(async (p) => [p, await svc.settings.int('reflections.similarityFlagPercent', 0, p)] as const)));
  const [c, again] = await Promise.all([
    counts(
      svc.db,
      rows.map((r) => r.id),
    ),
    resubmittedIds(svc.db, rows),
  ]);
  return rows.map((r) => summary(r, flags.get(r.unit_path)!, c.get(r.id)!, again.has(r.id)));
}

export async function detail(svc: Services, auth: AuthContext, row: Row) {
  const [s] = await summaries(svc, [row]);
  // The review (scores, comments, similarity, the event log) is for the author and
  // for those who manage the unit; a colleague reading a shared one gets the text.
  const own = auth.user.memberId === row.member_id;
  const review = own || (row.status !== 'draft' && auth.reaches(row.unit_path, READERS));
  const events = review ? await repo.eventsOf(svc.db, row.id) : [];
  const liked = auth.user.memberId ? await repo.likedBy(svc.db, row.id, auth.user.memberId) : false;
  return {
    ...(review ? s : publicSummary(s)),
    bodyHtml: row.body_html,
    bodyText: row.body_text,
    scores: review && row.scores_json ? (JSON.parse(row.scores_json) as Score[]) : null,
    reviewComment: review ? row.review_comment : null,
    passageComments: review ? (JSON.parse(row.passages_json) as PassageComment[]) : [],
    events: events.map((e) => ({
      id: e.id,
      at: e.at,
      actorName: e.actor_name,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      comment: e.comment,
      passages: e.passages_json ? (JSON.parse(e.passages_json) as PassageComment[]) : null,
    })),
    canEdit: auth.user.memberId === row.member_id && EDITABLE.includes(row.status as Status),
    likedByMe: Boolean(liked),
  };
}

/** Cleans and measures a body; refuses what cannot be a reflection. */
export function prepareBody(html: string) {
  const clean = sanitizeBody(html);
  const text = bodyText(clean);
  if (html.trim() && !text.trim()) throw badRequest('正文不是有效的内容');
  const count = wordCount(text);
  if (count > MAX_CHARS) throw new AppError(413, 'TOO_LARGE', `正文过长，最多 ${MAX_CHARS} 字`);
  return { html: clean, text, count };
}

/** Who acts: a signed-in user, or the system (jobs, demo). */
export interface Who {
  userId: number | null;
  name: string;
  actor: Actor;
}
export const whoOf = (auth: AuthContext): Who => ({ userId: auth.userId, name: auth.user.displayName || auth.user.username, actor: auth.actor() });
export const SYSTEM: Who = { userId: null, name: '系统', actor: { userId: null, username: 'system', ip: null } };

export async function recordEvent(
  trx: DB,
  who: Who,
  e: { reflectionId: number; action: string; from: Status | null; to: Status; comment?: string | null; passages?: PassageComment[] | null; at?: string },
) {
  await repo.insertEvent(trx, {
    reflection_id: e.reflectionId,
    at: e.at ?? nowIso(),
    user_id: who.userId,
    actor_name: who.name,
    action: e.action,
    from_status: e.from,
    to_status: e.to,
    comment: e.comment ?? null,
    passages_json: e.passages ? JSON.stringify(e.passages) : null,
  });
}

// ---------------------------------------------------------------- similarity

/** Book excerpts' k-grams: never evidence of copying for reflections on that book (or on any, when no book is given). */
async function excludedGrams(db: DB, bookId: number | null): Promise<Set<number>> {
  const rows = await repo.excerptTexts(db, bookId);
  const out = new Set<number>();
  for (const r of rows) for (const g of gramSet(r.body_text)) out.add(g);
  return out;
}

/** Fingerprint lookups per statement (each is one term of a UNION ALL; SQLite allows 500). */
const PRINTS_PER_STATEMENT = 200;

/**
 * The index rows of stored reflections and reference texts (source 'r' / 't') that share a band key
 * or a fingerprint with the given rows. Band keys: one indexed IN lookup. Fingerprints: each read
 * with a limit of STOCK_PHRASE_TEXTS + 1 rows, and one that reaches it is dropped as a stock phrase.
 * `stats.read` counts the rows the database returned (for the benchmark).
 */
export async function candidateRows(db: DB, rows: readonly BandRow[], stats?: { read: number }) {
  const bandHashes = new Set<number>();
  const prints = new Set<number>();
  for (const [band, hash] of rows) (band === FINGERPRINT_BAND ? prints : bandHashes).add(hash);
  const found = bandHashes.size ? await repo.bandRowsWithHashes(db, [...bandHashes]) : [];
  const printRows: typeof found = [];
  const list = [...prints];
  for (let i = 0; i < list.length; i += PRINTS_PER_STATEMENT) printRows.push(...(await repo.fingerprintRowsLimited(db, list.slice(i, i + PRINTS_PER_STATEMENT), STOCK_PHRASE_TEXTS + 1)));
  if (stats) stats.read += found.length + printRows.length;
  const perPrint = new Map<number, number>();
  for (const r of printRows) perPrint.set(r.hash, (perPrint.get(r.hash) ?? 0) + 1);
  return [...found, ...printRows.filter((r) => perPrint.get(r.hash)! <= STOCK_PHRASE_TEXTS)];
}

/** A stored text that shares LSH bands or fingerprints with the new text. */
export interface Candidate {
  source: string;
  refId: number;
  /** The most bands one window of the new text shares with one window of the stored text. */
  bands: number;
  /** Fingerprints (winnowed 13-character runs) the two texts share. */
  shared: number;
}

/**
 * Every stored text that shares at least one LSH band or fingerprint with the new text.
 * One indexed IN lookup on the hash; a row whose hash belongs to another band is dropped here.
 * Both sides may come in windows (parts): a candidate's score is the most bands one
 * window of the new text shares with one window of the stored text.
 */
export async function scoredCandidates(db: DB, rows: readonly BandRow[]): Promise<Candidate[]> {
  const wanted = new Map<string, number[]>();
  const prints = new Set<number>();
  for (const [b, h, part] of rows) {
    if (b === FINGERPRINT_BAND) {
      prints.add(h);
      continue;
    }
    const parts = wanted.get(`${b}:${h}`);
    if (parts) parts.push(part);
    else wanted.set(`${b}:${h}`, [part]);
  }
  const pairs = new Map<string, number>();
  const best = new Map<string, Candidate>();
  const entry = (source: string, refId: number) => {
    const key = `${source}:${refId}`;
    let c = best.get(key);
    if (!c) best.set(key, (c = { source, refId, bands: 0, shared: 0 }));
    return c;
  };
  for (const f of await candidateRows(db, rows)) {
    if (f.band === FINGERPRINT_BAND) {
      // A stored text keeps each fingerprint once: one row is one shared fingerprint.
      if (prints.has(f.hash)) entry(f.source, f.ref_id).shared++;
      continue;
    }
    const parts = wanted.get(`${f.band}:${f.hash}`);
    if (!parts) continue;
    const c = entry(f.source, f.ref_id);
    for (const q of parts) {
      const pair = `${f.source}:${f.ref_id}:${f.part}:${q}`;
      const n = (pairs.get(pair) ?? 0) + 1;
      pairs.set(pair, n);
      if (n > c.bands) c.bands = n;
    }
  }
  return [...best.values()];
}

/**
 * The candidates that get the exact comparison: the `limit` with most shared bands,
 * then up to `extra` more that share at least MIN_SHARED_FINGERPRINTS fingerprints
 * (a few copied sentences, which no band finds), most shared first.
 */
export function pickCandidates(all: readonly Candidate[], limit = CANDIDATES, extra = FINGERPRINT_CANDIDATES): Candidate[] {
  const byBands = all
    .filter((c) => c.bands > 0)
    .sort((a, b) => b.bands - a.bands || b.refId - a.refId)
    .slice(0, limit);
  const taken = new Set(byBands);
  const byPrints = all
    .filter((c) => !taken.has(c) && c.shared >= MIN_SHARED_FINGERPRINTS)
    .sort((a, b) => b.shared - a.shared || b.refId - a.refId)
    .slice(0, extra);
  return [...byBands, ...byPrints];
}

/** Candidates that share at least one LSH band with the new text, most shared bands first, and those that share a passage's fingerprints. */
export async function candidates(db: DB, rows: readonly BandRow[], limit = CANDIDATES) {
  return pickCandidates(await scoredCandidates(db, rows), limit);
}

/**
 * When each reflection was first handed in: its first 'submit' event (a resubmission
 * after a return keeps the first date), or its submission time when it has none.
 */
export async function firstSubmissions(db: DB, ids: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const unique = [...new Set(ids)];
  // In slices the drivers take (SQLite's bound parameters).
  for (let i = 0; i < unique.length; i += 5000) {
    const slice = unique.slice(i, i + 5000);
    const [events, rows] = await Promise.all([repo.firstSubmitEvents(db, slice), repo.submittedAts(db, slice)]);
    for (const r of rows) if (r.submitted_at) out.set(r.id, r.submitted_at);
    for (const e of events) if (e.first) out.set(e.reflection_id, e.first);
  }
  return out;
}

/** The result of the check on submit, as the reflection keeps it. */
export interface Findings {
  /** Per source, best first (the KEEP_MATCHES best): the percentages and passages of the reading view. */
  matches: StoredMatch[];
  /** Share of the new text (0–100) copied from any source: the union of all matches, what the flag is set on. */
  percent: number;
  /** Share of the new text (0–100) inside quotation marks or blockquotes. */
  quotedPercent: number;
  /** The reflection of the best single match, if it is one. */
  topId: number | null;
  /** The new text's own index rows, written when it is handed in. */
  bands: BandRow[];
}

/** A reflection's text, its blockquotes and its meaningful characters. */
function readReflection(html: string) {
  const text = bodyText(html);
  const quotes = blockquoteRanges(html);
  const n = normalize(text, quotes);
  return { text, quotes, chars: n.chars, quoted: n.quoted };
}

/** Index rows of a stored reflection: one signature, or windows when it is longer than one, and its fingerprints. */
export function reflectionBands(html: string): BandRow[] {
  const { chars, quoted } = readReflection(html);
  return [...windowBands(chars, [LARGE]), ...fingerprintRows(chars, quoted)];
}

/** Index rows of a reference text: windows at both scales, so a copy of one part of it is a candidate. */
export function textBands(text: string): BandRow[] {
  return windowBands(normalize(text).chars, [LARGE, SMALL]);
}

/**
 * Reference texts of the corpus without index rows: those indexed as one signature
 * before migration 0011 (which dropped those rows). Signed here, once, by whichever
 * node checks first; a node racing it writes nothing twice.
 */
async function indexUnsignedReferences(db: DB) {
  const missing = await repo.unsignedReferences(db);
  for (const t of missing) await indexBands(db, 't', t.id, textBands(t.body_text));
}

/**
 * The check on submit: LSH candidates from the band table, then the exact
 * shared-run overlap with each. Quotations are compared like the rest; a run
 * quoted in both texts, and the book's excerpts, do not count.
 */
export async function findMatches(db: DB, html: string, bookId: number | null, selfId: number | null): Promise<Findings> {
  const { text, quotes, chars, quoted } = readReflection(html);
  // Looked up with all its fingerprints (a passage it copies may be quoted), indexed with those of its own words.
  const query = [...windowBands(chars, [LARGE, SMALL]), ...fingerprintRows(chars)];
  // The LARGE windows come first: they and the fingerprints are the rows the reflection itself is indexed by.
  const largeParts = windowsOf(chars.length, LARGE).length;
  const bands = [...query.filter(([b, , part]) => b !== FINGERPRINT_BAND && part < largeParts), ...fingerprintRows(chars, quoted)];
  const mine = prepare(text, quotes);
  const quotedPercent = Math.round(quotedShare(mine) * 100);
  await indexUnsignedReferences(db);
  let all = (await scoredCandidates(db, query)).filter((c) => !(c.source === 'r' && c.refId === selfId));
  // A reflection handed in again after a return is the original of what was copied from its
  // first submission: reflections first handed in after that are never its sources.
  const selfFirst = selfId === null ? undefined : (await firstSubmissions(db, [selfId])).get(selfId);
  if (selfFirst !== undefined) {
    const firsts = await firstSubmissions(
      db,
      all.filter((c) => c.source === 'r').map((c) => c.refId),
    );
    all = all.filter((c) => c.source !== 'r' || (firsts.get(c.refId) ?? '') <= selfFirst);
  }
  const cands = pickCandidates(all);
  if (!cands.length) return { matches: [], percent: 0, quotedPercent, topId: null, bands };
  const excluded = await excludedGrams(db, bookId);
  const rIds = cands.filter((c) => c.source === 'r').map((c) => c.refId);
  const tIds = cands.filter((c) => c.source === 't').map((c) => c.refId);
  const [refl, refs] = await Promise.all([repo.reflectionBodies(db, rIds), repo.referenceTexts(db, tIds)]);
  const matches: StoredMatch[] = [];
  const overlaps: Overlap[] = [];
  // A source found by its fingerprints alone counts its whole passages, not a stock phrase it shares.
  const onlyPrinted = new Set(cands.filter((c) => c.bands === 0).map((c) => `${c.source}:${c.refId}`));
  for (const r of refl) {
    const o = overlap(mine, prepare(bodyText(r.body_html), blockquoteRanges(r.body_html)), excluded, onlyPrinted.has(`r:${r.id}`) ? MIN_PASSAGE : undefined);
    if (!o.mine.length) continue;
    overlaps.push(o);
    matches.push({ kind: 'reflection', id: r.id, percent: Math.round(o.ratio * 100), mine: o.mine, theirs: o.theirs });
  }
  for (const t of refs) {
    const o = overlap(mine, t.body_text, excluded, onlyPrinted.has(`t:${t.id}`) ? MIN_PASSAGE : undefined);
    if (!o.mine.length) continue;
    overlaps.push(o);
    matches.push({ kind: 'reference', id: t.id, percent: Math.round(o.ratio * 100), mine: o.mine, theirs: o.theirs });
  }
  matches.sort((a, b) => b.percent - a.percent);
  const top = matches[0];
  return { matches: matches.slice(0, KEEP_MATCHES), percent: Math.round(unionCoverage(overlaps) * 100), quotedPercent, topId: top?.kind === 'reflection' ? top.id : null, bands };
}

/** The reflection's columns that keep the check's result; flagged on the union over all sources. */
export function similarityColumns(f: Findings, flagPercent: number) {
  return {
    similarity_percent: f.percent,
    similarity_quoted_percent: f.quotedPercent,
    similarity_top_id: f.topId,
    similarity_json: JSON.stringify(f.matches),
    flagged: f.percent >= flagPercent ? 1 : 0,
  };
}

export async function indexBands(trx: DB, source: 'r' | 't', refId: number, bands: readonly BandRow[]) {
  await repo.replaceBands(
    trx,
    source,
    refId,
    bands.map(([band, hash, part]) => ({ part, band, hash })),
  );
}

/** Full matches for the reading view: the stored findings with the other side's text and name. */
export async function matchesForView(db: DB, row: Row) {
  const stored = JSON.parse(row.similarity_json) as StoredMatch[];
  const rIds = stored.filter((m) => m.kind === 'reflection').map((m) => m.id);
  const tIds = stored.filter((m) => m.kind === 'reference').map((m) => m.id);
  const [refl, refs, firsts] = await Promise.all([
    rIds.length ? baseQuery(db).where('r.id', 'in', rIds).execute() : [],
    repo.referenceTexts(db, tIds),
    firstSubmissions(db, rIds),
  ]);
  return stored.flatMap((m) => {
    if (m.kind === 'reflection') {
      const r = refl.find((x) => x.id === m.id);
      // Its first submission beside the reviewed one's: which side came first.
      return r ? [{ ...m, title: r.title, author: r.member_name, unitName: r.unit_name as string | null, theirsText: r.body_text, firstSubmittedAt: firsts.get(r.id) ?? null }] : [];
    }
    const t = refs.find((x) => x.id === m.id);
    return t ? [{ ...m, title: t.title, author: '参考文本', unitName: null, theirsText: t.body_text, firstSubmittedAt: null }] : [];
  });
}

// ---------------------------------------------------------------- quota

export interface QuotaRow {
  unitId: number;
  unitName: string;
  unitPath: string;
  headcount: number;
  required: number;
  submitted: number;
  approved: number;
  met: boolean;
}

/** Per unit (its own active members) and month: submitted and approved against ⌈percent × headcount⌉. */
export async function quota(svc: Services, month: string, scopePaths: string[]): Promise<{ percent: number; items: QuotaRow[] }> {
  const percent = await svc.settings.int('plan.reflectionQuotaPercent', Number(month.slice(0, 4)));
  if (!scopePaths.length) return { percent, items: [] };
  const units = await repo.unitsWithin(svc.db, scopePaths);
  const ids = units.map((u) => u.id);
  if (!ids.length) return { percent, items: [] };
  const [heads, refl] = await Promise.all([repo.activeHeadcounts(svc.db, ids), repo.handedInByUnitAndStatus(svc.db, month, ids)]);
  const items: QuotaRow[] = [];
  for (const u of units) {
    const headcount = Number(heads.find((h) => h.unit_id === u.id)?.n ?? 0);
    if (!headcount) continue;
    const mine = refl.filter((r) => r.unit_id === u.id);
    const submitted = mine.reduce((s, r) => s + Number(r.n), 0);
    const approved = mine.filter((r) => APPROVED.includes(r.status as Status)).reduce((s, r) => s + Number(r.n), 0);
    const required = Math.ceil((percent * headcount) / 100);
    items.push({ unitId: u.id, unitName: u.name, unitPath: u.path, headcount, required, submitted, approved, met: approved >= required });
  }
  return { percent, items };
}

export const currentMonth = () => monthOf(todayLocal());

// What the routes call: the member's side (writing, sharing) and the office's (review, quota, corpus, upward reports).
export * from './member';
export * from './office';
export type { ReviewAction } from './workflow';
