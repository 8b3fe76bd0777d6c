import crypto from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import type { DB, DialectName } from '../db';
import { nowIso } from './time';

export interface Actor {
  userId: number | null;
  username: string | null;
  ip: string | null;
}

export interface AuditEntry {
  action: string;
  entity?: string;
  entityId?: string | number | null;
  outcome?: 'success' | 'failure' | 'denied';
  detail?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);
// On PostgreSQL the log is many hash chains side by side, so concurrent writes
// don't queue behind one lock (decisions 007 and 017): a transaction appends to
// the chain of its database connection (backend pid modulo PG_CHAINS), under
// that chain's advisory lock (PG_AUDIT_LOCK + chain). With 1,024 chains two
// connections rarely share one, so writes from any number of app nodes go side
// by side; the lock only keeps a chain whole when two live backends do share it.
// SQLite has one writer at a time and one chain.
const PG_AUDIT_LOCK = 7_410_128;
const PG_CHAINS = 1024;

interface HashedFields {
  at: string;
  user_id: number | null;
  username: string | null;
  ip: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  outcome: string;
  detail: string | null;
}

export function auditHash(prevHash: string, r: HashedFields): string {
  const canonical = JSON.stringify([r.at, r.user_id, r.username, r.ip, r.action, r.entity, r.entity_id, r.outcome, r.detail]);
  return crypto.createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export class AuditService {
  constructor(
    private db: DB,
    private dialect: DialectName,
  ) {}

  /**
   * Appends one record. Pass the transaction of the write it describes, so the
   * write and its audit row commit or fail together.
   */
  async record(trx: DB, actor: Actor, e: AuditEntry): Promise<void> {
    let chain = 0;
    if (this.dialect === 'postgres') {
      const { rows } = await sql<{ chain: number }>`SELECT pg_backend_pid() % ${PG_CHAINS} AS chain, pg_advisory_xact_lock(${PG_AUDIT_LOCK} + pg_backend_pid() % ${PG_CHAINS})`.execute(trx);
      chain = Number(rows[0].chain);
    }
    const last = await trx.selectFrom('audit_log').select('hash').where('chain', '=', chain).orderBy('id', 'desc').limit(1).executeTakeFirst();
    const prev = last?.hash ?? GENESIS;
    const row: HashedFields = {
      at: nowIso(),
      user_id: actor.userId,
      username: actor.username,
      ip: actor.ip,
      action: e.action,
      entity: e.entity ?? null,
      entity_id: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
      outcome: e.outcome ?? 'success',
      detail: e.detail ? JSON.stringify(e.detail) : null,
    };
    await trx
      .insertInto('audit_log')
      .values({ ...row, chain, prev_hash: prev, hash: auditHash(prev, row) })
      .execute();
  }

  /** Records outside any other write (sign-in failures, denials), in a transaction of its own. */
  async recordAlone(actor: Actor, e: AuditEntry): Promise<void> {
    await this.db.transaction().execute((trx) => this.record(trx, actor, e));
  }

  /** Walks every chain in one pass by id, up to the settled horizon; returns the first broken record, if any. */
  async verify(): Promise<{ ok: boolean; count: number; chains: number; brokenAt?: number; reason?: string }> {
    const prevOf = new Map<number, string>();
    const horizon = await settledAuditId(this.db);
    let count = 0;
    let afterId = 0;
    for (;;) {
      const rows = await this.db.selectFrom('audit_log').selectAll().where('id', '>', afterId).where('id', '<=', horizon).orderBy('id').limit(5000).execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        count++;
        const prev = prevOf.get(r.chain) ?? GENESIS;
        if (r.prev_hash !== prev) return { ok: false, count, chains: prevOf.size, brokenAt: r.id, reason: '前序哈希不一致（有记录被删除或插入）' };
        if (auditHash(prev, r) !== r.hash) return { ok: false, count, chains: prevOf.size, brokenAt: r.id, reason: '记录内容与哈希不符（记录被篡改）' };
        prevOf.set(r.chain, r.hash);
        afterId = r.id;
      }
    }
    return { ok: true, count, chains: prevOf.size };
  }
}

/**
 * The highest audit id below which no row can still appear. With several chains, a
 * transaction may hold an id lower than rows already committed by others and commit
 * after them; a walk by id that passed that id would see its chain skip a row (and a
 * checkpoint would count one row too few). On PostgreSQL a SHARE lock on the table waits
 * for every transaction that has inserted into it to end and keeps new inserts out for
 * that instant; every id taken later is higher than the maximum read under it.
 * On SQLite writers are serial, so ids are committed in order.
 */
export async function settledAuditId(db: DB): Promise<number> {
  const max = (q: DB) => q.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return Number((await max(db))?.id ?? 0);
  return db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE audit_log IN SHARE MODE`.execute(trx);
    return Number((await max(trx))?.id ?? 0);
  });
}
