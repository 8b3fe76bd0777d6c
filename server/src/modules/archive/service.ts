// The year-end archive (台账) in one click: built section by section into a zip file
// on disk (streamed, one file in memory at a time), with progress the page polls, and
// one build per unit and year at a time — a second request while one is running joins
// it. Also each member's year record for the annual assessment.
import crypto from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { AlignmentType } from 'docx';
import type { FastifyReply } from 'fastify';
import type { AuthContext } from '../../platform/auth/context';
import { AppError, badRequest, notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { clock, currentYear, nowIso } from '../../platform/time';
import { buildDocx, gridTable, para, sendDocx, titleParagraph } from '../../platform/docx';
import { publicBase } from '../../platform/publicurl';
import { memberBreakdown } from '../scorecard/scores/service';
import { ArchivePolicy } from './policy';
import * as repo from './repository';
import { archiveUnit } from './unit';
import { indexDocx, sectionsOf, type ArchiveScope } from './sections';
import { ZipWriter } from './zip';
import { exchangePack } from './exchange';

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

function checkYear(year: number) {
  if (!Number.isInteger(year) || year < 2000 || year > currentYear()) throw badRequest(`年度应为 2000 至 ${currentYear()} 年`);
}

// ---- builds: one per unit and year at a time across every process and node ----
//
// The build row in the database is the claim: its running_key ('<unit>:<year>') is unique
// while it runs, so of two requests at once — on one node or two — one inserts it and
// builds, the other finds it and joins. The building process renews a lease as it goes;
// a build whose lease ran out (its process died) is marked failed and the next request
// starts afresh. The zip is written in chunks into the database as it is built (never
// whole in memory), so any node streams the download.

/** A finished build is kept this long for its download, then removed. */
const KEEP_MS = 60 * 60 * 1000;
/** How long a build's claim holds without renewal, and how often it is renewed. */
const LEASE_MS = 120_000;
const RENEW_MS = 15_000;
/** Size of one stored piece of the zip. */
const CHUNK_BYTES = 512 * 1024;

const leaseFrom = () => new Date(clock.now().getTime() + LEASE_MS).toISOString();

/** The builds this process runs, to wait for (the CLI and tests). */
const local = new Map<string, Promise<void>>();

type BuildRow = NonNullable<Awaited<ReturnType<typeof repo.buildById>>>;

export const buildView = (b: BuildRow) => ({
  id: b.id,
  year: b.year,
  unitId: b.unit_id,
  unitName: b.unit_name,
  status: b.status,
  done: b.done,
  total: b.total,
  current: b.current,
  bytes: b.bytes,
  error: b.error,
  startedAt: b.started_at,
  finishedAt: b.finished_at,
});

/** Writes what it is given into the build's chunks, CHUNK_BYTES at a time. */
class ChunkSink extends Writable {
  private pending: Buffer[] = [];
  private size = 0;
  seq = 0;

  constructor(
    private svc: Services,
    private id: string,
  ) {
    super();
  }

  private async flush() {
    if (!this.size) return;
    const data = Buffer.concat(this.pending, this.size);
    this.pending = [];
    this.size = 0;
    await repo.insertChunk(this.svc.db, this.id, this.seq++, data);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void) {
    this.pending.push(chunk);
    this.size += chunk.length;
    if (this.size < CHUNK_BYTES) return cb();
    this.flush().then(() => cb(), cb);
  }

  override _final(cb: (e?: Error | null) => void) {
    this.flush().then(() => cb(), cb);
  }
}

async function runBuild(svc: Services, scope: ArchiveScope, id: string) {
  let last = 0;
  let progress: Progress = { done: 0, total: 1, current: '开始' };
  const save = () => repo.progressBuild(svc.db, id, { ...progress, leaseUntil: leaseFrom() }).catch((e) => console.error(e));
  const timer = setInterval(save, RENEW_MS);
  const sink = new ChunkSink(svc, id);
  try {
    const r = await writeArchive(scope, sink, (p) => {
      progress = p;
      if (Date.now() - last < 500) return;
      last = Date.now();
      void save();
    });
    await repo.finishBuild(svc.db, id, { status: 'done', bytes: r.bytes, chunks: sink.seq, error: null, now: nowIso(), done: r.files });
  } catch (e) {
    console.error(e);
    await repo.finishBuild(svc.db, id, { status: 'failed', bytes: 0, chunks: 0, error: '生成失败，请稍后重试', now: nowIso(), done: progress.done }).catch(() => undefined);
  } finally {
    clearInterval(timer);
  }
}

/** Starts (or joins) the build of a unit's year; its QR codes and links carry the public base URL, else the request's origin. */
export async function startBuild(svc: Services, auth: AuthContext, year: number, unitId: number | undefined, origin: { protocol: string; host: string }) {
  checkYear(year);
  const baseUrl = await publicBase(svc, origin);
  const unit = await archiveUnit(svc, auth, unitId);
  await repo.deleteBuildsBefore(svc.db, new Date(clock.now().getTime() - KEEP_MS).toISOString());
  const key = `${unit.id}:${year}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const running = await repo.runningBuild(svc.db, key);
    if (running) {
      if (running.lease_until >= nowIso() || !(await repo.abandonBuild(svc.db, running.id, nowIso()))) {
        const b = await repo.buildById(svc.db, running.id);
        if (b) return { ...buildView(b), joined: true };
      }
      continue;
    }
    const id = crypto.randomUUID();
    if (!(await repo.claimBuild(svc.db, { id, unitId: unit.id, year, key, leaseUntil: leaseFrom(), userId: auth.userId, now: nowIso() }))) continue;
    await svc.audit.recordAlone(auth.actor(), { action: 'archive.build', entity: 'unit', entityId: unit.id, detail: { year, unit: unit.name, build: id } });
    local.set(id, runBuild(svc, { svc, auth, year, unit, baseUrl }, id).finally(() => local.delete(id)));
    return { ...buildView((await repo.buildById(svc.db, id))!), joined: false };
  }
  throw new AppError(409, 'ARCHIVE_BUSY', '台账正在生成，请稍后刷新');
}

async function ownBuild(svc: Services, auth: AuthContext, id: string) {
  const b = await repo.buildById(svc.db, id);
  if (!b) throw notFound('台账生成任务不存在或已过期，请重新生成');
  await svc.guard.authorize(auth, ArchivePolicy.build, { unitPath: b.unit_path }, '该单位不在您的管理范围内');
  return b;
}

export async function buildStatus(svc: Services, auth: AuthContext, id: string) {
  return buildView(await ownBuild(svc, auth, id));
}

/** The finished zip as a stream read piece by piece from the database, with its size and download name. */
export async function buildFile(svc: Services, auth: AuthContext, id: string) {
  const b = await ownBuild(svc, auth, id);
  if (b.status !== 'done') throw badRequest(b.status === 'failed' ? '台账生成失败，请重新生成' : '台账还在生成中');
  const chunks = b.chunks;
  async function* pieces() {
    for (let seq = 0; seq < chunks; seq++) {
      const data = await repo.chunkOf(svc.db, id, seq);
      if (!data) throw new Error(`archive ${id}: chunk ${seq} missing`);
      yield data;
    }
  }
  return { stream: Readable.from(pieces()), size: b.bytes, filename: `${b.unit_name}${b.year}年度台账.zip` };
}

/** The finished zip as the reply, streamed from the database. */
export async function sendBuild(svc: Services, auth: AuthContext, id: string, reply: FastifyReply) {
  const f = await buildFile(svc, auth, id);
  return reply
    .header('content-type', 'application/zip')
    .header('content-length', f.size)
    .header('content-disposition', `attachment; filename="archive.zip"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
    .send(f.stream);
}

/** Waits for a build this process runs (the CLI and tests). */
export async function waitFor(id: string) {
  await local.get(id);
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

export async function sendMemberRecord(svc: Services, auth: AuthContext, year: number, memberId: number, reply: FastifyReply) {
  const r = await memberRecordDocx(svc, auth, year, memberId);
  return sendDocx(reply, r.filename, r.buf);
}

export async function sendExchangePack(svc: Services, auth: AuthContext, year: number, unitId: number | undefined, reply: FastifyReply) {
  const r = await exchangePack(svc, auth, year, unitId);
  return sendDocx(reply, r.filename, r.buf);
}

export { creationsView, sendCreationEvidence, setTags } from './creations';
export { archiveUnit };
