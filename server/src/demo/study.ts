import type { DemoContext, DemoCounts } from './context';
import { SettingsService } from '../platform/settings';
import { addDays, bundledDay, monthBounds } from '../platform/workcalendar';

/**
 * Next year's official holidays as the clerk enters them before the State
 * Council publishes the schedule: only the days the holiday law fixes by date
 * (元旦, 劳动节 1–2 May, 国庆节 1–3 October), each named as the clerk's own
 * entry; the lunar holidays and the make-up workdays follow with the notice.
 */
const CLERK_NEXT_YEAR: [string, string][] = [
  ['01-01', '元旦（党建办预录）'],
  ['05-01', '劳动节（党建办预录）'],
  ['05-02', '劳动节（党建办预录）'],
  ['10-01', '国庆节（党建办预录）'],
  ['10-02', '国庆节（党建办预录）'],
  ['10-03', '国庆节（党建办预录）'],
];
const PROGRESS = ['序言', '第一章', '第二章', '第三章', '第四章', '第五章', '第六章', '第七章', '后记'];
const NOTES = ['', '', '', '做了摘抄', '结合本村工作思考', '对照检查', '重点段落反复读', ''];

type LogRow = {
  member_id: number;
  day: string;
  kind: string;
  minutes: number;
  book_id: number | null;
  book_title: string | null;
  progress: string;
  note: string;
  source: string;
  source_ref: null;
  created_at: string;
};

async function insertChunked<T>(n: number, rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += n) await insert(rows.slice(i, i + n));
}

const monthsBack = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return d.toISOString().slice(0, 7);
};

