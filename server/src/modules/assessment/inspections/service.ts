// Quarterly inspections (plan §四 “随机调研、实地督查”): planning, the reproducible draw,
// the on-site sheet with what the platform already knows, and findings.
import type { AuthContext } from '../../../platform/auth/context';
import { AppError, badRequest, conflict, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { nowIso } from '../../../platform/time';
import { collectEvidence, quarterBounds } from '../evidence/service';
import { attachFile } from '../evidence/repository';
import { ownUnusedFile } from '../evidence/files';
import { AssessmentPolicy } from '../policy';
import { checkSeed, draw, DRAW_ALGORITHM, newSeed, type DrawCandidates } from './draw';
import * as repo from './repository';
import { inspectionDocx } from './report';
import {
  INSPECTION_KINDS,
  INSPECTION_STATUS,
  type FindingInput,
  type FindingView,
  type InspectionCreate,
  type InspectionItem,
  type InspectionSummary,
  type InspectionView,
  type PublicDraw,
  type UnitSheet,
} from './schemas';

/** What an inspection checks (issue 15): each item with the evidence metrics shown beside it on site. */
export const INSPECTION_TEMPLATE: { key: string; label: string; metrics: string[] }[] = [
  { key: 'corner', label: '阅览室（图书角）整洁有序、图书种类齐全', metrics: ['library.cornerBooks', 'library.unreturned'] },
  { key: 'plans', label: '月度阅读计划按时制定', metrics: ['study.planRate'] },
  { key: 'logs', label: '学习记录坚持填写、每日学习达标', metrics: ['study.logsKept', 'study.dailyCompliance'] },
  { key: 'notes', label: '学习笔记', metrics: ['notes.writers'] },
  { key: 'reflections', label: '读书心得撰写与上报', metrics: ['reflections.quotaMonths'] },
  { key: 'checkin', label: '集中学习签到记录', metrics: ['sessions.checkInRate'] },
];

export const DRAW_DESCRIPTION =
  'sx-draw-v1：对“种子|标签|n”（n = 0,1,2…）依次取 SHA-256，每个摘要按大端序读作 8 个 32 位无符号整数；取小于 k 的整数时，跳过不小于 2^32−(2^32 mod k) 的值后对 k 取余；候选按编号升序，做前 m 步 Fisher–Yates 洗牌取前 m 个。单位的标签为 units，某单位内干部的标签为 members:单位编号。';

const RUNNER_ROLES = ['clerk', 'inspector'];

function itemsOf(row: { items: string }): InspectionItem[] {
  return JSON.parse(row.items) as InspectionItem[];
}

async function loadInScope(svc: Services, auth: AuthContext, id: number) {
  const row = await repo.getInspection(svc.db, id);
  // The same answer for a missing inspection and one out of reach: no probing of ids.
  if (!row || !(await svc.guard.allows(auth, AssessmentPolicy.viewInspections, { unitPath: row.scope_path }))) throw notFound('找不到该督查');
  return row;
}

export async function listInspections(svc: Services, auth: AuthContext, year?: number): Promise<InspectionSummary[]> {
  const reach = await svc.guard.reach(auth, AssessmentPolicy.viewInspections);
  const rows = await repo.listInspections(svc.db, reach, year);
  return rows.map((r) => ({
    id: r.id,
    scopeName: r.scope_name,
    year: r.year,
    quarter: r.quarter,
    title: r.title,
    kindLabel: INSPECTION_KINDS[r.kind as keyof typeof INSPECTION_KINDS] ?? r.kind,
    status: r.status,
    statusLabel: INSPECTION_STATUS[r.status as keyof typeof INSPECTION_STATUS] ?? r.status,
    unitsDrawn: Number(r.unit_drawn ?? 0),
    findingCount: Number(r.finding_count ?? 0),
    drawnAt: r.drawn_at,
  }));
}

export async function createInspection(svc: Services, auth: AuthContext, input: InspectionCreate): Promise<number> {
  const scope = await repo.getUnit(svc.db, input.scopeUnitId);
  if (!scope) throw badRequest('督查范围的单位不存在');
  await svc.guard.authorize(auth, AssessmentPolicy.planInspection, { unitPath: scope.path }, '该单位不在您的督查范围内');
  const [defUnits, defMembers, points] = await Promise.all([
    svc.settings.int('assessment.drawUnits', input.year),
    svc.settings.int('assessment.drawMembers', input.year),
    svc.settings.int('assessment.inspectionItemPoints', input.year),
  ]);
  const keys = input.itemKeys ?? INSPECTION_TEMPLATE.map((t) => t.key);
  if (!keys.length) throw badRequest('请至少选择一项检查内容');
  const unknown = keys.find((k) => !INSPECTION_TEMPLATE.some((t) => t.key === k));
  if (unknown) throw badRequest(`没有名为“${unknown}”的检查内容`);
  if (new Set(keys).size !== keys.length) throw badRequest('检查内容重复');
  const items: InspectionItem[] = INSPECTION_TEMPLATE.filter((t) => keys.includes(t.key)).map((t) => ({ ...t, maxScore: points }));
  const team = [...new Set(input.teamUserIds)];
  const found = await repo.usersWithRoleOver(svc.db, team, RUNNER_ROLES, scope.path);
  if (found.length !== team.length) throw badRequest('督查组成员须为管辖该范围的党建办或效能办人员');
  const title = (input.title ?? '').trim() || `${input.year}年第${input.quarter}季度“书香”机关创建${INSPECTION_KINDS[input.kind]}`;
  return svc.db.transaction().execute(async (trx) => {
    const id = await repo.insertInspection(
      trx,
      {
        scope_unit_id: scope.id,
        year: input.year,
        quarter: input.quarter,
        title,
        kind: input.kind,
        items: JSON.stringify(items),
        unit_count: input.unitCount ?? defUnits,
        members_per_unit: input.membersPerUnit ?? defMembers,
        created_by: auth.userId,
        now: nowIso(),
      },
      team,
    );
    await svc.audit.record(trx, auth.actor(), { action: 'assessment.inspection.create', entity: 'inspection', entityId: id, detail: { title, scope: scope.name, team } });
    return id;
  });
}

export async function getInspection(svc: Services, auth: AuthContext, id: number): Promise<InspectionView> {
  const row = await loadInScope(svc, auth, id);
  const [team, units, findings] = await Promise.all([repo.teamOf(svc.db, id), repo.drawnUnits(svc.db, id), repo.findingsOf(svc.db, id)]);
  const memberIds = units.flatMap((u) => JSON.parse(u.member_ids) as number[]);
  const members = new Map((await repo.membersByIds(svc.db, memberIds)).map((m) => [m.id, m]));
  return {
    id: row.id,
    scopeUnitId: row.scope_unit_id,
    scopeName: row.scope_name,
    year: row.year,
    quarter: row.quarter,
    title: row.title,
    kind: row.kind,
    kindLabel: INSPECTION_KINDS[row.kind as keyof typeof INSPECTION_KINDS] ?? row.kind,
    status: row.status,
    statusLabel: INSPECTION_STATUS[row.status as keyof typeof INSPECTION_STATUS] ?? row.status,
    items: itemsOf(row),
    unitCount: row.unit_count,
    membersPerUnit: row.members_per_unit,
    seed: row.seed,
    algorithm: row.algorithm,
    drawnAt: row.drawn_at,
    team: team.map((t) => ({ id: t.id, name: t.display_name })),
    units: units.map((u) => ({
      unitId: u.unit_id,
      unitName: u.name,
      order: u.draw_order,
      members: (JSON.parse(u.member_ids) as number[]).map((mid) => ({ id: mid, name: members.get(mid)?.name ?? '', position: members.get(mid)?.position ?? '' })),
      findingCount: findings.filter((f) => f.unit_id === u.unit_id).length,
    })),
    version: row.version,
  };
}

export async function drawInspection(svc: Services, auth: AuthContext, id: number, input: { seed?: string; version: number }): Promise<InspectionView> {
  const row = await loadInScope(svc, auth, id);
  await svc.guard.authorize(auth, AssessmentPolicy.planInspection, { unitPath: row.scope_path });
  if (row.status !== 'planned') throw badRequest('本次督查已经抽签，抽签结果不能更改');
  if (row.version !== input.version) throw conflict();
  const seed = input.seed === undefined || input.seed === '' ? newSeed() : input.seed;
  const bad = checkSeed(seed);
  if (bad) throw badRequest(bad);
  const candidates = await repo.drawCandidates(svc.db, row.scope_path);
  if (!candidates.units.length) throw badRequest('督查范围内没有可抽取的单位（须有在册干部）');
  const result = draw(DRAW_ALGORITHM, seed, candidates, row.unit_count, row.members_per_unit);
  await svc.db.transaction().execute(async (trx) => {
    const ok = await repo.recordDraw(trx, id, row.version, { seed, algorithm: DRAW_ALGORITHM, candidates: JSON.stringify(candidates), drawn_by: auth.userId, now: nowIso() }, result.units);
    if (!ok) throw new AppError(409, 'ALREADY_DRAWN', '本次督查已经抽签，抽签结果不能更改');
    await svc.audit.record(trx, auth.actor(), {
      action: 'assessment.inspection.draw',
      entity: 'inspection',
      entityId: id,
      detail: { seed, algorithm: DRAW_ALGORITHM, units: result.units.map((u) => u.unitId), candidates: candidates.units.length },
    });
  });
  return getInspection(svc, auth, id);
}

async function presentDraw(svc: Services, row: repo.InspectionRow, seed: string, candidates: DrawCandidates): Promise<PublicDraw> {
  const result = draw(row.algorithm ?? DRAW_ALGORITHM, seed, candidates, row.unit_count, row.members_per_unit);
  const units = new Map((await repo.unitsByIds(svc.db, result.units.map((u) => u.unitId))).map((u) => [u.id, u]));
  const members = new Map((await repo.membersByIds(svc.db, result.units.flatMap((u) => u.memberIds))).map((m) => [m.id, m]));
  // Names masked past the first character: the public sees that a person was drawn, not who.
  const mask = (name: string) => (name ? `${name.slice(0, 1)}${'*'.repeat(Math.max(1, name.length - 1))}` : '');
  return {
    inspectionId: row.id,
    title: row.title,
    seed,
    algorithm: row.algorithm ?? DRAW_ALGORITHM,
    algorithmDescription: DRAW_DESCRIPTION,
    drawnAt: row.drawn_at ?? '',
    unitCount: row.unit_count,
    membersPerUnit: row.members_per_unit,
    candidates,
    units: result.units.map((u) => ({ unitId: u.unitId, unitName: units.get(u.unitId)?.name ?? '', memberIds: u.memberIds, memberNames: u.memberIds.map((m) => mask(members.get(m)?.name ?? '')) })),
  };
}

async function drawnRow(svc: Services, id: number) {
  const row = await repo.getInspection(svc.db, id);
  if (!row || row.status === 'planned' || !row.seed || !row.candidates) throw notFound('找不到该次抽签（尚未抽签或不存在）');
  return row as repo.InspectionRow & { seed: string; candidates: string };
}

/** The published draw: seed, algorithm, the candidates as recorded, and the result recomputed from them. */
export async function publicDraw(svc: Services, id: number): Promise<PublicDraw> {
  const row = await drawnRow(svc, id);
  return presentDraw(svc, row, row.seed, JSON.parse(row.candidates) as DrawCandidates);
}

/**
 * Anyone re-draws with the published seed and algorithm and gets the same units and members.
 * A seed or algorithm other than the recorded one is refused: its result is not this draw.
 */
export async function redraw(svc: Services, id: number, input: { seed: string; algorithm: string }): Promise<{ matches: boolean; draw: PublicDraw }> {
  const row = await drawnRow(svc, id);
  if (input.algorithm !== row.algorithm) throw badRequest(`算法版本“${input.algorithm}”与本次抽签记录的“${row.algorithm}”不一致，不能作为原始抽签复核`);
  if (input.seed !== row.seed) throw badRequest('该种子与本次抽签公布的种子不一致：用其他种子抽出的结果不能作为本次抽查的原始结果');
  const again = await presentDraw(svc, row, input.seed, JSON.parse(row.candidates) as DrawCandidates);
  const recorded = await repo.drawnUnits(svc.db, id);
  const matches =
    recorded.length === again.units.length &&
    recorded.every((r, i) => r.unit_id === again.units[i]!.unitId && r.member_ids === JSON.stringify(again.units[i]!.memberIds));
  return { matches, draw: again };
}

function presentFinding(f: Awaited<ReturnType<typeof repo.findingsOf>>[number], items: InspectionItem[]): FindingView {
  return {
    id: f.id,
    inspectionId: f.inspection_id,
    unitId: f.unit_id,
    unitName: f.unit_name,
    itemKey: f.item_key,
    itemLabel: items.find((i) => i.key === f.item_key)?.label ?? f.item_key,
    score: f.score,
    maxScore: f.max_score,
    text: f.text,
    photoFileId: f.photo_file_id,
    memberId: f.member_id,
    memberName: f.member_name ?? null,
    clientId: f.client_id,
    observedAt: f.observed_at,
    byName: f.by_name,
    rectificationId: f.rectification_id ?? null,
    rectificationStatus: f.rectification_status ?? null,
  };
}

export async function listFindings(svc: Services, auth: AuthContext, id: number): Promise<FindingView[]> {
  const row = await loadInScope(svc, auth, id);
  const items = itemsOf(row);
  return (await repo.findingsOf(svc.db, id)).map((f) => presentFinding(f, items));
}

async function unitOfInspection(svc: Services, row: repo.InspectionRow, unitId: number) {
  const unit = await repo.getUnit(svc.db, unitId);
  if (!unit || !unit.path.startsWith(row.scope_path)) throw badRequest('该单位不在本次督查范围内');
  if (row.kind === 'random') {
    const drawn = await repo.drawnUnits(svc.db, row.id);
    if (!drawn.some((d) => d.unit_id === unitId)) throw badRequest('随机抽查只检查抽中的单位');
  }
  return unit;
}

/** The on-site sheet: the items, what the platform knows about the unit this quarter, the drawn members, the findings so far. */
export async function unitSheet(svc: Services, auth: AuthContext, id: number, unitId: number): Promise<UnitSheet> {
  const row = await loadInScope(svc, auth, id);
  const unit = await unitOfInspection(svc, row, unitId);
  const period = quarterBounds(row.year, row.quarter);
  const facts = (await collectEvidence(svc, [{ id: unit.id, name: unit.name, path: unit.path }], row.year, period.from, period.to)).get(unit.id) ?? [];
  const items = itemsOf(row);
  const drawn = (await repo.drawnUnits(svc.db, id)).find((d) => d.unit_id === unitId);
  const memberIds = drawn ? (JSON.parse(drawn.member_ids) as number[]) : [];
  const members = new Map((await repo.membersByIds(svc.db, memberIds)).map((m) => [m.id, m]));
  return {
    inspectionId: id,
    unitId,
    unitName: unit.name,
    period,
    items: items.map((it) => ({ ...it, facts: facts.filter((f) => it.metrics.includes(f.metric)).map((f) => ({ ...f, adverse: Boolean(f.adverse) })) })),
    members: memberIds.map((m) => ({ id: m, name: members.get(m)?.name ?? '', position: members.get(m)?.position ?? '' })),
    findings: (await repo.findingsOf(svc.db, id, unitId)).map((f) => presentFinding(f, items)),
    canRecord: row.status === 'drawn' && (await svc.guard.allows(auth, AssessmentPolicy.recordFinding, { unitPath: unit.path })),
  };
}

/**
 * A finding made on site. The phone sends it again after a lost connection with the same
 * client id: the second time returns the first finding and writes nothing.
 */
export async function addFinding(svc: Services, auth: AuthContext, id: number, input: FindingInput): Promise<{ finding: FindingView; created: boolean }> {
  const row = await loadInScope(svc, auth, id);
  const items = itemsOf(row);
  const again = await repo.findingByClientId(svc.db, input.clientId);
  if (again) {
    if (again.created_by !== auth.userId || again.inspection_id !== id) throw badRequest('该记录编号已被使用');
    const f = (await repo.findingsOf(svc.db, id, again.unit_id)).find((x) => x.id === again.id)!;
    return { finding: presentFinding(f, items), created: false };
  }
  if (row.status === 'planned') throw badRequest('请先抽签，再记录检查发现');
  if (row.status === 'closed') throw badRequest('本次督查已结束，不能再记录');
  const unit = await unitOfInspection(svc, row, input.unitId);
  await svc.guard.authorize(auth, AssessmentPolicy.recordFinding, { unitPath: unit.path }, '该单位不在您的督查范围内');
  const team = await repo.teamOf(svc.db, id);
  if (team.length && !team.some((t) => t.id === auth.userId) && !auth.has('clerk')) throw badRequest('您不是本次督查组成员');
  const item = items.find((i) => i.key === input.itemKey);
  if (!item) throw badRequest('本次督查没有该检查项');
  if (input.score > item.maxScore) throw badRequest(`“${item.label}”满分 ${item.maxScore} 分，得分不能超过满分`);
  const text = input.text.trim();
  if (!text) throw badRequest('请填写检查发现');
  if (input.photoFileId === null) throw badRequest('请拍摄现场照片');
  await ownUnusedFile(svc, auth, input.photoFileId, 'finding');
  const member = input.memberId ? await repo.memberInUnit(svc.db, input.memberId, unit.path) : null;
  if (input.memberId && !member) throw badRequest('所选干部不在该单位');
  const observedAt = input.observedAt && Date.parse(input.observedAt) <= Date.now() + 5 * 60_000 ? new Date(input.observedAt).toISOString() : nowIso();
  const fid = await svc.db.transaction().execute(async (trx) => {
    if (!(await attachFile(trx, input.photoFileId!))) throw badRequest('这张照片已用于其他记录，请重新上传');
    const fid = await repo.insertFinding(trx, {
      inspection_id: id,
      unit_id: unit.id,
      member_id: member?.id ?? null,
      item_key: item.key,
      score: input.score,
      max_score: item.maxScore,
      text,
      photo_file_id: input.photoFileId,
      client_id: input.clientId,
      observed_at: observedAt,
      created_by: auth.userId,
      created_at: nowIso(),
    });
    await svc.audit.record(trx, auth.actor(), { action: 'assessment.finding.create', entity: 'inspection_finding', entityId: fid, detail: { inspection: id, unit: unit.name, item: item.key, score: input.score, ...(member ? { member: member.name } : {}) } });
    return fid;
  });
  const f = (await repo.findingsOf(svc.db, id, unit.id)).find((x) => x.id === fid)!;
  return { finding: presentFinding(f, items), created: true };
}

export async function closeInspection(svc: Services, auth: AuthContext, id: number, version: number) {
  const row = await loadInScope(svc, auth, id);
  await svc.guard.authorize(auth, AssessmentPolicy.planInspection, { unitPath: row.scope_path });
  if (row.status !== 'drawn') throw badRequest(row.status === 'planned' ? '尚未抽签的督查不能结束' : '本次督查已结束');
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.setStatus(trx, id, version, 'drawn', 'closed', nowIso()))) throw conflict();
    await svc.audit.record(trx, auth.actor(), { action: 'assessment.inspection.close', entity: 'inspection', entityId: id });
  });
  return getInspection(svc, auth, id);
}

