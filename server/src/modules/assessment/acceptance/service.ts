// The year-end joint acceptance (plan §四 联合验收): the clerk's checklist per year, teams from the
// three offices, automatic evidence with suggested scores, blind independent scoring, the lead's
// sign-off that locks a unit, audited unlocking, grades and the ranking.
import type { AuthContext } from '../../../platform/auth/context';
import { AppError, badRequest, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { nowIso, todayLocal } from '../../../platform/time';
import { ownUnusedFile } from '../evidence/files';
import { attachFile } from '../evidence/repository';
import { evidenceMetrics } from '../evidence/registry';
import { collectEvidence } from '../evidence/service';
import { AssessmentPolicy } from '../policy';
import * as repo from './repository';
import { acceptanceDocx, scoresXlsx } from './exports';
import { checkChecklist, consolidate, DEFAULT_CHECKLIST, gradeOf, suggestedPoints, type ChecklistItem, type Consolidated, type GradeThresholds } from './rules';
import { OFFICES, type ResultRow, type ResultsView, type ScoreInput, type ScoringView, type SheetView, type TeamInput, type TeamView } from './schemas';

const RUNNER_ROLES = ['clerk', 'inspector'];
const METHOD_LABEL = { average: '平均分', dropExtremes: '去掉一个最高分和一个最低分后的平均分' } as const;

export async function checklistOf(svc: Services, year: number): Promise<{ items: ChecklistItem[]; stored: boolean }> {
  const rows = await repo.checklistRows(svc.db, year);
  if (!rows.length) return { items: DEFAULT_CHECKLIST.map((i) => ({ ...i })), stored: false };
  return {
    items: rows.map((r) => ({ key: r.item_key, section: r.section, category: r.category, title: r.title, maxPoints: r.max_points, guidance: r.guidance, source: r.source })),
    stored: true,
  };
}

/** Every metric a checklist item may take its evidence from (the registered providers', plus the planned modules'). */
function knownSources() {
  const registered = evidenceMetrics();
  // An item of the default checklist whose metric no provider registers (none today: every module
  // that the plan names supplies its evidence) keeps its place and is scored by hand.
  const planned = DEFAULT_CHECKLIST.filter((i) => i.source !== 'manual' && !registered.some((m) => m.key === i.source)).map((i) => ({ key: i.source, label: `${i.category}（无自动佐证，手工评分）`, section: i.section }));
  return [...registered.map((m) => ({ key: m.key, label: m.label, section: m.section })), ...planned];
}

export async function getChecklist(svc: Services, auth: AuthContext, year: number) {
  await svc.guard.authorize(auth, AssessmentPolicy.viewChecklist);
  const { items, stored } = await checklistOf(svc, year);
  return { year, items, stored, scoringStarted: (await repo.scoreCountOfYear(svc.db, year)) > 0, totalPoints: items.reduce((s, i) => s + i.maxPoints, 0), sources: knownSources() };
}

export async function saveChecklist(svc: Services, auth: AuthContext, year: number, items: ChecklistItem[]) {
  await svc.guard.authorize(auth, AssessmentPolicy.editChecklist);
  const clean = items.map((i) => ({ ...i, key: i.key.trim(), title: i.title.trim(), category: i.category.trim(), section: i.section.trim(), guidance: i.guidance.trim() }));
  const problem = checkChecklist(clean, knownSources().map((s) => s.key));
  if (problem) throw badRequest(problem);
  if ((await repo.scoreCountOfYear(svc.db, year)) > 0) {
    const { items: before } = await checklistOf(svc, year);
    const shape = (l: ChecklistItem[]) => JSON.stringify(l.map((i) => [i.key, i.maxPoints, i.source]));
    if (shape(before) !== shape(clean)) throw badRequest('本年度已开始评分，细则清单只能修改内容和评分说明，不能增删项目或改分值、数据来源');
  }
  await svc.db.transaction().execute(async (trx) => {
    await repo.replaceChecklist(
      trx,
      year,
      clean.map((i) => ({ item_key: i.key, section: i.section, category: i.category, title: i.title, max_points: i.maxPoints, guidance: i.guidance, source: i.source })),
    );
    await svc.audit.record(trx, auth.actor(), { action: 'assessment.checklist.save', entity: 'acceptance_checklist', entityId: year, detail: { items: clean.length, total: clean.reduce((s, i) => s + i.maxPoints, 0) } });
  });
  return getChecklist(svc, auth, year);
}

// ------------------------------------------------------------------ teams

interface TeamCtx {
  teams: (repo.TeamRow & { members: { user_id: number; office: string; display_name: string }[] })[];
}

async function teamsOf(svc: Services, year: number): Promise<TeamCtx> {
  const teams = await repo.teamsOfYear(svc.db, year);
  const members = await repo.teamMembers(
    svc.db,
    teams.map((t) => t.id),
  );
  return { teams: teams.map((t) => ({ ...t, members: members.filter((m) => m.team_id === t.id) })) };
}

const presentTeam = (t: TeamCtx['teams'][number]): TeamView => ({
  id: t.id,
  year: t.year,
  name: t.name,
  scopeUnitId: t.scope_unit_id,
  scopeName: t.scope_name,
  leadUserId: t.lead_user_id,
  leadName: t.lead_name,
  members: t.members.map((m) => ({ userId: m.user_id, name: m.display_name, office: m.office })),
});

export async function listTeams(svc: Services, auth: AuthContext, year: number): Promise<TeamView[]> {
  const { teams } = await teamsOf(svc, year);
  const out: TeamView[] = [];
  for (const t of teams) if (t.members.some((m) => m.user_id === auth.userId) || (await svc.guard.allows(auth, AssessmentPolicy.viewChecklist, { unitPath: t.scope_path }))) out.push(presentTeam(t));
  return out;
}

export async function createTeam(svc: Services, auth: AuthContext, year: number, input: TeamInput): Promise<TeamView> {
  const scope = await repo.getUnit(svc.db, input.scopeUnitId);
  if (!scope) throw badRequest('验收范围的单位不存在');
  await svc.guard.authorize(auth, AssessmentPolicy.nameTeam, { unitPath: scope.path }, '该单位不在您的管理范围内');
  const name = input.name.trim();
  if (!name) throw badRequest('请填写验收组名称');
  const ids = input.members.map((m) => m.userId);
  if (new Set(ids).size !== ids.length) throw badRequest('验收组成员重复');
  const bad = input.members.find((m) => !(OFFICES as readonly string[]).includes(m.office));
  if (bad) throw badRequest(`成员所在部门应为${OFFICES.join('、')}之一`);
  if (!ids.includes(input.leadUserId)) throw badRequest('组长须为验收组成员');
  const ok = await repo.usersWithRoleOver(svc.db, ids, RUNNER_ROLES, scope.path);
  if (ok.length !== ids.length) throw badRequest('验收组成员须为管辖该范围的党建办、效能办或党政办人员');
  const { teams } = await teamsOf(svc, year);
  const overlap = teams.find((t) => t.scope_path.startsWith(scope.path) || scope.path.startsWith(t.scope_path));
  if (overlap) throw badRequest(`${year}年“${overlap.scope_name}”已有验收组“${overlap.name}”，范围不能重叠`);
  const id = await svc.db.transaction().execute(async (trx) => {
    const id = await repo.insertTeam(
      trx,
      { year, name, scope_unit_id: scope.id, lead_user_id: input.leadUserId, created_by: auth.userId, created_at: nowIso() },
      input.members.map((m) => ({ user_id: m.userId, office: m.office })),
    );
    await svc.audit.record(trx, auth.actor(), { action: 'assessment.team.create', entity: 'acceptance_team', entityId: id, detail: { year, name, scope: scope.name, members: input.members, lead: input.leadUserId } });
    return id;
  });
  return presentTeam((await teamsOf(svc, year)).teams.find((t) => t.id === id)!);
}

// ------------------------------------------------------------------ evidence

export interface UnitEvidenceItem {
  key: string;
  facts: import('../evidence/registry').EvidenceFact[];
  suggested: number | null;
}

/** Every unit's evidence for the year's checklist, with suggested points (the bench measures this). */
export async function prefillEvidence(svc: Services, year: number, units: { id: number; name: string; path: string }[]): Promise<Map<number, UnitEvidenceItem[]>> {
  const { items } = await checklistOf(svc, year);
  const facts = await collectEvidence(svc, units, year, `${year}-01-01`, `${year}-12-31`);
  // The metrics that stand beside an item's source (exams.average and lectures.given beside exams.taken).
  const beside = new Map<string, string[]>();
  for (const m of evidenceMetrics()) if (m.with) beside.set(m.with, [...(beside.get(m.with) ?? []), m.key]);
  const out = new Map<number, UnitEvidenceItem[]>();
  for (const u of units) {
    const mine = facts.get(u.id) ?? [];
    out.set(
      u.id,
      items.map((i) => {
        if (i.source === 'manual') return { key: i.key, facts: [], suggested: null };
        const own = mine.filter((x) => x.metric === i.source);
        const more = beside.get(i.source) ?? [];
        const ratio = own.length === 1 ? own[0]!.ratio : null;
        return { key: i.key, facts: [...own, ...mine.filter((x) => more.includes(x.metric))], suggested: suggestedPoints(ratio, i.maxPoints) };
      }),
    );
  }
  return out;
}

// ------------------------------------------------------------------ scoring

async function thresholds(svc: Services, year: number): Promise<GradeThresholds> {
  const [excellent, good, pass] = await Promise.all([svc.settings.int('assessment.gradeExcellent', year), svc.settings.int('assessment.gradeGood', year), svc.settings.int('assessment.gradePass', year)]);
  return { excellent, good, pass };
}

async function consolidation(svc: Services, year: number) {
  const [drop, flagAt] = await Promise.all([svc.settings.bool('assessment.dropExtremes', year), svc.settings.int('assessment.disagreementPoints', year)]);
  return (totals: number[]) => consolidate(totals, drop, flagAt);
}

const presentSheet = (s: repo.SheetRow): SheetView => ({
  userId: s.user_id,
  name: s.display_name,
  total: s.total_tenths / 10,
  submittedAt: s.submitted_at,
  items: (JSON.parse(s.items) as { key: string; tenths: number; note: string; photoFileId: number | null }[]).map((i) => ({ key: i.key, points: i.tenths / 10, note: i.note, photoFileId: i.photoFileId })),
});

const presentConsolidated = (c: Consolidated, t: GradeThresholds) => ({
  score: c.scoreX100 / 100,
  spread: c.spreadX100 / 100,
  method: c.method,
  methodLabel: METHOD_LABEL[c.method],
  count: c.count,
  flagged: c.flagged,
  grade: gradeOf(c.scoreX100 / 100, t),
});

async function unitInAcceptance(svc: Services, auth: AuthContext, year: number, unitId: number) {
  const unit = await repo.getUnit(svc.db, unitId);
  const ctx = await teamsOf(svc, year);
  const team = unit ? ctx.teams.find((t) => unit.path.startsWith(t.scope_path)) : undefined;
  const onTeam = Boolean(team?.members.some((m) => m.user_id === auth.userId));
  if (!unit || !(onTeam || (await svc.guard.allows(auth, AssessmentPolicy.viewEvidence, { unitPath: unit.path })))) throw notFound('找不到该单位的验收');
  return { unit, team, onTeam };
}

export async function scoring(svc: Services, auth: AuthContext, year: number, unitId: number): Promise<ScoringView> {
  const { unit, team, onTeam } = await unitInAcceptance(svc, auth, year, unitId);
  const { items } = await checklistOf(svc, year);
  const [evidence, sheets, result, t, cons] = await Promise.all([
    prefillEvidence(svc, year, [unit]),
    repo.sheetsOf(svc.db, year, [unit.id]),
    repo.resultOf(svc.db, year, unit.id),
    thresholds(svc, year),
    consolidation(svc, year),
  ]);
  const mine = sheets.find((s) => s.user_id === auth.userId);
  // Blind until submitted: a team member sees the others' sheets only after handing in their own.
  const seeOthers = !onTeam || Boolean(mine);
  const locked = Boolean(result?.locked);
  const c = cons(sheets.map((s) => s.total_tenths));
  const isLead = team?.lead_user_id === auth.userId;
  const teamSize = team?.members.length ?? 0;
  const unlocks = result ? await repo.unlocksOf(svc.db, result.id) : [];
  return {
    year,
    unitId: unit.id,
    unitName: unit.name,
    team: team ? presentTeam(team) : null,
    items,
    evidence: (evidence.get(unit.id) ?? []).map((e) => ({ ...e, facts: e.facts.map((f) => ({ ...f, adverse: Boolean(f.adverse) })) })),
    mine: mine ? presentSheet(mine) : null,
    sheets: seeOthers ? sheets.map(presentSheet) : [],
    submittedCount: sheets.length,
    teamSize,
    consolidated: seeOthers && c ? presentConsolidated(c, t) : null,
    locked,
    signedBy: locked && result?.signed_by ? (team?.members.find((m) => m.user_id === result.signed_by)?.display_name ?? null) : null,
    signedAt: locked ? (result?.signed_at ?? null) : null,
    unlocks: unlocks.map((u) => ({ reason: u.reason, by: u.display_name, at: u.created_at })),
    canScore: onTeam && !mine && !locked && (await svc.guard.allows(auth, AssessmentPolicy.score, { unitPath: unit.path })),
    canSignOff: isLead && !locked && sheets.length === teamSize && teamSize > 0,
    canUnlock: locked && (isLead || auth.reaches(unit.path, ['clerk'])),
    canWithdraw: Boolean(mine) && !locked && unlocks.length > 0,
  };
}

export async function submitScore(svc: Services, auth: AuthContext, year: number, unitId: number, input: ScoreInput): Promise<ScoringView> {
  const { unit, team, onTeam } = await unitInAcceptance(svc, auth, year, unitId);
  await svc.guard.authorize(auth, AssessmentPolicy.score, { unitPath: unit.path });
  if (!team || !onTeam) throw badRequest('您不是该单位验收组的成员，不能评分');
  const result = await repo.resultOf(svc.db, year, unit.id);
  if (result?.locked) throw badRequest('该单位已由组长签字锁定，不能再评分');
  const { items } = await checklistOf(svc, year);
  const given = new Map(input.items.map((i) => [i.key, i]));
  if (given.size !== input.items.length) throw badRequest('评分项目重复');
  const extra = input.items.find((i) => !items.some((c) => c.key === i.key));
  if (extra) throw badRequest(`细则清单中没有“${extra.key}”这一项`);
  const missing = items.find((c) => !given.has(c.key));
  if (missing) throw badRequest(`请为“${missing.title}”评分`);
  const sheet: { key: string; tenths: number; note: string; photoFileId: number | null }[] = [];
  for (const c of items) {
    const g = given.get(c.key)!;
    if (g.points > c.maxPoints) throw badRequest(`“${c.title}”满分 ${c.maxPoints} 分，评分不能超过满分`);
    if (Math.round(g.points * 2) !== g.points * 2) throw badRequest(`“${c.title}”的评分最小单位为 0.5 分`);
    sheet.push({ key: c.key, tenths: Math.round(g.points * 10), note: (g.note ?? '').trim(), photoFileId: g.photoFileId ?? null });
  }
  const photos = sheet.map((s) => s.photoFileId).filter((p): p is number => p !== null);
  if (new Set(photos).size !== photos.length) throw badRequest('同一张照片不能用于多个评分项目');
  for (const p of photos) await ownUnusedFile(svc, auth, p, 'acceptance');
  const total = sheet.reduce((s, i) => s + i.tenths, 0);
  await svc.db.transaction().execute(async (trx) => {
    for (const p of photos) if (!(await attachFile(trx, p))) throw badRequest('这张照片已用于其他记录，请重新上传');
    const id = await repo.insertSheet(trx, { year, unit_id: unit.id, team_id: team.id, user_id: auth.userId, items: JSON.stringify(sheet), total_tenths: total, submitted_at: nowIso() });
    if (!id) throw badRequest('您已提交过该单位的评分，不能重复提交');
    await svc.audit.record(trx, auth.actor(), { action: 'assessment.score.submit', entity: 'acceptance_score', entityId: id, detail: { year, unit: unit.name, total: total / 10 } });
  });
  return scoring(svc, auth, year, unitId);
}

/** After an unlock, a team member takes back their sheet to score again (audited). */
export async function withdrawScore(svc: Services, auth: AuthContext, year: number, unitId: number): Promise<ScoringView> {
  const view = await scoring(svc, auth, year, unitId);
  await svc.guard.authorize(auth, AssessmentPolicy.score, { unitPath: (await repo.getUnit(svc.db, unitId))!.path });
  if (view.locked) throw badRequest('该单位已由组长签字锁定，不能再评分');
  if (!view.canWithdraw) throw badRequest(view.mine ? '只有解除锁定后才能撤回评分' : '您尚未提交该单位的评分');
  const sheet = (await repo.sheetsOf(svc.db, year, [unitId])).find((s) => s.user_id === auth.userId)!;
  await svc.db.transaction().execute(async (trx) => {
    await repo.deleteSheet(trx, sheet.id);
    await svc.audit.record(trx, auth.actor(), { action: 'assessment.score.withdraw', entity: 'acceptance_score', entityId: sheet.id, detail: { year, unitId, total: sheet.total_tenths / 10, items: sheet.items } });
  });
  return scoring(svc, auth, year, unitId);
}

export async function signOff(svc: Services, auth: AuthContext, year: number, unitId: number): Promise<ScoringView> {
  const { unit, team } = await unitInAcceptance(svc, auth, year, unitId);
  await svc.guard.authorize(auth, AssessmentPolicy.signOff, { unitPath: unit.path });
  if (!team || team.lead_user_id !== auth.userId) throw badRequest('只有验收组组长可以签字确认');
  const sheets = await repo.sheetsOf(svc.db, year, [unit.id]);
  const waiting = team.members.filter((m) => !sheets.some((s) => s.user_id === m.user_id));
  if (waiting.length) throw badRequest(`还有 ${waiting.length} 名成员未提交评分：${waiting.map((m) => m.display_name).join('、')}`);
  const c = (await consolidation(svc, year))(sheets.map((s) => s.total_tenths))!;
  const grade = gradeOf(c.scoreX100 / 100, await thresholds(svc, year));
  await svc.db.transaction().execute(async (trx) => {
    const ok = await repo.lockResult(trx, { year, unit_id: unit.id, team_id: team.id, score_x100: c.scoreX100, spread_x100: c.spreadX100, grade, method: c.method, signed_by: auth.userId, signed_at: nowIso() });
    if (!ok) throw new AppError(409, 'LOCKED', '该单位已签字锁定');
    await svc.audit.record(trx, auth.actor(), { action: 'assessment.signoff', entity: 'acceptance_result', entityId: `${year}:${unit.id}`, detail: { unit: unit.name, score: c.scoreX100 / 100, spread: c.spreadX100 / 100, grade, method: c.method } });
  });
  return scoring(svc, auth, year, unitId);
}

export async function unlock(svc: Services, auth: AuthContext, year: number, unitId: number, reason: string): Promise<ScoringView> {
  const { unit, team } = await unitInAcceptance(svc, auth, year, unitId);
  await svc.guard.authorize(auth, AssessmentPolicy.unlock, { unitPath: unit.path });
  if (!(team?.lead_user_id === auth.userId || auth.reaches(unit.path, ['clerk']))) throw badRequest('只有验收组组长或党建办可以解除锁定');
  const why = reason.trim();
  if (why.length < 5) throw badRequest('请填写解除锁定的理由（不少于 5 个字）');
  const result = await repo.resultOf(svc.db, year, unit.id);
  if (!result?.locked) throw badRequest('该单位尚未签字锁定');
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.unlockResult(trx, result.id, why, auth.userId, nowIso()))) throw new AppError(409, 'NOT_LOCKED', '该单位已解除锁定');
    await svc.audit.record(trx, auth.actor(), { action: 'assessment.unlock', entity: 'acceptance_result', entityId: `${year}:${unit.id}`, detail: { unit: unit.name, reason: why, score: (result.score_x100 ?? 0) / 100, grade: result.grade } });
  });
  return scoring(svc, auth, year, unitId);
}

