// Rectification (整改): a finding becomes a task with an owner and a deadline; the unit uploads
// evidence and submits; the inspector or clerk accepts (销号) or sends it back. Overdue is an
// open task past its deadline. Reminders go to the owner's inbox and the outgoing channels.
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, conflict, notFound } from '../../../platform/errors';
import { notifyMember, notifyUser } from '../../../platform/notifications';
import type { Services } from '../../../platform/services';
import { nowIso, todayLocal } from '../../../platform/time';
import { addDays, isIsoDay } from '../../../platform/workcalendar';
import { ownUnusedFile } from '../evidence/files';
import { attachFile } from '../evidence/repository';
import type { InspectionItem } from '../inspections/schemas';
import { AssessmentPolicy } from '../policy';
import * as repo from './repository';
import { RECTIFICATION_STATUS, type AssignInput, type MineSummary, type RectificationView } from './schemas';

export const KIND_RECTIFICATION = 'assessment.rectification';

export function shownStatus(status: string, deadline: string, today = todayLocal()): keyof typeof RECTIFICATION_STATUS {
  if (status === 'open' && deadline < today) return 'overdue';
  return status as keyof typeof RECTIFICATION_STATUS;
}

async function present(svc: Services, auth: AuthContext, r: repo.RectificationRow, withEvidence = true): Promise<RectificationView> {
  const items = JSON.parse(r.inspection_items) as InspectionItem[];
  const shown = shownStatus(r.status, r.deadline);
  const evidence = withEvidence ? await repo.evidenceOf(svc.db, r.id) : [];
  const obj = { unitPath: r.unit_path, memberId: r.owner_member_id };
  return {
    id: r.id,
    findingId: r.finding_id,
    inspectionId: r.inspection_id,
    inspectionTitle: r.inspection_title,
    unitId: r.unit_id,
    unitName: r.unit_name,
    ownerMemberId: r.owner_member_id,
    ownerName: r.owner_name,
    itemLabel: items.find((i) => i.key === r.item_key)?.label ?? r.item_key,
    findingText: r.finding_text,
    findingScore: r.score,
    findingMaxScore: r.max_score,
    findingPhotoId: r.photo_file_id,
    requirement: r.requirement,
    deadline: r.deadline,
    status: r.status,
    shownStatus: shown,
    statusLabel: RECTIFICATION_STATUS[shown],
    response: r.response,
    reviewNote: r.review_note,
    submittedAt: r.submitted_at,
    acceptedAt: r.accepted_at,
    evidenceCount: Number(r.evidence_count ?? 0),
    evidence: evidence.map((e) => ({ id: e.id, fileId: e.file_id, note: e.note, by: e.display_name, at: e.created_at, filename: e.filename })),
    canRespond: r.status === 'open' && (await svc.guard.allows(auth, AssessmentPolicy.respondRectification, obj)),
    canReview: r.status === 'submitted' && (await svc.guard.allows(auth, AssessmentPolicy.acceptRectification, { unitPath: r.unit_path })),
    version: r.version,
  };
}

async function loadVisible(svc: Services, auth: AuthContext, id: number) {
  const r = await repo.getRectification(svc.db, id);
  if (!r || !(await svc.guard.allows(auth, AssessmentPolicy.viewRectifications, { unitPath: r.unit_path, memberId: r.owner_member_id }))) throw notFound('找不到该整改任务');
  return r;
}

