// The quarterly tests (plan §三.7 每季度检验学习成效) per unit, for assessment's evidence
// registry: of the papers that closed in the period, how many of the cadres they were set for
// took them, and their average (each cadre's best attempt per paper). A paper is set for the
// cadres of its units and of every unit below them.
import type { EvidenceFact, EvidenceProvider } from '../assessment/evidence/registry';
import { percent, ratioOf } from '../assessment/evidence/registry';
import { localMidnightIso, nextLocalMidnightIso, nowIso } from '../../platform/time';
import { activeMembersOf, bestSharesOf, closedPapersWithUnits } from './analysis/repository';

export const examsEvidence: EvidenceProvider = {
  module: 'exams',
  metrics: [
    { key: 'exams.taken', label: '季度测试参加率', section: '三.7' },
    { key: 'exams.average', label: '季度测试平均得分率', section: '三.7', with: 'exams.taken' },
  ],
  async collect(svc, q, roll) {
    const ids = roll.unitIds();
    const out = new Map<number, EvidenceFact[]>(q.units.map((u) => [u.id, []]));
    if (!ids.length) return out;
    const end = nextLocalMidnightIso(q.to);
    const now = nowIso();
    const papers = await closedPapersWithUnits(svc.db, localMidnightIso(q.from), now < end ? now : end);
    const audience = new Map<number, string[]>();
    for (const p of papers) audience.set(p.id, [...(audience.get(p.id) ?? []), p.path]);
    const [members, best] = await Promise.all([activeMembersOf(svc.db, ids), bestSharesOf(svc.db, [...audience.keys()], ids)]);
    const shareOf = new Map(best.map((b) => [`${b.member_id}:${b.paper_id}`, b.best === null ? null : Number(b.best)]));
    // Per member's unit: papers due, papers taken, and the sum and count of graded best shares.
    const due = new Map<number, number>();
    const taken = new Map<number, number>();
    const sum = new Map<number, number>();
    const graded = new Map<number, number>();
    const add = (m: Map<number, number>, k: number, v: number) => m.set(k, (m.get(k) ?? 0) + v);
    for (const m of members) {
      const path = roll.pathOfUnit(m.unit_id);
      if (!path) continue;
      for (const [paperId, paths] of audience) {
        if (!paths.some((p) => path.startsWith(p))) continue;
        add(due, m.unit_id, 1);
        const key = `${m.id}:${paperId}`;
        if (!shareOf.has(key)) continue;
        add(taken, m.unit_id, 1);
        const s = shareOf.get(key);
        if (s != null) {
          add(sum, m.unit_id, s);
          add(graded, m.unit_id, 1);
        }
      }
    }
    const [dueN, takenN, sumN, gradedN] = [roll.sum(due), roll.sum(taken), roll.sum(sum), roll.sum(graded)];
    for (const u of q.units) {
      const d = dueN.get(u.id) ?? 0;
      const t = takenN.get(u.id) ?? 0;
      const g = gradedN.get(u.id) ?? 0;
      const avg = g ? (sumN.get(u.id) ?? 0) / g : null;
      const link = `/console/exams/results?unitId=${u.id}`;
      out.get(u.id)!.push(
        {
          metric: 'exams.taken',
          label: '季度测试参加',
          text: d ? `应参加 ${d} 人次，参加 ${t} 人次（${percent(ratioOf(t, d))}）` : '期间没有已截止的季度测试',
          value: t,
          of: d,
          ratio: ratioOf(t, d),
          link,
        },
        {
          metric: 'exams.average',
          label: '季度测试成绩',
          text: avg === null ? '期间没有已评分的测试' : `${g} 人次已评分，平均得分率 ${percent(avg)}（每人每卷取最好一次）`,
          value: avg === null ? 0 : Math.round(avg * 1000) / 10,
          of: avg === null ? null : 100,
          ratio: avg,
          link,
        },
      );
    }
    return out;
  },
};
