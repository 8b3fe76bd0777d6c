import crypto from 'node:crypto';
import type { DB } from '../../db';
import { cachedQuery } from '../../db/cached';
import type { SettingsService } from '../settings';
import { clock, nowIso } from '../time';
import type { Role } from '../roles';

export const SESSION_COOKIE = 'sx_session';
export const CSRF_COOKIE = 'sx_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export interface RoleGrant {
  role: Role;
  unitId: number;
  unitPath: string;
  unitName: string;
}

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  memberId: number | null;
  mustChangePassword: boolean;
  passwordChangedAt: string;
  totpEnabled: boolean;
  isDemo: boolean;
}

export interface LoadedSession {
  sessionId: string;
  csrfToken: string;
  user: SessionUser;
  roles: RoleGrant[];
}

export type LoadResult = { ok: true; session: LoadedSession } | { ok: false; reason: 'none' | 'expired' };

// last_seen_at is written at most this often, so reads don't all become writes.
const TOUCH_EVERY_MS = 30_000;

export class SessionService {
  constructor(
    private db: DB,
    private settings: SettingsService,
  ) {}

  /** Always a fresh id: a session id from before sign-in is never reused after it. */
  async create(trx: DB, userId: number, ip: string, userAgent: string) {
    const token = crypto.randomBytes(32).toString('base64url');
    const csrfToken = crypto.randomBytes(24).toString('base64url');
    const now = nowIso();
    await trx
      .insertInto('sessions')
      .values({ id: sha256(token), user_id: userId, csrf_token: csrfToken, created_at: now, last_seen_at: now, ip, user_agent: userAgent.slice(0, 300) })
      .execute();
    return { token, csrfToken };
  }

  async load(token: string | undefined): Promise<LoadResult> {
    if (!token || token.length > 100) return { ok: false, reason: 'none' };
    const id = sha256(token);
    // One round trip: the session and its user, with one row per role grant (none: one row of nulls).
    const rows = await cachedQuery(this.db, 'session.load', [id], (sid) =>
      this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .leftJoin('user_roles', 'user_roles.user_id', 'users.id')
      .leftJoin('units', 'units.id', 'user_roles.unit_id')
      .select([
        'sessions.id as sid',
        'sessions.csrf_token',
        'sessions.created_at',
        'sessions.last_seen_at',
        'users.id',
        'users.username',
        'users.display_name',
        'users.member_id',
        'users.must_change_password',
        'users.password_changed_at',
        'users.totp_enabled',
        'users.is_demo',
        'users.disabled',
        'user_roles.role',
        'user_roles.unit_id',
        'units.path',
        'units.name',
      ])
      .where('sessions.id', '=', sid),
    );
    const row = rows[0];
    // No such session (signed out, or never was): 请先登录, not 登录已超时 (issue 12 defect 14).
    if (!row) return { ok: false, reason: 'none' };
    const now = clock.now().getTime();
    const idleMs = (await this.settings.int('security.sessionIdleMinutes')) * 60_000;
    const absMs = (await this.settings.int('security.sessionAbsoluteHours')) * 3_600_000;
    if (row.disabled || now - Date.parse(row.last_seen_at) > idleMs || now - Date.parse(row.created_at) > absMs) {
      await this.db.deleteFrom('sessions').where('id', '=', id).execute();
      return { ok: false, reason: 'expired' };
    }
    if (now - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
      await this.db.updateTable('sessions').set({ last_seen_at: nowIso() }).where('id', '=', id).execute();
    }
    const roles = rows.flatMap((r) => (r.role !== null && r.unit_id !== null && r.path !== null && r.name !== null ? [{ role: r.role, unit_id: r.unit_id, path: r.path, name: r.name }] : []));
    return {
      ok: true,
      session: {
        sessionId: id,
        csrfToken: row.csrf_token,
        user: {
          id: row.id,
          username: row.username,
          displayName: row.display_name,
          memberId: row.member_id,
          mustChangePassword: Boolean(row.must_change_password),
          passwordChangedAt: row.password_changed_at,
          totpEnabled: Boolean(row.totp_enabled),
          isDemo: Boolean(row.is_demo),
        },
        roles: roles.map((r) => ({ role: r.role as Role, unitId: r.unit_id, unitPath: r.path, unitName: r.name })),
      },
    };
  }

  async destroy(sessionId: string) {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }

  async destroyAllFor(trx: DB, userId: number, exceptSessionId?: string) {
    let q = trx.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
    await q.execute();
  }
}
