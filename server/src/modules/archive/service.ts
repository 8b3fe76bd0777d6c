// The year-end archive (台账) in one click: built section by section into a zip file
// on disk (streamed, one file in memory at a time), with progress the page polls, and
// one build per unit and year at a time — a second request while one is running joins
// it. Also each member's year record for the annual assessment.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { AlignmentType } from 'docx';
import type { AuthContext } from '../../platform/auth/context';
import { badRequest, forbidden, notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { currentYear, nowIso } from '../../platform/time';
import { buildDocx, gridTable, para, titleParagraph } from '../../platform/docx';
import { memberBreakdown } from '../scorecard/scores/service';
import { ArchivePolicy } from './policy';
import * as repo from './repository';
import { indexDocx, sectionsOf, type ArchiveScope } from './sections';
import { ZipWriter } from './zip';

export interface Progress {
  done: number;
  total: number;
  current: string;
}

/** Writes the whole archive into `out`; reports progress per file. Returns what it held. */
export async function writeArchive(scope: ArchiveScope, out: Writable, onProgress: (p: Progress) => void = () => undefined) {
  const builtAt = nowIso();
  onProgress({ done: 0, total: 1, current: '整理各部分记录' });
  const sections = await sectionsOf(scope);
  const files = sections.flatMap((s) => s.files);
  const total = files.length + 1;
  const zip = new ZipWriter(out, new Date(builtAt));
  await zip.add('00 目录.docx', await indexDocx(scope, sections, builtAt));
  let done = 1;
  onProgress({ done, total, current: '目录' });
  for (const f of files) {
    onProgress({ done, total, current: f.path });
    await zip.add(f.path, await f.make());
    done++;
  }
  await zip.finish();
  onProgress({ done: total, total, current: '完成' });
  return { sections: sections.map((s) => ({ key: s.key, title: s.title, count: s.count, files: s.files.length })), files: total, bytes: zip.bytesWritten };
}

export async function archiveUnit(svc: Services, auth: AuthContext, unitId: number | undefined) {
  if (unitId != null) {
    const unit = await repo.unitById(svc.db, unitId);
    if (!unit) throw notFound('单位不存在');
    await svc.guard.authorize(auth, ArchivePolicy.build, { unitPath: unit.path }, '该单位不在您的管理范围内');
    return unit;
  }
  const reach = await svc.guard.reach(auth, ArchivePolicy.build);
  const p = reach.paths[0];
  if (!p) throw forbidden('您没有可生成台账的单位');
  return (await repo.unitById(svc.db, Number(p.split('/').filter(Boolean).pop())))!;
}

function checkYear(year: number) {
  if (!Number.isInteger(year) || year < 2000 || year > currentYear()) throw badRequest(`年度应为 2000 至 ${currentYear()} 年`);
}

// ---- builds (one per unit and year at a time, per app process) ----

interface Build extends Progress {
  id: string;
  key: string;
  year: number;
  unitId: number;
  unitName: string;
  unitPath: string;
  status: 'building' | 'done' | 'failed';
  file: string;
  bytes: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  promise: Promise<void>;
}

const builds = new Map<string, Build>();
/** A finished build is kept this long for its download, then its file is removed. */
const KEEP_MS = 60 * 60 * 1000;

function sweep() {
  const now = Date.now();
  for (const [id, b] of builds) {
    if (b.finishedAt && now - Date.parse(b.finishedAt) > KEEP_MS) {
      fs.rm(b.file, { force: true }, () => undefined);
      builds.delete(id);
    }
  }
}

export const buildView = (b: Build) => ({
  id: b.id,
  year: b.year,
  unitId: b.unitId,
  unitName: b.unitName,
  status: b.status,
  done: b.done,
  total: b.total,
  current: b.current,
  bytes: b.bytes,
  error: b.error,
  startedAt: b.startedAt,
  finishedAt: b.finishedAt,
});

export async function startBuild(svc: Services, auth: AuthContext, year: number, unitId: number | undefined, baseUrl: string) {
  checkYear(year);
  const unit = await archiveUnit(svc, auth, unitId);
  sweep();
  const key = `${unit.id}:${year}`;
  const running = [...builds.values()].find((b) => b.key === key && b.status === 'building');
  if (running) return { ...buildView(running), joined: true };
  const id = crypto.randomUUID();
  const dir = path.join(svc.config.dataDir, 'archives');
  fs.mkdirSync(dir, { recursive: true });
  const build: Build = {
    id,
    key,
    year,
    unitId: unit.id,
    unitName: unit.name,
    unitPath: unit.path,
    status: 'building',
    done: 0,
    total: 1,
    current: '开始',
    file: path.join(dir, `${id}.zip`),
    bytes: 0,
    error: null,
    startedAt: nowIso(),
    finishedAt: null,
    promise: Promise.resolve(),
  };
  builds.set(id, build);
  await svc.audit.recordAlone(auth.actor(), { action: 'archive.build', entity: 'unit', entityId: unit.id, detail: { year, unit: unit.name, build: id } });
  build.promise = (async () => {
    try {
      const out = fs.createWriteStream(build.file);
      const r = await writeArchive({ svc, auth, year, unit, baseUrl }, out, (p) => Object.assign(build, p));
      build.bytes = r.bytes;
      build.status = 'done';
    } catch (e) {
      build.status = 'failed';
      build.error = '生成失败，请稍后重试';
      console.error(e);
    } finally {
      build.finishedAt = nowIso();
    }
  })();
  return { ...buildView(build), joined: false };
}

async function ownBuild(svc: Services, auth: AuthContext, id: string) {
  const b = builds.get(id);
  if (!b) throw notFound('台账生成任务不存在或已过期，请重新生成');
  await svc.guard.authorize(auth, ArchivePolicy.build, { unitPath: b.unitPath }, '该单位不在您的管理范围内');
  return b;
}

export async function buildStatus(svc: Services, auth: AuthContext, id: string) {
  return buildView(await ownBuild(svc, auth, id));
}

/** The finished file to stream, with its download name. */
export async function buildFile(svc: Services, auth: AuthContext, id: string) {
  const b = await ownBuild(svc, auth, id);
  if (b.status !== 'done') throw badRequest(b.status === 'failed' ? '台账生成失败，请重新生成' : '台账还在生成中');
  return { file: b.file, size: fs.statSync(b.file).size, filename: `${b.unitName}${b.year}年度台账.zip` };
}

/** Waits for a build (the CLI and tests). */
export async function waitFor(id: string) {
  await builds.get(id)?.promise;
}

// ---- a member's year record ----

export async function memberRecordDocx(svc: Services, auth: AuthContext, year: number, memberId: number) {
  checkYear(year);
  const b = await memberBreakdown(svc, auth, year, memberId);
  const num = (n: number | null) => (n == null ? '不适用' : String(n));
  const children = [
    titleParagraph(`${b.member.name}同志${year}年度读书学习档案`),
    para(`单位：${b.member.unitName}\u3000\u3000统计截至：${b.asOf}`, { align: AlignmentType.CENTER, after: 200 }),
    para(`年度考核总分 ${b.total} 分，本单位第 ${b.unitRank} 名（共 ${b.unitSize} 人），全镇第 ${b.townRank} 名（共 ${b.townSize} 人）。`, { indentFirst: true }),
    gridTable(
      ['指标', '权重（折算后）', '完成', '得分', '计算方法'],
      b.indicators.filter((i) => i.included).map((i) => [i.name, i.kind === 'deduction' ? `扣分，最多 ${i.cap}` : `${i.weight}（${i.effectiveWeight}）`, `${num(i.value)} ${i.value == null ? '' : i.valueUnit}`, String(i.points), i.formula]),
      [14, 14, 12, 8, 52],
      { center: [1, 2, 3] },
    ),
    ...b.indicators
      .filter((i) => i.included && i.records.length)
      .flatMap((i) => [para(`${i.name}（${i.records.length} 条记录）`, { after: 80 }), gridTable(['日期', '记录', '说明'], i.records.map((r) => [r.day ?? '', r.label, r.detail]), [16, 40, 44])]),
    ...(b.indicators.some((i) => !i.included) ? [para(`未计入的指标：${b.indicators.filter((i) => !i.included).map((i) => `${i.name}（${i.dropped}）`).join('；')}。`, { indentFirst: true })] : []),
    para(`名次规则：${b.tieRule}`, { indentFirst: true }),
  ];
  return { buf: await buildDocx(children, { title: `${b.member.name}${year}年度读书学习档案` }), filename: `${b.member.name}${year}年度读书学习档案.docx` };
}
