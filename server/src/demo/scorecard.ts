// The demo's year score outcome: the leading group confirms the ten from X镇's ranking
// (one departure, with its written reason), the clerk uploads the seal and issues the
// certificates. Runs after the town's records exist, through the same services as the app.
import { AuthContext } from '../platform/auth/context';
import type { Role } from '../platform/roles';
import type { Services } from '../platform/services';
import { currentYear, nowIso } from '../platform/time';
import { confirmHonors, issueCertificates, rankingOf, uploadSeal } from '../modules/scorecard/certificates/service';
import { sealPng } from './seal';

async function actingAs(svc: Services, username: string, role: Role, unit: { id: number; path: string; name: string }) {
  const u = await svc.db.selectFrom('users').select(['id', 'username', 'display_name', 'member_id']).where('username', '=', username).executeTakeFirstOrThrow();
  return new AuthContext(
    {
      sessionId: 'demo',
      csrfToken: '',
      user: { id: u.id, username: u.username, displayName: u.display_name, memberId: u.member_id, mustChangePassword: false, passwordChangedAt: nowIso(), totpEnabled: false, isDemo: true },
      roles: [{ role, unitId: unit.id, unitPath: unit.path, unitName: unit.name }],
    },
    'demo',
  );
}

export async function seedScorecardDemo(svc: Services) {
  const town = await svc.db.selectFrom('units').select(['id', 'path', 'name']).where('kind', '=', 'town').orderBy('id').executeTakeFirst();
  if (!town) return { honors: 0, certificates: 0 };
  const year = currentYear();
  const count = await svc.settings.int('plan.certificateCount', year);
  const ranking = await rankingOf(svc, year, town.path);
  if (ranking.length <= count) return { honors: 0, certificates: 0 };
  // The ten by the ranking, except that the leading group takes the eleventh instead of the tenth.
  const chosen = ranking.slice(0, count).map((r) => r.memberId);
  const tenth = chosen[count - 1]!;
  const eleventh = ranking[count]!.memberId;
  chosen[count - 1] = eleventh;
  const leader = await actingAs(svc, 'leader', 'leader', town);
  const clerk = await actingAs(svc, 'clerk', 'clerk', town);
  const { listId } = await confirmHonors(svc, leader, year, {
    unitId: town.id,
    title: '书香干部',
    memberIds: chosen,
    reasons: [
      { memberId: eleventh, reason: '该同志年内带领村“两委”班子开展共读活动 12 次，其撰写的心得被区委采用，经领导小组研究列入。' },
      { memberId: tenth, reason: '该同志已获评本年度区级“书香干部”，按不重复表彰原则由本镇名额中调出。' },
    ],
  });
  await uploadSeal(svc, clerk, town.id, sealPng());
  const { certificateIds } = await issueCertificates(svc, clerk, listId, { memberIds: chosen });
  return { honors: chosen.length, certificates: certificateIds.length };
}
