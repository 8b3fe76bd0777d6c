// A key correction: the key of the version people answered is fixed in place
// (it is the same question; it was graded wrongly), and every finished attempt
// that has it is graded again; the answer says how many attempts' totals changed.
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, conflict } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { draftProblem, fromStored, toStored } from '../bank/model';
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
  const stored = toStored(draft);
  const partial = await svc.settings.bool('exams.multipleChoicePartialCredit');

  return svc.db.transaction().execute(async (trx) => {
    await repo.setVersionKey(trx, q.version_id, { options: stored.options, answer: stored.answer });
    const items = await repo.finishedItemsOfVersion(trx, q.version_id);
    const touched = new Map<number, number | null>();
    for (const it of items) {
      const g = gradeResponse(draft, it.response ? (JSON.parse(it.response) as Response) : null, it.points, partial);
      if (g.score !== it.score) await repo.setItemGrade(trx, it.id, g.score, false);
      if (!touched.has(it.attempt_id)) touched.set(it.attempt_id, it.attempt_score);
    }
    let changed = 0;
    for (const [attemptId, before] of touched) {
      const after = await repo.retotal(trx, attemptId);
      if (after.score !== before) changed++;
    }
    let practiceItems = 0;
    for (const p of await repo.practiceItemsOfVersion(trx, q.version_id)) {
      const g = gradeResponse(draft, JSON.parse(p.response!) as Response, 1, false);
      const correct = g.correct === true;
      if ((p.correct === 1) !== correct) {
        await repo.setPracticeCorrect(trx, p.id, correct);
        practiceItems++;
      }
    }
    await svc.audit.record(trx, auth.actor(), { action: 'exams.question.correct-key', entity: 'exam_question', entityId: questionId, detail: { versionId: q.version_id, attempts: touched.size, changed, practiceItems } });
    return { attempts: touched.size, changed, practiceItems };
  });
}
