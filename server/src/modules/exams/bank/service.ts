// The question bank: categories, questions with versions, search, imports, exports, key corrections.
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, conflict, forbidden, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { ExamPolicy } from '../policy';
import { parseAiken, writeAiken } from '../imports/aiken';
import { parseGift, writeGift } from '../imports/gift';
import type { ParseResult, Refused } from '../imports/types';
import { parseQuestionXlsx, writeQuestionXlsx } from '../imports/xlsx';
import { draftProblem, fromStored, toStored, type QuestionDraft } from './model';
import * as repo from './repository';
import type { DB } from '../../../db';

export const DEFAULT_CATEGORIES = ['政治理论', '党史', '业务知识'];
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** The unit a clerk's new categories, questions and papers belong to: the one asked for, else their first clerk unit. */
export async function ownerUnit(svc: Services, auth: AuthContext, unitId?: number | null) {
  const grants = auth.grants(['clerk']);
  const id = unitId ?? grants[0]?.unitId;
  if (!id) throw forbidden('只有党建办可以维护题库');
  const unit = await repo.unitById(svc.db, id);
  if (!unit) throw notFound('找不到该单位');
  await svc.guard.authorize(auth, ExamPolicy.manageBank, { unitPath: unit.path }, '该单位不在您的管理范围内');
  return unit;
}

export type CategoryRow = Awaited<ReturnType<typeof repo.categoriesInReach>>[number];

/** The categories the user reaches; a clerk's own unit gets the three default ones the first time. */
export async function listCategories(svc: Services, auth: AuthContext) {
  const reach = await svc.guard.reach(auth, ExamPolicy.viewBank);
  let rows = await repo.categoriesInReach(svc.db, reach);
  const own = auth.grants(['clerk'])[0];
  if (own && !rows.some((r) => r.unit_id === own.unitId)) {
    await svc.db.transaction().execute(async (trx) => {
      const existing = await repo.categoriesOfUnit(trx, own.unitId);
      if (existing.length === 0) for (const [i, name] of DEFAULT_CATEGORIES.entries()) await repo.insertCategory(trx, { unitId: own.unitId, parentId: null, name, sortOrder: i });
    });
    rows = await repo.categoriesInReach(svc.db, reach);
  }
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, unitId: r.unit_id, unitName: r.unit_name, questionCount: Number(r.question_count), path: categoryPath(rows, r.id) }));
}

function categoryPath(rows: { id: number; parent_id: number | null; name: string }[], id: number): string {
  const parts: string[] = [];
  let cur = rows.find((r) => r.id === id);
  for (let guard = 0; cur && guard < 20; guard++) {
    parts.unshift(cur.name);
    const parentId = cur.parent_id;
    cur = parentId ? rows.find((r) => r.id === parentId) : undefined;
  }
  return parts.join('/');
}

async function categoryForWrite(svc: Services, auth: AuthContext, id: number) {
  const c = await repo.categoryById(svc.db, id);
  if (!c) throw notFound('找不到该分类');
  await svc.guard.authorize(auth, ExamPolicy.manageBank, { unitPath: c.unit_path }, '该分类不在您的管理范围内');
  return c;
}

export async function createCategory(svc: Services, auth: AuthContext, input: { name: string; parentId?: number | null; unitId?: number | null }) {
  const name = input.name.trim();
  if (!name || name.length > 40) throw badRequest('分类名称应为 1 至 40 个字');
  let unitId: number;
  if (input.parentId) {
    const parent = await categoryForWrite(svc, auth, input.parentId);
    unitId = parent.unit_id;
  } else unitId = (await ownerUnit(svc, auth, input.unitId)).id;
  const siblings = await repo.categoriesOfUnit(svc.db, unitId);
  if (siblings.some((s) => s.name === name && (s.parent_id ?? null) === (input.parentId ?? null))) throw badRequest(`已有名为“${name}”的分类`);
  return svc.db.transaction().execute(async (trx) => {
    const id = await repo.insertCategory(trx, { unitId, parentId: input.parentId ?? null, name });
    await svc.audit.record(trx, auth.actor(), { action: 'exams.category.create', entity: 'exam_category', entityId: id, detail: { name, parentId: input.parentId ?? null } });
    return { id };
  });
}

