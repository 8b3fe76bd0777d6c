import type { Services } from '../platform/services';
import type { Role } from '../platform/roles';
import { chineseName, makeMember, makeUnit, makeUser, rng } from './factories';
import { seedLibraryDemo } from './library';
import type { DemoContext } from './context';
import { seedStudyDemo } from './study';
import { seedAssessmentDemo } from './assessment';
import { seedSessionDemo } from './sessions';
import { seedReflectionDemo } from './reflections';
import { seedNoteDemo } from './notes';
import { seedLearningDemo } from './learning';
import { seedExamDemo } from './exams';
import { seedChannelDemo } from './channels';
import { seedStocktakeDemo } from './stocktake';
import { seedSeminarDemo } from './seminars';
import { seedDisplayDemo } from './display';
import { sendDueReminders } from '../modules/library/circulation/service';
import { todayLocal } from '../platform/time';
import { pinyinOf } from '../platform/pinyin';
import { seedScorecardDemo } from './scorecard';
import { seedSummaryDemo } from './summary';

export const DEMO_ACCOUNTS = ['admin', 'security', 'auditor', 'clerk', 'district', 'secretary', 'leader', 'inspector', 'member'] as const;

const OFFICES: [string, string[]][] = [
  ['党政办公室', ['主任', '副主任', '文秘', '科员']],
  ['党建工作办公室', ['主任', '组织委员', '科员']],
  ['效能建设办公室', ['主任', '科员']],
  ['经济发展办公室', ['主任', '副主任', '统计员', '科员']],
  ['社会事务办公室', ['主任', '民政专干', '科员']],
  ['综合行政执法队', ['队长', '副队长', '执法队员']],
  ['财政所', ['所长', '会计', '出纳']],
  ['自然资源所', ['所长', '科员']],
];
const VILLAGES = ['东风村', '红旗村', '前进村', '新华村', '和平村', '永安村'];
const VILLAGE_POSTS = ['党支部书记', '村委会主任', '村务监督委员会主任', '支委委员', '文书', '妇联主席', '网格员'];

/** Whether the database already holds anything a demo must not be mixed into. */
export async function hasData(svc: Services): Promise<boolean> {
  const [u, m] = await Promise.all([
    svc.db.selectFrom('units').select('id').limit(1).executeTakeFirst(),
    svc.db.selectFrom('users').select('id').limit(1).executeTakeFirst(),
  ]);
  return Boolean(u || m);
}

/**
 * X镇: the town of the plan, with its offices and villages, about 120 cadres of
 * every category, the creation leading group, and one account per role.
 */
