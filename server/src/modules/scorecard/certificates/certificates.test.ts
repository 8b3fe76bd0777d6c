import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, createTestApp, multipart, signedIn, type Client, type TestApp } from '../../../../test/helper';
import { makeWorld } from '../../../../test/world';
import { sealPng } from '../../../demo/seal';
import { clock } from '../../../platform/time';
import { signingKey } from './service';

// The app's own data directory: the key-encryption key of the signing keys lives there.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-cert-data-'));

const NOW = new Date('2026-12-07T04:00:00Z');
const YEAR = 2026;

let t: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let zhang: Client;
let li: Client;
let clerkA: Client;
let clerkB: Client;
let leader: Client;

beforeAll(async () => {
  clock.now = () => new Date(NOW);
  t = await createTestApp({ dataDir });
  world = await makeWorld(t.db);
  const now = NOW.toISOString();
  // The ten are two here (plan.certificateCount for the year).
  await t.db.transaction().execute((trx) => t.svc.settings.set(trx, 'plan.certificateCount', YEAR, 2, ['clerk'], world.users.clerkA.id));
  // 张三 reads three books, 王芳 one; everyone else nothing: 张三, 王芳, then 李四 and 孙书记 tied (pinyin order).
  const finish = (member_id: number, title: string, day: string) =>
    t.db.insertInto('reading_plan_items').values({ member_id, month: day.slice(0, 7), book_id: null, own_title: title, own_author: null, target_on: day, status: 'finished', finished_on: day, created_at: now, updated_at: now }).execute();
  await finish(world.members.mZhang.id, '乡土中国', '2026-03-01');
  await finish(world.members.mZhang.id, '平凡的世界', '2026-05-01');
  await finish(world.members.mZhang.id, '苏东坡传', '2026-08-01');
  await finish(world.members.mClerkA.id, '红星照耀中国', '2026-06-01');
  [zhang, li, clerkA, clerkB, leader] = await Promise.all(['zhangsan', 'lisi', 'clerka', 'clerkb', 'leader'].map((u) => signedIn(t.app, u)));
});

afterAll(async () => {
  await t.close();
  clock.now = () => new Date();
});

let listId = 0;
const certs: { id: number; number: string; memberId: number }[] = [];

