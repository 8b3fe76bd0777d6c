// A server for the benchmarks, in its own process: the real app ('app'), a bare
// Fastify route doing one query ('bare'), or bare routes doing the minimal correct
// borrow and return ('minimal', the baseline of issue 17: claim the copy
// conditionally, insert the loan, append one audit row, commit; then update the
// loan and the copy, commit — no session, rules or validation), on the same database.
// BENCH_WORKERS=N runs N processes on the port (node:cluster), as the app does
// with SHUXIANG_WORKERS; the baseline gets the same number, so ratios stay fair.
import cluster from 'node:cluster';
import Fastify from 'fastify';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { openDatabase } from '../server/src/db';
import { AuditService } from '../server/src/platform/audit';

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
  } else if (mode === 'minimal') {
    const app = Fastify();
    const audit = new AuditService(handle.db, handle.dialect);
    const actor = { userId: null, username: 'bench', ip: '127.0.0.1' };
    app.post('/min/borrow', async (req, reply) => {
      const { barcode, member } = req.query as { barcode: string; member: string };
      return handle.db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        const copy = await trx.updateTable('copies').set({ status: 'loaned', updated_at: now }).where('barcode', '=', barcode).where('status', '=', 'available').returning('id').executeTakeFirst();
        if (!copy) return reply.code(409).send({ error: 'taken' });
        const loan = await trx
          .insertInto('loans')
          .values({ copy_id: copy.id, member_id: Number(member), loaned_at: now, due_on: now.slice(0, 10), returned_at: null, renewals: 0, last_reminded_on: null, created_by: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'loan.borrow', entity: 'loan', entityId: loan.id, detail: { barcode, memberId: Number(member) } });
        return { loanId: loan.id };
      });
    });
    app.post('/min/return', async (req, reply) => {
      const { barcode } = req.query as { barcode: string };
      return handle.db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        const copy = await trx.updateTable('copies').set({ status: 'available', updated_at: now }).where('barcode', '=', barcode).where('status', '=', 'loaned').returning('id').executeTakeFirst();
        if (!copy) return reply.code(409).send({ error: 'not out' });
        await trx.updateTable('loans').set({ returned_at: now }).where('copy_id', '=', copy.id).where('returned_at', 'is', null).execute();
        return { ok: true };
      });
    });
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
