// A key correction: the key of the version people answered is fixed in place
// (it is the same question; it was graded wrongly), and every finished attempt
// that has it is graded again; the answer says how many attempts' totals changed.
// Older versions (an answered question that was edited keeps its old version for the
// old attempts) carry the same wrong key when the edit left the key alone: they are
// corrected and regraded too. A version whose type, options or key differ from the
// current one's before the correction is left alone and named in the answer with the
// reason: a letter may mean another option there, or the edit already changed the key.
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, conflict } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { draftProblem, fromStored, toStored, type OptionDraft, type QuestionDraft } from '../bank/model';
import { gradeResponse, type Response } from '../bank/grading';
import { questionForWrite } from '../bank/service';
import type { Regrade } from '../schemas';
import * as repo from './repository';

export async function correctKey(
  svc: Services,
  auth: AuthContext,
  questionId: number,
  body: { version: number; options?: { key: string; fraction: number }[]; truth?: boolean; accepted?: { text: string; fraction: number; feedback: string }[] },
): Promise<Regrade> {
  const q = await questionForWrite(svc, auth, questionId);
  if (q.version !== body.version) throw conflict('该题目已被他人修改，请刷新后重试');
  const draft = fromStored(q);
  if (draft.type === 'short') throw badRequest('简答题由人工评分，没有可更正的答案');
  if (draft.type === 'single' || draft.type === 'multiple') {
    if (!body.options) throw badRequest('请给出各选项的正确与否');
    const keys = draft.options.map((o) => o.key).sort().join();
    if (body.options.map((o) => o.key).sort().join() !== keys) throw badRequest('选项与原题不一致（更正答案不能增删选项，请修改题目）');
    draft.options = draft.options.map((o) => ({ ...o, fraction: body.options!.find((b) => b.key === o.key)!.fraction }));
  } else if (draft.type === 'truefalse') {
    if (body.truth === undefined) throw badRequest('请给出正确答案');
    draft.truth = body.truth;
  } else {
    if (!body.accepted) throw badRequest('请给出可接受的答案');
    draft.accepted = body.accepted;
  }
  const problem = draftProblem(draft);
  if (problem) throw badRequest(problem);
  const partial = await svc.settings.bool('exams.multipleChoicePartialCredit');

  const current = fromStored(q);

  return svc.db.transaction().execute(async (trx) => {
    // The versions to correct: the current one, and every older one that shares its key.
    const targets: { versionId: number; draft: QuestionDraft }[] = [{ versionId: q.version_id, draft }];
    const skipped: Regrade['skipped'] = [];
    for (const v of await repo.otherVersionsOf(trx, questionId, q.version_id)) {
      const old = fromStored(v);
      const why = differs(old, current);
      if (!why) {
        targets.push({ versionId: v.id, draft: { ...old, options: old.options.map((o) => ({ ...o, fraction: draft.options.find((d) => d.key === o.key)!.fraction })), truth: draft.truth, accepted: draft.accepted } });
        continue;
      }
      const attempts = new Set((await repo.finishedItemsOfVersion(trx, v.id)).map((i) => i.attempt_id)).size;
      const practice = (await repo.practiceItemsOfVersion(trx, v.id)).length;
      if (attempts || practice) skipped.push({ versionNo: v.version_no, attempts, practiceItems: practice, reason: why });
    }
    const touched = new Map<number, number | null>();
    let practiceItems = 0;
    for (const t of targets) {
      const st = toStored(t.draft);
      await repo.setVersionKey(trx, t.versionId, { options: st.options, answer: st.answer });
      for (const it of await repo.finishedItemsOfVersion(trx, t.versionId)) {
        const g = gradeResponse(t.draft, it.response ? (JSON.parse(it.response) as Response) : null, it.points, partial);
        if (g.score !== it.score) await repo.setItemGrade(trx, it.id, g.score, false);
        if (!touched.has(it.attempt_id)) touched.set(it.attempt_id, it.attempt_score);
      }
      for (const p of await repo.practiceItemsOfVersion(trx, t.versionId)) {
        const correct = gradeResponse(t.draft, JSON.parse(p.response!) as Response, 1, false).correct === true;
        if ((p.correct === 1) !== correct) {
          await repo.setPracticeCorrect(trx, p.id, correct);
          practiceItems++;
        }
      }
    }
    let changed = 0;
    for (const [attemptId, before] of touched) {
      const after = await repo.retotal(trx, attemptId);
      if (after.score !== before) changed++;
    }
    const versions = targets.length;
    await svc.audit.record(trx, auth.actor(), {
      action: 'exams.question.correct-key',
      entity: 'exam_question',
      entityId: questionId,
      detail: { versionId: q.version_id, versions, attempts: touched.size, changed, practiceItems, skipped: skipped.map((s) => `第${s.versionNo}版：${s.reason}`) },
    });
    return { attempts: touched.size, changed, practiceItems, versions, skipped };
  });
}

/** Why an older version cannot take the current version's corrected key; null when it carries the same key. */
function differs(old: QuestionDraft, current: QuestionDraft): string | null {
  if (old.type !== current.type) return '该版本题型不同';
  if (old.type === 'single' || old.type === 'multiple') {
    const same = (a: OptionDraft[], b: OptionDraft[], f: (o: OptionDraft) => string) => a.map(f).sort().join('\u0000') === b.map(f).sort().join('\u0000');
    if (!same(old.options, current.options, (o) => `${o.key}\u0001${o.text}`)) return '该版本的选项与当前版本不同，同一字母可能指不同的选项';
    if (!same(old.options, current.options, (o) => `${o.key}\u0001${o.fraction}`)) return '修改题目时已改过该版本之后的答案，该版本的答案与当前版本不同';
    return null;
  }
  if (old.type === 'truefalse') return old.truth === current.truth ? null : '修改题目时已改过该版本之后的答案，该版本的答案与当前版本不同';
  const key = (d: QuestionDraft) => JSON.stringify(d.accepted.map((a) => [a.text, a.fraction]));
  return key(old) === key(current) ? null : '修改题目时已改过该版本之后的答案，该版本的答案与当前版本不同';
}
