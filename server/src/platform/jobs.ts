import crypto from 'node:crypto';
import os from 'node:os';
import type { Services } from './services';
import { clock, nowIso, todayLocal } from './time';

export interface Job {
  name: string;
  /** Local (Asia/Shanghai) time of day it is due, 'HH:MM'. */
  at: string;
  /** When set, the hour (0–23) comes from this setting (e.g. 'reminders.eveningHour') and overrides `at`. */
  hourSetting?: string;
  run(svc: Services): Promise<unknown>;
}

const holder = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;

/**
 * Runs a job for a day at most once across every app node: the node whose
 * insert of (job, day) into job_runs succeeds runs it; the others see the
 * unique key taken and skip.
 */
export async function runOnce(svc: Services, job: Job, day = todayLocal()): Promise<boolean> {
  const claimed = await svc.db
    .insertInto('job_runs')
    .values({ job: job.name, run_key: day, started_at: nowIso(), holder })
    .onConflict((oc) => oc.columns(['job', 'run_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!claimed) return false;
  try {
    await job.run(svc);
  } catch (e) {
    // Give the day back, so the next tick (on any node) tries again.
    await svc.db.deleteFrom('job_runs').where('job', '=', job.name).where('run_key', '=', day).execute();
    throw e;
  }
  return true;
}

const localTime = () => new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(11, 16);

/** The local time of day a job is due, 'HH:MM'. */
export async function dueAt(svc: Services, job: Job): Promise<string> {
  if (!job.hourSetting) return job.at;
  return `${String(await svc.settings.int(job.hourSetting)).padStart(2, '0')}:00`;
}

/** Checks every minute which jobs are due; safe to run on every node. */
export function startScheduler(svc: Services, jobs: Job[], log: (msg: string, err?: unknown) => void) {
  const tick = async () => {
    for (const job of jobs) {
      try {
        if (localTime() < (await dueAt(svc, job))) continue;
        if (await runOnce(svc, job)) log(`定时任务 ${job.name} 已执行`);
      } catch (e) {
        log(`定时任务 ${job.name} 失败`, e);
      }
    }
  };
  const timer = setInterval(() => void tick(), 60_000);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
