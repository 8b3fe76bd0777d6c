// Demo content of inspections and the acceptance: this quarter's random survey (drawn with a
// published seed) with findings and rectifications in every state, and this year's joint
// acceptance under way (two units signed off, one half scored, the rest waiting).
import crypto from 'node:crypto';
import { draw, DRAW_ALGORITHM } from '../modules/assessment/inspections/draw';
import { INSPECTION_TEMPLATE } from '../modules/assessment/inspections/service';
import { consolidate, DEFAULT_CHECKLIST, gradeOf } from '../modules/assessment/acceptance/rules';
import { addDays } from '../platform/workcalendar';
import type { DemoContext, DemoCounts } from './context';

/** A small site photo (24×16 JPEG) standing in for the inspectors' camera pictures. */
const PHOTO = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAQABgDASIAAhEBAxEB/8QAGAAAAgMAAAAAAAAAAAAAAAAAAAYCBQf/xAAaEAACAgMAAAAAAAAAAAAAAAAAAQcRRaTi/8QAFgEBAQEAAAAAAAAAAAAAAAAABQIG/8QAGxEAAgIDAQAAAAAAAAAAAAAAAAMBIQIEESL/2gAMAwEAAhEDEQA/AKhI0BRhWY1uxBSH9SZeH2eSUrnlCO4+e1IipASSAZwVRnGv9H//2Q==', 'base64');

const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).toISOString();

