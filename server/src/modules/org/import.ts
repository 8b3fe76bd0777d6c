import type { AuthContext } from '../../platform/auth/context';
import type { Services } from '../../platform/services';
import { buildXlsx, readXlsxRows } from '../../platform/xlsx';
import { activeNames, insertMember, listUnits, rosterPhones } from './repository';
import { CATEGORIES, type ImportReportView, type MemberCreate } from './schemas';
import { OrgPolicy } from './policy';
import { accountOptions, createForImported } from '../accounts/service';

export const ROSTER_COLUMNS = ['姓名', '所属单位', '职务', '人员类别', '是否党员', '手机号', '领导小组成员', '领导小组职务'] as const;
const REQUIRED = new Set(['姓名', '所属单位', '人员类别', '是否党员']);

export function rosterTemplate(exampleUnit: string): Promise<Buffer> {
  // The data sheet holds only the header: an example row there would be imported as a real person.
  return buildXlsx([
    {
      name: '干部名册',
      columns: ROSTER_COLUMNS.map((h) => ({ header: REQUIRED.has(h) ? `${h}*` : h, key: h, width: h === '所属单位' ? 24 : 14 })),
      rows: [],
    },
    {
      name: '填写说明',
      columns: [
        { header: '列', key: 'col', width: 16 },
        { header: '说明', key: 'note', width: 64 },
        { header: '示例', key: 'example', width: 20 },
      ],
      rows: [
        { col: '姓名*', note: '必填，30 字以内', example: '张三' },
        { col: '所属单位*', note: '必填，须与系统中的单位名称一致；重名单位请写上级路径，如“X镇/党政办”', example: exampleUnit },
        { col: '职务', note: '选填', example: '科员' },
        { col: '人员类别*', note: '领导干部、党员、普通职工 三选一', example: '党员' },
        { col: '是否党员*', note: '是 / 否', example: '是' },
        { col: '手机号', note: '选填，11 位手机号，不能与他人重复', example: '13800000000' },
        { col: '领导小组成员', note: '是否为“书香机关”创建领导小组成员：是 / 否，默认否', example: '否' },
        { col: '领导小组职务', note: '如 组长、副组长、成员', example: '' },
        { col: '规则', note: '在“干部名册”表中从第 2 行起每行填一人。整表校验：全部行无误才导入；任一行有误则一行都不导入，并逐行列出问题。', example: '' },
      ],
    },
  ]);
}

const YES = new Set(['是', 'y', 'yes', '1', 'true', '√']);
const NO = new Set(['否', 'n', 'no', '0', 'false', '']);
const categoryByLabel = new Map<string, MemberCreate['category']>(Object.entries(CATEGORIES).map(([k, v]) => [v, k as MemberCreate['category']]));

/**
 * Reads a roster workbook and imports it all-or-nothing: every row valid → all
 * taken in one transaction; any row invalid → nothing taken, and every problem
 * listed with the row number Excel shows.
 */