// ------------------------------------------------------------------ results

/**
 * The ranking. The offices (and leaders) see every unit they reach with the live consolidated
 * score; a unit's own people (secretary, cadres) see their unit only once it is signed off.
 */
export async function results(svc: Services, auth: AuthContext, year: number): Promise<ResultsView & { units: { id: number; name: string; path: string }[] }> {
  await svc.guard.authorize(auth, AssessmentPolicy.viewResults);
  const ctx = await teamsOf(svc, year);
  const units = await (ctx.teams.length ? repo.unitsUnder(svc.db, ctx.teams.map((t) => t.scope_path)) : Promise.resolve([]));
  const [sheets, res, t, cons, drop] = await Promise.all([
    repo.sheetsOf(
      svc.db,
      year,
      units.map((u) => u.id),
    ),
    repo.resultsOf(
      svc.db,
      year,
      units.map((u) => u.id),
    ),
    thresholds(svc, year),
    consolidation(svc, year),
    svc.settings.bool('assessment.dropExtremes', year),
  ]);
  const rows: (ResultRow & { path: string })[] = [];
  for (const u of units) {
    const team = ctx.teams.find((x) => u.path.startsWith(x.scope_path))!;
    const onTeam = team.members.some((m) => m.user_id === auth.userId);
    const office = onTeam || (await svc.guard.allows(auth, AssessmentPolicy.viewEvidence, { unitPath: u.path }));
    const r = res.find((x) => x.unit_id === u.id);
    const locked = Boolean(r?.locked);
    if (!office && !(locked && (await svc.guard.allows(auth, AssessmentPolicy.viewResults, { unitPath: u.path })))) continue;
    const mineSheets = sheets.filter((s) => s.unit_id === u.id);
    const mySubmitted = mineSheets.some((s) => s.user_id === auth.userId);
    const blind = onTeam && !mySubmitted && !locked;
    const live = cons(mineSheets.map((s) => s.total_tenths));
    const score = locked ? r!.score_x100! / 100 : !blind && live ? live.scoreX100 / 100 : null;
    const spread = locked ? r!.spread_x100! / 100 : !blind && live ? live.spreadX100 / 100 : null;
    rows.push({
      rank: null,
      unitId: u.id,
      unitName: u.name,
      teamName: team.name,
      score,
      spread,
      flagged: !blind && Boolean(live?.flagged),
      grade: locked ? r!.grade : score !== null ? gradeOf(score, t) : null,
      submittedCount: mineSheets.length,
      teamSize: team.members.length,
      locked,
      mySubmitted,
      path: u.path,
    });
  }
  const ranked = rows.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score!);
  // Equal scores share a rank (1, 2, 2, 4).
  ranked.forEach((r, i) => (r.rank = i > 0 && ranked[i - 1]!.score === r.score ? ranked[i - 1]!.rank : i + 1));
  const ordered = [...ranked, ...rows.filter((r) => r.score === null)];
  return {
    year,
    rows: ordered.map(({ path: _p, ...r }) => r),
    thresholds: t,
    method: drop ? METHOD_LABEL.dropExtremes : METHOD_LABEL.average,
    canExport: await svc.guard.allows(auth, AssessmentPolicy.exportResults),
    units: ordered.map((r) => ({ id: r.unitId, name: r.unitName, path: r.path })),
  };
}