/** Finds or makes the category path `a/b/c` under `parentId` (or at the top) of a unit, inside the caller's transaction. */
export async function ensureCategoryPath(trx: DB, unitId: number, parentId: number | null, path: string): Promise<number | null> {
  const all = await repo.categoriesOfUnit(trx, unitId);
  let cur = parentId;
  for (const name of path.split('/').map((p) => p.trim()).filter(Boolean)) {
    const found = all.find((c) => c.name === name && (c.parent_id ?? null) === cur);
    if (found) cur = found.id;
    else {
      const id = await repo.insertCategory(trx, { unitId, parentId: cur, name });
      all.push({ id, parent_id: cur, name });
      cur = id;
    }
  }
  return cur;
}

/** A category and everything under it. */
export async function categoryWithDescendants(db: DB, categoryId: number): Promise<number[]> {
  const c = await repo.categoryById(db, categoryId);
  if (!c) return [];
  const all = await repo.categoriesOfUnit(db, c.unit_id);
  const out = [categoryId];
  for (let i = 0; i < out.length; i++) for (const k of all) if (k.parent_id === out[i]) out.push(k.id);
  return out;
}

type Row = Awaited<ReturnType<typeof repo.questionById>> & object;

export function questionDto(r: Pick<Row, 'id' | 'category_id' | 'category_name' | 'version' | 'updated_at' | 'version_id' | 'version_no'> & Parameters<typeof fromStored>[0]) {
  return { id: r.id, categoryId: r.category_id, categoryName: r.category_name, version: r.version, updatedAt: r.updated_at, versionId: r.version_id, versionNo: r.version_no, ...fromStored(r) };
}

export async function listQuestions(svc: Services, auth: AuthContext, f: { q?: string; categoryId?: number; type?: string; difficulty?: number; page?: number; pageSize?: number }) {
  const reach = await svc.guard.reach(auth, ExamPolicy.viewBank);
  const pageSize = Math.min(100, f.pageSize ?? 20);
  const page = Math.max(1, f.page ?? 1);
  const categoryIds = f.categoryId ? await categoryWithDescendants(svc.db, f.categoryId) : undefined;
  const { rows, total } = await repo.listQuestions(svc.db, reach, { q: f.q?.trim() || undefined, categoryIds, type: f.type, difficulty: f.difficulty }, { offset: (page - 1) * pageSize, limit: pageSize });
  return { total, items: rows.map(questionDto) };
}

export async function getQuestion(svc: Services, auth: AuthContext, id: number) {
  const r = await repo.questionById(svc.db, id);
  if (!r || r.status !== 'active') throw notFound('找不到该题目');
  await svc.guard.authorize(auth, ExamPolicy.viewBank, { unitPath: r.unit_path }, '该题目不在您的管理范围内');
  const versions = await repo.versionsOf(svc.db, id);
  return { ...questionDto(r), versions: versions.map((v) => ({ id: v.id, versionNo: v.version_no, createdAt: v.created_at, answered: Number(v.answered) })) };
}

function checkDraft(d: QuestionDraft) {
  const p = draftProblem(d);
  if (p) throw badRequest(p);
}

export async function createQuestion(svc: Services, auth: AuthContext, input: { categoryId: number; draft: QuestionDraft }) {
  const c = await categoryForWrite(svc, auth, input.categoryId);
  checkDraft(input.draft);
  const stored = toStored(input.draft);
  const dup = await repo.duplicatesOf(svc.db, [c.unit_path], [stored.fingerprint]);
  if (dup.length) throw badRequest(`题库中已有相同的题目（编号 ${dup[0]!.id}）`);
  return svc.db.transaction().execute(async (trx) => {
    const { id } = await repo.insertQuestion(trx, { unitId: c.unit_id, categoryId: c.id, userId: auth.userId }, stored);
    await svc.audit.record(trx, auth.actor(), { action: 'exams.question.create', entity: 'exam_question', entityId: id, detail: { type: stored.type, categoryId: c.id } });
    return { id };
  });
}

