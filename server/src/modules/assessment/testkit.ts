// The test world of assessment: the shared world plus an inspector (效能办) of each town,
// a second inspector of town A, a secretary of 东风村, a clerk-turned-team member, and a few
// more units in town A so a draw has something to choose from.
import { makeMember, makeUnit, makeUser } from '../../demo/factories';
import type { DB } from '../../db';
import { makeWorld, PASSWORD } from '../../../test/world';
import { multipart, type Client } from '../../../test/helper';
import { SMALL_JPEG } from '../../../test/photos';

export async function makeAssessmentWorld(db: DB) {
  const w = await makeWorld(db);
  const extraUnits = [];
  for (const name of ['西山村', '南湖社区', '财政所', '综治中心']) {
    const u = await makeUnit(db, { name, kind: name.endsWith('村') || name.endsWith('社区') ? 'village' : 'office', parentId: w.townA.id });
    for (let i = 0; i < 3; i++) await makeMember(db, { name: `${name.slice(0, 1)}干部${i + 1}`, unitId: u.id, category: 'staff' });
    extraUnits.push(u);
  }
  const mInspector = await makeMember(db, { name: '周效能', unitId: w.officeA.id, category: 'party' });
  const mSecretary = await makeMember(db, { name: '吴书记', unitId: w.villageA.id, category: 'party' });
  const users = {
    inspectorA: await makeUser(db, { username: 'inspa', password: PASSWORD, displayName: '周效能', memberId: mInspector.id, roles: [{ role: 'inspector', unitId: w.townA.id }] }),
    inspectorA2: await makeUser(db, { username: 'inspa2', password: PASSWORD, displayName: '郑党政', roles: [{ role: 'inspector', unitId: w.townA.id }] }),
    inspectorB: await makeUser(db, { username: 'inspb', password: PASSWORD, displayName: '冯效能', roles: [{ role: 'inspector', unitId: w.townB.id }] }),
    secretaryA: await makeUser(db, {
      username: 'secva',
      password: PASSWORD,
      displayName: '吴书记',
      memberId: mSecretary.id,
      roles: [
        { role: 'secretary', unitId: w.villageA.id },
        { role: 'member', unitId: w.villageA.id },
      ],
    }),
  };
  return { ...w, extraUnits, assessmentUsers: users, extraMembers: { mInspector, mSecretary } };
}

export type AssessmentWorld = Awaited<ReturnType<typeof makeAssessmentWorld>>;

/** Uploads a photo as the phone does; returns the file id. */
export async function uploadPhoto(c: Client, purpose: 'finding' | 'evidence' | 'acceptance', content: Buffer = SMALL_JPEG) {
  const mp = multipart('file', 'photo.jpg', content, 'image/jpeg');
  const res = await c.request('POST', `/api/assessment/photos?purpose=${purpose}`, mp.body, { 'content-type': mp.contentType });
  return res;
}
