import type { Actor } from '../audit';
import { forbidden } from '../errors';
import type { Role } from '../roles';
import type { LoadedSession, RoleGrant } from './sessions';

/** Who is asking, and over which units each of their roles reaches. */
export class AuthContext {
  constructor(
    readonly session: LoadedSession,
    readonly ip: string,
  ) {}

  get user() {
    return this.session.user;
  }

  get userId() {
    return this.session.user.id;
  }

  get roles(): Role[] {
    return [...new Set(this.session.roles.map((r) => r.role))];
  }

  has(...roles: Role[]): boolean {
    return this.session.roles.some((g) => roles.includes(g.role));
  }

  require(...roles: Role[]): void {
    if (!this.has(...roles)) throw forbidden();
  }

  grants(roles: Role[]): RoleGrant[] {
    return this.session.roles.filter((g) => roles.includes(g.role));
  }

  /** Unit paths at the top of each subtree these roles reach. */
  scopePaths(roles: Role[]): string[] {
    return this.grants(roles).map((g) => g.unitPath);
  }

  /** Whether a unit (by its path) lies inside the subtree of any of these roles. */
  reaches(unitPath: string, roles: Role[]): boolean {
    return this.scopePaths(roles).some((p) => unitPath.startsWith(p));
  }

  requireReach(unitPath: string, roles: Role[], message = '该单位不在您的管理范围内'): void {
    if (!this.reaches(unitPath, roles)) throw forbidden(message);
  }

  actor(): Actor {
    return { userId: this.user.id, username: this.user.username, ip: this.ip };
  }
}
