// The year score: indicators set up for the year (weights, targets, caps; which count),
// everyone's score in a town (or district) at once, ranks within unit and town, one
// member's breakdown with the records behind each number, the .xlsx export, and the
// weight set (refused or renormalised when it does not sum to 100).
import type { FastifyReply } from 'fastify';
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, forbidden, notFound } from '../../../platform/errors';
import { townOf } from '../../../platform/policy';
import type { Services } from '../../../platform/services';
import { SCORE_INDICATOR_DEFAULTS } from '../../../platform/settings';
import { currentYear, localMidnightIso, todayLocal } from '../../../platform/time';
import { buildXlsx, sendXlsx } from '../../../platform/xlsx';
import { ScorecardPolicy } from '../policy';
import { checkWeightSet, rankGroup, round2, scoreMember, tieOrder, type IndicatorResult, type IndicatorSetup } from './compute';
import './providers';
import './providers-more';
import { INDICATOR_INFO, INDICATOR_KEYS, providerOf, type Evidence, type IndicatorKey, type MemberRef, type ScoreContext } from './registry';
import * as repo from './repository';
import * as more from './repository-more';

export const TIE_RULE = '名次按总分从高到低；总分相同时，按权重从高到低依次比较各项指标得分，高者在前；仍相同的并列同一名次（下一名次顺延），按姓名拼音排列。';

export function yearContext(svc: Services, year: number): ScoreContext {
  const now = currentYear();
  if (!Number.isInteger(year) || year < 2000 || year > now) throw badRequest(`年度应为 2000 至 ${now} 年`);
  const today = todayLocal();
  const last = `${year}-12-31`;
  return { svc, year, from: `${year}-01-01`, to: today < last ? today : last, today };
}

export interface SetupView extends IndicatorSetup {
  key: IndicatorKey;
  name: string;
  module: string;
  valueUnit: string;
  formula: string;
  /** Why the indicator is dropped this year (null: it counts). */
  dropped: string | null;
}

export async function indicatorParams(svc: Services, year: number) {
  const out: Record<string, { weight: number; target: number; cap: number }> = {};
  for (const d of SCORE_INDICATOR_DEFAULTS) {
    const [weight, target, cap] = await Promise.all([
      svc.settings.int(`scores.weight.${d.key}`, year),
      svc.settings.int(`scores.target.${d.key}`, year),
      svc.settings.int(`scores.cap.${d.key}`, year),
    ]);
    out[d.key] = { weight, target, cap };
  }
  return out;
}

export async function indicatorSetups(ctx: ScoreContext): Promise<SetupView[]> {
  const params = await indicatorParams(ctx.svc, ctx.year);
  const out: SetupView[] = [];
  for (const key of INDICATOR_KEYS) {
    const p = params[key]!;
    const provider = providerOf(key);
    const info = INDICATOR_INFO[key];
    const kind = provider?.kind ?? (key === 'inspection' ? 'deduction' : 'weighted');
    let dropped: string | null = null;
    if (!provider) dropped = `“${info.module}”功能尚未上线，本项不计`;
    else if (kind === 'weighted' && p.weight === 0) dropped = '权重为 0，本项不计';
    else if (!(await provider.hasData(ctx))) dropped = `“${info.module}”本年度没有记录，本项不计`;
    out.push({
      key,
      name: info.name,
      module: info.module,
      kind,
      weight: p.weight,
      target: p.target,
      cap: p.cap,
      included: dropped === null,
      dropped,
      valueUnit: provider?.valueUnit ?? '',
      formula: provider ? await provider.formula(p, ctx) : '',
    });
  }
  return out;
}

export interface ScoreRow {
  memberId: number;
  name: string;
  pinyin: string;
  unitId: number;
  unitName: string;
  unitPath: string;
  townPath: string;
  total: number;
  indicators: IndicatorResult[];
  unitRank: number;
  unitSize: number;
  townRank: number;
  townSize: number;
}

export interface YearScores {
  year: number;
  asOf: string;
  setups: SetupView[];
  /** The sum of the weights that count, before renormalisation (100: nothing renormalised). */
  countedWeight: number;
  rows: ScoreRow[];
}