async function questionForWrite(svc: Services, auth: AuthContext, id: number) {
  const r = await repo.questionById(svc.db, id);
  if (!r || r.status !== 'active') throw notFound('找不到该题目');
  await svc.guard.authorize(auth, ExamPolicy.manageBank, { unitPath: r.unit_path }, '该题目不在您的管理范围内');
  return r;
}

/**
 * Edits a question. When anyone has answered its current version, the edit makes a
 * new version (old attempts keep theirs); otherwise the version is changed in place.
 */
export async function updateQuestion(svc: Services, auth: AuthContext, id: number, input: { categoryId: number; version: number; draft: QuestionDraft }) {
  const r = await questionForWrite(svc, auth, id);
  checkDraft(input.draft);
  if (input.categoryId !== r.category_id) {
    const c = await categoryForWrite(svc, auth, input.categoryId);
    if (c.unit_id !== r.unit_id) throw badRequest('不能把题目移到其他单位的分类');
  }
  const stored = toStored(input.draft);
  const answered = await repo.versionAnswered(svc.db, r.version_id);
  return svc.db.transaction().execute(async (trx) => {
    let versionId = r.version_id;
    if (answered) {
      const no = (await repo.maxVersionNo(trx, id)) + 1;
      versionId = await repo.insertVersion(trx, id, no, stored, auth.userId);
    } else await repo.updateVersionInPlace(trx, r.version_id, stored);
    if (!(await repo.touchQuestion(trx, id, input.version, { categoryId: input.categoryId, currentVersionId: versionId }))) throw conflict('该题目已被他人修改，请刷新后重试');
    await svc.audit.record(trx, auth.actor(), { action: 'exams.question.update', entity: 'exam_question', entityId: id, detail: { newVersion: answered, versionId } });
    return { newVersion: answered, versionId };
  });
}

export async function deleteQuestion(svc: Services, auth: AuthContext, id: number, version: number) {
  await questionForWrite(svc, auth, id);
  await svc.db.transaction().execute(async (trx) => {
    if (!(await repo.touchQuestion(trx, id, version, { status: 'deleted' }))) throw conflict('该题目已被他人修改，请刷新后重试');
    await svc.audit.record(trx, auth.actor(), { action: 'exams.question.delete', entity: 'exam_question', entityId: id });
  });
}

export { questionForWrite };

// ---- import and export ----

export type ImportFormat = 'gift' | 'aiken' | 'xlsx';

/** The format of a file by its content: an .xlsx is a zip (PK\x03\x04); GIFT has answer braces; Aiken has ANSWER lines. */
export function detectFormat(buf: Buffer): ImportFormat | null {
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return 'xlsx';
  if (buf.subarray(0, 4096).includes(0)) return null;
  const text = buf.toString('utf8');
  if (text.includes('\uFFFD')) return null;
  if (/^\s*(ANSWER|答案)\s*[:：]/im.test(text)) return 'aiken';
  if (/[{}]/.test(text)) return 'gift';
  return null;
}

