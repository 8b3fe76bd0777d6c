// 每日一练: a few questions a day (exams.practiceDailyCount) from the banks above
// the member, a share of them (exams.practiceWrongPercent) from questions they got
// wrong before; instant feedback with the explanation; a streak of days done; and
// study minutes through the study log's own rules: an 'online' entry of the day
// (weighted like other online learning, under the 24-hour cap), per question
// answered, up to a daily cap.
import type { DB } from '../../../db';
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, conflict, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { todayLocal } from '../../../platform/time';
import { addDays } from '../../../platform/workcalendar';
import { MAX_MINUTES_PER_DAY } from '../../study/rules';
import { lockMemberLog, readMinutesLoggedOn, readRecordMinutes, writeRecordLog } from '../../study/service';
import { fromStored, type OptionDraft } from '../bank/model';
import { gradeResponse, keyText, type Response } from '../bank/grading';
import { fromShown, memberOf, shownOptions, shuffle, toShown, TF_OPTIONS } from '../attempts/service';
import * as attemptRepo from '../attempts/repository';
import { ExamPolicy } from '../policy';
import type { AnswerResponse, Practice, PracticeItem } from '../schemas';

/** The practice's study-log rows: source 'exams-practice', one per member and day (ref `memberId:day`). */
const PRACTICE_SOURCE = 'exams-practice';
const practiceLogMinutes = async (db: DB, ref: string) => (await readRecordMinutes(db, PRACTICE_SOURCE, [ref])).get(ref) ?? 0;
import * as repo from './repository';

type Row = Awaited<ReturnType<typeof repo.itemsOfDay>>[number];

function view(r: Row): PracticeItem {
  const d = fromStored(r);
  const shown = shownOptions(d, JSON.parse(r.option_order) as string[]);
  const response = r.response ? (JSON.parse(r.response) as Response) : null;
  let feedback: PracticeItem['feedback'] = null;
  if (response) {
    const key = d.type === 'single' || d.type === 'multiple' ? shown.filter((s) => d.options.find((o) => o.key === s.original)!.fraction > 0).map((s) => s.key).join('') : keyText(d);
    const chosen = (response.choices ?? []).map((c) => d.options.find((o) => o.key === c)).filter((o): o is OptionDraft => Boolean(o));
    feedback = { correct: r.correct === 1, key, explanation: d.explanation, optionFeedback: chosen.map((o) => o.feedback).filter(Boolean).join('；') };
  }
  return {
    id: r.id,
    position: r.position,
    type: d.type,
    stem: d.stem,
    stemFormat: d.stemFormat,
    options: shown.map((s) => ({ key: s.key, text: s.text })),
    points: 1,
    response: toShown(response, shown),
    answeredAt: r.answered_at,
    feedback,
  };
}

function ancestors(path: string): string[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((_, i, parts) => `/${parts.slice(0, i + 1).join('/')}/`);
}

async function drawDay(svc: Services, memberId: number, unitPath: string, day: string) {
  const year = Number(day.slice(0, 4));
  const [count, wrongPercent] = await Promise.all([svc.settings.int('exams.practiceDailyCount', year), svc.settings.int('exams.practiceWrongPercent')]);
  const pool = await repo.practicePool(svc.db, ancestors(unitPath));
  if (pool.length === 0) return;
  const [history, misses] = await Promise.all([repo.practiceHistory(svc.db, memberId), repo.testMisses(svc.db, memberId)]);
  // Wrong = the last practice answer was wrong, or missed in a test and not since answered right in practice.
  const last = new Map<number, number | null>();
  for (const m of misses) last.set(m.question_id, 0);
  for (const h of history) last.set(h.question_id, h.correct);
  const recent = new Set(history.filter((h) => h.day >= addDays(day, -7)).map((h) => h.question_id));
  const wrong = pool.filter((q) => last.get(q.id) === 0 && !history.some((h) => h.day === day && h.question_id === q.id));
  const fresh = pool.filter((q) => last.get(q.id) !== 0 && !recent.has(q.id));
  const rest = pool.filter((q) => last.get(q.id) !== 0 && recent.has(q.id));
  const wantWrong = Math.min(wrong.length, Math.round((count * wrongPercent) / 100));
  const picked = [...shuffle(wrong).slice(0, wantWrong)];
  for (const q of [...shuffle(fresh), ...shuffle(rest), ...shuffle(wrong).slice(wantWrong)]) {
    if (picked.length >= count) break;
    if (!picked.includes(q)) picked.push(q);
  }
  await repo.insertDay(
    svc.db,
    shuffle(picked).map((q, i) => ({
      member_id: memberId,
      day,
      position: i + 1,
      question_id: q.id,
      version_id: q.version_id,
      option_order: JSON.stringify(shuffle((JSON.parse(q.options) as OptionDraft[]).map((o) => o.key))),
    })),
  );
}

