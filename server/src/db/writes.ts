// Counts this process's writes per table, for caches that must drop what a write made stale
// (the clerk's monthly unit view, decision 020). Every INSERT, UPDATE, DELETE or MERGE built with
// Kysely on a handle from openDatabase() — or on a transaction of it — bumps the counter of each
// table it names, once before it runs and once after. Writes by another process (another app
// node, a worker, the CLI) are not seen here: a cache that relies on this also needs a short TTL.
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

const WRITES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

/** The names of every table a query node mentions (more than it writes to, which is safe here). */
function tablesOf(node: unknown, out: Set<string>, depth = 0) {
  if (!node || typeof node !== 'object' || depth > 40) return;
  if (Array.isArray(node)) {
    for (const n of node) tablesOf(n, out, depth + 1);
    return;
  }
  const n = node as OperationNode & { table?: { identifier?: { name?: string } } };
  if (n.kind === 'TableNode' && typeof n.table?.identifier?.name === 'string') out.add(n.table.identifier.name);
  for (const v of Object.values(n)) if (v && typeof v === 'object') tablesOf(v, out, depth + 1);
}

export class WriteCounter implements KyselyPlugin {
  private readonly counts = new Map<string, number>();
  private readonly pending = new WeakMap<object, string[]>();

  private bump(tables: Iterable<string>) {
    for (const t of tables) this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (WRITES.has(args.node.kind)) {
      const tables = new Set<string>();
      tablesOf(args.node, tables);
      this.bump(tables);
      this.pending.set(args.queryId, [...tables]);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const tables = this.pending.get(args.queryId);
    if (tables) {
      this.pending.delete(args.queryId);
      this.bump(tables);
    }
    return args.result;
  }

  /** The sum of the write counts of the tables `watch` accepts: changes whenever one of them is written. */
  stamp(watch: (table: string) => boolean): number {
    let n = 0;
    for (const [t, c] of this.counts) if (watch(t)) n += c;
    return n;
  }
}
