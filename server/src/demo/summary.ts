// The monthly summary of the unit view (decision 021) as a running office would have it: every
// month of the demo's year built, as the nightly job study.unit-summary leaves them night after
// night. After 02:30 today's run is done through the job framework (so the scheduler of `npm start`
// does not redo it at start-up); before that, the rows are built directly and tonight's run follows.
import { dueAt, runOnce } from '../platform/jobs';
import type { Services } from '../platform/services';
import { nowIso, todayLocal } from '../platform/time';
import { addDays } from '../platform/workcalendar';
import { monthsToRefresh, refreshUnitSummary, summaryJobs } from '../modules/study/summary';

/** The months of the demo's study records (a year back from today) that the summary holds. */
export async function seedSummaryDemo(svc: Services): Promise<{ summaryMonths: number }> {
  const today = todayLocal();
  const job = summaryJobs.find((j) => j.name === 'study.unit-summary')!;
  const localNow = new Date(Date.parse(nowIso()) + 8 * 3_600_000).toISOString().slice(11, 16);
  const recent = localNow >= (await dueAt(svc, job)) && (await runOnce(svc, job)) ? await monthsToRefresh(svc, today) : [];
  let n = recent.length;
  for (let m = addDays(today, -365).slice(0, 7); m <= today.slice(0, 7); m = addDays(`${m}-28`, 7).slice(0, 7)) {
    if (recent.includes(m)) continue;
    await refreshUnitSummary(svc, m);
    n++;
  }
  return { summaryMonths: n };
}
