// Where the certificates' signing key lives. The database holds each key pair's public key
// in the clear and its private key sealed (AES-256-GCM) with a key-encryption key that is
// not in the database: the file certificate-kek.key in the data directory (made on first
// use, readable only by the server's account, 0600), or the file SHUXIANG_CERTIFICATE_KEK_FILE
// names. A copy of the database or a backup alone therefore cannot sign a certificate.
// Every app node needs the same key-encryption key (docs/security.md).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../platform/errors';

const PREFIX = 'sx-kek-1:';

export function kekPath(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.SHUXIANG_CERTIFICATE_KEK_FILE ? path.resolve(env.SHUXIANG_CERTIFICATE_KEK_FILE) : path.join(dataDir, 'certificate-kek.key');
}

/** The key-encryption key; made (32 random bytes, hex, mode 0600) when the file does not exist. */
export function loadKek(file: string): Buffer {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process made it first: read theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const hex = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new AppError(500, 'KEK_INVALID', `证书密钥加密文件 ${file} 格式不对（应为 64 位十六进制）`);
  return Buffer.from(hex, 'hex');
}

export function sealPrivateKey(pem: string, kek: Buffer): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', kek, iv);
  const body = Buffer.concat([c.update(pem, 'utf8'), c.final()]);
  return PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
}

/** The private key in PEM; a key stored in the clear (before sealing was introduced) is returned as it is. */
export function openPrivateKey(stored: string, kek: Buffer): string {
  if (!stored.startsWith(PREFIX)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
  try {
    const d = crypto.createDecipheriv('aes-256-gcm', kek, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  } catch {
    throw new AppError(500, 'KEK_MISMATCH', '证书签名私钥无法解密：本节点的证书密钥加密文件（certificate-kek.key）与生成签名密钥时的不同，请按部署说明在各节点使用同一文件');
  }
}

export const isSealed = (stored: string) => stored.startsWith(PREFIX);