export const currentYearLocal = () => Number(todayLocal().slice(0, 4));

/** The acceptance report (.docx) and the score table (.xlsx) of the units the user may see. */
export async function exportAcceptance(svc: Services, auth: AuthContext, year: number, kind: 'docx' | 'xlsx', within?: string): Promise<{ filename: string; buf: Buffer; units: number }> {
  await svc.guard.authorize(auth, AssessmentPolicy.exportResults);
  const all = await results(svc, auth, year);
  // within: only the units under a path (the year-end archive of one town).
  const r = within ? { ...all, rows: all.rows.filter((x) => all.units.find((u) => u.id === x.unitId)?.path.startsWith(within)) } : all;
  const teams = await listTeams(svc, auth, year);
  const exportable = r;
  if (kind === 'docx') {
    const scope = teams.map((t) => t.scopeName).filter((v, i, a) => a.indexOf(v) === i).join('、') || '';
    return { filename: `${year}年度书香机关创建联合验收报告.docx`, buf: await acceptanceDocx(scope, exportable, teams), units: r.rows.length };
  }
  const { items } = await checklistOf(svc, year);
  const sheets = await repo.sheetsOf(
    svc.db,
    year,
    r.rows.map((x) => x.unitId),
  );
  const byUnit = new Map<number, SheetView[]>();
  for (const x of r.rows) {
    // Sheets are shown per unit only where the viewer may see them (not blind).
    if (x.score === null) continue;
    byUnit.set(
      x.unitId,
      sheets.filter((s) => s.unit_id === x.unitId).map(presentSheet),
    );
  }
  return { filename: `${year}年度书香机关创建验收评分表.xlsx`, buf: await scoresXlsx(exportable, items, byUnit), units: r.rows.length };
}
