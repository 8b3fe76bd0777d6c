// Who may do what: one declarative table per module (modules/<domain>/policy.ts),
// read by the server (a route's pre-handler and the services' object checks), handed
// to the web app by /api/me, and walked by the access tests.
//
// An action is a list of grants; a grant is a set of roles and how far they reach:
//   own      the user's own record (object's memberId or userId is the user's)
//   subtree  an object whose unit lies in the subtree of the user's grant of that role
//   town     an object whose unit lies in the town (kind 'town', else the root) of the grant's unit
//   any      every object, wherever it is (the role alone decides)
// A user may perform an action on an object when any one grant admits it.
import { forbidden } from './errors';
import { ROLES, type Role } from './roles';
import type { AuthContext } from './auth/context';

export const SCOPES = ['own', 'subtree', 'town', 'any'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Grant {
  readonly roles: readonly Role[];
  readonly scope: Scope;
}

export interface ActionSpec {
  /** What the action is, in Chinese (shown in the audit log and the permission list). */
  readonly label: string;
  readonly grants: readonly Grant[];
}

export interface Action extends ActionSpec {
  /** `<module>.<key>`, unique across the app. */
  readonly id: string;
}

/** The object an action is performed on, as far as the policy needs to know it. */
export interface PolicyObject {
  /** Materialized path of the unit the object belongs to (`/1/2/9/`). */
  unitPath?: string | null;
  /** The member the object belongs to (their plan, log, reflection, loan…). */
  memberId?: number | null;
  /** The user account the object belongs to (for records of users without a member). */
  userId?: number | null;
}

const registry = new Map<string, Action>();

/**
 * Declares a module's table. Keys become action ids `<module>.<key>`; the table is
 * registered once, so /api/me and the access tests see every module that is loaded.
 */
export function definePolicy<const T extends Record<string, ActionSpec>>(module: string, table: T): { readonly [K in keyof T]: Action } {
  const out: Record<string, Action> = {};
  for (const [key, spec] of Object.entries(table)) {
    const id = `${module}.${key}`;
    const existing = registry.get(id);
    if (existing && existing.label !== spec.label) throw new Error(`policy action ${id} declared twice`);
    for (const g of spec.grants) for (const r of g.roles) if (!(ROLES as readonly string[]).includes(r)) throw new Error(`policy ${id}: unknown role ${r}`);
    const action: Action = { id, label: spec.label, grants: spec.grants };
    registry.set(id, action);
    out[key] = action;
  }
  return out as { readonly [K in keyof T]: Action };
}

/** Every action declared so far (all modules the app has loaded). */
export function allActions(): Action[] {
  return [...registry.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function actionById(id: string): Action | undefined {
  return registry.get(id);
}

/** Roles that appear in any grant of the action. */
export function rolesOf(action: Action): Role[] {
  return [...new Set(action.grants.flatMap((g) => g.roles))];
}

/** Whether the user holds a role of any grant: the route-level check, before the object is known. */
export function mayAttempt(auth: AuthContext, action: Action): boolean {
  return action.grants.some((g) => auth.has(...g.roles));
}

/** The town path of a unit path: the nearest ancestor-or-self that is a town, else the root. */
export function townOf(unitPath: string, townPaths: readonly string[]): string {
  let best = '';
  for (const t of townPaths) if (unitPath.startsWith(t) && t.length > best.length) best = t;
  if (best) return best;
  const first = unitPath.split('/').filter(Boolean)[0];
  return first ? `/${first}/` : unitPath;
}

function grantAdmits(auth: AuthContext, grant: Grant, obj: PolicyObject, townPaths: readonly string[]): boolean {
  const held = auth.grants([...grant.roles]);
  if (held.length === 0) return false;
  switch (grant.scope) {
    case 'any':
      return true;
    case 'own':
      return (obj.memberId != null && obj.memberId === auth.user.memberId) || (obj.userId != null && obj.userId === auth.userId);
    case 'subtree':
      return obj.unitPath != null && held.some((g) => obj.unitPath!.startsWith(g.unitPath));
    case 'town':
      return obj.unitPath != null && held.some((g) => obj.unitPath!.startsWith(townOf(g.unitPath, townPaths)));
  }
}

/** Whether the action is allowed on the object (no object: allowed somewhere). */
export function allows(auth: AuthContext, action: Action, obj?: PolicyObject, townPaths: readonly string[] = []): boolean {
  if (!obj) return mayAttempt(auth, action);
  return action.grants.some((g) => grantAdmits(auth, g, obj, townPaths));
}

/** Throws 403 with a Chinese message unless the action is allowed on the object. */
export function authorize(auth: AuthContext, action: Action, obj?: PolicyObject, townPaths: readonly string[] = [], message?: string): void {
  if (!allows(auth, action, obj, townPaths)) throw forbidden(message ?? `您没有权限：${action.label}`);
}

/**
 * For list queries: how far the action reaches for this user.
 * `all` — no filter; otherwise rows in `paths` (unit subtrees, towns already resolved)
 * or belonging to `memberId`/`userId` (own).
 */
export interface Reach {
  all: boolean;
  paths: string[];
  own: boolean;
  memberId: number | null;
  userId: number;
}

export function reachOf(auth: AuthContext, action: Action, townPaths: readonly string[] = []): Reach {
  const reach: Reach = { all: false, paths: [], own: false, memberId: auth.user.memberId, userId: auth.userId };
  for (const g of action.grants) {
    const held = auth.grants([...g.roles]);
    if (held.length === 0) continue;
    if (g.scope === 'any') reach.all = true;
    else if (g.scope === 'own') reach.own = true;
    else if (g.scope === 'subtree') reach.paths.push(...held.map((h) => h.unitPath));
    else reach.paths.push(...held.map((h) => townOf(h.unitPath, townPaths)));
  }
  // A path inside another adds nothing.
  const sorted = [...new Set(reach.paths)].sort((a, b) => a.length - b.length);
  reach.paths = sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(q)));
  return reach;
}

/** What /api/me tells the web app: per action the user may attempt, the broadest scope and the unit paths it reaches. */
export interface Permission {
  scope: Scope;
  unitPaths: string[];
}

export function permissionsOf(auth: AuthContext, townPaths: readonly string[] = []): Record<string, Permission> {
  const out: Record<string, Permission> = {};
  const rank: Record<Scope, number> = { own: 0, subtree: 1, town: 2, any: 3 };
  for (const action of registry.values()) {
    if (!mayAttempt(auth, action)) continue;
    const reach = reachOf(auth, action, townPaths);
    let scope: Scope = 'own';
    for (const g of action.grants) if (auth.has(...g.roles) && rank[g.scope] > rank[scope]) scope = g.scope;
    out[action.id] = { scope, unitPaths: reach.paths };
  }
  return out;
}
