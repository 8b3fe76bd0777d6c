// Lobby screens and LED boards: the clerk registers a screen and gets a secret URL
// (only its SHA-256 is kept), chooses its playlist and theme, sees when it last
// reported in, and revokes it; the screen reads its feed through the secret alone.
import crypto from 'node:crypto';
import type { AuthContext } from '../../../platform/auth/context';
import { AppError, badRequest, conflict, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { appCache } from '../../../platform/app-cache';
import { notifyUser } from '../../../platform/notifications';
import { rolesOf } from '../../../platform/policy';
import { clock, formatLocal, nowIso } from '../../../platform/time';
import { grantHolders } from '../../org/service';
import { DisplayPolicy } from '../policy';
import * as announcements from '../announcements/service';
import { buildFeed } from './feed';
import { pageOpen } from '../public/service';
import * as repo from './repository';
import { SLIDE_KINDS, SLIDE_LABELS, type PlaylistEntry, type QuoteCreate, type ScreenCreate, type ScreenFeedView, type ScreenUpdate, type ScreenView, type SlideKind } from './schemas';

/** Every slide once: what a new screen shows until the clerk chooses. */
export const DEFAULT_PLAYLIST: PlaylistEntry[] = SLIDE_KINDS.map((kind) => ({ kind }));

/** A refused screen: the same answer for unknown, revoked and malformed tokens. */
export const unauthorizedScreen = () => new AppError(403, 'SCREEN_UNAUTHORIZED', '此屏幕未授权');

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const newToken = () => crypto.randomBytes(32).toString('base64url');
export const screenPath = (token: string) => `/screen/${token}`;

function parsePlaylist(json: string): PlaylistEntry[] {
  try {
    const v = JSON.parse(json) as PlaylistEntry[];
    return Array.isArray(v) ? v.filter((e) => (SLIDE_KINDS as readonly string[]).includes(e.kind)) : [];
  } catch {
    return [];
  }
}

function stateOf(r: repo.ScreenRow, darkMs: number, now: number): string {
  if (r.revoked_at) return 'revoked';
  if (!r.last_seen_at) return 'never';
  return now - Date.parse(r.last_seen_at) > darkMs ? 'dark' : 'online';
}

function present(r: repo.ScreenRow, darkMs: number, now: number): ScreenView {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    name: r.name,
    place: r.place,
    theme: r.theme,
    playlist: parsePlaylist(r.playlist_json),
    revoked: Boolean(r.revoked_at),
    revokedAt: r.revoked_at,
    lastSeenAt: r.last_seen_at,
    lastSize: r.last_size,
    lastAgent: r.last_agent,
    state: stateOf(r, darkMs, now),
    version: r.version,
  };
}

export async function list(svc: Services, auth: AuthContext) {
  const reach = await svc.guard.reach(auth, DisplayPolicy.manageScreens);
  const rows = await repo.listScreens(svc.db, reach);
  const darkAfterMinutes = await svc.settings.int('display.darkAfterMinutes');
  const now = Date.parse(nowIso());
  return { items: rows.map((r) => present(r, darkAfterMinutes * 60_000, now)), darkAfterMinutes };
}

async function managed(svc: Services, auth: AuthContext, id: number) {
  const row = await repo.getScreen(svc.db, id);
  if (!row) throw notFound('找不到该屏幕');
  await svc.guard.authorize(auth, DisplayPolicy.manageScreens, { unitPath: row.unit_path }, '该屏幕不在您的管理范围内');
  return row;
}

export async function create(svc: Services, auth: AuthContext, input: ScreenCreate, baseUrl: string) {
  const unit = await repo.unitById(svc.db, input.unitId);
  if (!unit) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, DisplayPolicy.manageScreens, { unitPath: unit.path }, '只能为本人管辖的单位登记屏幕');
  const name = input.name.trim();
  if (!name) throw badRequest('请填写屏幕名称');
  const token = newToken();
  const now = nowIso();
  const id = await svc.db.transaction().execute(async (trx) => {
    const newId = await repo.insertScreen(trx, {
      unitId: unit.id,
      name,
      place: (input.place ?? '').trim(),
      theme: input.theme ?? 'default',
      playlistJson: JSON.stringify(input.playlist ?? DEFAULT_PLAYLIST),
      tokenHash: hashToken(token),
      createdBy: auth.userId,
      now,
    });
    await svc.audit.record(trx, auth.actor(), { action: 'screen.create', entity: 'display_screen', entityId: newId, detail: { name, unitId: unit.id } });
    return newId;
  });
  return { id, path: screenPath(token), url: `${baseUrl}${screenPath(token)}` };
}