export async function assignRectification(svc: Services, auth: AuthContext, input: AssignInput): Promise<RectificationView> {
  const f = await repo.findingForRectification(svc.db, input.findingId);
  if (!f || !(await svc.guard.allows(auth, AssessmentPolicy.viewInspections, { unitPath: f.unit_path }))) throw notFound('找不到该检查发现');
  await svc.guard.authorize(auth, AssessmentPolicy.assignRectification, { unitPath: f.unit_path });
  if (await repo.rectificationOfFinding(svc.db, f.id)) throw badRequest('该检查发现已下达整改任务');
  const owner = await repo.memberInSubtree(svc.db, input.ownerMemberId, f.unit_path);
  if (!owner) throw badRequest(`整改责任人须为${f.unit_name}的在册干部`);
  const today = todayLocal();
  const deadline = input.deadline ?? addDays(today, await svc.settings.int('assessment.rectificationDays', f.year));
  if (!isIsoDay(deadline)) throw badRequest('整改期限不是有效日期');
  if (deadline < today) throw badRequest('整改期限不能早于今天');
  const requirement = input.requirement.trim();
  if (!requirement) throw badRequest('请填写整改要求');
  const id = await svc.db.transaction().execute(async (trx) => {
    const id = await repo.insertRectification(trx, { finding_id: f.id, unit_id: f.unit_id, owner_member_id: owner.id, requirement, deadline, created_by: auth.userId, now: nowIso() });
    if (!id) throw badRequest('该检查发现已下达整改任务');
    await svc.audit.record(trx, auth.actor(), { action: 'assessment.rectification.assign', entity: 'rectification', entityId: id, detail: { finding: f.id, owner: owner.name, deadline } });
    await notifyMember(trx, owner.id, {
      kind: KIND_RECTIFICATION,
      title: `整改任务：${f.unit_name}`,
      body: `${requirement}（期限 ${deadline}）`,
      link: `/assessment/rectifications/${id}`,
      dedupeKey: `rectification:${id}:assigned`,
    });
    return id;
  });
  return present(svc, auth, (await repo.getRectification(svc.db, id))!);
}

export async function listRectifications(svc: Services, auth: AuthContext, q: { unitId?: number; inspectionId?: number; status?: string }): Promise<RectificationView[]> {
  const reach = await svc.guard.reach(auth, AssessmentPolicy.viewRectifications);
  const rows = await repo.listRectifications(svc.db, reach, { ...q, today: todayLocal() });
  return Promise.all(rows.map((r) => present(svc, auth, r, false)));
}

/** The signed-in cadre's own tasks not yet closed, for the phone's home and 我的 (zeros for an account without a member). */
export async function myTaskSummary(svc: Services, auth: AuthContext): Promise<MineSummary> {
  const memberId = auth.user.memberId;
  const out = { open: 0, overdue: 0, submitted: 0 };
  if (memberId == null) return out;
  for (const r of await repo.ownOpenCounts(svc.db, memberId, todayLocal())) {
    if (r.status === 'open') {
      out.open += Number(r.n);
      out.overdue += Number(r.late ?? 0);
    } else if (r.status === 'submitted') out.submitted += Number(r.n);
  }
  return out;
}

export async function getRectification(svc: Services, auth: AuthContext, id: number): Promise<RectificationView> {
  return present(svc, auth, await loadVisible(svc, auth, id));
}

export async function addEvidence(svc: Services, auth: AuthContext, id: number, input: { fileId: number; note?: string }): Promise<RectificationView> {
  const r = await loadVisible(svc, auth, id);
  await svc.guard.authorize(auth, AssessmentPolicy.respondRectification, { unitPath: r.unit_path, memberId: r.owner_member_id });
  if (r.status !== 'open') throw badRequest(r.status === 'accepted' ? '该整改已销号' : '整改材料已提交，等待验收');
  await ownUnusedFile(svc, auth, input.fileId, 'evidence');
  await svc.db.transaction().execute(async (trx) => {
    if (!(await attachFile(trx, input.fileId))) throw badRequest('这张照片已用于其他记录，请重新上传');
    const eid = await repo.insertEvidence(trx, { rectification_id: id, file_id: input.fileId, note: (input.note ?? '').trim(), created_by: auth.userId, created_at: nowIso() });
    await svc.audit.record(trx, auth.actor(), { action: 'assessment.rectification.evidence', entity: 'rectification', entityId: id, detail: { evidence: eid } });
  });
  return getRectification(svc, auth, id);
}

