// SQLite allows one writer at a time per file. When another process (a second app
// process under SHUXIANG_WORKERS, the `shuxiang` command beside the app) or another
// connection of this one holds the write lock, a statement fails at once with
// SQLITE_BUSY; this dialect waits and tries it again on a timer, so the event loop
// keeps serving meanwhile — SQLite's own busy_timeout sleeps inside the synchronous
// call, freezing every other request of the process, and can never end when the
// lock belongs to a transaction of the same process waiting for its next turn.
// A statement refused with SQLITE_BUSY did nothing, so trying it again is safe;
// transactions begin immediate (below), so a refusal comes at BEGIN, not half-way.
import { CompiledQuery, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult, type SqliteDialectConfig } from 'kysely';

/** How long a statement waits for the lock before it fails (SQLite's usual busy_timeout). */
export const BUSY_WAIT_MS = 5000;

const isBusy = (e: unknown) => typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('SQLITE_BUSY');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class BusyWaitConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (e) {
        if (!isBusy(e) || Date.now() + pause > deadline) throw e;
        await sleep(pause);
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class BusyWaitDriver implements Driver {
  private wrapped = new WeakMap<DatabaseConnection, BusyWaitConnection>();
  constructor(private inner: Driver) {}

  init() {
    return this.inner.init();
  }
  async acquireConnection() {
    const c = await this.inner.acquireConnection();
    let w = this.wrapped.get(c);
    if (!w) this.wrapped.set(c, (w = new BusyWaitConnection(c)));
    return w;
  }
  // A transaction takes the write lock when it begins, not on its first write: two
  // processes on one file would otherwise have one of them fail with SQLITE_BUSY when
  // a read turns into a write, which no waiting can mend (its snapshot is stale).
  // Inside one process Kysely runs one transaction at a time anyway. A read snapshot
  // that must let writers go on says `begin deferred` itself (backup.ts).
  async beginTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  // COMMIT/ROLLBACK go through the connection they are given: ours, which waits.
  commitTransaction(c: DatabaseConnection) {
    return this.inner.commitTransaction(c);
  }
  rollbackTransaction(c: DatabaseConnection) {
    return this.inner.rollbackTransaction(c);
  }
  savepoint(c: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    return this.inner.savepoint!(c, name, compile);
  }
  rollbackToSavepoint(c: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2]) {
    return this.inner.rollbackToSavepoint!(c, name, compile);
  }
  releaseSavepoint(c: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2]) {
    return this.inner.releaseSavepoint!(c, name, compile);
  }
  releaseConnection(c: DatabaseConnection) {
    return this.inner.releaseConnection((c as BusyWaitConnection).inner);
  }
  destroy() {
    return this.inner.destroy();
  }
}

export class BusyWaitSqliteDialect extends SqliteDialect {
  constructor(config: SqliteDialectConfig) {
    super(config);
  }
  override createDriver(): Driver {
    return new BusyWaitDriver(super.createDriver());
  }
}