export async function update(svc: Services, auth: AuthContext, id: number, input: ScreenUpdate) {
  await managed(svc, auth, id);
  const set: Parameters<typeof repo.updateScreen>[3] = {};
  if (input.name !== undefined) {
    if (!input.name.trim()) throw badRequest('请填写屏幕名称');
    set.name = input.name.trim();
  }
  if (input.place !== undefined) set.place = input.place.trim();
  if (input.theme !== undefined) set.theme = input.theme;
  if (input.playlist !== undefined) set.playlist_json = JSON.stringify(input.playlist);
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.updateScreen(trx, id, input.version, set, nowIso()))) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'screen.update', entity: 'display_screen', entityId: id, detail: { fields: Object.keys(set) } });
  });
}

/** A new secret URL; the old one stops working at once (a leaked link, a replaced panel). */
export async function renew(svc: Services, auth: AuthContext, id: number, version: number, baseUrl: string) {
  await managed(svc, auth, id);
  const token = newToken();
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.updateScreen(trx, id, version, { token_hash: hashToken(token), revoked_at: null, last_seen_at: null }, nowIso()))) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'screen.renew', entity: 'display_screen', entityId: id });
  });
  return { id, path: screenPath(token), url: `${baseUrl}${screenPath(token)}` };
}

export async function revoke(svc: Services, auth: AuthContext, id: number, version: number) {
  const row = await managed(svc, auth, id);
  if (row.revoked_at) return;
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.updateScreen(trx, id, version, { revoked_at: nowIso() }, nowIso()))) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'screen.revoke', entity: 'display_screen', entityId: id, detail: { name: row.name } });
  });
}

export async function remove(svc: Services, auth: AuthContext, id: number) {
  const row = await managed(svc, auth, id);
  await svc.db.transaction().execute(async (trx) => {
    await repo.deleteScreen(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'screen.delete', entity: 'display_screen', entityId: id, detail: { name: row.name } });
  });
}

// ---- the screen itself (no user: the token is the key) ----

/** Report-ins are written at most this often per screen; the console's "last contact" needs no finer grain. */
const TOUCH_EVERY_MS = 15_000;

export async function screenOf(svc: Services, token: string): Promise<repo.ScreenRow> {
  const row = await repo.screenByTokenHash(svc.db, hashToken(token));
  if (!row || row.revoked_at) throw unauthorizedScreen();
  return row;
}

/** Whether the page for this token may be served (the HTML shell itself carries no data). */
export async function tokenValid(svc: Services, token: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{10,100}$/.test(token)) return false;
  const row = await repo.screenByTokenHash(svc.db, hashToken(token));
  return Boolean(row && !row.revoked_at);
}

async function touch(svc: Services, row: repo.ScreenRow, who: { ip: string; agent: string; w?: number; h?: number }) {
  const now = nowIso();
  if (row.last_seen_at && Date.parse(now) - Date.parse(row.last_seen_at) < TOUCH_EVERY_MS && !who.w) return;
  await repo.touchScreen(svc.db, row.id, { at: now, ip: who.ip, agent: who.agent, size: who.w && who.h ? `${who.w}×${who.h}` : null });
}

export async function ping(svc: Services, token: string, who: { ip: string; agent: string; w?: number; h?: number }) {
  const row = await screenOf(svc, token);
  await touch(svc, row, who);
  const [heartbeatSeconds, refreshSeconds] = await Promise.all([svc.settings.int('display.heartbeatSeconds'), svc.settings.int('display.refreshSeconds')]);
  // The stamp changes when the clerk edits the screen: the screen then fetches its feed again.
  return { ok: true, heartbeatSeconds, refreshSeconds, stamp: `${row.version}` };
}

/** Feeds are the same for every screen of a unit; kept briefly so a wall of screens costs one build. */
const feedCache = appCache<Awaited<ReturnType<typeof buildFeed>>>(20_000);

function cachedFeed(svc: Services, unit: { id: number; name: string; path: string }, baseUrl: string, token: string) {
  // Image URLs carry the screen's token, so the cache is per screen.
  return feedCache(svc, `${unit.id}|${baseUrl}|${hashToken(token)}`, () => buildFeed(svc, unit, { baseUrl, imageUrl: (_a, i) => `/api/screen/${token}/images/${i}` }));
}

export async function feed(svc: Services, token: string, baseUrl: string, who: { ip: string; agent: string }): Promise<ScreenFeedView> {
  const row = await screenOf(svc, token);
  await touch(svc, row, who);
  const [slideSeconds, heartbeatSeconds, refreshSeconds] = await Promise.all([
    svc.settings.int('display.slideSeconds'),
    svc.settings.int('display.heartbeatSeconds'),
    svc.settings.int('display.refreshSeconds'),
  ]);
  const data = await cachedFeed(svc, { id: row.unit_id, name: row.unit_name, path: row.unit_path }, baseUrl, token);
  const playlist = parsePlaylist(row.playlist_json);
  return {
    screen: { name: row.name, unitName: row.unit_name, theme: row.theme },
    playlist: (playlist.length ? playlist : DEFAULT_PLAYLIST).map((p) => ({ kind: p.kind, title: SLIDE_LABELS[p.kind as SlideKind], seconds: p.seconds ?? slideSeconds })),
    heartbeatSeconds,
    refreshSeconds,
    generatedAt: nowIso(),
    data,
  };
}