/** People who may be put on an inspection team of a scope (clerks and inspectors over it). */
export async function teamCandidates(svc: Services, auth: AuthContext, scopeUnitId: number) {
  const scope = await repo.getUnit(svc.db, scopeUnitId);
  if (!scope) throw badRequest('单位不存在');
  await svc.guard.authorize(auth, AssessmentPolicy.planInspection, { unitPath: scope.path }, '该单位不在您的督查范围内');
  const rows = await repo.runnersOver(svc.db, RUNNER_ROLES, scope.path);
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

/** The quarter's report as .docx, with the file name it is offered under. */
export async function inspectionReport(svc: Services, auth: AuthContext, id: number): Promise<{ filename: string; buf: Buffer }> {
  const view = await getInspection(svc, auth, id);
  const items = view.items;
  const rows = await repo.findingsOf(svc.db, id);
  const findings = rows.map((f) => ({ ...presentFinding(f, items), rectificationDeadline: f.rectification_deadline ?? null }));
  return { filename: `${view.title}.docx`, buf: await inspectionDocx(view, findings) };
}

/**
 * The findings against members observed in [fromIso, toIso): under a unit path, or of one
 * member. Read by the year score's deduction (scorecard) through this service.
 */
export async function findingsAgainstMembers(svc: Services, f: { rootPath?: string; memberId?: number; fromIso: string; toIso: string }) {
  const rows = await repo.findingsAgainstMembers(svc.db, f);
  return rows.map((r) => ({
    id: r.id,
    memberId: r.member_id!,
    inspectionId: r.inspection_id,
    inspectionTitle: r.inspection_title,
    itemLabel: itemsOf(r).find((i) => i.key === r.item_key)?.label ?? r.item_key,
    text: r.text,
    score: r.score,
    maxScore: r.max_score,
    observedAt: r.observed_at,
  }));
}
