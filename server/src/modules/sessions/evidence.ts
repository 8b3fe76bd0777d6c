// Check-in at collective study sessions (plan §三.4 签到制度) per unit, for assessment's
// evidence registry: check-ins against the members expected, approved leave excused.
import type { EvidenceFact, EvidenceProvider } from '../assessment/evidence/registry';
import { percent, ratioOf } from '../assessment/evidence/registry';
import { localMidnightIso, nowIso } from '../../platform/time';
import { addDays } from '../../platform/workcalendar';
import { activeMembersOfUnits, attendanceBetween, endedSessionsWithUnits } from './repository';

export const sessionsEvidence: EvidenceProvider = {
  module: 'sessions',
  metrics: [{ key: 'sessions.checkInRate', label: '集中学习签到率', section: '三.4' }],
  async collect(svc, q, roll) {
    const ids = roll.unitIds();
    const out = new Map<number, EvidenceFact[]>(q.units.map((u) => [u.id, []]));
    if (!ids.length) return out;
    const from = localMidnightIso(q.from);
    const to = localMidnightIso(addDays(q.to, 1));
    // (session, member) pairs expected: active members in a unit the session was held for (or below it).
    const [held, members, { checkIns, leaves }] = await Promise.all([endedSessionsWithUnits(svc.db, from, to, nowIso()), activeMembersOfUnits(svc.db, ids), attendanceBetween(svc.db, ids, from, to)]);
    const byPath = new Map<string, Set<number>>();
    for (const s of held) byPath.set(s.path, (byPath.get(s.path) ?? new Set()).add(s.id));
    const came = new Set(checkIns.map((c) => `${c.session_id}:${c.member_id}`));
    const excused = new Set(leaves.map((l) => `${l.session_id}:${l.member_id}`));
    const duePerUnit = new Map<number, number>();
    const camePerUnit = new Map<number, number>();
    for (const m of members) {
      const path = roll.pathOfUnit(m.unit_id);
      if (!path) continue;
      const parts = path.split('/').filter(Boolean);
      const sessions = new Set<number>();
      for (let i = 1; i <= parts.length; i++) for (const id of byPath.get(`/${parts.slice(0, i).join('/')}/`) ?? []) sessions.add(id);
      for (const s of sessions) {
        const key = `${s}:${m.id}`;
        const checked = came.has(key);
        if (checked) camePerUnit.set(m.unit_id, (camePerUnit.get(m.unit_id) ?? 0) + 1);
        if (checked || !excused.has(key)) duePerUnit.set(m.unit_id, (duePerUnit.get(m.unit_id) ?? 0) + 1);
      }
    }
    const due = roll.sum(duePerUnit);
    const cameN = roll.sum(camePerUnit);
    for (const u of q.units) {
      const d = due.get(u.id) ?? 0;
      const c = cameN.get(u.id) ?? 0;
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