export async function screenImage(svc: Services, token: string, imageId: number) {
  const row = await screenOf(svc, token);
  return announcements.imageForScreen(svc, row.unit_path, imageId);
}

// ---- quotes ----

export async function listQuotes(svc: Services, auth: AuthContext) {
  const reach = await svc.guard.reach(auth, DisplayPolicy.manageQuotes);
  const rows = await repo.listQuotes(svc.db, reach);
  return { items: rows.map((r) => ({ id: r.id, unitId: r.unit_id, unitName: r.unit_name, text: r.text, source: r.source, createdAt: r.created_at })) };
}

export async function addQuote(svc: Services, auth: AuthContext, input: QuoteCreate) {
  const unit = await repo.unitById(svc.db, input.unitId);
  if (!unit) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, DisplayPolicy.manageQuotes, { unitPath: unit.path }, '只能为本人管辖的单位添加');
  const text = input.text.trim();
  if (!text) throw badRequest('请填写内容');
  return svc.db.transaction().execute(async (trx) => {
    const { id } = await repo.insertQuote(trx, { unitId: unit.id, text, source: (input.source ?? '').trim(), createdBy: auth.userId, now: nowIso() });
    await svc.audit.record(trx, auth.actor(), { action: 'quote.create', entity: 'display_quote', entityId: id, detail: { text } });
    return id;
  });
}

export async function removeQuote(svc: Services, auth: AuthContext, id: number) {
  const q = await repo.getQuote(svc.db, id);
  if (!q) throw notFound('找不到该条');
  await svc.guard.authorize(auth, DisplayPolicy.manageQuotes, { unitPath: q.unit_path }, '该条不在您的管理范围内');
  await svc.db.transaction().execute(async (trx) => {
    await repo.deleteQuote(trx, id);
    await svc.audit.record(trx, auth.actor(), { action: 'quote.delete', entity: 'display_quote', entityId: id, detail: { text: q.text } });
  });
}

/** The inbox notice's kind (channels may carry it to a group robot or e-mail). */
export const KIND_SCREEN_DARK = 'display.screen-dark';

/**
 * A screen that has not reported in for the setting's minutes has gone dark: every clerk over its
 * unit gets one notice in the inbox (and through the channels that carry the kind). The notice is
 * keyed by the screen and the last report-in, so each dark spell is told once however often this
 * runs and on however many nodes; a screen that comes back and goes dark again is told again.
 * Returns how many inbox notices were new.
 */
export async function alertDarkScreens(svc: Services): Promise<number> {
  const minutes = await svc.settings.int('display.darkAfterMinutes');
  const before = new Date(clock.now().getTime() - minutes * 60_000).toISOString();
  const silent = await repo.screensSilentSince(svc.db, before);
  if (!silent.length) return 0;
  // The accounts that manage screens (the policy's roles), with the units their grants reach; org keeps them.
  const grants = (await Promise.all(rolesOf(DisplayPolicy.manageScreens).map((r) => grantHolders(svc.db, r)))).flat();
  let added = 0;
  for (const s of silent) {
    const where = s.place ? `${s.unit_name}·${s.place}` : s.unit_name;
    const users = [...new Set(grants.filter((g) => s.unit_path.startsWith(g.path)).map((g) => g.user_id))].sort((a, b) => a - b);
    for (const userId of users) {
      added += await notifyUser(svc.db, userId, {
        kind: KIND_SCREEN_DARK,
        title: `大屏“${s.name}”已离线`,
        body: `${where}的屏幕自 ${formatLocal(s.last_seen_at!, 'MM月DD日 HH:mm')} 起未与平台联系（超过 ${minutes} 分钟），请检查屏幕电源和网络。`,
        link: '/console/display/screens',
        dedupeKey: `screen:${s.id}:dark:${s.last_seen_at}`,
      });
    }
  }
  return added;
}

/** Looks for screens gone dark every minute (on the nodes that run the jobs; safe on several). */
export function startScreenWatch(svc: Services, log: (msg: string, err?: unknown) => void, everyMs = 60_000): () => void {
  const tick = () =>
    void alertDarkScreens(svc).then(
      (n) => (n ? log(`大屏离线提醒 ${n} 条`) : undefined),
      (e: unknown) => log('大屏离线检查失败', e),
    );
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Whether the public page of a unit is open (the /p/<unitId> page is served beside the screens' page). */
export const publicPageOpen = (svc: Services, unitId: number) => pageOpen(svc, unitId);
