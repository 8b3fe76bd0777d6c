// Accounts for every cadre in one step: usernames from a rule, random initial
// passwords shown once (slip sheet PDF and .xlsx), a change owed at first sign-in.
import crypto from 'node:crypto';
import type { AuthContext } from '../../platform/auth/context';
import { hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/password';
import { badRequest, notFound } from '../../platform/errors';
import type { Actor } from '../../platform/audit';
import type { Services } from '../../platform/services';
import { publicUrl } from '../../platform/publicurl';
import { passwordPolicy } from '../auth/service';
import { sendDueReminders } from '../library/circulation/service';
import { todayLocal } from '../../platform/time';
import { AccountsPolicy } from './policy';
import * as repo from './repository';
import type { BulkInput, BulkResultView, CreatedAccountView, PendingMemberView, RowProblemView, SlipsInput } from './schemas';
import { slipSheet, slipWorkbook, type Slip } from './slips';

type DB = Services['db'];

// No 0/O/o, 1/l/I: a slip is read off paper and typed on a phone.
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const DIGITS = '23456789';

/** A random password of this length with upper case, lower case and digits in it. */
export function randomPassword(length: number): string {
  const all = UPPER + LOWER + DIGITS;
  const pick = (set: string) => set[crypto.randomInt(set.length)];
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS)];
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** The pinyin base of a username: letters only, at most 28 so a number still fits. */
export function pinyinBase(namePinyin: string): string {
  const base = namePinyin.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 28);
  return base.length >= 2 ? base : `sx${base}`;
}

interface Planned {
  member: repo.CandidateRow;
  username: string;
}

/**
 * Usernames for the members by the rule (phone number, else pinyin numbered on clashes)
 * and every problem row by row; nothing is written here.
 */
async function plan(db: DB, members: repo.CandidateRow[], fromPhone: boolean): Promise<{ planned: Planned[]; errors: RowProblemView[] }> {
  const errors: RowProblemView[] = [];
  const phones = fromPhone ? members.flatMap((m) => (m.phone ? [m.phone] : [])) : [];
  const bases = members.map((m) => pinyinBase(m.name_pinyin));
  const taken = await repo.takenUsernames(db, phones, bases);
  // Duplicate phones: within the selection, or held by a member outside it.
  const byPhone = new Map<string, repo.CandidateRow[]>();
  for (const m of members) if (m.phone) byPhone.set(m.phone, [...(byPhone.get(m.phone) ?? []), m]);
  const holders = fromPhone ? await repo.phoneHolders(db, [...byPhone.keys()]) : [];
  const selected = new Set(members.map((m) => m.id));
  const used = new Set<string>();
  const planned: Planned[] = [];
  members.forEach((m, i) => {
    const problems: string[] = [];
    let username = '';
    if (fromPhone && m.phone) {
      const twins = (byPhone.get(m.phone) ?? []).filter((o) => o.id !== m.id);
      const outside = holders.filter((h) => h.phone === m.phone && h.id !== m.id && !selected.has(h.id));
      if (twins.length) problems.push(`手机号 ${m.phone} 与 ${twins.map((t) => `${t.name}（${t.unit_name}）`).join('、')} 重复，请先在名册中更正`);
      else if (outside.length) problems.push(`手机号 ${m.phone} 也登记在 ${outside.map((o) => o.name).join('、')} 名下，请先在名册中更正`);
      else if (taken.has(m.phone) && taken.get(m.phone) !== m.id) problems.push(`用户名 ${m.phone} 已被其他账号使用`);
      else username = m.phone;
    } else {
      const base = bases[i];
      username = base;
      for (let n = 2; taken.has(username) || used.has(username); n++) username = `${base}${n}`;
    }
    if (problems.length) errors.push({ row: i + 1, memberId: m.id, name: m.name, unitName: m.unit_name, problems });
    else {
      used.add(username);
      planned.push({ member: m, username });
    }
  });
  return { planned, errors };
}

/** The rule's settings, read before any transaction opens (SQLite has one connection). */
export interface AccountOptions {
  fromPhone: boolean;
  length: number;
  policy: Awaited<ReturnType<typeof passwordPolicy>>;
}

