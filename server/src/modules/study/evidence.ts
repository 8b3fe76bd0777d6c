// What the study records say about a unit, for inspections and the acceptance
// (assessment's evidence registry): monthly plans made, daily-target compliance, logs kept.
import type { EvidenceFact, EvidenceProvider } from '../assessment/evidence/registry';
import { monthsBetween, percent, ratioOf } from '../assessment/evidence/registry';
import { loadCalendarBook } from '../../platform/workcalendar';
import * as repo from './repository';
import { studyRules } from './rules';

const count = (rows: { unit_id: number; n: number | string | bigint }[]) => rows.map((r) => [r.unit_id, Number(r.n)] as [number, number]);

export const studyEvidence: EvidenceProvider = {
  module: 'study',
  metrics: [
    { key: 'study.planRate', label: '月度阅读计划制定率', section: '三.5' },
    { key: 'study.dailyCompliance', label: '每日学习达标率', section: '三.5' },
    { key: 'study.logsKept', label: '坚持记录学习的干部', section: '三.5', with: 'study.dailyCompliance' },
  ],
  async collect(svc, q, roll) {
    const ids = roll.unitIds();
    const out = new Map<number, EvidenceFact[]>(q.units.map((u) => [u.id, []]));
    if (!ids.length) return out;
    const months = monthsBetween(q.from, q.to);
    const rules = await studyRules(svc, q.year);
    // The required days per calendar: units under a town that keeps its own holiday entries count
    // that town's, the others the district's (issue 12 item 7).
    const book = await loadCalendarBook(svc.db, q.from, q.to);
    const lists = new Map<string, string[]>();
    const requiredOf = (path: string) => {
      const key = book.keyOf(path);
      if (!lists.has(key)) lists.set(key, book.for(key).requiredDays(q.from, q.to, rules));
      return lists.get(key)!;
    };
    const byKey = new Map<string, number[]>();
    for (const id of ids) {
      const key = book.keyOf(roll.pathOfUnit(id) ?? '');
      byKey.set(key, [...(byKey.get(key) ?? []), id]);
    }
    const metIn = (unitIds: number[], required: string[]) => (required.length ? repo.memberDaysMetByUnit(svc.db, unitIds, q.from, q.to, required, rules) : Promise.resolve([]));
    const [heads, plans, met, logged] = await Promise.all([
      repo.activeMembersByUnit(svc.db, ids),
      repo.membersWithPlanByUnit(svc.db, ids, months),
      Promise.all([...byKey].map(([key, unitIds]) => metIn(unitIds, requiredOf(key)))).then((parts) => parts.flat()),
      repo.membersWithLogsByUnit(svc.db, ids, q.from, q.to),
    ]);
    const head = roll.sum(count(heads));
    // Member-days due: each unit's head count times its own calendar's required days.
    const dueDays = roll.sum(count(heads).map(([id, n]) => [id, n * requiredOf(roll.pathOfUnit(id) ?? '').length] as [number, number]));
    const planN = roll.sum(count(plans));
    const metN = roll.sum(count(met));
    const loggedN = roll.sum(count(logged));
    for (const u of q.units) {
      const h = head.get(u.id) ?? 0;
      const due = h * months.length;
      const made = planN.get(u.id) ?? 0;
      const required = requiredOf(u.path).length;
      const daysDue = dueDays.get(u.id) ?? 0;
      const daysMet = metN.get(u.id) ?? 0;
      const keepers = loggedN.get(u.id) ?? 0;
      const link = `/console/study?unitId=${u.id}&month=${q.to.slice(0, 7)}`;
      out.get(u.id)!.push(
        { metric: 'study.planRate', label: '月度阅读计划', text: `${months.length} 个月应制定 ${due} 份，已制定 ${made} 份（${percent(ratioOf(made, due))}）`, value: made, of: due, ratio: ratioOf(made, due), link },
        {
          metric: 'study.dailyCompliance',
          label: '每日学习达标',
          // Under one calendar: days × heads; towns with their own entries below: the sum of the member-days.
          text: `${daysDue === required * h ? `${required} 个应学日 × ${h} 人` : `应学 ${daysDue} 人日（所辖各镇节假日安排不同）`}，达标 ${daysMet} 人次（${percent(ratioOf(daysMet, daysDue))}）`,
          value: daysMet,
          of: daysDue,
          ratio: ratioOf(daysMet, daysDue),
          link,
        },
        { metric: 'study.logsKept', label: '学习记录', text: `${h} 名干部中 ${keepers} 人有学习记录`, value: keepers, of: h, ratio: ratioOf(keepers, h), link },
      );
    }
    return out;
  },
};
