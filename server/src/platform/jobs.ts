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

/** This node's name in job claims. */
export const nodeHolder = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;

/** How long a claim holds before another node may take the day over; renewed while the job runs. */
export const JOB_LEASE_MS = 10 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Claims a job's day for this holder: a new (job, day) row, or the row of a
 * run that never finished and whose lease has run out (its node died).
 * Returns whether this holder now holds it.
 */
export async function claimRun(svc: Services, job: string, day: string, holder = nodeHolder, leaseMs = JOB_LEASE_MS): Promise<boolean> {
  const now = clock.now().getTime();
  const inserted = await svc.db
    .insertInto('job_runs')
    .values({ job, run_key: day, started_at: iso(now), holder, expires_at: iso(now + leaseMs), finished_at: null })
    .onConflict((oc) => oc.columns(['job', 'run_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return true;
  // The conditional update is the race: of several nodes seeing the same expired claim, one takes it.
  const taken = await svc.db
    .updateTable('job_runs')
    .set({ holder, started_at: iso(now), expires_at: iso(now + leaseMs) })
    .where('job', '=', job)
    .where('run_key', '=', day)
    .where('finished_at', 'is', null)
    .where('expires_at', '<', iso(now))
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/**
 * Runs a job for a day at most once across every app node, to the end even
 * when a node dies: the node that claims (job, day) runs it, renewing its
 * lease while it runs, and marks the day done; a failure gives the day back
 * for the next tick; a claim left by a dead node is taken over once its lease
 * runs out. A job cut off half-way may thus run again: its notices are written
 * once per dedupe key, so nobody is told twice.
 */
export async function runOnce(svc: Services, job: Job, day = todayLocal(), holder = nodeHolder): Promise<boolean> {
  if (!(await claimRun(svc, job.name, day, holder))) return false;
  const mine = () => svc.db.updateTable('job_runs').where('job', '=', job.name).where('run_key', '=', day).where('holder', '=', holder).where('finished_at', 'is', null);
  const renew = setInterval(() => void mine().set({ expires_at: iso(clock.now().getTime() + JOB_LEASE_MS) }).execute().catch(() => undefined), JOB_LEASE_MS / 3);
  renew.unref();
  try {
    await job.run(svc);
  } catch (e) {
    clearInterval(renew);
    // Give the day back, so the next tick (on any node) tries again.
    await svc.db.deleteFrom('job_runs').where('job', '=', job.name).where('run_key', '=', day).where('holder', '=', holder).where('finished_at', 'is', null).execute();
    throw e;
  }
  clearInterval(renew);
  await mine().set({ finished_at: nowIso() }).execute();
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
