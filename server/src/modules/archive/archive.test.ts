import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, createTestApp, multipart, signedIn, type Client, type TestApp } from '../../../test/helper';
import { makeWorld } from '../../../test/world';
import { makeUser } from '../../demo/factories';
import { sealPng } from '../../demo/seal';
import { clock } from '../../platform/time';
import { buildApp } from '../../app';
import { waitFor } from './service';
import { readXlsxRows } from '../../platform/xlsx';
import { DEFAULT_CHECKLIST } from '../assessment/acceptance/rules';

const NOW = new Date('2026-12-07T04:00:00Z');
const YEAR = 2026;
const iso = (day: string, hm = '09:00') => new Date(`${day}T${hm}:00+08:00`).toISOString();

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let zhang: Client;
let clerkA: Client;
let clerkB: Client;
let leader: Client;
let inspector: Client;
let inspectorUser: { id: number };

beforeAll(async () => {
  clock.now = () => new Date(NOW);
  t = await createTestApp();
  world = await makeWorld(t.db);
  inspectorUser = await makeUser(t.db, { username: 'inspector', password: 'Passw0rd-test', roles: [{ role: 'inspector', unitId: world.townA.id }] });
  const db = t.db;
  const now = NOW.toISOString();
  const z = world.members.mZhang.id;
  // A year plan, a session with a check-in, reflections (one excellent), a finished book.
  const plan = await db.insertInto('study_plans').values({ unit_id: world.townA.id, year: YEAR, title: '甲镇2026年度读书学习计划', created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('study_plan_months').values({ plan_id: plan.id, month: 3, theme: '学习贯彻全会精神', content: '集中学习一次' }).execute();
  const s = await db
    .insertInto('study_sessions')
    .values({ unit_id: world.officeA.id, plan_id: plan.id, topic: '学习贯彻党的二十届三中全会精神', starts_at: iso('2026-03-05'), ends_at: iso('2026-03-05', '11:00'), minutes: 120, status: 'closed', qr_secret: 'x', opened_at: null, closed_at: null, created_by: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('study_session_units').values({ session_id: s.id, unit_id: world.officeA.id }).execute();
  await db.insertInto('check_ins').values({ session_id: s.id, member_id: z, checked_at: iso('2026-03-05', '08:55'), method: 'qr', recorded_by: null }).execute();
  for (const [status, title] of [
    ['excellent', '把学习成果转化为为民服务的实效'],
    ['approved', '在基层治理中读懂乡土'],
  ]) {
    await db
      .insertInto('reflections')
      .values({ member_id: z, unit_id: world.officeA.id, title: title!, status: status!, month: '2026-05', submitted_at: iso('2026-05-06'), body_text: '第一段：读书使人明智。\n第二段：学以致用，服务群众。', char_count: 30, created_at: now, updated_at: now })
      .execute();
  }
  await db.insertInto('reading_plan_items').values({ member_id: z, month: '2026-04', book_id: null, own_title: '乡土中国', own_author: '费孝通', target_on: '2026-04-30', status: 'finished', finished_on: '2026-04-25', created_at: now, updated_at: now }).execute();
  // A closed quarterly test with one graded attempt, for the results and the item analysis.
  const paper = await db
    .insertInto('exam_papers')
    .values({ unit_id: world.townA.id, title: '第一季度应知应会测试', description: '', quarter: '2026Q1', opens_at: iso('2026-03-01'), closes_at: iso('2026-03-31', '23:00'), time_limit_minutes: 30, max_attempts: 1, grading_method: 'highest', shuffle_questions: 0, shuffle_options: 0, review_after_submit: '{}', review_after_close: '{}', status: 'published', created_by: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('exam_paper_units').values({ paper_id: paper.id, unit_id: world.townA.id }).execute();
  await db
    .insertInto('exam_attempts')
    .values({ paper_id: paper.id, member_id: z, unit_id: world.officeA.id, attempt_no: 1, open_slot: null, status: 'graded', started_at: iso('2026-03-20'), deadline_at: iso('2026-03-20', '09:30'), submitted_at: iso('2026-03-20', '09:20'), submitted_how: 'manual', score: 80, max_score: 100 })
    .execute();
  await t.db.transaction().execute((trx) => t.svc.settings.set(trx, 'plan.certificateCount', YEAR, 1, ['clerk'], world.users.clerkA.id));
  [zhang, clerkA, clerkB, leader, inspector] = await Promise.all(['zhangsan', 'clerka', 'clerkb', 'leader', 'inspector'].map((u) => signedIn(t.app, u)));
  // The ten (here one) confirmed and a certificate issued, so the archive holds a PDF.
  const listId = (await leader.put(`/api/scorecard/${YEAR}/honors`, { unitId: world.townA.id, memberIds: [z] })).json().listId;
  const png = multipart('file', 'seal.png', sealPng(120), 'image/png');
  await clerkA.request('POST', `/api/scorecard/seal?unitId=${world.townA.id}`, png.body, { 'content-type': png.contentType });
  const issued = await clerkA.post(`/api/scorecard/honors/${listId}/certificates`, { memberIds: [z] });
  expect(issued.statusCode, issued.body).toBe(200);
  // The joint acceptance of 东风村: two team members score it, the lead signs it off.
  const team = await clerkA.post(`/api/assessment/acceptance/${YEAR}/teams`, {
    name: '甲镇联合验收组',
    scopeUnitId: world.townA.id,
    leadUserId: inspectorUser.id,
    members: [
      { userId: inspectorUser.id, office: '效能办' },
      { userId: world.users.clerkA.id, office: '党建办' },
    ],
  });
  expect(team.statusCode, team.body).toBe(200);
  for (const [c, sheet] of [
    [inspector, ACCEPTANCE_A],
    [clerkA, ACCEPTANCE_B],
  ] as const) {
    const scored = await c.post(`/api/assessment/acceptance/${YEAR}/units/${world.villageA.id}/scores`, { items: sheet });
    expect(scored.statusCode, scored.body).toBe(200);
  }
  const signed = await inspector.post(`/api/assessment/acceptance/${YEAR}/units/${world.villageA.id}/signoff`);
  expect(signed.json().locked, signed.body).toBe(true);
  // The session also serves the 学习型 and 廉洁型 creations.
  sessionId = s.id;
  const tagged = await clerkA.put(`/api/archive/creations/session/${s.id}`, { creations: ['学习型', '廉洁型'] });
  expect(tagged.statusCode, tagged.body).toBe(200);
});

let sessionId = 0;

// Two score sheets: every item of the default checklist at a share of its points, to the half point.
const sheetAt = (share: number) => DEFAULT_CHECKLIST.map((i) => ({ key: i.key, points: Math.floor(i.maxPoints * share * 2) / 2 }));
const ACCEPTANCE_A = sheetAt(0.9);
const ACCEPTANCE_B = sheetAt(0.7);
const sum = (xs: { points: number }[]) => xs.reduce((a, x) => a + x.points, 0);

afterAll(async () => {
  await t.close();
  clock.now = () => new Date();
});

const SECTIONS = ['01 年度学习计划与必读书目', '02 月度计划与达标情况', '03 签到表', '04 借阅记录与分类覆盖', '05 读书心得', '06 上报材料', '07 研讨会纪要', '08 党课', '09 测试成绩与试题分析', '10 督查报告与整改', '11 验收评分', '12 干部年度考核得分', '13 书香干部与证书', '14 其他创建佐证'];

/** Opens every file of the zip by its kind; returns the names. */
async function checkEveryFile(buf: Buffer) {
  const zip = await JSZip.loadAsync(buf);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  for (const n of names) {
    const data = Buffer.from(await zip.file(n)!.async('uint8array'));
    if (n.endsWith('.xlsx')) expect((await readXlsxRows(data)).length, n).toBeGreaterThan(0);
    else if (n.endsWith('.docx')) {
      const doc = await JSZip.loadAsync(data);
      const xml = await doc.file('word/document.xml')!.async('string');
      expect(xml, n).toContain('<w:body>');
    } else if (n.endsWith('.pdf')) {
      const s = data.toString('latin1');
      expect(s.startsWith('%PDF-'), n).toBe(true);
      expect(s.trimEnd().endsWith('%%EOF'), n).toBe(true);
      expect(s.match(/\/Type \/Page\b/g)?.length ?? 0, n).toBeGreaterThan(0);
    } else if (n.endsWith('.txt')) expect(data.toString('utf8').length, n).toBeGreaterThan(0);
    else throw new Error(`unexpected file ${n}`);
  }
  return { zip, names };
}

describe('the year-end archive', () => {
  let buildId = '';

  it('two requests at once build once', async () => {
    const [a, b] = await Promise.all([clerkA.post(`/api/archive/${YEAR}/builds`, { unitId: world.townA.id }), leader.post(`/api/archive/${YEAR}/builds`, { unitId: world.townA.id })]);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    expect(a.json().id).toBe(b.json().id);
    expect([a.json().joined, b.json().joined].sort()).toEqual([false, true]);
    buildId = a.json().id;
    const audit = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'archive.build').execute();
    expect(audit).toHaveLength(1);
  });

  it('reports progress, then holds every section, and every file opens', async () => {
    let st = (await clerkA.get(`/api/archive/builds/${buildId}`)).json();
    for (let i = 0; i < 1000 && st.status === 'building'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      st = (await clerkA.get(`/api/archive/builds/${buildId}`)).json();
    }
    expect(st.status).toBe('done');
    expect(st.done).toBe(st.total);
    const res = await clerkA.get(`/api/archive/builds/${buildId}/download`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    const { zip, names } = await checkEveryFile(res.rawPayload);
    expect(names).toContain('00 目录.docx');
    for (const s of SECTIONS) expect(names.some((n) => n.startsWith(`${s}/`)), s).toBe(true);
    // Organised by month; the plan, the sign-in sheet, the excellent reflection in full, the certificate.
    expect(names).toContain('03 签到表/03月/甲镇2026年3月集中学习签到表（1场）.docx');
    expect(names).toContain('03 签到表/03月/甲镇2026年3月集中学习签到表（1场）.xlsx');
    const sheet = await JSZip.loadAsync(await zip.file('03 签到表/03月/甲镇2026年3月集中学习签到表（1场）.docx')!.async('uint8array'));
    const sheetXml = await sheet.file('word/document.xml')!.async('string');
    for (const text of ['学习贯彻党的二十届三中全会精神签到表', '张三', '08:55']) expect(sheetXml, text).toContain(text);
    expect(names.filter((n) => n.startsWith('02 月度计划与达标情况/')).length).toBe(12);
    const excellent = await JSZip.loadAsync(await zip.file('05 读书心得/2026年优秀读书心得汇编.docx')!.async('uint8array'));
    const xml = await excellent.file('word/document.xml')!.async('string');
    expect(xml).toContain('把学习成果转化为为民服务的实效');
    expect(xml).toContain('学以致用，服务群众。');
    expect(xml).not.toContain('在基层治理中读懂乡土');
    expect(names.some((n) => n.startsWith('13 书香干部与证书/') && n.endsWith('证书.pdf'))).toBe(true);
    expect(names).toContain('14 其他创建佐证/学习型创建佐证.xlsx');
    expect(names).toContain('09 测试成绩与试题分析/2026年季度测试成绩.xlsx');
    const analysisRows = await readXlsxRows(Buffer.from(await zip.file('09 测试成绩与试题分析/2026年试题分析.xlsx')!.async('uint8array')));
    expect(analysisRows[0]!.cells.join('')).toContain('第一季度应知应会测试：1 人次作答，平均 80 分');
    expect(names).toContain('14 其他创建佐证/廉洁型创建佐证.xlsx');
    const index = await JSZip.loadAsync(await zip.file('00 目录.docx')!.async('uint8array'));
    const ix = await index.file('word/document.xml')!.async('string');
    expect(ix).toContain('读书心得');
    expect(ix).toContain('2 篇（优秀 1 篇）');
    expect(ix).not.toContain('本年度尚无本单位的验收评分');
    // 验收评分, filled: the signed-off acceptance of 东风村 with the numbers the team gave, read back.
    const avg = (sum(ACCEPTANCE_A) + sum(ACCEPTANCE_B)) / 2;
    const grade = avg >= 90 ? '优秀' : avg >= 80 ? '良好' : avg >= 60 ? '合格' : '不合格';
    const table = await readXlsxRows(Buffer.from(await zip.file('11 验收评分/甲镇2026年度验收评分表.xlsx')!.async('uint8array')));
    const dongfeng = table.find((r) => r.cells.includes('东风村') && r.cells.includes('已签字'))!;
    expect(dongfeng, JSON.stringify(table.slice(0, 4))).toBeDefined();
    expect(dongfeng.cells[0]).toBe('1');
    expect(Number(dongfeng.cells[3])).toBeCloseTo(avg, 2);
    expect(dongfeng.cells[4]).toBe(grade);
    // The item sheet: 三.3 (the reading corner) scored by the two members, then their average.
    const corner = DEFAULT_CHECKLIST.findIndex((i) => i.section === '三.3');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await zip.file('11 验收评分/甲镇2026年度验收评分表.xlsx')!.async('uint8array')) as unknown as ArrayBuffer);
    const detail = wb.getWorksheet('逐项评分')!;
    const cornerRow = detail.getRows(2, detail.rowCount - 1)!.find((r) => r.getCell(1).value === '东风村' && r.getCell(2).value === '三.3')!;
    expect([5, 6, 7].map((n) => Number(cornerRow.getCell(n).value))).toEqual([ACCEPTANCE_A[corner]!.points, ACCEPTANCE_B[corner]!.points, (ACCEPTANCE_A[corner]!.points + ACCEPTANCE_B[corner]!.points) / 2]);
    const report = (await (await JSZip.loadAsync(await zip.file('11 验收评分/甲镇2026年度联合验收报告.docx')!.async('uint8array'))).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    for (const text of ['2026年度“书香”机关创建联合验收报告', '甲镇联合验收组', '东风村', avg.toFixed(2), grade]) expect(report, text).toContain(text);
    expect(ix).toContain('验收评分');
  }, 120_000);

  it('another node asked at the same time joins the build; a build whose node died is taken over', async () => {
    // A second app on the same database stands for a second process or node.
    const other = await buildApp({ ...t.svc.config }, t.testDb.handle);
    await other.app.ready();
    try {
      const leaderB = await signedIn(other.app, 'leader');
      const [a, b] = await Promise.all([clerkA.post(`/api/archive/${YEAR}/builds`, { unitId: world.townA.id }), leaderB.post(`/api/archive/${YEAR}/builds`, { unitId: world.townA.id })]);
      expect(a.statusCode, a.body).toBe(200);
      expect(b.statusCode, b.body).toBe(200);
      expect(b.json().id).toBe(a.json().id);
      expect([a.json().joined, b.json().joined].sort()).toEqual([false, true]);
      await waitFor(a.json().id);
      // The node that did not build streams the download from the database.
      const res = await leaderB.get(`/api/archive/builds/${a.json().id}/download`);
      expect(res.statusCode).toBe(200);
      await checkEveryFile(res.rawPayload);

      // A build claimed by a process that stopped renewing its lease: the next request marks it failed and builds anew.
      const stale = 'stale-build-of-a-dead-node';
      await t.db
        .insertInto('archive_builds')
        .values({ id: stale, unit_id: world.townA.id, year: YEAR, running_key: `${world.townA.id}:${YEAR}`, status: 'building', lease_until: new Date(NOW.getTime() - 1000).toISOString(), created_by: null, started_at: new Date(NOW.getTime() - 600_000).toISOString() })
        .execute();
      const c = await leaderB.post(`/api/archive/${YEAR}/builds`, { unitId: world.townA.id });
      expect(c.statusCode, c.body).toBe(200);
      expect(c.json().id).not.toBe(stale);
      expect(c.json().joined).toBe(false);
      expect((await leaderB.get(`/api/archive/builds/${stale}`)).json()).toMatchObject({ status: 'failed', error: expect.stringContaining('生成中断') });
      // While its lease is fresh, a build is joined, whoever runs it.
      const d = await clerkA.post(`/api/archive/${YEAR}/builds`, { unitId: world.townA.id });
      if (d.json().status === 'building') expect(d.json()).toMatchObject({ id: c.json().id, joined: true });
      await waitFor(c.json().id);
    } finally {
      await other.app.close();
    }
  }, 180_000);

  it('is refused outside the builder’s reach', async () => {
    expect((await zhang.post(`/api/archive/${YEAR}/builds`, {})).statusCode).toBe(403);
    expect((await clerkB.post(`/api/archive/${YEAR}/builds`, { unitId: world.townA.id })).statusCode).toBe(403);
    expect((await clerkB.get(`/api/archive/builds/${buildId}`)).statusCode).toBe(403);
    expect((await clerkB.get(`/api/archive/builds/${buildId}/download`)).statusCode).toBe(403);
    expect((await zhang.get(`/api/archive/builds/${buildId}`)).statusCode).toBe(403);
    expect((await inspector.get(`/api/archive/builds/${buildId}`)).statusCode).toBe(200);
    expect((await clerkA.post('/api/archive/2027/builds', {})).statusCode).toBe(400);
  });

  it('the CLI writes the same archive to a file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-archive-'));
    const out = path.join(dir, 'archive.zip');
    const r = await cli(['archive', '--year', String(YEAR), out, '--unit', String(world.townA.id)], t.testDb.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('台账已生成');
    const { names } = await checkEveryFile(fs.readFileSync(out));
    for (const s of SECTIONS) expect(names.some((n) => n.startsWith(`${s}/`)), s).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});

describe('other creations and the exchange meeting', () => {
  it('tags a record once and exports each creation’s evidence from it', async () => {
    const list = (await clerkA.get(`/api/archive/${YEAR}/creations?unitId=${world.townA.id}`)).json();
    const row = list.rows.find((r: { entity: string; id: number }) => r.entity === 'session' && r.id === sessionId);
    expect(row.creations).toEqual(['学习型', '廉洁型']);
    const res = await clerkA.get(`/api/archive/${YEAR}/creations/evidence.xlsx?unitId=${world.townA.id}&creation=${encodeURIComponent('廉洁型')}`);
    expect(res.statusCode).toBe(200);
    const rows = await readXlsxRows(res.rawPayload);
    expect(rows.some((r) => r.cells.includes('学习贯彻党的二十届三中全会精神'))).toBe(true);
    const bad = await clerkA.put(`/api/archive/creations/session/${sessionId}`, { creations: ['示范型'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('没有“示范型”这一创建类型');
    expect((await zhang.put(`/api/archive/creations/session/${sessionId}`, { creations: [] })).statusCode).toBe(403);
    expect((await leader.put(`/api/archive/creations/session/${sessionId}`, { creations: [] })).statusCode).toBe(403);
    expect((await clerkB.put(`/api/archive/creations/session/${sessionId}`, { creations: [] })).statusCode).toBe(403);
    expect((await clerkB.get(`/api/archive/${YEAR}/creations?unitId=${world.townA.id}`)).statusCode).toBe(403);
    expect((await zhang.get(`/api/archive/${YEAR}/creations`)).statusCode).toBe(403);
    const audit = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'archive.creations.tag').execute();
    expect(audit).toHaveLength(1);
  });

  it('builds the exchange meeting’s agenda and materials pack', async () => {
    const res = await leader.get(`/api/archive/${YEAR}/exchange.docx?unitId=${world.townA.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    for (const text of ['会议议程', '各单位考核结果', '事迹简介', '张三（党政办）', '优秀读书心得选编', '把学习成果转化为为民服务的实效', '学以致用，服务群众。']) expect(xml, text).toContain(text);
    expect((await inspector.get(`/api/archive/${YEAR}/exchange.docx`)).statusCode).toBe(403);
    expect((await zhang.get(`/api/archive/${YEAR}/exchange.docx`)).statusCode).toBe(403);
    expect((await clerkB.get(`/api/archive/${YEAR}/exchange.docx?unitId=${world.townA.id}`)).statusCode).toBe(403);
  });
});

describe("a member's year record", () => {
  it('exports as .docx for the member and the office, not for others', async () => {
    const own = await zhang.get(`/api/archive/${YEAR}/members/${world.members.mZhang.id}/record.docx`);
    expect(own.statusCode, own.body).toBe(200);
    const xml = await (await JSZip.loadAsync(own.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('张三同志2026年度读书学习档案');
    expect(xml).toContain('乡土中国');
    expect((await clerkA.get(`/api/archive/${YEAR}/members/${world.members.mZhang.id}/record.docx`)).statusCode).toBe(200);
    expect((await zhang.get(`/api/archive/${YEAR}/members/${world.members.mLi.id}/record.docx`)).statusCode).toBe(403);
    expect((await clerkB.get(`/api/archive/${YEAR}/members/${world.members.mZhang.id}/record.docx`)).statusCode).toBe(403);
  });
});
