import type { Config } from '../config';
import type { DatabaseHandle } from '../db';
import { AuditService } from './audit';
import { SessionService } from './auth/sessions';
import { Guard } from './guard';
import { SettingsService } from './settings';

/** Everything a module needs, built once per app. */
export interface Services {
  config: Config;
  handle: DatabaseHandle;
  db: DatabaseHandle['db'];
  settings: SettingsService;
  audit: AuditService;
  sessions: SessionService;
  /** The policy tables applied to objects (platform/policy.ts). */
  guard: Guard;
}

export function createServices(config: Config, handle: DatabaseHandle): Services {
  const settings = new SettingsService(handle.db);
  return {
    config,
    handle,
    db: handle.db,
    settings,
    audit: new AuditService(handle.db, handle.dialect),
    sessions: new SessionService(handle.db, settings),
    guard: new Guard(handle.db),
  };
}
