import path from 'node:path';
import { buildApp } from './app';
import { loadConfig } from './config';
import { openDatabase } from './db';
import { migrateToLatest } from './db/migrate';
import { DEMO_ACCOUNTS, hasData, seedDemo } from './demo/demo';
import { allJobs } from './jobs';
import { startOutbox } from './modules/channels/outbox';
import { startScheduler } from './platform/jobs';

const config = loadConfig();
const handle = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'shuxiang.db') });
await migrateToLatest(handle.db);
const { app, svc } = await buildApp(config, handle, { logger: true });

// The demo goes only into an empty embedded database; PostgreSQL gets it only
// through `shuxiang seed demo --allow-postgres`.
if (config.demo && handle.dialect === 'sqlite' && !(await hasData(svc))) {
  const counts = await seedDemo(svc, config.demoPassword);
  app.log.info(counts, '已载入演示数据（X镇）');
  console.log(`演示账号：${DEMO_ACCOUNTS.join('、')}，密码：${config.demoPassword === 'shuxiang-demo' ? 'shuxiang-demo' : '（SHUXIANG_DEMO_PASSWORD）'}`);
}

// Every node runs the scheduler; each job runs once a day in all (see platform/jobs.ts).
const logJob = (msg: string, err?: unknown) => (err ? app.log.error(err, msg) : app.log.info(msg));
const jobsOn = process.env.SHUXIANG_JOBS !== '0';
const stopJobs = jobsOn ? startScheduler(svc, allJobs, logJob) : () => undefined;
// Every node also drains the notification outbox; a claim makes each delivery go out once.
const stopOutbox = jobsOn ? startOutbox(svc, logJob) : async () => undefined;

const close = async () => {
  stopJobs();
  await stopOutbox();
  await app.close();
  await handle.destroy();
  process.exit(0);
};
process.on('SIGINT', close);
process.on('SIGTERM', close);

await app.listen({ port: config.port, host: config.host });
console.log(`书香机关已启动：http://localhost:${config.port}  （数据库：${handle.dialect === 'sqlite' ? handle.file : 'PostgreSQL'}）`);