/** Scores every active member under rootPath, ranked within unit and within town. */
export async function computeScores(ctx: ScoreContext, rootPath: string, setupsIn?: SetupView[]): Promise<YearScores> {
  const { svc } = ctx;
  const setups = setupsIn ?? (await indicatorSetups(ctx));
  const membersRaw = await repo.membersUnder(svc.db, rootPath);
  const members: MemberRef[] = membersRaw.map((m) => ({ id: m.id, name: m.name, pinyin: m.name_pinyin, unitId: m.unit_id, unitName: m.unit_name, unitPath: m.unit_path }));
  const values = new Map<string, Map<number, number>>();
  for (const s of setups) {
    if (!s.included) continue;
    values.set(s.key, await providerOf(s.key)!.values(ctx, members, rootPath));
  }
  const townPaths = await svc.guard.townPaths();
  const rows: ScoreRow[] = members.map((m) => {
    const mv = new Map<string, number | null>();
    for (const s of setups) mv.set(s.key, values.get(s.key)?.get(m.id) ?? null);
    const sc = scoreMember(m.id, setups, mv);
    return {
      memberId: m.id,
      name: m.name,
      pinyin: m.pinyin,
      unitId: m.unitId,
      unitName: m.unitName,
      unitPath: m.unitPath,
      townPath: townOf(m.unitPath, townPaths),
      total: sc.total,
      indicators: sc.indicators,
      unitRank: 0,
      unitSize: 0,
      townRank: 0,
      townSize: 0,
    };
  });
  const order = tieOrder(setups);
  const group = (key: (r: ScoreRow) => string) => {
    const g = new Map<string, ScoreRow[]>();
    for (const r of rows) g.set(key(r), [...(g.get(key(r)) ?? []), r]);
    return g;
  };
  for (const list of group((r) => String(r.unitId)).values()) {
    const { rank } = rankGroup(list, order);
    for (const r of list) {
      r.unitRank = rank.get(r.memberId)!;
      r.unitSize = list.length;
    }
  }
  for (const list of group((r) => r.townPath).values()) {
    const { rank } = rankGroup(list, order);
    for (const r of list) {
      r.townRank = rank.get(r.memberId)!;
      r.townSize = list.length;
    }
  }
  const { sorted } = rankGroup(rows, order);
  const countedWeight = setups.filter((s) => s.included && s.kind === 'weighted').reduce((a, s) => a + s.weight, 0);
  return { year: ctx.year, asOf: ctx.to, setups, countedWeight, rows: sorted };
}

/** The unit whose town the scores are computed over: its town, or itself when above any town. */
export async function scopeRootOf(svc: Services, unitPath: string): Promise<string> {
  const towns = await svc.guard.townPaths();
  const town = towns.filter((t) => unitPath.startsWith(t)).sort((a, b) => b.length - a.length)[0];
  return town ?? unitPath;
}

/** The unit a list shows: the one asked for (checked), else the broadest the user reaches. */
async function listUnit(svc: Services, auth: AuthContext, unitId: number | undefined) {
  if (unitId != null) {
    const unit = await repo.unitById(svc.db, unitId);
    if (!unit) throw notFound('单位不存在');
    await svc.guard.authorize(auth, ScorecardPolicy.listScores, { unitPath: unit.path }, '该单位不在您的管理范围内');
    return unit;
  }
  const reach = await svc.guard.reach(auth, ScorecardPolicy.listScores);
  const path = reach.paths[0];
  if (!path) throw forbidden('您没有可查看的单位');
  const id = Number(path.split('/').filter(Boolean).pop());
  const unit = await repo.unitById(svc.db, id);
  if (!unit) throw notFound('单位不存在');
  return unit;
}

export async function unitScores(svc: Services, auth: AuthContext, year: number, unitId?: number) {
  const ctx = yearContext(svc, year);
  const unit = await listUnit(svc, auth, unitId);
  const root = await scopeRootOf(svc, unit.path);
  const all = await computeScores(ctx, root);
  return { ...all, unit: { id: unit.id, name: unit.name, path: unit.path }, rows: all.rows.filter((r) => r.unitPath.startsWith(unit.path)), tieRule: TIE_RULE };
}

export interface IndicatorBreakdown {
  key: string;
  name: string;
  module: string;
  kind: 'weighted' | 'deduction';
  included: boolean;
  dropped: string | null;
  formula: string;
  weight: number;
  effectiveWeight: number;
  target: number;
  cap: number;
  value: number | null;
  valueUnit: string;
  achievedPercent: number | null;
  points: number;
  records: Evidence[];
}