export async function accountOptions(svc: Services): Promise<AccountOptions> {
  return {
    fromPhone: await svc.settings.bool('accounts.usernameFromPhone'),
    length: Math.max(await svc.settings.int('accounts.initialPasswordLength'), await svc.settings.int('security.passwordMinLength')),
    policy: await passwordPolicy(svc),
  };
}

async function withPasswords(planned: Planned[], { length, policy }: AccountOptions) {
  const out: { p: Planned; password: string; hash: string }[] = [];
  // Hashing is the slow part: a few at a time on the thread pool, before any transaction opens.
  for (let i = 0; i < planned.length; i += 8) {
    out.push(
      ...(await Promise.all(
        planned.slice(i, i + 8).map(async (p) => {
          let password = randomPassword(length);
          while (passwordProblem(password, policy, p.username)) password = randomPassword(length);
          return { p, password, hash: await hashPassword(password) };
        }),
      )),
    );
  }
  return out;
}

/**
 * Writes the accounts inside the caller's transaction (the bulk action's own, or a roster
 * import's); audited per account and once for the batch. Throws if a member got an account
 * meanwhile, so a second run at the same moment makes nothing twice.
 */
async function write(svc: Services, trx: DB, actor: Actor, rows: Awaited<ReturnType<typeof withPasswords>>, via: string): Promise<CreatedAccountView[]> {
  if (rows.length && (await repo.memberHasAccount(trx, rows.map((r) => r.p.member.id)))) throw badRequest('所选干部中有人刚刚开通了账号，请刷新后重试');
  const created: CreatedAccountView[] = [];
  for (const { p, password, hash } of rows) {
    const userId = await repo.insertMemberAccount(trx, { username: p.username, hash, memberId: p.member.id, displayName: p.member.name, unitId: p.member.unit_id });
    await svc.audit.record(trx, actor, { action: 'user.create', entity: 'user', entityId: userId, detail: { username: p.username, memberId: p.member.id, via } });
    created.push({ userId, memberId: p.member.id, name: p.member.name, unitName: p.member.unit_name, username: p.username, password });
  }
  if (rows.length) await svc.audit.record(trx, actor, { action: 'user.bulkCreate', entity: 'user', detail: { count: rows.length, via, usernames: created.map((c) => c.username) } });
  return created;
}

async function selection(svc: Services, auth: AuthContext, input: BulkInput) {
  const reach = await svc.guard.reach(auth, AccountsPolicy.bulkCreate);
  if (input.scope === 'unit') {
    if (!input.unitId) throw badRequest('请选择单位');
    const unit = await repo.unitById(svc.db, input.unitId);
    if (!unit) throw notFound('找不到该单位');
    await svc.guard.authorize(auth, AccountsPolicy.bulkCreate, { unitPath: unit.path }, '该单位不在您的管理范围内');
    return repo.candidates(svc.db, reach, { subtree: unit.path });
  }
  if (input.scope === 'members') {
    const ids = [...new Set(input.memberIds ?? [])];
    if (ids.length === 0) throw badRequest('请选择要开通账号的干部');
    const rows = await repo.candidates(svc.db, reach, { memberIds: ids });
    if (rows.length !== ids.length) throw badRequest('所选干部中有人不在您的管理范围内、已离职或不存在');
    return rows;
  }
  return repo.candidates(svc.db, reach, {});
}

export async function pending(svc: Services, auth: AuthContext, unitId?: number): Promise<{ total: number; withAccount: number; items: PendingMemberView[] }> {
  const rows = await selection(svc, auth, unitId ? { scope: 'unit', unitId } : { scope: 'all' });
  const without = rows.filter((r) => r.user_id === null);
  const { planned } = await plan(svc.db, without, (await accountOptions(svc)).fromPhone);
  const names = new Map(planned.map((p) => [p.member.id, p.username]));
  return {
    total: rows.length,
    withAccount: rows.length - without.length,
    items: without.map((m) => ({ id: m.id, name: m.name, unitId: m.unit_id, unitName: m.unit_name, phone: m.phone, username: names.get(m.id) ?? '' })),
  };
}

