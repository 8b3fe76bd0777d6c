// Client input, made safe in one place (issue 12 defects 10 and 12):
//  - every string of a JSON body and of a query is normalised before validation: Unicode NFC,
//    control and bidi-override characters removed, surrounding spaces trimmed (a name of spaces
//    is then empty and fails its minLength instead of being stored as '');
//  - every route schema is hardened as it is compiled: a YYYY-MM-DD pattern must also be a real
//    calendar day, and an integer without a maximum gets one the databases can hold;
//  - a database constraint error caused by the request's data becomes a 400/409 in Chinese;
//  - a unit id that names no unit is refused, not ignored (unitIdsIn, app.ts's preHandler).
import { AppError } from './errors';

// C0/C1 controls except tab, newline and carriage return; LRM/RLM; bidi embeddings, overrides
// and isolates; the byte-order mark.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** The one normalisation of user text: NFC, unsafe characters removed, trimmed. */
export function cleanText(s: string): string {
  return s.normalize('NFC').replace(UNSAFE_CHARS, '').trim();
}

/** Secrets are taken exactly as typed (a password may begin with a space). */
const VERBATIM_KEY = /password/i;

/** Returns the value with every string cleaned (objects and arrays walked; secrets left alone). */
export function normalizeInput<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => normalizeInput(v, depth + 1)) as T;
  if (Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[cleanText(k)] = VERBATIM_KEY.test(k) ? v : normalizeInput(v, depth + 1);
  }
  return out as T;
}

const DAY_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
/** The largest integer both databases store in an integer column. */
export const MAX_INT = 2_147_483_647;

type Schema = Record<string, unknown>;

/** A copy of a route schema with real-date checks and integer ceilings added. */
export function hardenSchema<T>(schema: T): T {
  const walk = (node: unknown, depth: number): unknown => {
    if (depth > 64 || node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((n) => walk(n, depth + 1));
    const out: Schema = {};
    for (const [k, v] of Object.entries(node as Schema)) out[k] = walk(v, depth + 1);
    if (out.type === 'string' && out.pattern === DAY_PATTERN && out.format === undefined) out.format = 'date';
    if (out.type === 'integer' && out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = MAX_INT;
    if (out.type === 'integer' && out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = -MAX_INT;
    return out;
  };
  return walk(schema, 0) as T;
}

/**
 * A database error that the request's data caused, as the user should hear it; null for
 * anything else (a fault of ours, which stays a 500 and is logged).
 */
export function constraintError(err: unknown): AppError | null {
  const code = String((err as { code?: unknown })?.code ?? '');
  switch (code) {
    // PostgreSQL (SQLSTATE)
    case '23503':
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new AppError(400, 'REFERENCE', '引用的记录不存在（可能已被删除），请检查后重试');
    case '23505':
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return new AppError(409, 'DUPLICATE', '该记录已存在，不能重复添加');
    case '23502':
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return new AppError(400, 'MISSING', '缺少必填的内容，请检查后重试');
    case '23514':
    case 'SQLITE_CONSTRAINT_CHECK':
      return new AppError(400, 'INVALID', '提交的内容不符合要求，请检查后重试');
    case '22003':
    case '22P02':
    case '22007':
    case '22008':
    case '22001':
    case 'SQLITE_MISMATCH':
    case 'SQLITE_TOOBIG':
      return new AppError(400, 'INVALID', '提交的数值或日期超出范围，请检查后重试');
    default:
      return null;
  }
}

/** The request fields that name units, wherever they appear (path, query or body, one level of nesting). */
const UNIT_KEYS = new Set(['unitId', 'unitIds', 'targetUnitIds', 'scopeUnitId']);

/** Every unit id a request names (integers under the UNIT_KEYS), for one existence check. */
export function unitIdsIn(...parts: unknown[]): number[] {
  const out = new Set<number>();
  const take = (v: unknown) => {
    if (typeof v === 'number' && Number.isInteger(v)) out.add(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'number' && Number.isInteger(x)) out.add(x);
  };
  const walk = (o: unknown, depth: number) => {
    if (!o || typeof o !== 'object' || Buffer.isBuffer(o) || depth > 2) return;
    if (Array.isArray(o)) {
      for (const x of o) walk(x, depth + 1);
      return;
    }
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      if (UNIT_KEYS.has(k)) take(v);
      else if (v && typeof v === 'object') walk(v, depth + 1);
    }
  };
  for (const p of parts) walk(p, 0);
  return [...out];
}
