// A server for the benchmarks, in its own process: either the real app or a
// bare Fastify route doing one query on the same database (the baseline).
// BENCH_WORKERS=N runs N processes on the port (node:cluster), as the app does
// with SHUXIANG_WORKERS; the baseline gets the same number, so ratios stay fair.
import cluster from 'node:cluster';
import Fastify from 'fastify';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { openDatabase } from '../server/src/db';

const mode = process.argv[2];
const port = Number(process.argv[3]);
const workers = Number(process.env.BENCH_WORKERS ?? 1);

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  let listening = 0;
  cluster.on('listening', () => ++listening === workers && console.log('ready'));
  process.on('SIGINT', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGINT');
    process.exit(0);
  });
} else {
  const handle = openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, sqliteFile: process.env.BENCH_SQLITE });
  if (mode === 'app') {
    const { app } = await buildApp({ ...loadConfig(), demo: false, loginRateLimit: 1_000_000 }, handle);
    await app.listen({ port, host: '127.0.0.1' });
  } else {
    const app = Fastify();
    app.get('/bare', async (req) => {
      const barcode = (req.query as { barcode: string }).barcode;
      return handle.db.selectFrom('copies').select(['id', 'status']).where('barcode', '=', barcode).executeTakeFirst();
    });
    await app.listen({ port, host: '127.0.0.1' });
  }
  if (workers <= 1) console.log('ready');
  process.on('SIGINT', () => process.exit(0));
}
