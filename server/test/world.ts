// A small district for tests: two towns, so scope rules can be seen, and one
// account per role. Built from the same factories as the demo town.
import { makeMember, makeUnit, makeUser } from '../src/demo/factories';
import type { DB } from '../src/db';

export const PASSWORD = 'Passw0rd-test';

export async function makeWorld(db: DB) {
  const district = await makeUnit(db, { name: '测试区', kind: 'district' });
  const townA = await makeUnit(db, { name: '甲镇', kind: 'town', parentId: district.id });
  const townB = await makeUnit(db, { name: '乙镇', kind: 'town', parentId: district.id });
  const officeA = await makeUnit(db, { name: '党政办', kind: 'office', parentId: townA.id });
  const villageA = await makeUnit(db, { name: '东风村', kind: 'village', parentId: townA.id });
  const officeB = await makeUnit(db, { name: '党政办', kind: 'office', parentId: townB.id });

  const mZhang = await makeMember(db, { name: '张三', unitId: officeA.id, category: 'party', position: '科员', phone: '13800000001' });
  const mLi = await makeMember(db, { name: '李四', unitId: villageA.id, category: 'staff' });
  const mClerkA = await makeMember(db, { name: '王芳', unitId: officeA.id, category: 'party', position: '党建办主任' });
  const mClerkB = await makeMember(db, { name: '赵强', unitId: officeB.id, category: 'party' });
  const mB = await makeMember(db, { name: '钱多', unitId: officeB.id, category: 'staff' });
  const mLeader = await makeMember(db, { name: '孙书记', unitId: officeA.id, category: 'leader', leadingGroup: true, leadingGroupRole: '组长' });

  const u = {
    admin: await makeUser(db, { username: 'admin', password: PASSWORD, roles: [{ role: 'sysadmin', unitId: district.id }] }),
    security: await makeUser(db, { username: 'security', password: PASSWORD, roles: [{ role: 'secadmin', unitId: district.id }] }),
    auditor: await makeUser(db, { username: 'auditor', password: PASSWORD, roles: [{ role: 'auditadmin', unitId: district.id }] }),
    member: await makeUser(db, { username: 'zhangsan', password: PASSWORD, memberId: mZhang.id, roles: [{ role: 'member', unitId: officeA.id }] }),
    li: await makeUser(db, { username: 'lisi', password: PASSWORD, memberId: mLi.id, roles: [{ role: 'member', unitId: villageA.id }] }),
    clerkA: await makeUser(db, {
      username: 'clerka',
      password: PASSWORD,
      memberId: mClerkA.id,
      roles: [
        { role: 'member', unitId: officeA.id },
        { role: 'clerk', unitId: townA.id },
      ],
    }),
    clerkB: await makeUser(db, { username: 'clerkb', password: PASSWORD, memberId: mClerkB.id, roles: [{ role: 'clerk', unitId: townB.id }] }),
    leader: await makeUser(db, { username: 'leader', password: PASSWORD, memberId: mLeader.id, roles: [{ role: 'leader', unitId: townA.id }] }),
  };
  return { district, townA, townB, officeA, villageA, officeB, members: { mZhang, mLi, mClerkA, mClerkB, mB, mLeader }, users: u };
}

/**
 * 区党建办: a clerk over the whole district (every town's channels, the district's settings),
 * signed in as `clerkd`. Not part of every world: tests that count clerks see the two towns' only.
 */
export async function addDistrictClerk(db: DB, world: { district: { id: number } }) {
  return makeUser(db, { username: 'clerkd', password: PASSWORD, roles: [{ role: 'clerk', unitId: world.district.id }] });
}