/** A year of monthly reading plans and daily reading logs for the demo town, with realistic gaps. */
export async function seedStudyDemo(ctx: DemoContext): Promise<DemoCounts> {
  const { db, rng, today } = ctx;
  // The daily target as the settings say (the demo town keeps the default, 60 minutes).
  const TARGET = await new SettingsService(db).int('plan.dailyStudyMinutes', Number(today.slice(0, 4)));
  const books = await db.selectFrom('books').select(['id', 'title']).orderBy('id').limit(60).execute();
  if (books.length === 0 || ctx.memberIds.length === 0) return {};
  const zhang = ctx.accounts.member?.memberId ?? null;
  const thisMonth = today.slice(0, 7);
  const start = addDays(today, -365);
  const stamp = (day: string, hour: number) => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 8) * 3600_000).toISOString();

  // Each cadre has a habit: diligent, average or lagging.
  const habit = new Map<number, number>();
  for (const id of ctx.memberIds) {
    const r = rng.next();
    habit.set(id, id === zhang ? 0.97 : r < 0.3 ? 0.85 + rng.next() * 0.12 : r < 0.75 ? 0.5 + rng.next() * 0.3 : 0.1 + rng.next() * 0.3);
  }

  // Monthly plans: the last twelve months and this one.
  const plans: {
    member_id: number;
    month: string;
    book_id: number | null;
    own_title: string | null;
    own_author: string | null;
    target_on: string;
    status: string;
    finished_on: string | null;
    created_at: string;
    updated_at: string;
  }[] = [];
  const bookOfMonth = new Map<string, { id: number; title: string }>();
  for (const id of ctx.memberIds) {
    const p = habit.get(id)!;
    for (let k = 12; k >= 0; k--) {
      const month = monthsBack(thisMonth, k);
      const { first, last } = monthBounds(month);
      const current = month === thisMonth;
      if (id !== zhang && rng.next() > Math.min(0.97, p + 0.25)) continue; // no plan that month
      const made = addDays(first, id === zhang ? 1 : rng.next() < p ? rng.int(0, 4) : rng.int(5, 12));
      if (current && made > today) continue;
      // 张三 planned two books this month and last month; last month's second one he did not finish (the month-end reminder told him).
      const zhangLast = id === zhang && k === 1;
      const n = id === zhang && (current || zhangLast) ? 2 : rng.next() < p * 0.4 ? 2 : 1;
      for (let j = 0; j < n; j++) {
        const b = books[(id * 7 + k * 3 + j * 11) % books.length];
        const own = id !== zhang && rng.next() < 0.08;
        const target = addDays(first, Math.min(27, rng.int(15, 27)));
        let finished: string | null = null;
        if (id === zhang && current) finished = j === 0 ? addDays(today, -3) < first ? first : addDays(today, -3) : null;
        else if (zhangLast) finished = j === 0 ? addDays(first, 20) : null;
        else if (!current && rng.next() < p * (j === 0 ? 1 : 0.5)) finished = addDays(first, rng.int(10, 27)) > last ? last : addDays(first, rng.int(10, 27));
        else if (current && rng.next() < p * 0.5 && addDays(first, 10) < today) finished = addDays(first, rng.int(5, 10));
        plans.push({
          member_id: id,
          month,
          book_id: own ? null : b.id,
          own_title: own ? '乡村振兴战略规划解读' : null,
          own_author: own ? '本书编写组' : null,
          target_on: target,
          status: finished ? 'finished' : 'reading',
          finished_on: finished,
          created_at: stamp(made, 9),
          updated_at: stamp(finished ?? made, 18),
        });
        if (j === 0 && !own) bookOfMonth.set(`${id}:${month}`, b);
      }
    }
  }
  await insertChunked(500, plans, (c) => db.insertInto('reading_plan_items').values(c).execute());

  // Daily reading logs.
  const logs: LogRow[] = [];
  for (const id of ctx.memberIds) {
    const p = habit.get(id)!;
    // A lagging cadre also has lapses of a week or two.
    let lapse = 0;
    let chapter = 0;
    for (let day = start; day <= today; day = addDays(day, 1)) {
      const info = bundledDay(day);
      const required = info.kind === 'workday';
      const recent = id === zhang && day >= addDays(today, -30);
      if (lapse > 0) {
        lapse--;
        continue;
      }
      if (!recent && rng.next() < (1 - p) * 0.03) {
        lapse = rng.int(5, 14);
        continue;
      }
      const chance = recent ? 1 : required ? p : p * 0.35;
      if (rng.next() > chance) continue;
      let minutes = recent ? rng.int(TARGET, TARGET + 40) : rng.next() < p ? rng.int(TARGET, TARGET + 50) : rng.int(15, TARGET - 5);
      if (day === today) minutes = id === zhang ? 35 : rng.int(10, 50);
      const b = bookOfMonth.get(`${id}:${day.slice(0, 7)}`);
      chapter = (chapter + (rng.next() < 0.4 ? 1 : 0)) % PROGRESS.length;
      const split = minutes >= 70 && rng.next() < 0.3;
      for (const m of split ? [Math.floor(minutes / 2), minutes - Math.floor(minutes / 2)] : [minutes])
        logs.push({
          member_id: id,
          day,
          kind: 'reading',
          minutes: m,
          book_id: b?.id ?? null,
          book_title: b?.title ?? null,
          progress: b ? PROGRESS[chapter] : '',
          note: rng.pick(NOTES),
          source: rng.next() < 0.5 ? 'timer' : 'manual',
          source_ref: null,
          created_at: stamp(day, rng.int(7, 22)),
        });
    }
  }
  await insertChunked(1000, logs, (c) => db.insertInto('study_logs').values(c).execute());

  // The clerk has entered next year's fixed-date holidays ahead of the official notice.
  const nextYear = Number(today.slice(0, 4)) + 1;
  const clerk = ctx.accounts.clerk?.userId ?? null;
  const entered = new Date(Date.parse(`${addDays(today, -2)}T10:30:00+08:00`)).toISOString();
  await db
    .insertInto('calendar_days')
    .values(CLERK_NEXT_YEAR.map(([md, name]) => ({ day: `${nextYear}-${md}`, kind: 'holiday', name, updated_at: entered, updated_by: clerk })))
    .onConflict((oc) => oc.columns(['unit_path', 'day']).doNothing())
    .execute();
  return { readingPlanItems: plans.length, studyLogs: logs.length, calendarDays: CLERK_NEXT_YEAR.length };
}