export async function seedDemo(svc: Services, password: string) {
  if (await hasData(svc)) throw new Error('数据库中已有数据，演示数据只能载入空数据库');
  const r = rng(20261128);
  const taken = new Set<string>();
  const counts: Record<string, number> = { units: 0, members: 0, users: 0, books: 0, copies: 0, loans: 0, holds: 0 };

  await svc.db.transaction().execute(async (db) => {
    const district = await makeUnit(db, { name: 'X区', kind: 'district' });
    const town = await makeUnit(db, { name: 'X镇', kind: 'town', parentId: district.id });
    counts.units += 2;
    const offices: Record<string, number> = {};
    for (const [i, [name]] of OFFICES.entries()) {
      offices[name] = (await makeUnit(db, { name, kind: 'office', parentId: town.id, sortOrder: i + 1 })).id;
      counts.units++;
    }
    const villages: number[] = [];
    const unitIds: Record<string, number> = { ...offices };
    for (const [i, name] of VILLAGES.entries()) {
      const v = await makeUnit(db, { name, kind: 'village', parentId: town.id, sortOrder: 20 + i });
      villages.push(v.id);
      unitIds[name] = v.id;
      counts.units++;
    }

    const person = async (unitId: number, position: string, category: 'leader' | 'party' | 'staff', extra: { name?: string; leadingGroupRole?: string; phone?: boolean } = {}) => {
      const name = extra.name ?? chineseName(r, taken);
      if (extra.name) taken.add(extra.name);
      counts.members++;
      return makeMember(db, {
        name,
        unitId,
        position,
        category,
        partyMember: category !== 'staff' || r.next() < 0.15,
        phone: extra.phone === false ? null : `13${r.int(0, 9)}${String(r.int(0, 99_999_999)).padStart(8, '0')}`,
        leadingGroup: Boolean(extra.leadingGroupRole),
        leadingGroupRole: extra.leadingGroupRole ?? null,
      });
    };

    // The town's leadership and the creation leading group (方案 三.1).
    const secretary = await person(offices['党政办公室'], '镇党委书记', 'leader', { name: '周建国', leadingGroupRole: '组长' });
    const mayor = await person(offices['党政办公室'], '镇长', 'leader', { leadingGroupRole: '副组长' });
    const deputy = await person(offices['党建工作办公室'], '党委副书记', 'leader', { name: '陈志强', leadingGroupRole: '副组长' });
    await person(offices['党建工作办公室'], '组织委员', 'leader', { leadingGroupRole: '成员' });
    await person(offices['经济发展办公室'], '副镇长', 'leader', { leadingGroupRole: '成员' });
    await person(offices['效能建设办公室'], '纪委书记', 'leader', { leadingGroupRole: '成员' });
    const clerk = await person(offices['党建工作办公室'], '党建办主任', 'party', { name: '李晓红', leadingGroupRole: '成员（办公室主任）' });
    const inspector = await person(offices['效能建设办公室'], '效能办主任', 'party', { name: '王海波', leadingGroupRole: '成员' });
    const member = await person(offices['经济发展办公室'], '科员', 'party', { name: '张三' });
    void mayor;

    for (const [name, posts] of OFFICES) {
      const n = r.int(6, 8);
      for (let i = 0; i < n; i++) {
        const category = i === 0 ? 'party' : r.next() < 0.62 ? 'party' : 'staff';
        await person(offices[name], i < posts.length ? posts[i] : r.pick(posts.slice(-2)), category);
      }
    }
    for (const v of villages) {
      for (let i = 0; i < 9; i++) {
        const category = i < 2 ? 'party' : r.next() < 0.55 ? 'party' : 'staff';
        await person(v, i < VILLAGE_POSTS.length ? VILLAGE_POSTS[i] : '村干部', category, { phone: r.next() > 0.1 });
      }
    }
    // One who left keeps their history.
    const gone = await person(offices['财政所'], '会计', 'party');
    await db.updateTable('members').set({ status: 'left', left_at: '2026-06-30T02:00:00.000Z' }).where('id', '=', gone.id).execute();

    const accounts: DemoContext['accounts'] = {};
    const account = async (username: string, displayName: string, memberId: number | null, roles: { role: Role; unitId: number }[]) => {
      counts.users++;
      const user = await makeUser(db, { username, password, displayName, memberId, roles, isDemo: true });
      accounts[username] = { userId: user.id, memberId };
      return user;
    };
    const unitOf = async (memberId: number) => (await db.selectFrom('members').select('unit_id').where('id', '=', memberId).executeTakeFirstOrThrow()).unit_id;

    await account('admin', '系统管理员', null, [{ role: 'sysadmin', unitId: district.id }]);
    await account('security', '安全管理员', null, [{ role: 'secadmin', unitId: district.id }]);
    await account('auditor', '审计管理员', null, [{ role: 'auditadmin', unitId: district.id }]);
    await account('clerk', '李晓红', clerk.id, [
      { role: 'member', unitId: await unitOf(clerk.id) },
      { role: 'clerk', unitId: town.id },
    ]);
    // The district's party-building office (区委组织部), over every town: its 学习情况 is the district's by unit.
    await account('district', ['赵立新', '赵立民', '赵新华'].find((n) => !taken.has(n))!, null, [{ role: 'clerk', unitId: district.id }]);
    await account('secretary', '周建国', secretary.id, [
      { role: 'member', unitId: await unitOf(secretary.id) },
      { role: 'secretary', unitId: town.id },
      { role: 'leader', unitId: town.id },
    ]);
    await account('leader', '陈志强', deputy.id, [
      { role: 'member', unitId: await unitOf(deputy.id) },
      { role: 'leader', unitId: town.id },
    ]);
    await account('inspector', '王海波', inspector.id, [
      { role: 'member', unitId: await unitOf(inspector.id) },
      { role: 'inspector', unitId: town.id },
    ]);
    await account('member', '张三', member.id, [{ role: 'member', unitId: await unitOf(member.id) }]);
    // The joint acceptance team's third office (党政办) beside the clerk and the inspector.
    const dzb = await db.selectFrom('members').select(['id', 'name']).where('unit_id', '=', offices['党政办公室']).where('category', '=', 'party').orderBy('id').limit(1).executeTakeFirstOrThrow();
    await account('inspector2', dzb.name, dzb.id, [
      { role: 'member', unitId: offices['党政办公室'] },
      { role: 'inspector', unitId: town.id },
    ]);

    const memberIds = (await db.selectFrom('members').select('id').where('status', '=', 'active').orderBy('id').execute()).map((m) => m.id);
    Object.assign(counts, await seedLibraryDemo(db, { townId: town.id, unitIds, memberIds, today: todayLocal(), rng: r }));

    // The demo cadre 张三 has a book due tomorrow and one due in a fortnight, so
    // 我的借阅 and the inbox show something on the first sign-in. So has 刘晓燕 of the same
    // office, one of the cadres without an account: once the administrator opens the
    // accounts (批量开通账号), her first sign-in finds the reminder too.
    const today = todayLocal();
    const shift = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const newcomerName = ['刘晓燕', '刘晓梅', '刘晓雯'].find((n) => !taken.has(n))!;
    const newcomer = await db.selectFrom('members').select('id').where('unit_id', '=', offices['经济发展办公室']).where('category', '!=', 'leader').where('id', '!=', member.id).orderBy('id').executeTakeFirstOrThrow();
    const py = pinyinOf(newcomerName);
    await db.updateTable('members').set({ name: newcomerName, name_initials: py.initials, name_pinyin: py.full }).where('id', '=', newcomer.id).execute();
    taken.add(newcomerName);
    const onShelf = await db.selectFrom('copies').select('id').where('status', '=', 'available').orderBy('id').limit(3).execute();
    for (const [i, c] of onShelf.entries()) {
      const due = shift(i === 1 ? 14 : 1);
      const loanedOn = shift(i === 1 ? -16 : -29);
      await db.updateTable('copies').set({ status: 'loaned' }).where('id', '=', c.id).execute();
      await db
        .insertInto('loans')
        .values({ copy_id: c.id, member_id: i === 2 ? newcomer.id : member.id, loaned_at: `${loanedOn}T02:30:00.000Z`, due_on: due, returned_at: null, renewals: 0, last_reminded_on: null, created_by: null })
        .execute();
      counts.loans++;
    }

    // Each feature's demo content, in the order they build on each other.
    const ctx: DemoContext = { db, townId: town.id, unitIds, memberIds, today, rng: r, accounts };
    for (const seed of [seedStocktakeDemo, seedStudyDemo, seedSessionDemo, seedLearningDemo, seedNoteDemo, seedReflectionDemo, seedChannelDemo, seedSeminarDemo, seedExamDemo, seedAssessmentDemo, seedDisplayDemo]) Object.assign(counts, await seed(ctx));

    await svc.audit.record(db, { userId: null, username: 'system', ip: null }, { action: 'demo.seed', detail: counts });
  });
  // Today's due-date reminders, as the daily job would have sent them this morning.
  await sendDueReminders(svc);
  // The ten confirmed from the year's scores and their certificates (after the records exist).
  Object.assign(counts, await seedScorecardDemo(svc));
  // The monthly summary of 学习情况 by unit, built night after night in a running office (decision 021).
  Object.assign(counts, await seedSummaryDemo(svc));
  return counts;
}
