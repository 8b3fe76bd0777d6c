// 季度测试 and 每日一练 of the demo town: a bank of some 300 questions made from
// exams-data.ts, the third- and fourth-quarter tests taken by most of the town
// (ability differs from person to person, so scores spread as real ones do; a
// few short answers of the fourth quarter still wait for the clerk), a paper open
// now for the demo cadre, and a month of daily practice with its study minutes.
// The third-quarter paper carries one question whose key was entered wrongly
// (PLANTED): its item analysis flags it, and the clerk corrects the key.
import { nowIso } from '../platform/time';
import { addDays } from '../platform/workcalendar';
import { emptyDraft, optionKey, toStored, type QuestionDraft } from '../modules/exams/bank/model';
import { gradeResponse, type Response } from '../modules/exams/bank/grading';
import type { DemoContext, DemoCounts } from './context';
import { DOC_KINDS, HISTORY, LISTS, PLAIN } from './exams-data';
type Rng = DemoContext['rng'];

type Cat = '政治理论' | '党史' | '业务知识';

function shuffled<T>(r: Rng, xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** A single-choice draft with the right answer placed at random. */
function single(r: Rng, stem: string, right: string, wrong: string[], note: string, difficulty = 3): QuestionDraft {
  const opts = shuffled(r, [right, ...wrong.slice(0, 3)]);
  return { ...emptyDraft('single'), stem, options: opts.map((t, i) => ({ key: optionKey(i), text: t, fraction: t === right ? 1 : 0, feedback: '' })), explanation: note, difficulty };
}

export function demoQuestions(r: Rng): { category: Cat; draft: QuestionDraft }[] {
  const out: { category: Cat; draft: QuestionDraft }[] = [];
  for (const [i, e] of HISTORY.entries()) {
    const years = [e.year - 2, e.year - 1, e.year + 1, e.year + 2].filter((y) => y !== e.year);
    out.push({ category: '党史', draft: { ...single(r, `${e.what}是在哪一年？`, `${e.year}年`, shuffled(r, years).map((y) => `${y}年`), e.note), tags: ['党史年代'], source: '《中国共产党简史》' } });
    const truth = i % 2 === 0;
    out.push({ category: '党史', draft: { ...emptyDraft('truefalse'), stem: `${e.what}于${truth ? e.year : e.year + 1}年。`, truth, explanation: e.note, difficulty: 2, source: '《中国共产党简史》' } });
    if (e.place && e.placeWrong) out.push({ category: '党史', draft: { ...single(r, `${e.what}的地点是：`, e.place, e.placeWrong, e.note, 2), source: '《中国共产党简史》' } });
  }
  for (const l of LISTS) {
    const shown = shuffled(r, l.items).slice(0, 4);
    const extra = shuffled(r, l.not).slice(0, 2);
    const opts = shuffled(r, [...shown, ...extra]);
    out.push({
      category: l.category,
      draft: { ...emptyDraft('multiple'), stem: `以下属于${l.what}的有：（多选）`, options: opts.map((t, i) => ({ key: optionKey(i), text: t, fraction: shown.includes(t) ? 1 / shown.length : 0, feedback: '' })), explanation: l.note, difficulty: 3 },
    });
    out.push({ category: l.category, draft: single(r, `以下哪一项不属于${l.what}？`, l.not[0]!, shuffled(r, l.items).slice(0, 3), l.note, 2) });
    out.push({ category: l.category, draft: single(r, `以下哪一项属于${l.what}？`, r.pick(l.items)!, l.not, l.note, 2) });
  }
  for (const [i, d] of DOC_KINDS.entries()) {
    const others = shuffled(
      r,
      DOC_KINDS.filter((x) => x.kind !== d.kind).map((x) => x.kind),
    );
    const note = `《党政机关公文处理工作条例》：${d.kind}适用于${d.use}。`;
    out.push({ category: '业务知识', draft: { ...single(r, `适用于${d.use}的公文文种是：`, d.kind, others, note, 2), source: '《党政机关公文处理工作条例》' } });
    const other = DOC_KINDS[(i + 7) % DOC_KINDS.length]!;
    const truth = i % 2 === 1;
    out.push({ category: '业务知识', draft: { ...emptyDraft('truefalse'), stem: `“${d.kind}”适用于${truth ? d.use : other.use}。`, truth, explanation: note, difficulty: 2, source: '《党政机关公文处理工作条例》' } });
  }
  for (const p of PLAIN) {
    let d: QuestionDraft;
    if (p.type === 'single') d = single(r, p.stem, p.options![0]!, p.options!.slice(1), p.note, p.difficulty ?? 3);
    else if (p.type === 'truefalse') d = { ...emptyDraft('truefalse'), stem: p.stem, truth: p.truth!, explanation: p.note, difficulty: p.difficulty ?? 2 };
    else if (p.type === 'fill') d = { ...emptyDraft('fill'), stem: p.stem, accepted: p.accepted!.map((t) => ({ text: t, fraction: 1, feedback: '' })), explanation: p.note, difficulty: p.difficulty ?? 3 };
    else d = { ...emptyDraft('short'), stem: p.stem, reference: p.reference!, explanation: p.note, difficulty: p.difficulty ?? 4 };
    out.push({ category: p.category, draft: d });
  }
  return out;
}

interface Q {
  id: number;
  versionId: number;
  draft: QuestionDraft;
  category: Cat;
}

/**
 * A question of the third-quarter paper whose key was entered wrongly: 七一 is the
 * party's anniversary, not the day the first congress opened. Those who know pick
 * 7月23日 and are marked wrong, so its discrimination comes out negative; nobody
 * picks 10月10日. The item analysis flags it; the clerk corrects the key.
 */
export const PLANTED: QuestionDraft = {
  ...emptyDraft('single'),
  stem: '中国共产党第一次全国代表大会开幕的具体日期是：',
  options: [
    { key: 'A', text: '1921年7月1日', fraction: 1, feedback: '' },
    { key: 'B', text: '1921年7月23日', fraction: 0, feedback: '' },
    { key: 'C', text: '1921年8月1日', fraction: 0, feedback: '' },
    { key: 'D', text: '1921年10月10日', fraction: 0, feedback: '' },
  ],
  explanation: '中共一大于1921年7月23日在上海开幕；7月1日是后来确定的党的诞生纪念日，并非一大开幕的日期。',
  difficulty: 3,
  tags: ['党史年代'],
  source: '《中国共产党简史》',
};
/** Who answers PLANTED what: the able the true date, the others mostly 7月1日, some 8月1日, nobody 10月10日. */
function plantedAnswer(r: Rng, ability: number): Response {
  if (r.next() < (ability >= 0.72 ? 0.85 : 0.25)) return { choices: ['B'] };
  return { choices: [r.next() < 0.8 ? 'A' : 'C'] };
}

/** A person's answer: right with a chance that grows with their ability and falls with the difficulty. */
function answerOf(r: Rng, q: QuestionDraft, ability: number): Response | null {
  if (r.next() < 0.02) return null;
  const p = Math.min(0.97, Math.max(0.1, ability - (q.difficulty - 3) * 0.08));
  const right = r.next() < p;
  switch (q.type) {
    case 'single': {
      const pick = right ? q.options.find((o) => o.fraction === 1)! : r.pick(q.options.filter((o) => o.fraction !== 1))!;
      return { choices: [pick.key] };
    }
    case 'multiple': {
      const good = q.options.filter((o) => o.fraction > 0).map((o) => o.key);
      if (right) return { choices: good };
      return { choices: good.slice(0, Math.max(1, good.length - 1)) };
    }
    case 'truefalse':
      return { choices: [right === Boolean(q.truth) ? 'true' : 'false'] };
    case 'fill':
      return { text: right ? q.accepted[0]!.text : '不清楚' };
    case 'short':
      return { text: right ? q.reference : '按照有关规定认真办理，做好相关工作。' };
  }
}

export async function seedExamDemo(ctx: DemoContext): Promise<DemoCounts> {
  const { db, rng: r, townId, today } = ctx;
  const now = nowIso();
  const clerk = ctx.accounts.clerk!;
  // The bank, in the town's three default categories.
  const cats: Record<Cat, number> = { 政治理论: 0, 党史: 0, 业务知识: 0 };
  for (const [i, name] of (['政治理论', '党史', '业务知识'] as Cat[]).entries()) {
    cats[name] = (await db.insertInto('exam_categories').values({ unit_id: townId, parent_id: null, name, sort_order: i, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
  }
  const bank: Q[] = [];
  for (const { category, draft } of demoQuestions(r)) {
    const q = await db
      .insertInto('exam_questions')
      .values({ unit_id: townId, category_id: cats[category], current_version_id: null, status: 'active', created_at: now, updated_at: now, version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const v = await db
      .insertInto('exam_question_versions')
      .values({ question_id: q.id, version_no: 1, ...toStored(draft), created_by: clerk.userId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('exam_questions').set({ current_version_id: v.id }).where('id', '=', q.id).execute();
    bank.push({ id: q.id, versionId: v.id, draft, category });
  }
  // The planted question: in the bank, but drawn by no random section and no daily practice.
  const plantedQ = await db
    .insertInto('exam_questions')
    .values({ unit_id: townId, category_id: cats['党史'], current_version_id: null, status: 'active', created_at: now, updated_at: now, version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const plantedV = await db
    .insertInto('exam_question_versions')
    .values({ question_id: plantedQ.id, version_no: 1, ...toStored(PLANTED), created_by: clerk.userId, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('exam_questions').set({ current_version_id: plantedV.id }).where('id', '=', plantedQ.id).execute();
  const planted: Q = { id: plantedQ.id, versionId: plantedV.id, draft: PLANTED, category: '党史' };

  const members = await db.selectFrom('members').select(['id', 'unit_id']).where('status', '=', 'active').orderBy('id').execute();
  const ability = new Map(members.map((m) => [m.id, Math.min(0.95, Math.max(0.35, 0.72 + (r.next() + r.next() + r.next() - 1.5) * 0.22))]));

  const review = (a: boolean) => JSON.stringify({ score: true, correctness: true, key: a, explanation: a });
  const plan = [
    { title: '2026年第三季度政治理论与业务知识测试', quarter: '2026Q3', opens: '2026-09-21T00:30:00.000Z', days: 7, take: 0.93, pendingShort: 0 },
    { title: '2026年第四季度政治理论与业务知识测试', quarter: '2026Q4', opens: `${addDays(today, -9)}T00:30:00.000Z`, days: 7, take: 0.88, pendingShort: 6 },
    { title: '2026年12月党史专题测试', quarter: '2026Q4', opens: `${addDays(today, -1)}T00:30:00.000Z`, days: 10, take: 0, pendingShort: 0 },
  ];
  const sectionsSpec = [
    { category: '党史' as Cat, qtype: 'single', count: 8, points: 3 },
    { category: '政治理论' as Cat, qtype: 'single', count: 8, points: 3 },
    { category: '业务知识' as Cat, qtype: 'single', count: 6, points: 3 },
    { category: '党史' as Cat, qtype: 'truefalse', count: 5, points: 2 },
    { category: '政治理论' as Cat, qtype: 'multiple', count: 2, points: 4 },
    { category: '业务知识' as Cat, qtype: 'short', count: 1, points: 6 },
  ];
  let attempts = 0;
  let pendingLeft = 0;
  for (const p of plan) {
    const closes = new Date(Date.parse(p.opens) + p.days * 86_400_000).toISOString();
    const paper = await db
      .insertInto('exam_papers')
      .values({
        unit_id: townId,
        title: p.title,
        description: '请在规定时间内独立完成，时间到系统自动交卷。',
        quarter: p.quarter,
        opens_at: p.opens,
        closes_at: closes,
        time_limit_minutes: 40,
        max_attempts: 1,
        grading_method: 'highest',
        shuffle_questions: 1,
        shuffle_options: 1,
        review_after_submit: review(false),
        review_after_close: review(true),
        status: 'published',
        created_by: clerk.userId,
        created_at: p.opens,
        updated_at: p.opens,
        version: 2,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('exam_paper_units').values({ paper_id: paper.id, unit_id: townId }).execute();
    const sections = [];
    // The December paper is a party-history special: its questions come from 党史 alone.
    const spec = p.title.includes('党史专题')
      ? [
          { category: '党史' as Cat, qtype: 'single', count: 20, points: 3 },
          { category: '党史' as Cat, qtype: 'truefalse', count: 10, points: 2 },
        ]
      : sectionsSpec;
    for (const [i, s] of spec.entries()) {
      const sec = await db
        .insertInto('exam_paper_sections')
        .values({ paper_id: paper.id, position: i + 1, kind: 'random', question_id: null, category_id: cats[s.category], qtype: s.qtype, difficulty: null, count: s.count, points: s.points })
        .returning('id')
        .executeTakeFirstOrThrow();
      sections.push({ ...s, id: sec.id, pool: bank.filter((q) => q.category === s.category && q.draft.type === s.qtype) });
    }
    if (p.quarter === '2026Q3') {
      const s = { category: '党史' as Cat, qtype: 'single', count: 1, points: 3 };
      const sec = await db
        .insertInto('exam_paper_sections')
        .values({ paper_id: paper.id, position: sections.length + 1, kind: 'fixed', question_id: planted.id, category_id: null, qtype: null, difficulty: null, count: 1, points: s.points })
        .returning('id')
        .executeTakeFirstOrThrow();
      sections.push({ ...s, id: sec.id, pool: [planted] });
    }
    let pendingToLeave = p.pendingShort;
    for (const m of members) {
      if (r.next() >= p.take) continue;
      if (m.id === ctx.accounts.member?.memberId && p.take > 0 && p.quarter === '2026Q4') continue;
      const items = sections.flatMap((s) => shuffled(r, s.pool).slice(0, s.count).map((q) => ({ q, s })));
      const started = new Date(Date.parse(p.opens) + r.int(1, p.days * 24 - 2) * 3_600_000 + r.int(0, 59) * 60_000);
      const took = r.int(12, 38) * 60_000;
      const submitted = new Date(started.getTime() + took).toISOString();
      let total = 0;
      let pending = 0;
      const rows = items.map(({ q, s }, i) => {
        const response = q === planted ? plantedAnswer(r, ability.get(m.id)!) : answerOf(r, q.draft, ability.get(m.id)!);
        let score = gradeResponse(q.draft, response, s.points, false).score;
        let needs = 0;
        if (score === null) {
          if (pendingToLeave > 0) {
            needs = 1;
            pending++;
          } else score = Math.round(s.points * Math.min(1, Math.max(0.2, ability.get(m.id)! + (r.next() - 0.5) * 0.3)) * 2) / 2;
        }
        total += score ?? 0;
        return {
          position: i + 1,
          section_id: s.id,
          question_id: q.id,
          version_id: q.versionId,
          points: s.points,
          option_order: JSON.stringify(shuffled(r, q.draft.options.map((o) => o.key))),
          response: response ? JSON.stringify(response) : null,
          answered_at: response ? new Date(started.getTime() + ((i + 1) * took) / (items.length + 1)).toISOString() : null,
          saved_at: response ? new Date(started.getTime() + ((i + 1) * took) / (items.length + 1)).toISOString() : null,
          score,
          needs_grading: needs,
          grader_comment: null,
          graded_by: needs || q.draft.type !== 'short' ? null : clerk.userId,
          graded_at: needs || q.draft.type !== 'short' ? null : closes,
        };
      });
      if (pending) {
        pendingToLeave--;
        pendingLeft++;
      }
      const a = await db
        .insertInto('exam_attempts')
        .values({
          paper_id: paper.id,
          member_id: m.id,
          unit_id: m.unit_id,
          attempt_no: 1,
          open_slot: null,
          status: pending ? 'submitted' : 'graded',
          started_at: started.toISOString(),
          deadline_at: new Date(Math.min(started.getTime() + 40 * 60_000, Date.parse(closes))).toISOString(),
          submitted_at: submitted,
          submitted_how: r.next() < 0.06 ? 'timeout' : 'manual',
          score: Math.round(total * 100) / 100,
          max_score: items.reduce((s, x) => s + x.s.points, 0),
          pending_items: pending,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('exam_attempt_items')
        .values(rows.map((x) => ({ ...x, attempt_id: a.id })))
        .execute();
      attempts++;
    }
  }

  // A month of 每日一练: most people most days; the keen every day. The demo cadre has a streak up to yesterday.
  const objective = bank.filter((q) => q.draft.type !== 'short');
  let practiceItems = 0;
  for (const m of members) {
    const keen = m.id === ctx.accounts.member?.memberId ? 1 : r.next();
    if (keen < 0.3) continue;
    for (let back = 30; back >= 1; back--) {
      if (keen < 0.999 && r.next() > keen) continue;
      const day = addDays(today, -back);
      const picks = shuffled(r, objective).slice(0, 5);
      let answered = 0;
      const rows = picks.map((q, i) => {
        const resp = answerOf(r, q.draft, ability.get(m.id)!) ?? { choices: [] };
        const g = gradeResponse(q.draft, resp, 1, false);
        answered++;
        return {
          member_id: m.id,
          day,
          position: i + 1,
          question_id: q.id,
          version_id: q.versionId,
          option_order: JSON.stringify(shuffled(r, q.draft.options.map((o) => o.key))),
          response: JSON.stringify(resp),
          correct: g.correct ? 1 : 0,
          answered_at: `${day}T${String(r.int(0, 13)).padStart(2, '0')}:${String(r.int(10, 59))}:00.000Z`,
        };
      });
      await db.insertInto('exam_practice_items').values(rows).execute();
      practiceItems += rows.length;
      await db
        .insertInto('study_logs')
        .values({ member_id: m.id, day, kind: 'online', minutes: Math.min(10, answered * 2), book_id: null, book_title: null, progress: '', note: `每日一练 ${answered} 题`, source: 'exams-practice', source_ref: `${m.id}:${day}`, created_at: now })
        .execute();
    }
  }
  return { examQuestions: bank.length + 1, examAttempts: attempts, examPendingShortAnswers: pendingLeft, examPracticeItems: practiceItems };
}