export async function submitRectification(svc: Services, auth: AuthContext, id: number, input: { response: string; version: number }): Promise<RectificationView> {
  const r = await loadVisible(svc, auth, id);
  await svc.guard.authorize(auth, AssessmentPolicy.respondRectification, { unitPath: r.unit_path, memberId: r.owner_member_id });
  if (r.status !== 'open') throw badRequest(r.status === 'accepted' ? '该整改已销号' : '整改材料已提交，等待验收');
  if (Number(r.evidence_count ?? 0) === 0) throw badRequest('请先上传整改佐证材料（照片）');
  const response = input.response.trim();
  if (!response) throw badRequest('请说明整改情况');
  await svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    if (!(await repo.moveStatus(trx, id, input.version, 'open', { status: 'submitted', response, submitted_at: now, now }))) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'assessment.rectification.submit', entity: 'rectification', entityId: id });
  });
  return getRectification(svc, auth, id);
}

/** Accept (销号) or send back. Accepting without evidence is refused. */
export async function reviewRectification(svc: Services, auth: AuthContext, id: number, input: { accept: boolean; note?: string; version: number }): Promise<RectificationView> {
  const r = await loadVisible(svc, auth, id);
  await svc.guard.authorize(auth, AssessmentPolicy.acceptRectification, { unitPath: r.unit_path });
  if (input.accept && Number(r.evidence_count ?? 0) === 0) throw badRequest('没有整改佐证材料，不能验收销号');
  if (r.status !== 'submitted') throw badRequest(r.status === 'accepted' ? '该整改已销号' : '整改材料尚未提交，不能验收');
  const note = (input.note ?? '').trim();
  if (!input.accept && !note) throw badRequest('退回整改请说明原因');
  await svc.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const ok = input.accept
      ? await repo.moveStatus(trx, id, input.version, 'submitted', { status: 'accepted', review_note: note, accepted_at: now, accepted_by: auth.userId, now })
      : await repo.moveStatus(trx, id, input.version, 'submitted', { status: 'open', review_note: note, submitted_at: null, now });
    if (!ok) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: input.accept ? 'assessment.rectification.accept' : 'assessment.rectification.return', entity: 'rectification', entityId: id, detail: { note } });
    await notifyMember(trx, r.owner_member_id, {
      kind: KIND_RECTIFICATION,
      title: input.accept ? `整改已销号：${r.unit_name}` : `整改被退回：${r.unit_name}`,
      body: input.accept ? r.requirement : note,
      link: `/assessment/rectifications/${id}`,
      dedupeKey: `rectification:${id}:${input.accept ? 'accepted' : `returned:${r.version}`}`,
    });
  });
  return getRectification(svc, auth, id);
}

/**
 * The daily reminder: owners of open tasks due within the setting's days, and overdue ones
 * (the owner, and whoever planned the inspection). Once per task and day.
 */
export async function remindRectifications(svc: Services, today = todayLocal()) {
  const days = await svc.settings.int('assessment.rectificationRemindDays');
  const rows = await repo.openDueBy(svc.db, addDays(today, days));
  let sent = 0;
  for (const r of rows) {
    const overdue = r.deadline < today;
    const title = overdue ? `整改已逾期：${r.unit_name}` : `整改即将到期：${r.unit_name}（${r.deadline}）`;
    const n = { kind: KIND_RECTIFICATION, title, body: r.requirement, link: `/assessment/rectifications/${r.id}`, dedupeKey: `rectification:${r.id}:remind:${today}` };
    sent += await notifyMember(svc.db, r.owner_member_id, n);
    if (overdue) sent += await notifyUser(svc.db, r.inspection_owner, { ...n, link: `/console/assessment/rectifications?status=overdue`, dedupeKey: `rectification:${r.id}:overdue:${today}` });
  }
  return { tasks: rows.length, sent };
}
