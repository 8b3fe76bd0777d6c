// Certificates that prove themselves (issue 16): the QR code carries the printed
// fields and an Ed25519 signature over them, so anyone holding the published public
// key can check a certificate without trusting the web page that shows it. Pure
// functions only: used by the server, the public /verify page's API and the offline
// `shuxiang verify-certificate` command alike.
import crypto from 'node:crypto';

/** What is signed: exactly what the certificate prints. */
export interface CertificateFields {
  number: string;
  name: string;
  unit: string;
  title: string;
  /** Date of issue, YYYY-MM-DD. */
  date: string;
}

const VERSION = 'sx-cert-1';

/** The signed message: a JSON array in a fixed order, UTF-8. */
export function signedMessage(f: CertificateFields): Buffer {
  return Buffer.from(JSON.stringify([VERSION, f.number, f.name, f.unit, f.title, f.date]), 'utf8');
}

export function generateKeyPair(): { keyId: string; publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { keyId: keyIdOf(publicKeyPem), publicKeyPem, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** A short name of a public key: the first 16 hex digits of the SHA-256 of its DER form. */
export function keyIdOf(publicKeyPem: string): string {
  const der = crypto.createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function sign(f: CertificateFields, privateKeyPem: string): string {
  return crypto.sign(null, signedMessage(f), crypto.createPrivateKey(privateKeyPem)).toString('base64url');
}

export function verifySignature(f: CertificateFields, signature: string, publicKeyPem: string): boolean {
  try {
    return crypto.verify(null, signedMessage(f), crypto.createPublicKey(publicKeyPem), Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** The QR code's text: the verification page's URL with the fields and the signature. */
export function verificationUrl(baseUrl: string, f: CertificateFields, keyId: string, signature: string): string {
  const p = Buffer.from(JSON.stringify({ n: f.number, name: f.name, unit: f.unit, title: f.title, date: f.date, k: keyId }), 'utf8').toString('base64url');
  return `${baseUrl.replace(/\/$/, '')}/verify/${encodeURIComponent(f.number)}?p=${p}&s=${signature}`;
}

export interface ParsedQr {
  fields: CertificateFields;
  keyId: string;
  signature: string;
}

/** Reads the QR text (the URL, or just its query) back into fields; null when it is not one of ours. */
export function parseQr(text: string): ParsedQr | null {
  let params: URLSearchParams;
  let pathNumber: string | null = null;
  try {
    const url = new URL(text.trim());
    params = url.searchParams;
    const m = /\/verify\/([^/?#]+)$/.exec(url.pathname);
    pathNumber = m ? decodeURIComponent(m[1]!) : null;
  } catch {
    params = new URLSearchParams(text.trim().replace(/^\?/, ''));
  }
  const p = params.get('p');
  const s = params.get('s');
  if (!p || !s) return null;
  try {
    const o = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : null);
    const fields = { number: str('n'), name: str('name'), unit: str('unit'), title: str('title'), date: str('date') };
    const keyId = str('k');
    if (Object.values(fields).some((v) => v === null) || !keyId) return null;
    // The number in the path must be the signed one (a swapped path is an altered payload).
    if (pathNumber !== null && pathNumber !== fields.number) return { fields: fields as CertificateFields, keyId, signature: '' };
    return { fields: fields as CertificateFields, keyId, signature: s };
  } catch {
    return null;
  }
}

/** The offline check: signature over the fields with the published key (PEM). */
export function verifyQrOffline(text: string, publicKeyPem: string): { ok: true; fields: CertificateFields; keyId: string } | { ok: false; reason: string } {
  const parsed = parseQr(text);
  if (!parsed) return { ok: false, reason: '不是本系统证书的二维码内容' };
  const keyId = keyIdOf(publicKeyPem);
  if (parsed.keyId !== keyId) return { ok: false, reason: `签名密钥（${parsed.keyId}）与所给公钥（${keyId}）不符` };
  if (!parsed.signature || !verifySignature(parsed.fields, parsed.signature, publicKeyPem)) return { ok: false, reason: '签名无效：内容被改动或伪造' };
  return { ok: true, fields: parsed.fields, keyId };
}