async function streakOf(svc: Services, memberId: number, today: string) {
  const days = await repo.daysOf(svc.db, memberId, addDays(today, -400));
  const done = new Set(days.filter((d) => Number(d.answered) >= Number(d.n) && Number(d.n) > 0).map((d) => d.day));
  let streak = 0;
  // Today counts once done; an unfinished today does not break yesterday's streak.
  let d = done.has(today) ? today : addDays(today, -1);
  while (done.has(d)) {
    streak++;
    d = addDays(d, -1);
  }
  let best = 0;
  let run = 0;
  let prev: string | null = null;
  for (const day of [...done].sort()) {
    run = prev && addDays(prev, 1) === day ? run + 1 : 1;
    best = Math.max(best, run);
    prev = day;
  }
  return { streak, best };
}

async function practiceMinutes(svc: Services, day: string) {
  const year = Number(day.slice(0, 4));
  const [per, cap] = await Promise.all([svc.settings.int('exams.practiceMinutesPerQuestion', year), svc.settings.int('exams.practiceDailyCapMinutes', year)]);
  return { per, cap };
}

export async function today(svc: Services, auth: AuthContext): Promise<Practice> {
  const memberId = memberOf(auth);
  await svc.guard.authorize(auth, ExamPolicy.practice, { memberId });
  const m = await attemptRepo.memberUnit(svc.db, memberId);
  if (!m) throw notFound('找不到您的干部信息');
  const day = todayLocal();
  let rows = await repo.itemsOfDay(svc.db, memberId, day);
  if (rows.length === 0) {
    await drawDay(svc, memberId, m.unit_path, day);
    rows = await repo.itemsOfDay(svc.db, memberId, day);
  }
  const [{ streak, best }, log, { cap }] = await Promise.all([streakOf(svc, memberId, day), practiceLogMinutes(svc.db, `${memberId}:${day}`), practiceMinutes(svc, day)]);
  return {
    day,
    items: rows.map(view),
    answered: rows.filter((r) => r.response !== null).length,
    correct: rows.filter((r) => r.correct === 1).length,
    streak,
    bestStreak: best,
    minutesToday: log,
    capMinutes: cap,
  };
}

/** Answers one of today's questions (once) and gives the feedback at once. */
export async function answerToday(svc: Services, auth: AuthContext, position: number, body: { response: AnswerResponse }): Promise<PracticeItem> {
  const memberId = memberOf(auth);
  await svc.guard.authorize(auth, ExamPolicy.practice, { memberId });
  const day = todayLocal();
  const rows = await repo.itemsOfDay(svc.db, memberId, day);
  const row = rows.find((r) => r.position === position);
  if (!row) throw notFound('今天的练习中没有这道题');
  if (row.response !== null) throw conflict('这道题已经答过了');
  const d = fromStored(row);
  const order = JSON.parse(row.option_order) as string[];
  const shown = d.type === 'truefalse' ? TF_OPTIONS.map((o) => ({ key: o.key, original: o.key })) : shownOptions(d, order);
  const response = fromShown(d.type, body.response, shown);
  if (typeof response === 'string') throw badRequest(response);
  if ((response.choices?.length ?? 0) === 0 && !(response.text ?? '').trim()) throw badRequest('请先作答');
  const g = gradeResponse(d, response, 1, false);
  const { per, cap } = await practiceMinutes(svc, day);
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.answer(trx, row.id, JSON.stringify(response), g.correct === true))) throw conflict('这道题已经答过了');
    if (per > 0 && cap > 0) {
      // The study log's own rules: the member's lock, the day's 24 hours.
      await lockMemberLog(svc, trx, memberId);
      const answered = await repo.answeredOn(trx, memberId, day);
      const ref = `${memberId}:${day}`;
      const room = MAX_MINUTES_PER_DAY - (await readMinutesLoggedOn(trx, memberId, day, { source: PRACTICE_SOURCE, ref }));
      const minutes = Math.max(0, Math.min(cap, answered * per, room));
      if (minutes > 0) await writeRecordLog(trx, { source: PRACTICE_SOURCE, ref, memberId, day, kind: 'online', minutes, note: `每日一练 ${answered} 题` });
    }
    await svc.audit.record(trx, auth.actor(), { action: 'exams.practice.answer', entity: 'exam_practice_item', entityId: row.id, detail: { correct: g.correct === true } });
  });
  const after = (await repo.itemsOfDay(svc.db, memberId, day)).find((r) => r.id === row.id)!;
  return view(after);
}