/** The bulk action: all members without an account in reach, one unit's, or a selection. */
export async function bulkCreate(svc: Services, auth: AuthContext, input: BulkInput, req?: { protocol: string; host: string }): Promise<BulkResultView> {
  const rows = await selection(svc, auth, input);
  const without = rows.filter((r) => r.user_id === null);
  const signInUrl = `${(await publicUrl(svc, req)).url}/login`;
  const opts = await accountOptions(svc);
  const { planned, errors } = await plan(svc.db, without, opts.fromPhone);
  if (errors.length) return { ok: false, created: [], skipped: rows.length - without.length, errors, signInUrl };
  const hashed = await withPasswords(planned, opts);
  const created = await svc.db.transaction().execute((trx) => write(svc, trx, auth.actor(), hashed, input.scope));
  // This morning's due-date reminders reached only members who had an account then: the new ones get theirs now.
  await sendDueReminders(svc, todayLocal(), created.map((c) => c.memberId));
  return { ok: true, created, skipped: rows.length - without.length, errors: [], signInUrl };
}

/** For a roster import in its own transaction (options read before it opened): accounts for the members it just inserted. */
export async function createForImported(svc: Services, trx: DB, actor: Actor, memberIds: number[], opts: AccountOptions): Promise<{ created: CreatedAccountView[]; errors: RowProblemView[] }> {
  const all: repo.CandidateRow[] = await repo.candidates(trx, { all: true, paths: [], own: false, memberId: null, userId: 0 }, { memberIds });
  const { planned, errors } = await plan(trx, all, opts.fromPhone);
  if (errors.length) return { created: [], errors };
  return { created: await write(svc, trx, actor, await withPasswords(planned, opts), 'import'), errors: [] };
}

/** The CLI: every member without an account (or those of a unit named NAME), as the operator. */
export async function createFromCli(svc: Services, auth: AuthContext, unitName?: string): Promise<BulkResultView> {
  if (!unitName) return bulkCreate(svc, auth, { scope: 'all' });
  const units = await repo.unitsByName(svc.db, unitName);
  if (units.length === 0) throw badRequest(`找不到名为“${unitName}”的单位`);
  if (units.length > 1) throw badRequest(`有 ${units.length} 个名为“${unitName}”的单位，请在网页上按单位开通`);
  return bulkCreate(svc, auth, { scope: 'unit', unitId: units[0].id });
}

/**
 * The slip sheet (PDF) or list (.xlsx) for accounts just made. Each password is checked
 * against its account, and an account whose owner already changed it is refused.
 */
export async function slips(svc: Services, auth: AuthContext, input: SlipsInput, req?: { protocol: string; host: string }): Promise<{ buf: Buffer; count: number }> {
  const ids = input.accounts.map((a) => a.userId);
  const rows = new Map((await repo.slipAccounts(svc.db, ids)).map((r) => [r.id, r]));
  const changed: string[] = [];
  const wrong: string[] = [];
  const list: Slip[] = [];
  for (const a of input.accounts) {
    const r = rows.get(a.userId);
    if (!r) throw notFound('找不到所选账号');
    await svc.guard.authorize(auth, AccountsPolicy.slips, { unitPath: r.unit_path }, `账号 ${r.username} 不在您的管理范围内`);
    const who = `${r.member_name ?? r.display_name}（${r.username}）`;
    if (!r.must_change_password) changed.push(who);
    list.push({ name: r.member_name ?? r.display_name, unitName: r.unit_name ?? '', username: r.username, password: a.password });
  }
  if (changed.length) throw badRequest(`以下账号已修改过初始密码，不能再打印凭条：${changed.join('、')}`);
  for (let i = 0; i < input.accounts.length; i += 8) {
    const part = input.accounts.slice(i, i + 8);
    const ok = await Promise.all(part.map((a) => verifyPassword(rows.get(a.userId)!.password_hash, a.password)));
    part.forEach((a, j) => {
      if (!ok[j]) wrong.push(`${rows.get(a.userId)!.member_name ?? rows.get(a.userId)!.display_name}（${rows.get(a.userId)!.username}）`);
    });
  }
  if (wrong.length) throw badRequest(`以下账号的初始密码与记录不符，不能打印凭条：${wrong.join('、')}`);
  const base = (await publicUrl(svc, req)).url;
  const buf = input.format === 'pdf' ? await slipSheet(list, base) : await slipWorkbook(list, base);
  await svc.audit.recordAlone(auth.actor(), { action: input.format === 'pdf' ? 'user.slips.pdf' : 'user.slips.xlsx', entity: 'user', detail: { count: list.length, usernames: list.map((s) => s.username) } });
  return { buf, count: list.length };
}