describe('choosing the ten', () => {
  it('offers candidates from the ranking', async () => {
    const res = await leader.get(`/api/scorecard/${YEAR}/honors?unitId=${world.townA.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json();
    expect(h.count).toBe(2);
    expect(h.candidates.map((c: { name: string }) => c.name)).toEqual(['张三', '王芳', '李四', '孙书记']);
    expect(h.candidates.map((c: { rank: number }) => c.rank)).toEqual([1, 2, 3, 3]);
    expect(h.list).toBeNull();
  });

  it('a departure from the ranking needs a written reason', async () => {
    const body = { unitId: world.townA.id, memberIds: [world.members.mZhang.id, world.members.mLi.id] };
    const res = await leader.put(`/api/scorecard/${YEAR}/honors`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('以下人选与排名不一致，须写明理由：李四（第 3 名，列入）、王芳（第 2 名，未列入）');
    expect(await t.db.selectFrom('honor_lists').selectAll().execute()).toHaveLength(0);
    const ok = await leader.put(`/api/scorecard/${YEAR}/honors`, {
      ...body,
      title: '书香干部',
      reasons: [
        { memberId: world.members.mLi.id, reason: '驻村期间坚持读书，带动村干部共读' },
        { memberId: world.members.mClerkA.id, reason: '本人为活动组织者，主动让出名额' },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    listId = ok.json().listId;
    const hr = await leader.get(`/api/scorecard/${YEAR}/honors?unitId=${world.townA.id}`);
    expect(hr.statusCode, hr.body).toBe(200);
    const h = hr.json();
    expect(h.list.entries.map((e: { name: string; included: boolean; reason: string | null }) => [e.name, e.included, e.reason])).toEqual([
      ['张三', true, null],
      ['李四', true, '驻村期间坚持读书，带动村干部共读'],
      ['王芳', false, '本人为活动组织者，主动让出名额'],
    ]);
    const audit = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'scorecard.honors.confirm').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toContain('主动让出名额');
  });

  it('only the leading group confirms, within its reach', async () => {
    const body = { unitId: world.townA.id, memberIds: [world.members.mZhang.id, world.members.mClerkA.id] };
    expect((await clerkA.put(`/api/scorecard/${YEAR}/honors`, body)).statusCode).toBe(403);
    expect((await zhang.put(`/api/scorecard/${YEAR}/honors`, body)).statusCode).toBe(403);
    expect((await leader.put(`/api/scorecard/${YEAR}/honors`, { ...body, unitId: world.townB.id })).statusCode).toBe(403);
    expect((await zhang.get(`/api/scorecard/${YEAR}/honors`)).statusCode).toBe(403);
    expect((await clerkB.get(`/api/scorecard/${YEAR}/honors?unitId=${world.townA.id}`)).statusCode).toBe(403);
  });
});

describe('certificates', () => {
  it('are refused without the seal, and for anyone outside the confirmed ten', async () => {
    const noSeal = await clerkA.post(`/api/scorecard/honors/${listId}/certificates`, { memberIds: [world.members.mZhang.id] });
    expect(noSeal.statusCode).toBe(400);
    expect(noSeal.json().message).toBe('请先上传本单位的印章图片');
    const outside = await clerkA.post(`/api/scorecard/honors/${listId}/certificates`, { memberIds: [world.members.mClerkA.id] });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().message).toBe('“王芳”不在已确认的“书香干部”名单中，不能颁发证书');
    expect(await t.db.selectFrom('certificates').selectAll().execute()).toHaveLength(0);
  });

  it('the seal is checked by its content', async () => {
    const fake = multipart('file', 'seal.png', Buffer.from('GIF89a not a png at all'), 'image/png');
    const bad = await clerkA.request('POST', `/api/scorecard/seal?unitId=${world.townA.id}`, fake.body, { 'content-type': fake.contentType });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('PNG 或 JPEG');
    const png = multipart('file', '印章.png', sealPng(200), 'image/png');
    expect((await clerkB.request('POST', `/api/scorecard/seal?unitId=${world.townA.id}`, png.body, { 'content-type': png.contentType })).statusCode).toBe(403);
    const ok = await clerkA.request('POST', `/api/scorecard/seal?unitId=${world.townA.id}`, png.body, { 'content-type': png.contentType });
    expect(ok.statusCode, ok.body).toBe(200);
    const back = await leader.get(`/api/scorecard/seal?unitId=${world.townA.id}`);
    expect(back.headers['content-type']).toBe('image/png');
  });

  it('are issued, signed, one A4 page each and a batch as one PDF', async () => {
    expect((await leader.post(`/api/scorecard/honors/${listId}/certificates`, { memberIds: [world.members.mZhang.id] })).statusCode).toBe(403);
    const res = await clerkA.post(`/api/scorecard/honors/${listId}/certificates`, { memberIds: [world.members.mZhang.id, world.members.mLi.id], issuedOn: '2026-12-07' });
    expect(res.statusCode, res.body).toBe(200);
    const rows = await t.db.selectFrom('certificates').select(['id', 'number', 'member_id', 'name', 'unit_name', 'title', 'issued_on']).orderBy('id').execute();
    expect(rows.map((r) => [r.name, r.unit_name, r.title, r.issued_on])).toEqual([
      ['张三', '党政办', '书香干部', '2026-12-07'],
      ['李四', '东风村', '书香干部', '2026-12-07'],
    ]);
    expect(rows[0]!.number).toMatch(/^SX2026-\d{3}-001$/);
    certs.push(...rows.map((r) => ({ id: r.id, number: r.number, memberId: r.member_id })));
    // Issuing again returns the same certificates.
    const again = await clerkA.post(`/api/scorecard/honors/${listId}/certificates`, { memberIds: [world.members.mZhang.id] });
    expect(again.json().certificateIds).toEqual([rows[0]!.id]);

    const batch = await clerkA.get(`/api/scorecard/honors/${listId}/certificates.pdf`);
    expect(batch.statusCode).toBe(200);
    const pdf = batch.rawPayload.toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.match(/\/Type \/Page\b/g)).toHaveLength(2);
    // A4 landscape: 841.89 × 595.28 points.
    expect(pdf).toMatch(/\/MediaBox \[0 0 841\.89\d* 595\.28\d*\]/);
    const one = await zhang.get(`/api/certificates/${certs[0]!.id}/pdf`);
    expect(one.statusCode).toBe(200);
    expect(one.rawPayload.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect((await zhang.get(`/api/certificates/${certs[1]!.id}/pdf`)).statusCode).toBe(403);
    expect((await clerkB.get(`/api/certificates/${certs[0]!.id}`)).statusCode).toBe(403);
    const mine = (await zhang.get('/api/certificates/mine')).json();
    expect(mine.map((c: { number: string }) => c.number)).toEqual([certs[0]!.number]);
  });
});

describe('verification', () => {
  const qrOf = async (id: number) => (await zhang.get(`/api/certificates/${id}`)).json().verifyUrl as string;
  const verifyApi = (url: string) => {
    const u = new URL(url);
    return t.app.inject({ method: 'GET', url: `/api${u.pathname}${u.search}` });
  };

  it('the QR URL verifies on the public page, without signing in', async () => {
    const url = await qrOf(certs[0]!.id);
    expect(url).toMatch(new RegExp(`/verify/${certs[0]!.number}\\?p=[\\w-]+&s=[\\w-]+$`));
    const res = await verifyApi(url);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'valid', certificate: { name: '张三', unit: '党政办', title: '书香干部', date: '2026-12-07' } });
    const unknown = await t.app.inject({ method: 'GET', url: '/api/verify/SX2026-999-999' });
    expect(unknown.json().status).toBe('unknown');
  });

  it('a forged or altered payload is shown invalid', async () => {
    const url = new URL(await qrOf(certs[0]!.id));
    const payload = JSON.parse(Buffer.from(url.searchParams.get('p')!, 'base64url').toString('utf8'));
    url.searchParams.set('p', Buffer.from(JSON.stringify({ ...payload, name: '王五' }), 'utf8').toString('base64url'));
    expect((await verifyApi(url.toString())).json().status).toBe('invalid');
    // Another certificate's payload and signature under this number.
    const other = new URL(await qrOf(certs[0]!.id));
    const li = new URL((await li_().get(`/api/certificates/${certs[1]!.id}`)).json().verifyUrl);
    other.search = li.search;
    expect((await verifyApi(other.toString())).json().status).toBe('invalid');
  });

  it('the CLI verifies offline with the published key; a tampered payload fails', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-cert-'));
    const keyRes = await cli(['certificate-key'], t.testDb.env);
    expect(keyRes.code, keyRes.stderr).toBe(0);
    const published = (await t.app.inject({ method: 'GET', url: '/api/verify-keys' })).json();
    expect(keyRes.stdout).toContain(published[0].publicKeyPem.trim());
    const keyFile = path.join(dir, 'key.pem');
    fs.writeFileSync(keyFile, published[0].publicKeyPem);
    const url = await qrOf(certs[0]!.id);
    // No database at all for the check.
    const offline = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', SHUXIANG_DATA_DIR: path.join(dir, 'none') };
    const ok = await cli(['verify-certificate', url, '--key', keyFile], offline);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('有效');
    expect(ok.stdout).toContain('姓名：张三');
    const u = new URL(url);
    const payload = JSON.parse(Buffer.from(u.searchParams.get('p')!, 'base64url').toString('utf8'));
    u.searchParams.set('p', Buffer.from(JSON.stringify({ ...payload, title: '优秀干部' }), 'utf8').toString('base64url'));
    const bad = await cli(['verify-certificate', u.toString(), '--key', keyFile], offline);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('无效');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('revocation is audited and the page says revoked', async () => {
    const id = certs[1]!.id;
    expect((await li.post(`/api/certificates/${id}/revoke`, { reason: '自己撤' })).statusCode).toBe(403);
    expect((await clerkB.post(`/api/certificates/${id}/revoke`, { reason: '越权' })).statusCode).toBe(403);
    expect((await clerkA.post(`/api/certificates/${id}/revoke`, { reason: '  ' })).statusCode).toBe(400);
    const ok = await clerkA.post(`/api/certificates/${id}/revoke`, { reason: '年度考核数据更正' });
    expect(ok.statusCode, ok.body).toBe(200);
    const url = (await clerkA.get(`/api/certificates/${id}`)).json().verifyUrl;
    const res = (await verifyApi(url)).json();
    expect(res.status).toBe('revoked');
    expect(res.certificate.revokeReason).toBe('年度考核数据更正');
    const audit = await t.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'scorecard.certificate.revoke').execute();
    expect(audit).toHaveLength(1);
    // The batch prints the valid ones only.
    const batch = await clerkA.get(`/api/scorecard/honors/${listId}/certificates.pdf`);
    expect(batch.rawPayload.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
  });

  it('a member holding a valid certificate cannot be dropped from the list', async () => {
    const res = await leader.put(`/api/scorecard/${YEAR}/honors`, {
      unitId: world.townA.id,
      memberIds: [world.members.mClerkA.id, world.members.mLi.id],
      reasons: [
        { memberId: world.members.mLi.id, reason: '理由' },
        { memberId: world.members.mZhang.id, reason: '理由' },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('张三 已颁发证书');
  });
});

describe('the signing key', () => {
  it('is sealed in the database with a key kept outside it (0600); rotation signs anew and what was signed still verifies; another key file cannot open it', async () => {
    const stored = await t.db.selectFrom('certificate_keys').select(['key_id', 'private_key_pem']).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.private_key_pem.startsWith('sx-kek-1:')).toBe(true);
    expect(stored[0]!.private_key_pem).not.toContain('PRIVATE KEY');
    const kek = path.join(dataDir, 'certificate-kek.key');
    expect(fs.statSync(kek).mode & 0o777).toBe(0o600);

    const rotated = await cli(['certificate-key', 'rotate'], { ...t.testDb.env, SHUXIANG_CERTIFICATE_KEK_FILE: kek });
    expect(rotated.code, rotated.stderr).toBe(0);
    const keys = (await t.app.inject({ method: 'GET', url: '/api/verify-keys' })).json();
    expect(keys).toHaveLength(2);
    expect(rotated.stdout).toContain(keys[1].keyId);
    expect((await signingKey(t.svc, { kind: 'system', label: 'test' } as never)).key_id).toBe(keys[1].keyId);
    // The certificate signed with the first key still verifies.
    const url = new URL((await zhang.get(`/api/certificates/${certs[0]!.id}`)).json().verifyUrl);
    expect((await t.app.inject({ method: 'GET', url: `/api${url.pathname}${url.search}` })).json().status).toBe('valid');
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'scorecard.key.rotate').execute()).toHaveLength(1);

    // A node with a different key-encryption key cannot sign.
    const other = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sx-kek-')), 'other.key');
    process.env.SHUXIANG_CERTIFICATE_KEK_FILE = other;
    try {
      await expect(signingKey(t.svc, { kind: 'system', label: 'test' } as never)).rejects.toThrow('无法解密');
    } finally {
      delete process.env.SHUXIANG_CERTIFICATE_KEK_FILE;
    }
  }, 120_000);
});

const li_ = () => li;
