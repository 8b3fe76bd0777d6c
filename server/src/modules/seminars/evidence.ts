// Monthly seminars (plan §三.6 每月有互动: 个人说、同事议、书记评) and party lectures given by
// cadres (§三.7 普通干部讲党课) per unit, for assessment's evidence registry. A seminar counts for
// a unit when its session is held for the unit, one of its parents (a town-wide seminar) or a unit
// inside it; it is held once its session closed or ended, and evaluated once the chair's
// evaluation and the minutes are signed (status 'signed').
import type { EvidenceFact, EvidenceProvider } from '../assessment/evidence/registry';
import { monthsBetween } from '../assessment/evidence/registry';
import { clock, formatLocal, localMidnightIso, nextLocalMidnightIso } from '../../platform/time';
import { lecturesGivenUnder } from './lectures/repository';
import { seminarsWithUnitsOfMonths } from './repository';

export const seminarsEvidence: EvidenceProvider = {
  module: 'seminars',
  metrics: [
    { key: 'seminars.held', label: '每月学习研讨召开与书记点评', section: '三.6' },
    { key: 'lectures.given', label: '干部讲党课人次', section: '三.7', with: 'exams.taken' },
  ],
  async collect(svc, q, roll) {
    const out = new Map<number, EvidenceFact[]>(q.units.map((u) => [u.id, []]));
    if (!q.units.length) return out;
    const now = clock.now().getTime();
    const thisMonth = formatLocal(new Date(now).toISOString(), 'YYYY-MM');
    const months = monthsBetween(q.from, q.to);
    const paths = q.units.map((u) => u.path);
    const [seminars, lectures] = await Promise.all([seminarsWithUnitsOfMonths(svc.db, months[0]!, months[months.length - 1]!), lecturesGivenUnder(svc.db, paths)]);
    const fromIso = localMidnightIso(q.from);
    const toIso = nextLocalMidnightIso(q.to);
    const held = (s: { status: string; session_status: string; ends_at: string }) => s.status === 'signed' || s.session_status === 'closed' || Date.parse(s.ends_at) < now;
    // Lectures held in the period, counted per lecturer's unit (lecturers are distinct per unit, so the subtree's sum is distinct too).
    const given = lectures.filter((l) => l.starts_at >= fromIso && l.starts_at < toIso && (l.session_status === 'closed' || Date.parse(l.ends_at) < now));
    const perUnit = new Map<number, number>();
    const speakersPerUnit = new Map<number, Set<number>>();
    for (const l of given) {
      perUnit.set(l.unit_id, (perUnit.get(l.unit_id) ?? 0) + 1);
      speakersPerUnit.set(l.unit_id, (speakersPerUnit.get(l.unit_id) ?? new Set()).add(l.member_id));
    }
    const lectureN = roll.sum(perUnit);
    const lecturerN = roll.sum([...speakersPerUnit].map(([u, s]) => [u, s.size] as [number, number]));
    for (const u of q.units) {
      const mine = seminars.filter((s) => u.path.startsWith(s.path) || s.path.startsWith(u.path));
      const heldMonths = new Set<string>();
      const signedMonths = new Set<string>();
      const ids = new Set<number>();
      for (const s of mine) {
        if (!held(s)) continue;
        ids.add(s.id);
        heldMonths.add(s.month);
        if (s.status === 'signed') signedMonths.add(s.month);
      }
      // Months that are over are due; the current month only once its seminar was held.
      const due = months.filter((m) => m < thisMonth || heldMonths.has(m)).length;
      const signedCount = new Set(mine.filter((s) => s.status === 'signed').map((s) => s.id)).size;
      const ratio = due ? (heldMonths.size + signedMonths.size) / (2 * due) : null;
      const n = lectureN.get(u.id) ?? 0;
      out.get(u.id)!.push(
        {
          metric: 'seminars.held',
          label: '每月学习研讨',
          text: due ? `应召开 ${due} 个月，${heldMonths.size} 个月已召开（共 ${ids.size} 次），${signedMonths.size} 个月书记点评并签发纪要（${signedCount} 次）` : '期间没有应召开研讨的月份',
          value: heldMonths.size,
          of: due,
          ratio: ratio === null ? null : Math.min(1, ratio),
          link: `/console/seminars?unitId=${u.id}`,
        },
        {
          metric: 'lectures.given',
          label: '干部讲党课',
          text: n ? `${lecturerN.get(u.id) ?? 0} 名干部讲党课 ${n} 次` : '期间没有干部讲党课',
          value: n,
          of: null,
          ratio: null,
          link: `/console/lectures?unitId=${u.id}`,
        },
      );
    }
    return out;
  },
};