export async function memberBreakdown(svc: Services, auth: AuthContext, year: number, memberId: number) {
  const ctx = yearContext(svc, year);
  const m = await repo.memberById(svc.db, memberId);
  if (!m) throw notFound('干部不存在');
  await svc.guard.authorize(auth, ScorecardPolicy.viewScore, { unitPath: m.unit_path, memberId: m.id }, '您只能查看本人或管理范围内干部的得分');
  const root = await scopeRootOf(svc, m.unit_path);
  const all = await computeScores(ctx, root);
  const row = all.rows.find((r) => r.memberId === memberId);
  if (!row) throw notFound('该干部不在本年度考核名单中（已离岗）');
  const ref: MemberRef = { id: m.id, name: m.name, pinyin: m.name_pinyin, unitId: m.unit_id, unitName: m.unit_name, unitPath: m.unit_path };
  const indicators: IndicatorBreakdown[] = [];
  for (const s of all.setups) {
    const r = row.indicators.find((i) => i.key === s.key)!;
    const records = s.included ? await providerOf(s.key)!.records(ctx, ref) : [];
    indicators.push({
      key: s.key,
      name: s.name,
      module: s.module,
      kind: s.kind,
      included: s.included,
      dropped: s.dropped,
      formula: s.formula,
      weight: s.weight,
      effectiveWeight: round2(r.effectiveWeight),
      target: s.target,
      cap: s.cap,
      value: r.value == null ? null : round2(r.value),
      valueUnit: s.valueUnit,
      achievedPercent: r.achieved == null ? null : round2(r.achieved * 100),
      points: r.points,
      records,
    });
  }
  const town = all.rows.filter((r) => r.townPath === row.townPath);
  return {
    year,
    asOf: all.asOf,
    member: { id: m.id, name: m.name, unitId: m.unit_id, unitName: m.unit_name },
    total: row.total,
    unitRank: row.unitRank,
    unitSize: row.unitSize,
    townRank: row.townRank,
    townSize: town.length,
    countedWeight: all.countedWeight,
    tieRule: TIE_RULE,
    indicators,
  };
}

export async function scoresXlsx(svc: Services, auth: AuthContext, year: number, unitId?: number) {
  const data = await unitScores(svc, auth, year, unitId);
  const included = data.setups.filter((s) => s.included);
  const columns = [
    { header: '单位排名', key: 'unitRank', width: 10 },
    { header: '全镇排名', key: 'townRank', width: 10 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '单位', key: 'unitName', width: 20 },
    ...included.map((s) => ({ header: `${s.name}（${s.kind === 'deduction' ? `扣分，最多 ${s.cap}` : `权重 ${s.weight}`}）`, key: s.key, width: 16 })),
    { header: '总分', key: 'total', width: 10 },
  ];
  const rows = data.rows.map((r) => {
    const o: Record<string, unknown> = { unitRank: r.unitRank, townRank: r.townRank, name: r.name, unitName: r.unitName, total: r.total };
    for (const s of included) o[s.key] = r.indicators.find((i) => i.key === s.key)?.points ?? 0;
    return o;
  });
  const notes = [
    ...data.setups.map((s) => ({ name: s.name, weight: s.kind === 'deduction' ? `扣分（最多 ${s.cap} 分）` : s.weight, formula: s.formula || '—', status: s.dropped ?? '计入' })),
    { name: '名次规则', weight: '', formula: TIE_RULE, status: '' },
    ...(data.countedWeight !== 100 && data.countedWeight > 0 ? [{ name: '权重折算', weight: data.countedWeight, formula: `计入指标的权重合计为 ${data.countedWeight}，各项按“权重 × 100 ÷ ${data.countedWeight}”折算`, status: '' }] : []),
  ];
  const buf = await buildXlsx([
    { name: '年度考核得分', title: `${data.unit.name} ${year} 年度读书学习量化考核得分（截至 ${data.asOf}）`, columns, rows },
    {
      name: '指标说明',
      columns: [
        { header: '指标', key: 'name', width: 18 },
        { header: '权重', key: 'weight', width: 14 },
        { header: '计算方法', key: 'formula', width: 90 },
        { header: '本年度', key: 'status', width: 36 },
      ],
      rows: notes,
    },
  ]);
  return { buf, filename: `${data.unit.name}${year}年度考核得分.xlsx` };
}

// ---- the records behind the indicators over a whole year, for the year-end archive ----
// The archive reads sessions, seminars, lectures and test results through these, with the
// same rules as the indicators (what is cancelled, what counts as a finished attempt), so
// its tables and the year score cannot disagree. The whole calendar year (Beijing time),
// not "until today": a paper still open in December is in the archive.

