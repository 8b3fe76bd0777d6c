// The app's OpenAPI document as test input: its operations, and fast-check arbitraries
// built from their schemas (path, query, body). Used by the access matrix (one valid
// request per operation, with the ids of foreign objects) and the route fuzzer (many
// requests, valid and hostile, per operation).
import fc from 'fast-check';
import type { App } from '../src/platform/http';

// A JSON schema as @fastify/swagger writes it (OpenAPI 3.0: nullable, anyOf, enum).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Schema = Record<string, any>;

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}

interface RawOperation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As Fastify registered it: `/api/members/:id`. */
  url: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body: Schema | null;
  /** Declared JSON response schemas by status code. */
  responses: Record<string, Schema>;
}

export async function operations(app: App): Promise<Operation[]> {
  const doc = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, RawOperation>> };
  const ops: Operation[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      const responses: Record<string, Schema> = {};
      for (const [code, r] of Object.entries(op.responses ?? {})) {
        const s = r.content?.['application/json']?.schema;
        if (s) responses[code] = s;
      }
      ops.push({
        method: m.toUpperCase() as Operation['method'],
        url: p.replace(/\{(\w+)\}/g, ':$1'),
        pathParams: params.filter((x) => x.in === 'path'),
        queryParams: params.filter((x) => x.in === 'query'),
        body: op.requestBody?.content['application/json']?.schema ?? null,
        responses,
      });
    }
  }
  return ops.sort((a, b) => `${a.url} ${a.method}`.localeCompare(`${b.url} ${b.method}`));
}

export interface ArbOptions {
  /** A fixed value for a field by its name (the ids of the objects a request aims at), or undefined. */
  fixed?: (name: string) => unknown;
  /** Mix hostile values in: wrong types, impossible dates, huge numbers, control characters, missing and extra fields. */
  hostile?: boolean;
}

const HOSTILE: unknown[] = [
  null,
  -1,
  0,
  1.5,
  2 ** 53,
  1e308,
  '99999999999999999999',
  '',
  '   ',
  '\u0000',
  'a\u202eb',
  '<script>alert(1)</script>',
  'x'.repeat(5000),
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  'abc',
  true,
  [],
  {},
  [1, 'a', null],
  { $gt: '' },
];

const UNITS = ['学', '习', '书', '香', '读', '心', '得', 'a', 'Z', '7', '-', '，'];

function day(): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 2025, max: 2027 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

function stringArb(s: Schema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 20, 20));
  if (s.format === 'date') return day();
  if (s.format === 'date-time') return day().map((d) => `${d}T02:30:00.000Z`);
  if (s.format === 'email') return fc.constantFrom('a@example.com', 'reader@example.org');
  if (s.format === 'uri') return fc.constantFrom('https://example.com/a', 'https://example.org/');
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    return fc.stringMatching(re).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity));
  }
  return fc.string({ unit: fc.constantFrom(...UNITS), minLength: min, maxLength: max });
}

/** An arbitrary for one schema; `name` is the field's name (ids are fixed by name). */
export function arb(s: Schema | undefined, opts: ArbOptions = {}, name = ''): fc.Arbitrary<unknown> {
  const base = validArb(s ?? {}, opts, name);
  if (!opts.hostile) return base;
  return fc.oneof({ arbitrary: base, weight: 8 }, { arbitrary: fc.constantFrom(...HOSTILE), weight: 1 });
}

function validArb(s: Schema, opts: ArbOptions, name: string): fc.Arbitrary<unknown> {
  const fixed = opts.fixed?.(name);
  if (fixed !== undefined && (s.type === 'integer' || s.type === 'string' || s.type === 'number')) return fc.constant(fixed);
  let out: fc.Arbitrary<unknown>;
  if (s.const !== undefined) out = fc.constant(s.const);
  else if (Array.isArray(s.enum)) out = fc.constantFrom(...(s.enum as unknown[]));
  else if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) out = fc.oneof(...((s.anyOf ?? s.oneOf) as Schema[]).map((x) => arb(x, opts, name)));
  else if (Array.isArray(s.allOf)) out = arb(Object.assign({}, ...(s.allOf as Schema[])), opts, name);
  else {
    const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
    switch (type) {
      case 'integer':
        out = fc.integer({ min: s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0), max: Math.min(s.maximum ?? 1000, 1_000_000) });
        break;
      case 'number':
        out = fc.double({ min: s.minimum ?? 0, max: s.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
        break;
      case 'boolean':
        out = fc.boolean();
        break;
      case 'string':
        out = stringArb(s);
        break;
      case 'array': {
        const min = s.minItems ?? 0;
        const itemName = name.endsWith('Ids') ? name.slice(0, -1) : name;
        out = fc.array(arb(s.items, opts, itemName), { minLength: min, maxLength: Math.max(min, Math.min(s.maxItems ?? 3, 3)) });
        break;
      }
      case 'object':
        out = objectArb(s, opts);
        break;
      default:
        out = fc.constant({});
    }
  }
  if (s.nullable) out = fc.oneof({ arbitrary: out, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 });
  return out;
}

function objectArb(s: Schema, opts: ArbOptions): fc.Arbitrary<unknown> {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = (s.required ?? []) as string[];
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) model[k] = arb(v, opts, k);
  const valid = fc.record(model, { requiredKeys: required.filter((k) => k in model) });
  if (!opts.hostile) return valid;
  // Hostile objects also lose a required field or gain one nobody declared.
  return fc.oneof(
    { arbitrary: valid, weight: 6 },
    { arbitrary: fc.record(model, { requiredKeys: [] }), weight: 1 },
    { arbitrary: fc.tuple(valid, fc.constantFrom('__proto__x', 'constructor', 'extra'), arb({ type: 'string' })).map(([o, k, v]) => ({ ...(o as object), [k]: v })), weight: 1 },
  );
}

export interface Sample {
  url: string;
  body: unknown;
}

/** An arbitrary for whole requests to one operation. */
export function requestArb(op: Operation, opts: ArbOptions = {}): fc.Arbitrary<Sample> {
  const path = fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, arb(p.schema, opts, p.name)])) as Record<string, fc.Arbitrary<unknown>>);
  const query = fc.record(Object.fromEntries(op.queryParams.map((p) => [p.name, arb(p.schema, opts, p.name)])) as Record<string, fc.Arbitrary<unknown>>, {
    requiredKeys: op.queryParams.filter((p) => p.required).map((p) => p.name),
  });
  const body = op.body ? arb(op.body, opts, '') : fc.constant(op.method === 'GET' || op.method === 'DELETE' ? undefined : {});
  return fc.tuple(path, query, body).map(([pp, q, b]) => ({ url: buildUrl(op.url, pp, q), body: b }));
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

export function buildUrl(url: string, path: Record<string, unknown>, query: Record<string, unknown>): string {
  const filled = url.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(text(path[k])) || '%20');
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) qs.append(k, text(x));
    else qs.append(k, text(v));
  }
  const s = qs.toString();
  return s ? `${filled}?${s}` : filled;
}
