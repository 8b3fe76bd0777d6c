import type { DB } from '../db';
import type { LibrarySeedContext } from './library';

/** What each feature's demo seeding gets: the town as demo.ts built it. */
export interface DemoContext extends LibrarySeedContext {
  db: DB;
  /** The demo accounts by username ('clerk', 'member', …): their user and member ids. */
  accounts: Record<string, { userId: number; memberId: number | null }>;
}

export type DemoCounts = Record<string, number>;
