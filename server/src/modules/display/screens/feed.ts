// What a screen shows: every slide's data for the screen's unit, built from the
// other modules' services, with only what the privacy settings allow.
import QRCode from 'qrcode';
import type { Services } from '../../../platform/services';
import { nowIso, todayLocal } from '../../../platform/time';
import { unitView } from '../../study/progress';
import * as announcements from '../announcements/service';
import { upcomingEvents } from './events';
import * as repo from './repository';
import type { Feed } from './schemas';

const DAY_MS = 86_400_000;

function monthsBack(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return d.toISOString().slice(0, 7);
}

/** Covers the screen can load: the app's own paths and inline images (the CSP allows nothing else). */
const loadableCover = (url: string | null) => (url && (url.startsWith('/') || url.startsWith('data:image/')) ? url : null);

export interface FeedOptions {
  /** The address a phone opens to join (the public URL when set). */
  baseUrl: string;
  /** Image addresses for this reader (the screen's token, or the public page). */
  imageUrl: (announcementId: number, imageId: number) => string;
  /** The public page: only announcements marked public. */
  publicOnly?: boolean;
}

export async function buildFeed(svc: Services, unit: { id: number; name: string; path: string }, opts: FeedOptions): Promise<Feed> {
  const today = todayLocal();
  const month = today.slice(0, 7);
  const s = svc.settings;
  const [topUnits, topMembers, showAuthors, reflMonths, excerptChars, booksShown, newDays, eventDays, items] = await Promise.all([
    s.int('display.leaderboardUnits'),
    s.int('display.leaderboardMembers'),
    s.bool('display.reflectionAuthors'),
    s.int('display.reflectionMonths'),
    s.int('display.excerptChars'),
    s.int('display.booksShown'),
    s.int('display.newBookDays'),
    s.int('display.eventsDays'),
    s.int('display.itemsShown'),
  ]);
  const unitIds = unit.path.split('/').filter(Boolean).map(Number);
  const now = nowIso();

  // This month's reading, from the study module's unit view.
  const view = await unitView(svc, unit, month);
  const sessionsExpected = view.rows.reduce((n, r) => n + r.sessionsExpected, 0);
  const sessionsAttended = view.rows.reduce((n, r) => n + r.sessionsAttended, 0);
  const monthData = {
    month,
    members: view.totals.members,
    booksFinished: view.totals.booksFinished,
    minutes: view.rows.reduce((n, r) => n + r.minutes, 0),
    compliance: view.totals.compliance,
    attendance: sessionsExpected > 0 ? sessionsAttended / sessionsExpected : null,
    booksPerMonth: view.booksPerMonth,
  };

  // Leaderboard: units by average counted minutes per member; members only as the privacy setting allows.
  const byUnit = new Map<string, { name: string; members: number; minutes: number; met: number; req: number }>();
  for (const r of view.rows) {
    const u = byUnit.get(r.unitName) ?? { name: r.unitName, members: 0, minutes: 0, met: 0, req: 0 };
    u.members++;
    u.minutes += r.minutes;
    u.met += r.daysMet;
    u.req += r.requiredDays;
    byUnit.set(r.unitName, u);
  }
  const units = [...byUnit.values()]
    .map((u) => ({ name: u.name, members: u.members, avgMinutes: Math.round(u.minutes / u.members), compliance: u.req > 0 ? u.met / u.req : null }))
    .sort((a, b) => b.avgMinutes - a.avgMinutes || a.name.localeCompare(b.name, 'zh'))
    .slice(0, topUnits);
  const members =
    topMembers > 0
      ? [...view.rows]
          .filter((r) => r.minutes > 0)
          .sort((a, b) => b.minutes - a.minutes || b.booksFinished - a.booksFinished)
          .slice(0, topMembers)
          .map((r) => ({ name: r.name, unitName: r.unitName, minutes: r.minutes, books: r.booksFinished }))
      : [];

  // New and recommended books.
  const [required, fresh] = await Promise.all([
    repo.requiredBooksFor(svc.db, unitIds, Number(month.slice(0, 4)), Number(month.slice(5, 7)), booksShown),
    repo.booksFor(svc.db, unit.path, new Date(Date.parse(now) - newDays * DAY_MS).toISOString(), booksShown),
  ]);
  const seen = new Set<number>();
  const books = [
    ...required.map((b) => ({ ...b, recommended: true })),
    ...fresh.map((b) => ({ ...b, recommended: false })),
  ]
    .filter((b) => (seen.has(b.id) ? false : (seen.add(b.id), true)))
    .slice(0, booksShown)
    .map((b) => ({ id: b.id, title: b.title, authors: b.authors, category: b.category, cover: loadableCover(b.cover_url), recommended: b.recommended }));

  // Excerpts of excellent reflections.
  const refl = await repo.excellentReflections(svc.db, unit.path, monthsBack(month, reflMonths - 1), items);
  const reflections = refl.map((r) => {
    const text = r.body_text.replace(/\s+/g, ' ').trim();
    return {
      id: r.id,
      title: r.title,
      bookTitle: r.book_title,
      excerpt: text.length > excerptChars ? `${text.slice(0, excerptChars)}…` : text,
      author: showAuthors ? r.member_name : null,
      unitName: r.unit_name,
      month: r.month ?? month,
    };
  });

  const events = await upcomingEvents(svc, unit, now, new Date(Date.parse(now) + eventDays * DAY_MS).toISOString(), items);
  const notices = await announcements.forScreen(svc, unit.path, items, opts.imageUrl, opts.publicOnly);

  // Quote of the day: the clerk's list in turn, one a day.
  const quotes = await repo.quotesFor(svc.db, unitIds);
  const dayNo = Math.floor(Date.parse(`${today}T00:00:00Z`) / DAY_MS);
  const q = quotes.length ? quotes[dayNo % quotes.length]! : null;

  const joinUrl = `${opts.baseUrl.replace(/\/$/, '')}/`;
  const svg = await QRCode.toString(joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

  return {
    month: monthData,
    leaderboard: { units, members },
    books,
    reflections,
    events,
    announcements: notices,
    quote: q ? { text: q.text, source: q.source } : null,
    join: { url: joinUrl, svg: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` },
  };
}