export async function importRoster(svc: Services, auth: AuthContext, buf: Buffer): Promise<ImportReportView> {
  await svc.guard.authorize(auth, OrgPolicy.editRoster);
  let rows;
  try {
    rows = await readXlsxRows(buf);
  } catch (e) {
    return { ok: false, taken: 0, total: 0, errors: [{ row: 0, problems: [(e as Error).message] }] };
  }
  if (rows.length === 0) return { ok: false, taken: 0, total: 0, errors: [{ row: 0, problems: ['文件是空的'] }] };

  const header = rows[0].cells.map((c) => c.replace(/\*$/, '').trim());
  const col = new Map(header.map((h, i) => [h, i]));
  const missing = [...REQUIRED].filter((h) => !col.has(h));
  if (missing.length) {
    return { ok: false, taken: 0, total: rows.length - 1, errors: [{ row: rows[0].rowNumber, problems: [`表头缺少必填列：${missing.join('、')}（请使用系统提供的模板）`] }] };
  }
  const data = rows.slice(1);
  if (data.length === 0) return { ok: false, taken: 0, total: 0, errors: [{ row: 0, problems: ['表中没有数据行'] }] };

  // Units the importer may write to, addressable by name or by a path of names.
  const units = await listUnits(svc.db, (await svc.guard.reach(auth, OrgPolicy.editRoster)).paths);
  const byId = new Map(units.map((u) => [u.id, u]));
  const fullName = (u: (typeof units)[number]): string => {
    const parent = u.parent_id !== null ? byId.get(u.parent_id) : undefined;
    return parent ? `${fullName(parent)}/${u.name}` : u.name;
  };
  const lookup = (text: string) => {
    const t = text.replace(/\s+/g, '').replace(/[\\／]/g, '/');
    return units.filter((u) => u.name === t || fullName(u) === t || fullName(u).endsWith(`/${t}`));
  };

  const existingPhones = await rosterPhones(svc.db);
  const existingNames = await activeNames(svc.db);

  const errors: { row: number; problems: string[] }[] = [];
  const valid: MemberCreate[] = [];
  const seenPhones = new Map<string, number>();
  const seenNames = new Map<string, number>();
  const get = (cells: string[], h: string) => (col.has(h) ? (cells[col.get(h)!] ?? '').trim() : '');

  for (const { rowNumber, cells } of data) {
    const p: string[] = [];
    const name = get(cells, '姓名');
    const unitText = get(cells, '所属单位');
    const categoryText = get(cells, '人员类别');
    const partyText = get(cells, '是否党员').toLowerCase();
    const phone = get(cells, '手机号').replace(/[\s-]/g, '');
    const lgText = get(cells, '领导小组成员').toLowerCase();
    const lgRole = get(cells, '领导小组职务');

    if (!name) p.push('姓名不能为空');
    else if (name.length > 30) p.push('姓名超过 30 字');
    let unitId: number | undefined;
    if (!unitText) p.push('所属单位不能为空');
    else {
      const found = lookup(unitText);
      if (found.length === 0) p.push(`找不到单位“${unitText}”，或该单位不在您的管理范围内`);
      else if (found.length > 1) p.push(`单位“${unitText}”有重名（${found.map(fullName).join('、')}），请写明上级，如“${fullName(found[0])}”`);
      else unitId = found[0].id;
    }
    const category = categoryByLabel.get(categoryText);
    if (!category) p.push(`人员类别“${categoryText}”无效，应为 领导干部、党员 或 普通职工`);
    const partyMember = YES.has(partyText) ? true : NO.has(partyText) && partyText !== '' ? false : undefined;
    if (partyMember === undefined) p.push(`是否党员“${get(cells, '是否党员')}”无效，应为 是 或 否`);
    if (category === 'party' && partyMember === false) p.push('人员类别为党员，但“是否党员”填了否');
    if (phone) {
      if (!/^1\d{10}$/.test(phone)) p.push(`手机号“${phone}”不是 11 位手机号`);
      else if (existingPhones.has(phone)) p.push(`手机号 ${phone} 已登记在系统中其他干部名下`);
      else if (seenPhones.has(phone)) p.push(`手机号 ${phone} 与第 ${seenPhones.get(phone)} 行重复`);
      else seenPhones.set(phone, rowNumber);
    }
    const leadingGroup = YES.has(lgText) ? true : NO.has(lgText) ? false : undefined;
    if (leadingGroup === undefined) p.push(`领导小组成员“${get(cells, '领导小组成员')}”无效，应为 是 或 否`);
    if (name && unitId !== undefined) {
      const key = `${unitId}:${name}`;
      if (existingNames.has(key)) p.push(`该单位已有在职干部“${name}”`);
      else if (seenNames.has(key)) p.push(`与第 ${seenNames.get(key)} 行重复（同一单位同名）`);
      else seenNames.set(key, rowNumber);
    }
    if (p.length) errors.push({ row: rowNumber, problems: p });
    else
      valid.push({
        name,
        unitId: unitId!,
        position: get(cells, '职务'),
        category: category!,
        partyMember: partyMember!,
        phone: phone || null,
        leadingGroup: leadingGroup!,
        leadingGroupRole: lgRole || null,
      });
  }

  if (errors.length) return { ok: false, taken: 0, total: data.length, errors };

  // With the setting on (the system administrator's switch: the roster is the clerk's under 三员分立,
  // the accounts the administrator's), the clerk's import opens the accounts in the same step (all or nothing).
  const withAccounts = await svc.settings.bool('accounts.createOnRosterImport');
  const accountOpts = withAccounts ? await accountOptions(svc) : null;
  const accountErrors: { row: number; problems: string[] }[] = [];
  let accounts: Awaited<ReturnType<typeof createForImported>>['created'] = [];
  try {
    await svc.db.transaction().execute(async (trx) => {
      const ids: number[] = [];
      for (const m of valid) ids.push(await insertMember(trx, m));
      await svc.audit.record(trx, auth.actor(), { action: 'member.import', entity: 'member', detail: { count: ids.length, firstId: ids[0], lastId: ids[ids.length - 1] } });
      if (accountOpts) {
        const r = await createForImported(svc, trx, auth.actor(), ids, accountOpts);
        if (r.errors.length) {
          const rowOf = new Map(ids.map((id, i) => [id, data[i].rowNumber]));
          accountErrors.push(...r.errors.map((e) => ({ row: rowOf.get(e.memberId) ?? 0, problems: e.problems.map((p) => `开通账号：${p}`) })));
          throw new Error('accounts');
        }
        accounts = r.created;
      }
    });
  } catch (e) {
    if (accountErrors.length) return { ok: false, taken: 0, total: data.length, errors: accountErrors };
    throw e;
  }
  return { ok: true, taken: valid.length, total: data.length, errors: [], ...(withAccounts ? { accounts } : {}) };
}
