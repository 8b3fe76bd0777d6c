// Check-in at collective study sessions (plan §三.4 签到制度) per unit, for assessment's
// evidence registry: check-ins against the members expected, approved leave excused.
import { sql } from 'kysely';
import type { EvidenceFact, EvidenceProvider } from '../assessment/evidence/registry';
import { percent, ratioOf } from '../assessment/evidence/registry';
import { localMidnightIso } from '../study/progress';
import { nowIso } from '../../platform/time';
import { addDays } from '../../platform/workcalendar';

export const sessionsEvidence: EvidenceProvider = {
  module: 'sessions',
  metrics: [{ key: 'sessions.checkInRate', label: '集中学习签到率', section: '三.4' }],
  async collect(svc, q, roll) {
    const ids = roll.unitIds();
    const out = new Map<number, EvidenceFact[]>(q.units.map((u) => [u.id, []]));
    if (!ids.length) return out;
    const from = localMidnightIso(q.from);
    const to = localMidnightIso(addDays(q.to, 1));
    // (session, member) pairs expected: active members in a unit the session was held for.
    const expected = svc.db
      .selectFrom('study_sessions as s')
      .innerJoin('study_session_units as su', 'su.session_id', 's.id')
      .innerJoin('units as au', 'au.id', 'su.unit_id')
      .innerJoin('units as mu', (j) => j.on(sql<boolean>`mu.path like au.path || '%'`))
      .innerJoin('members as m', 'm.unit_id', 'mu.id')
      .select(['m.unit_id', 'm.id as member_id', 's.id as session_id'])
      .where('s.status', '!=', 'cancelled')
      .where('s.starts_at', '>=', from)
      .where('s.starts_at', '<', to)
      .where('s.ends_at', '<', nowIso())
      .where('m.status', '=', 'active')
      .where('m.unit_id', 'in', ids)
      .groupBy(['m.unit_id', 'm.id', 's.id']);
    const rows = await svc.db
      .selectFrom(expected.as('e'))
      .leftJoin('check_ins as c', (j) => j.onRef('c.session_id', '=', 'e.session_id').onRef('c.member_id', '=', 'e.member_id'))
      .leftJoin('leave_requests as lr', (j) => j.onRef('lr.session_id', '=', 'e.session_id').onRef('lr.member_id', '=', 'e.member_id').on('lr.status', '=', 'approved'))
      .select([
        'e.unit_id',
        sql<number>`SUM(CASE WHEN lr.id IS NULL OR c.id IS NOT NULL THEN 1 ELSE 0 END)`.as('due'),
        sql<number>`SUM(CASE WHEN c.id IS NOT NULL THEN 1 ELSE 0 END)`.as('came'),
        sql<number>`COUNT(DISTINCT e.session_id)`.as('sessions'),
      ])
      .groupBy('e.unit_id')
      .execute();
    const due = roll.sum(rows.map((r) => [r.unit_id, Number(r.due)]));
    const came = roll.sum(rows.map((r) => [r.unit_id, Number(r.came)]));
    for (const u of q.units) {
      const d = due.get(u.id) ?? 0;
      const c = came.get(u.id) ?? 0;
      out.get(u.id)!.push({
        metric: 'sessions.checkInRate',
        label: '集中学习签到',
        text: d ? `应到 ${d} 人次（不含批准请假），签到 ${c} 人次（${percent(ratioOf(c, d))}）` : '期间没有已结束的集中学习',
        value: c,
        of: d,
        ratio: ratioOf(c, d),
        link: `/console/sessions?unitId=${u.id}`,
      });
    }
    return out;
  },
};