export async function seedAssessmentDemo(ctx: DemoContext): Promise<DemoCounts> {
  const { db, today, rng: r, accounts } = ctx;
  const counts: DemoCounts = { inspections: 0, findings: 0, rectifications: 0, acceptanceScores: 0 };
  const town = await db.selectFrom('units').select(['id', 'path']).where('id', '=', ctx.townId).executeTakeFirstOrThrow();
  const clerk = accounts.clerk!.userId;
  const inspector = accounts.inspector!.userId;
  const inspector2 = accounts.inspector2!.userId;

  const photo = async (purpose: string, by: number, created: string) =>
    (
      await db
        .insertInto('assessment_files')
        .values({ purpose, uploaded_by: by, filename: `${purpose}.jpg`, mime: 'image/jpeg', size: PHOTO.length, sha256: crypto.createHash('sha256').update(PHOTO).digest('hex'), data_base64: PHOTO.toString('base64'), attached: 1, created_at: created })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  // ---------------------------------------------------------------- this quarter's inspection
  const drawDay = addDays(today, -24);
  const year = Number(drawDay.slice(0, 4));
  const quarter = Math.floor((Number(drawDay.slice(5, 7)) - 1) / 3) + 1;
  const rows = await db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['u.id as unit_id', 'm.id as member_id'])
    .where('u.path', 'like', `${town.path}%`)
    .where('u.kind', 'not in', ['district', 'town'])
    .where('m.status', '=', 'active')
    .orderBy('u.id')
    .orderBy('m.id')
    .execute();
  const members: Record<string, number[]> = {};
  for (const row of rows) (members[String(row.unit_id)] ??= []).push(row.member_id);
  const candidates = { units: Object.keys(members).map(Number), members };
  const seed = `${year}年第${quarter}季度书香机关随机抽查`;
  const result = draw(DRAW_ALGORITHM, seed, candidates, 4, 3);
  const items = INSPECTION_TEMPLATE.map((t) => ({ ...t, maxScore: 10 }));
  const created = at(addDays(drawDay, -3), '10:00');
  const { id: inspectionId } = await db
    .insertInto('inspections')
    .values({
      scope_unit_id: town.id,
      year,
      quarter,
      title: `${year}年第${quarter}季度“书香”机关创建随机抽查`,
      kind: 'random',
      items: JSON.stringify(items),
      unit_count: 4,
      members_per_unit: 3,
      status: 'drawn',
      seed,
      algorithm: DRAW_ALGORITHM,
      candidates: JSON.stringify(candidates),
      drawn_at: at(drawDay, '09:30'),
      drawn_by: clerk,
      created_by: clerk,
      created_at: created,
      updated_at: at(drawDay, '09:30'),
      version: 2,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('inspection_team').values([{ inspection_id: inspectionId, user_id: clerk }, { inspection_id: inspectionId, user_id: inspector }]).execute();
  await db
    .insertInto('inspection_units')
    .values(result.units.map((u, i) => ({ inspection_id: inspectionId, unit_id: u.unitId, draw_order: i + 1, member_ids: JSON.stringify(u.memberIds) })))
    .execute();
  counts.inspections++;

  const texts: [string, number, string][] = [
    ['corner', 6, '图书角书架有积灰，部分图书未按类别摆放，借阅登记簿缺少近两周记录'],
    ['plans', 8, '抽查 3 名干部，均按时制定了本月阅读计划，1 人计划书目与本单位年度必学书目不符'],
    ['logs', 5, '抽查干部近一周未填写学习记录，现场询问称“忘记了”'],
    ['reflections', 7, '心得篇幅达标，但 1 篇与网上文章雷同段落较多，需重写'],
  ];
  const states = ['accepted', 'submitted', 'open', 'overdue'] as const;
  for (const [n, u] of result.units.slice(0, 4).entries()) {
    const [itemKey, score, text] = texts[n]!;
    const seenDay = addDays(drawDay, 2 + n);
    const fileId = await photo('finding', inspector, at(seenDay, '10:20'));
    const { id: findingId } = await db
      .insertInto('inspection_findings')
      // The logs finding is against the drawn cadre it was about (deducted in their year score).
      .values({ inspection_id: inspectionId, unit_id: u.unitId, member_id: itemKey === 'logs' ? (u.memberIds[0] ?? null) : null, item_key: itemKey, score, max_score: 10, text, photo_file_id: fileId, client_id: `demo-${inspectionId}-${n}`, observed_at: at(seenDay, '10:15'), created_by: inspector, created_at: at(seenDay, '10:21') })
      .returning('id')
      .executeTakeFirstOrThrow();
    counts.findings++;
    const owner = u.memberIds[0] ?? members[String(u.unitId)]![0]!;
    const state = states[n]!;
    const deadline = state === 'overdue' ? addDays(today, -3) : state === 'open' ? addDays(today, 9) : addDays(seenDay, 15);
    const assigned = at(addDays(seenDay, 1), '15:00');
    const submitted = state === 'submitted' || state === 'accepted' ? at(addDays(seenDay, 6), '16:40') : null;
    const { id: rid } = await db
      .insertInto('rectifications')
      .values({
        finding_id: findingId,
        unit_id: u.unitId,
        owner_member_id: owner,
        requirement: `针对“${text.slice(0, 18)}…”，限期整改并上传整改照片`,
        deadline,
        status: state === 'overdue' ? 'open' : state,
        response: submitted ? '已安排专人负责，整改情况见照片' : '',
        review_note: state === 'accepted' ? '整改到位，同意销号' : '',
        submitted_at: submitted,
        accepted_at: state === 'accepted' ? at(addDays(seenDay, 8), '09:10') : null,
        accepted_by: state === 'accepted' ? inspector : null,
        created_by: clerk,
        created_at: assigned,
        updated_at: submitted ?? assigned,
        version: state === 'accepted' ? 4 : state === 'submitted' ? 3 : 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    counts.rectifications++;
    if (submitted) {
      const ev = await photo('evidence', clerk, submitted);
      await db.insertInto('rectification_evidence').values({ rectification_id: rid, file_id: ev, note: '整改后现场照片', created_by: clerk, created_at: submitted }).execute();
    }
  }

  // ---------------------------------------------------------------- this year's acceptance
  const thisYear = Number(today.slice(0, 4));
  const { id: teamId } = await db
    .insertInto('acceptance_teams')
    .values({ year: thisYear, name: `${thisYear}年度“书香”机关创建联合验收组`, scope_unit_id: town.id, lead_user_id: clerk, created_by: clerk, created_at: at(addDays(today, -6), '09:00') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const team = [
    { user_id: clerk, office: '党建办' },
    { user_id: inspector, office: '效能办' },
    { user_id: inspector2, office: '党政办' },
  ];
  await db.insertInto('acceptance_team_members').values(team.map((m) => ({ ...m, team_id: teamId }))).execute();
  const sheetOf = (level: number) =>
    DEFAULT_CHECKLIST.map((i) => ({ key: i.key, tenths: Math.round(Math.min(1, Math.max(0.4, level + (r.next() - 0.5) * 0.2)) * i.maxPoints * 2) * 5, note: '', photoFileId: null as number | null }));
  const plan: [string, number, number][] = [
    ['东风村', 0.92, 3],
    ['红旗村', 0.8, 3],
    ['前进村', 0.7, 2],
  ];
  for (const [name, level, n] of plan) {
    const unitId = ctx.unitIds[name];
    if (!unitId) continue;
    const totals: number[] = [];
    for (const m of team.slice(0, n)) {
      const items = sheetOf(level);
      const total = items.reduce((s, i) => s + i.tenths, 0);
      totals.push(total);
      await db
        .insertInto('acceptance_scores')
        .values({ year: thisYear, unit_id: unitId, team_id: teamId, user_id: m.user_id, items: JSON.stringify(items), total_tenths: total, submitted_at: at(addDays(today, -2), '15:30') })
        .execute();
      counts.acceptanceScores++;
    }
    if (n === team.length) {
      const c = consolidate(totals, false, 10)!;
      await db
        .insertInto('acceptance_results')
        .values({
          year: thisYear,
          unit_id: unitId,
          team_id: teamId,
          locked: 1,
          score_x100: c.scoreX100,
          spread_x100: c.spreadX100,
          grade: gradeOf(c.scoreX100 / 100, { excellent: 90, good: 80, pass: 60 }),
          method: c.method,
          signed_by: clerk,
          signed_at: at(addDays(today, -1), '17:00'),
          version: 1,
        })
        .execute();
    }
  }
  return counts;
}
