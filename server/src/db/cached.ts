// Kysely builds and compiles every query anew: on the member home that is a fifth of
// the CPU, more than SQLite spends running the statements. For the queries of the
// hottest paths (the session check of every request, the member home) the SQL is
// compiled once per shape and reused with the new values.
import type { Compilable, CompiledQuery } from 'kysely';
import type { DB } from './index';

interface Shape {
  sql: string;
  query: CompiledQuery['query'];
  /** Each parameter: the index of the argument it takes, or a value fixed in the shape. */
  slots: ({ arg: number } | { value: unknown })[];
}

const shapes = new WeakMap<DB, Map<string, Shape>>();
const marker = (i: number) => `\u0000sx-arg-${i}\u0000`;

/**
 * Runs `build(...args)` compiled once per `key` on this database handle.
 * The arguments must reach the query only as values (where, values, limit…), never
 * through sql.lit/sql.raw or JavaScript decisions: anything else that shapes the SQL
 * belongs in `key`. A transaction is a handle of its own (pass svc.db for reuse).
 */
export async function cachedQuery<A extends unknown[], R>(db: DB, key: string, args: [...A], build: (...args: A) => Compilable<R>): Promise<R[]> {
  let byKey = shapes.get(db);
  if (!byKey) shapes.set(db, (byKey = new Map()));
  let shape = byKey.get(key);
  if (!shape) {
    const compiled = build(...(args.map((_, i) => marker(i)) as A)).compile();
    const slots = compiled.parameters.map((p) => {
      const arg = args.findIndex((_, i) => p === marker(i));
      return arg >= 0 ? { arg } : { value: p };
    });
    if (slots.filter((s) => 'arg' in s).length < args.length) throw new Error(`cachedQuery ${key}: an argument does not reach the query as a value`);
    byKey.set(key, (shape = { sql: compiled.sql, query: compiled.query, slots }));
  }
  const parameters = shape.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
  const res = await db.executeQuery<R>({ sql: shape.sql, query: shape.query, parameters, queryId: { queryId: key } } as CompiledQuery<R>);
  return res.rows;
}
