// The policy table applied with the database's knowledge of towns: the one object
// services use to check an action on an object (`svc.guard.authorize`) and to filter
// lists (`svc.guard.reach`).
import type { DB } from '../db';
import type { AuthContext } from './auth/context';
import { allows, authorize, permissionsOf, reachOf, type Action, type Permission, type PolicyObject, type Reach } from './policy';

const TOWN_CACHE_MS = 60_000;

export class Guard {
  private towns: { at: number; paths: string[] } | null = null;

  constructor(private db: DB) {}

  /** Paths of the units of kind 'town' (cached a minute: towns are made once a year). */
  async townPaths(): Promise<string[]> {
    const now = Date.now();
    if (!this.towns || now - this.towns.at > TOWN_CACHE_MS) {
      const rows = await this.db.selectFrom('units').select('path').where('kind', '=', 'town').execute();
      this.towns = { at: now, paths: rows.map((r) => r.path) };
    }
    return this.towns.paths;
  }

  /** Forget the cached towns (after units change). */
  forgetTowns(): void {
    this.towns = null;
  }

  /** Of the given unit ids, those that name a unit (the request check of app.ts). */
  async existingUnits(ids: readonly number[]): Promise<number[]> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('units').select('id').where('id', 'in', [...ids]).execute();
    return rows.map((r) => r.id);
  }

  /** A unit's materialized path (null: no such unit). */
  async unitPath(id: number): Promise<string | null> {
    return (await this.db.selectFrom('units').select('path').where('id', '=', id).executeTakeFirst())?.path ?? null;
  }

  /** Towns matter only to actions with a 'town' grant: the others never read them. */
  private async townsFor(action: Action): Promise<string[]> {
    return action.grants.some((g) => g.scope === 'town') ? this.townPaths() : [];
  }

  async allows(auth: AuthContext, action: Action, obj?: PolicyObject): Promise<boolean> {
    return allows(auth, action, obj, await this.townsFor(action));
  }

  /** 403 unless the action is allowed on the object. */
  async authorize(auth: AuthContext, action: Action, obj?: PolicyObject, message?: string): Promise<void> {
    authorize(auth, action, obj, await this.townsFor(action), message);
  }

  /** A synchronous test for many objects (filtering rows already loaded): towns are read once. */
  async admits(auth: AuthContext, action: Action): Promise<(obj: PolicyObject) => boolean> {
    const towns = await this.townsFor(action);
    return (obj) => allows(auth, action, obj, towns);
  }

  async reach(auth: AuthContext, action: Action): Promise<Reach> {
    return reachOf(auth, action, await this.townsFor(action));
  }

  async permissions(auth: AuthContext): Promise<Record<string, Permission>> {
    return permissionsOf(auth, await this.townPaths());
  }
}
