import cluster from 'node:cluster';
import path from 'node:path';
import { buildApp } from './app';
import { loadConfig, type Config } from './config';
import { openDatabase } from './db';
import { migrateToLatest } from './db/migrate';
import { DEMO_ACCOUNTS, hasData, seedDemo } from './demo/demo';
import { allJobs } from './jobs';
import { startOutbox } from './modules/channels/outbox';
import { startScreenWatch } from './modules/display/screens/service';
import { createServices } from './platform/services';
import { startScheduler } from './platform/jobs';
import { checkpointDir, writeCheckpoint } from './platform/audit-checkpoint';

const config = loadConfig();
const sqliteFile = path.join(config.dataDir, 'shuxiang.db');
const open = () => openDatabase({ databaseUrl: config.databaseUrl, sqliteFile, synchronous: config.sqliteSynchronous });

/** Migrations and the demo: once, before anything serves (in the primary when there are workers). */
async function prepare() {
  const handle = open();
  await migrateToLatest(handle.db);
  // The demo goes only into an empty embedded database; PostgreSQL gets it only
  // through `shuxiang seed demo --allow-postgres`.
  if (config.demo && handle.dialect === 'sqlite') {
    const svc = createServices(config, handle);
    if (!(await hasData(svc))) {
      const counts = await seedDemo(svc, config.demoPassword);
      console.log(`已载入演示数据（X镇）：${JSON.stringify(counts)}`);
      console.log(`演示账号：${DEMO_ACCOUNTS.join('、')}，密码：${config.demoPassword === 'shuxiang-demo' ? 'shuxiang-demo' : '（SHUXIANG_DEMO_PASSWORD）'}`);
    }
  }
  await handle.destroy();
}

/** One app node: serves HTTP; with `jobs` it also runs the scheduler and drains the outbox. */
async function serve(cfg: Config, jobs: boolean) {
  const handle = open();
  const { app, svc } = await buildApp(cfg, handle, { logger: true });
  // Jobs are safe on every node (each runs once a day in all, see platform/jobs.ts;
  // outbox deliveries are claimed), so several processes or machines may run them.
  const logJob = (msg: string, err?: unknown) => (err ? app.log.error(err, msg) : app.log.info(msg));
  const stopJobs = jobs ? startScheduler(svc, allJobs, logJob) : () => undefined;
  const stopOutbox = jobs ? startOutbox(svc, logJob) : async () => undefined;
  // Lobby screens gone dark: a notice to their clerks (display/screens/service.ts).
  const stopScreenWatch = jobs ? startScreenWatch(svc, logJob) : () => undefined;
  // A signed audit checkpoint every hour, in a file outside the database (platform/audit-checkpoint.ts).
  const checkpoints = jobs
    ? setInterval(() => void writeCheckpoint(svc.db, checkpointDir(svc)).catch((e: unknown) => logJob('audit checkpoint failed', e)), 3_600_000)
    : undefined;
  checkpoints?.unref();
  const close = async () => {
    if (checkpoints) clearInterval(checkpoints);
    stopJobs();
    stopScreenWatch();
    await stopOutbox();
    await app.close();
    await handle.destroy();
    process.exit(0);
  };
  process.on('SIGINT', close);
  process.on('SIGTERM', close);
  await app.listen({ port: cfg.port, host: cfg.host });
}

const jobsOn = process.env.SHUXIANG_JOBS !== '0';
const workers = config.workers;
const where = () => (config.databaseUrl ? 'PostgreSQL' : sqliteFile);

if (workers <= 1) {
  await prepare();
  await serve(config, jobsOn);
  console.log(`书香机关已启动：http://localhost:${config.port}  （数据库：${where()}）`);
} else if (cluster.isPrimary) {
  // Several processes on one port (node:cluster hands out the connections): the app
  // keeps no state of its own, so they are app nodes like those of a district's
  // servers behind a load balancer. One of them runs the jobs, to keep them off the others.
  await prepare();
  const roles = new Map<number, boolean>();
  let stopping = false;
  const fork = (jobs: boolean) => {
    const w = cluster.fork({ SHUXIANG_WORKER_JOBS: jobs && jobsOn ? '1' : '0' });
    roles.set(w.id, jobs);
  };
  for (let i = 0; i < workers; i++) fork(i === 0);
  let ready = 0;
  cluster.on('listening', () => {
    if (++ready === workers) console.log(`书香机关已启动：http://localhost:${config.port}  （${workers} 个进程，数据库：${where()}）`);
  });
  cluster.on('exit', (w, code, signal) => {
    const jobs = roles.get(w.id) ?? false;
    roles.delete(w.id);
    if (stopping) return;
    console.error(`进程 ${w.process.pid} 退出（${signal ?? code}），重新启动`);
    fork(jobs);
  });
  const stop = (sig: NodeJS.Signals) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(sig);
    setTimeout(() => process.exit(0), 5000).unref();
    cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} else {
  await serve(config, process.env.SHUXIANG_WORKER_JOBS === '1');
}
