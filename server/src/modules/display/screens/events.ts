// Upcoming events for the screens' "近期学习活动" slide, read through providers:
// collective study sessions, monthly reading seminars and party lectures; another
// kind of event adds its own provider (registerEventProvider).
import type { Services } from '../../../platform/services';
import { upcomingLectures, upcomingSeminars, upcomingSessions } from './repository';

export interface UpcomingEvent {
  kind: string;
  kindLabel: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  host: string;
}

export interface EventProvider {
  kind: string;
  label: string;
  /** Events for a unit (its own, those of the units above it and below it) between two instants. */
  upcoming(svc: Services, unit: { id: number; path: string }, fromIso: string, toIso: string, limit: number): Promise<UpcomingEvent[]>;
}

const providers = new Map<string, EventProvider>();

export function registerEventProvider(p: EventProvider): void {
  providers.set(p.kind, p);
}

export function eventProviders(): EventProvider[] {
  return [...providers.values()];
}

registerEventProvider({
  kind: 'session',
  label: '集中学习',
  async upcoming(svc, unit, fromIso, toIso, limit) {
    const ids = unit.path.split('/').filter(Boolean).map(Number);
    const rows = await upcomingSessions(svc.db, unit.path, ids, fromIso, toIso, limit);
    return rows.map((s) => ({ kind: 'session', kindLabel: '集中学习', title: s.topic, startsAt: s.starts_at, endsAt: s.ends_at, place: s.place, host: s.host }));
  },
});

registerEventProvider({
  kind: 'seminar',
  label: '读书研讨会',
  async upcoming(svc, unit, fromIso, toIso, limit) {
    const ids = unit.path.split('/').filter(Boolean).map(Number);
    const rows = await upcomingSeminars(svc.db, unit.path, ids, fromIso, toIso, limit);
    return rows.map((s) => ({ kind: 'seminar', kindLabel: '读书研讨会', title: s.theme, startsAt: s.starts_at, endsAt: s.ends_at, place: s.place, host: s.chair_name }));
  },
});

registerEventProvider({
  kind: 'lecture',
  label: '党课',
  async upcoming(svc, unit, fromIso, toIso, limit) {
    const ids = unit.path.split('/').filter(Boolean).map(Number);
    const rows = await upcomingLectures(svc.db, unit.path, ids, fromIso, toIso, limit);
    return rows.map((l) => ({ kind: 'lecture', kindLabel: '党课', title: `${l.topic}（主讲：${l.speaker}）`, startsAt: l.starts_at, endsAt: l.ends_at, place: l.place, host: l.speaker }));
  },
});

/** Every provider's events, soonest first, at most `limit`. */
export async function upcomingEvents(svc: Services, unit: { id: number; path: string }, fromIso: string, toIso: string, limit: number): Promise<UpcomingEvent[]> {
  const all = (await Promise.all(eventProviders().map((p) => p.upcoming(svc, unit, fromIso, toIso, limit)))).flat();
  return all.sort((a, b) => a.startsAt.localeCompare(b.startsAt)).slice(0, limit);
}