export async function parseFile(buf: Buffer, format?: ImportFormat): Promise<ParseResult> {
  if (buf.length > MAX_IMPORT_BYTES) throw badRequest(`文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  const f = format ?? detectFormat(buf);
  if (!f) throw badRequest('无法识别的文件：请上传 GIFT、Aiken 文本（UTF-8）或题库 Excel 模板（.xlsx）');
  if (f === 'xlsx') {
    try {
      return await parseQuestionXlsx(buf);
    } catch (e) {
      throw badRequest((e as Error).message);
    }
  }
  const text = buf.toString('utf8');
  return f === 'gift' ? parseGift(text) : parseAiken(text);
}

export interface ImportReport {
  taken: number;
  refused: Refused[];
  /** The ids of the questions taken, in file order. */
  ids: number[];
}

/**
 * Imports a file into the bank: every sound question is taken, every other one
 * refused with its line and reason (a malformed one, a type we do not hold, a
 * duplicate of the bank or of an earlier line). All taken ones are written in one
 * transaction. Questions go into the file's categories ($CATEGORY, the 分类 column),
 * made under the target category (or at the top of the unit) when missing.
 */
export async function importQuestions(svc: Services, auth: AuthContext, buf: Buffer, opts: { categoryId?: number | null; categoryName?: string | null; unitId?: number | null; format?: ImportFormat }): Promise<ImportReport> {
  const parsed = await parseFile(buf, opts.format);
  let unit: { id: number; path: string };
  let target: number | null = null;
  if (opts.categoryId) {
    const c = await categoryForWrite(svc, auth, opts.categoryId);
    unit = { id: c.unit_id, path: c.unit_path };
    target = c.id;
  } else unit = await ownerUnit(svc, auth, opts.unitId);

  const refused: Refused[] = [...parsed.refused];
  const good: { line: number; draft: QuestionDraft; stored: ReturnType<typeof toStored> }[] = [];
  const seen = new Map<string, number>();
  for (const q of parsed.questions) {
    const p = draftProblem(q.draft);
    if (p) {
      refused.push({ line: q.line, reason: p });
      continue;
    }
    const stored = toStored(q.draft);
    const earlier = seen.get(stored.fingerprint);
    if (earlier !== undefined) {
      refused.push({ line: q.line, reason: `与本文件第 ${earlier} 行的题目重复` });
      continue;
    }
    seen.set(stored.fingerprint, q.line);
    good.push({ line: q.line, draft: q.draft, stored });
  }
  const dups = await repo.duplicatesOf(svc.db, [unit.path], good.map((g) => g.stored.fingerprint));
  const dupBy = new Map(dups.map((d) => [d.fingerprint, d.id]));
  const take = good.filter((g) => {
    const id = dupBy.get(g.stored.fingerprint);
    if (id !== undefined) refused.push({ line: g.line, reason: `与题库中已有题目重复（编号 ${id}）` });
    return id === undefined;
  });
  refused.sort((a, b) => a.line - b.line);

  const ids = await svc.db.transaction().execute(async (trx) => {
    let base = target;
    if (!base && opts.categoryName) base = await ensureCategoryPath(trx, unit.id, null, opts.categoryName);
    const out: number[] = [];
    for (const g of take) {
      let cat = g.draft.category ? await ensureCategoryPath(trx, unit.id, base, g.draft.category) : base;
      cat ??= await ensureCategoryPath(trx, unit.id, null, '未分类');
      const { id } = await repo.insertQuestion(trx, { unitId: unit.id, categoryId: cat!, userId: auth.userId || null }, g.stored);
      out.push(id);
    }
    await svc.audit.record(trx, auth.actor(), { action: 'exams.question.import', entity: 'exam_question', entityId: out[0] ?? null, detail: { taken: out.length, refused: refused.length, unitId: unit.id } });
    return out;
  });
  return { taken: ids.length, refused, ids };
}

export async function exportQuestions(svc: Services, auth: AuthContext, format: ImportFormat, f: { categoryId?: number; q?: string; type?: string }) {
  const reach = await svc.guard.reach(auth, ExamPolicy.viewBank);
  const categoryIds = f.categoryId ? await categoryWithDescendants(svc.db, f.categoryId) : undefined;
  const rows = await repo.questionsForExport(svc.db, reach, { categoryIds, q: f.q?.trim() || undefined, type: f.type });
  const cats = await repo.categoriesInReach(svc.db, reach);
  const drafts = rows.map((r) => fromStored(r, categoryPath(cats, r.category_id)));
  await svc.audit.recordAlone(auth.actor(), { action: 'exams.question.export', entity: 'exam_question', entityId: null, detail: { format, count: drafts.length } });
  if (format === 'xlsx') return { body: await writeQuestionXlsx(drafts), count: drafts.length, skipped: 0 };
  if (format === 'gift') return { body: Buffer.from(writeGift(drafts), 'utf8'), count: drafts.length, skipped: 0 };
  const a = writeAiken(drafts);
  return { body: Buffer.from(a.text, 'utf8'), count: drafts.length - a.skipped, skipped: a.skipped };
}
