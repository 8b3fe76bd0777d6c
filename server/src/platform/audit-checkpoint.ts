// Signed checkpoints of the audit log (issue 12 defect 6).
//
// The hash chains show a row changed in place, but not the newest rows deleted, nor a chain
// recomputed from some row on by someone who can write the database. A checkpoint fixes what
// the log was at one moment: the last id, the number of rows up to it, and a digest folded over
// the hash of every row up to it in id order (so it does not depend on how many chains there
// are). It is signed with Ed25519 and appended to a file outside the database
// (<data dir>/audit-checkpoints.jsonl); the signing key sits beside it, readable only by the
// app's system user, and its public half can be printed and kept by the audit administrator.
// Verification recomputes the fold and compares it with every checkpoint: fewer rows is a
// truncation, a different digest is a rewrite (re-chaining), a bad signature an edited file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DB } from '../db';
import { auditHash, settledAuditId } from './audit';
import { nowIso } from './time';

const GENESIS = '0'.repeat(64);

export interface Checkpoint {
  at: string;
  lastId: number;
  count: number;
  digest: string;
}

interface SignedCheckpoint extends Checkpoint {
  sig: string;
}

export interface CheckpointFiles {
  dir: string;
}

const files = (dir: string) => ({
  log: path.join(dir, 'audit-checkpoints.jsonl'),
  key: path.join(dir, 'audit-signing-key.pem'),
  pub: path.join(dir, 'audit-signing-key.pub.pem'),
});

const canonical = (c: Checkpoint) => JSON.stringify([c.at, c.lastId, c.count, c.digest]);
const fold = (digest: string, hash: string) => crypto.createHash('sha256').update(digest).update(hash).digest('hex');

/** The signing key, made on first use (private key 0600, public key beside it). */
export function signingKey(dir: string): { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject; publicPem: string } {
  const f = files(dir);
  if (!fs.existsSync(f.key)) {
    fs.mkdirSync(dir, { recursive: true });
    const pair = crypto.generateKeyPairSync('ed25519');
    fs.writeFileSync(f.key, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    fs.writeFileSync(f.pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  }
  const privateKey = crypto.createPrivateKey(fs.readFileSync(f.key));
  const publicKey = crypto.createPublicKey(privateKey);
  return { privateKey, publicKey, publicPem: String(publicKey.export({ type: 'spki', format: 'pem' })) };
}

/**
 * Walks the log in id order up to its settled horizon (no row below it can still appear,
 * see settledAuditId): the checkpoint of its present state, and per-row checks.
 */
async function walk(db: DB, onRow?: (id: number, count: number, digest: string) => void) {
  let digest = GENESIS;
  let count = 0;
  let lastId = 0;
  const horizon = await settledAuditId(db);
  for (;;) {
    const rows = await db.selectFrom('audit_log').select(['id', 'hash']).where('id', '>', lastId).where('id', '<=', horizon).orderBy('id').limit(5000).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      digest = fold(digest, r.hash);
      count++;
      lastId = r.id;
      onRow?.(r.id, count, digest);
    }
  }
  return { lastId, count, digest };
}

/** Takes a checkpoint of the log as it is now, signs it and appends it to the file. */
export async function writeCheckpoint(db: DB, dir: string): Promise<Checkpoint> {
  const { lastId, count, digest } = await walk(db);
  const cp: Checkpoint = { at: nowIso(), lastId, count, digest };
  const { privateKey } = signingKey(dir);
  const sig = crypto.sign(null, Buffer.from(canonical(cp)), privateKey).toString('base64');
  fs.appendFileSync(files(dir).log, `${JSON.stringify({ ...cp, sig })}\n`, { mode: 0o600 });
  return cp;
}

export function readCheckpoints(dir: string): { checkpoints: SignedCheckpoint[]; problems: string[] } {
  const f = files(dir);
  if (!fs.existsSync(f.log)) return { checkpoints: [], problems: [] };
  const publicKey = fs.existsSync(f.pub) ? crypto.createPublicKey(fs.readFileSync(f.pub)) : signingKey(dir).publicKey;
  const problems: string[] = [];
  const checkpoints: SignedCheckpoint[] = [];
  fs.readFileSync(f.log, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const c = JSON.parse(line) as SignedCheckpoint;
        if (!crypto.verify(null, Buffer.from(canonical(c)), publicKey, Buffer.from(c.sig, 'base64'))) problems.push(`检查点文件第 ${i + 1} 行签名无效（检查点被改动）`);
        else checkpoints.push(c);
      } catch {
        problems.push(`检查点文件第 ${i + 1} 行无法读取`);
      }
    });
  return { checkpoints, problems };
}

export interface CheckpointReport {
  ok: boolean;
  checked: number;
  last: Checkpoint | null;
  problems: string[];
}

/**
 * Compares the log with every signed checkpoint: rows missing up to a checkpoint's last id
 * (truncation) and a different digest (rows rewritten and the chain recomputed).
 */
export async function verifyCheckpoints(db: DB, dir: string): Promise<CheckpointReport> {
  const { checkpoints, problems } = readCheckpoints(dir);
  const byId = new Map<number, SignedCheckpoint[]>();
  for (const c of checkpoints) byId.set(c.lastId, [...(byId.get(c.lastId) ?? []), c]);
  const matched = new Set<SignedCheckpoint>();
  const now = await walk(db, (id, count, digest) => {
    for (const c of byId.get(id) ?? []) {
      matched.add(c);
      if (count !== c.count) problems.push(`与 ${c.at} 的检查点相比，第 ${c.lastId} 号及以前的记录数由 ${c.count} 条变为 ${count} 条（有记录被删除或插入）`);
      else if (digest !== c.digest) problems.push(`与 ${c.at} 的检查点相比，第 ${c.lastId} 号及以前的记录被改写后重新计算了哈希链`);
    }
  });
  for (const c of checkpoints) {
    if (matched.has(c) || c.lastId === 0) continue;
    if (now.lastId < c.lastId) problems.push(`审计日志被截断：${c.at} 的检查点记录到第 ${c.lastId} 号（共 ${c.count} 条），现在只到第 ${now.lastId} 号（共 ${now.count} 条）`);
    else problems.push(`与 ${c.at} 的检查点相比，第 ${c.lastId} 号记录已不存在（有记录被删除）`);
  }
  const last = checkpoints.at(-1) ?? null;
  return { ok: problems.length === 0, checked: checkpoints.length, last: last && { at: last.at, lastId: last.lastId, count: last.count, digest: last.digest }, problems };
}

// Re-exported for the tests that recompute a chain as an attacker would.
export { auditHash };

/**
 * Where this database's checkpoints live: SHUXIANG_AUDIT_CHECKPOINT_DIR when set (a directory the
 * database user cannot write, e.g. another mount), else beside the SQLite file, else under the
 * data directory by PostgreSQL database name.
 */
export function checkpointDir(svc: { config: { dataDir: string; databaseUrl?: string }; handle: { dialect: string; file?: string } }): string {
  const base = process.env.SHUXIANG_AUDIT_CHECKPOINT_DIR;
  const name = svc.handle.dialect === 'sqlite' ? path.basename(svc.handle.file ?? 'shuxiang.db', '.db') : decodeURIComponent(new URL(svc.config.databaseUrl ?? 'postgres://x/shuxiang').pathname.slice(1) || 'shuxiang');
  if (base) return path.join(base, name);
  if (svc.handle.dialect === 'sqlite' && svc.handle.file) return path.join(path.dirname(svc.handle.file), 'audit-checkpoints');
  return path.join(svc.config.dataDir, 'audit-checkpoints', name);
}