function calendarYear(year: number) {
  return { fromIso: localMidnightIso(`${year}-01-01`), toIso: localMidnightIso(`${year + 1}-01-01`) };
}

/** Collective-study sessions hosted under rootPath in the year (not cancelled), by time. */
export async function yearSessions(svc: Services, rootPath: string, year: number) {
  const { fromIso, toIso } = calendarYear(year);
  return repo.sessionsInRange(svc.db, fromIso, toIso, rootPath);
}

/** Seminars held under rootPath in the year (not cancelled), with their unit, by time. */
export async function yearSeminars(svc: Services, rootPath: string, year: number) {
  const { fromIso, toIso } = calendarYear(year);
  return more.seminarSessions(svc.db, fromIso, toIso, rootPath);
}

/** Party lectures given in the year by members under rootPath (the 党课 indicator's records). */
export async function yearLectures(svc: Services, rootPath: string, year: number) {
  const { fromIso, toIso } = calendarYear(year);
  return more.lecturesInRange(svc.db, rootPath, fromIso, toIso);
}

/** Per published paper closing in the year and member under rootPath: finished attempts and the best share (the 测试 indicator's records). */
export async function yearTestResults(svc: Services, rootPath: string, year: number) {
  const { fromIso, toIso } = calendarYear(year);
  const { papers } = await more.closedPapers(svc.db, fromIso, toIso);
  const byId = new Map(papers.map((p) => [p.id, p]));
  const best = await more.bestAttempts(svc.db, rootPath, [...byId.keys()]);
  return best
    .map((b) => ({ paper_id: b.paper_id, title: byId.get(b.paper_id)!.title, quarter: byId.get(b.paper_id)!.quarter, name: b.name, unit_name: b.unit_name, attempts: Number(b.attempts), best: b.best === null ? null : Number(b.best) }))
    .sort((a, b) => a.quarter.localeCompare(b.quarter) || a.paper_id - b.paper_id || a.name.localeCompare(b.name, 'zh-Hans-CN'));
}

// ---- the weight set ----

export async function weightsOf(svc: Services, year: number) {
  const ctx = yearContext(svc, year);
  const [setups, renormalise] = await Promise.all([indicatorSetups(ctx), svc.settings.bool('scores.renormaliseWeights', year)]);
  return { year, renormalise, tieRule: TIE_RULE, indicators: setups };
}

export interface WeightInput {
  key: string;
  weight: number;
  target: number;
  cap: number;
}

export async function saveWeights(svc: Services, auth: AuthContext, year: number, items: WeightInput[]) {
  yearContext(svc, year);
  const keys = new Set<string>(INDICATOR_KEYS);
  const seen = new Set<string>();
  for (const i of items) {
    if (!keys.has(i.key)) throw badRequest(`没有名为 ${i.key} 的指标`);
    if (seen.has(i.key)) throw badRequest(`指标 ${i.key} 重复`);
    seen.add(i.key);
  }
  if (seen.size !== keys.size) throw badRequest('请一并提交全部指标的权重');
  const renormalise = await svc.settings.bool('scores.renormaliseWeights', year);
  const weighted = Object.fromEntries(items.filter((i) => i.key !== 'inspection').map((i) => [i.key, i.weight]));
  const checked = checkWeightSet(weighted, renormalise);
  if (checked.error) throw badRequest(checked.error);
  const before = await indicatorParams(svc, year);
  await svc.db.transaction().execute(async (trx) => {
    for (const i of items) {
      const weight = i.key === 'inspection' ? 0 : checked.weights[i.key]!;
      await svc.settings.setFor(trx, auth, `scores.weight.${i.key}`, year, weight);
      await svc.settings.setFor(trx, auth, `scores.target.${i.key}`, year, i.target);
      await svc.settings.setFor(trx, auth, `scores.cap.${i.key}`, year, i.cap);
    }
    await svc.audit.record(trx, auth.actor(), { action: 'scorecard.weights.set', entity: 'settings', entityId: String(year), detail: { year, before, after: items.map((i) => ({ ...i, weight: i.key === 'inspection' ? 0 : checked.weights[i.key] })), warning: checked.warning } });
  });
  return { warning: checked.warning, ...(await weightsOf(svc, year)) };
}

/** The scores' .xlsx as the reply. */
export async function sendScoresXlsx(svc: Services, auth: AuthContext, year: number, unitId: number | undefined, reply: FastifyReply) {
  const { buf, filename } = await scoresXlsx(svc, auth, year, unitId);
  return sendXlsx(reply, filename, buf);
}
