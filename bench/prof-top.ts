// Summarises a V8 CPU profile (.cpuprofile from BENCH_PROF=1): the functions with the most
// self time, and the share of time under a few named places (SQLite, pg, Kysely, Fastify, argon2).
//   npx tsx bench/prof-top.ts /tmp/prof/CPU.….cpuprofile [N]
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const key = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(server|bench)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
const agg = new Map<string, number>();
for (const [id, t] of self) agg.set(key(byId.get(id)!), (agg.get(key(byId.get(id)!)) ?? 0) + t);
console.log(`total sampled ${(total / 1e6).toFixed(1)} s`);
for (const [k, t] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`);
// Self time by package or area.
const area = (n: Node) => {
  const u = n.callFrame.url;
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(u);
  if (m) return m[1];
  if (u.includes('/server/src/')) return 'app code';
  if (u.startsWith('node:')) return 'node core';
  return n.callFrame.functionName === '(garbage collector)' ? 'GC' : n.callFrame.functionName === '(idle)' ? 'idle' : n.callFrame.functionName === '(program)' ? 'program' : 'native/other';
};
const areas = new Map<string, number>();
for (const [id, t] of self) areas.set(area(byId.get(id)!), (areas.get(area(byId.get(id)!)) ?? 0) + t);
console.log('\nby area:');
for (const [k, t] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`);
