// The address printed on every QR code and link that leaves the screen (copy labels,
// check-in screens, account slips, messages): the administrator's setting
// site.publicBaseUrl, else SHUXIANG_PUBLIC_URL, else the address the request came to.
import net from 'node:net';
import type { Services } from './services';

export type PublicUrlSource = 'setting' | 'env' | 'request' | 'none';

export interface PublicUrl {
  url: string;
  source: PublicUrlSource;
  /** Why a phone outside this machine's network may not reach it; null when it looks fine. */
  problem: 'unset' | 'loopback' | 'private' | null;
}

const trim = (u: string) => u.trim().replace(/\/+$/, '');

/** Whether a host name or address can only be reached from this machine or the office network. */
export function hostProblem(host: string): 'loopback' | 'private' | null {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '0.0.0.0' || h === '::' || h === '::1') return 'loopback';
  if (h.endsWith('.local') || h.endsWith('.lan') || h.endsWith('.internal') || !h.includes('.')) return net.isIP(h) === 6 ? privateV6(h) : 'private';
  if (net.isIPv4(h)) {
    const [a, b] = h.split('.').map(Number);
    if (a === 127) return 'loopback';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)) return 'private';
    return null;
  }
  if (net.isIPv6(h)) return privateV6(h);
  return null;
}

function privateV6(h: string): 'loopback' | 'private' | null {
  if (h === '::1') return 'loopback';
  if (/^f[cd]/.test(h) || /^fe[89ab]/.test(h)) return 'private';
  return null;
}

/** The base URL to put in QR codes and outgoing links, with where it came from and what is wrong with it. */
export async function publicUrl(svc: Services, req?: { protocol: string; host: string }): Promise<PublicUrl> {
  const setting = trim(await svc.settings.text('site.publicBaseUrl'));
  const env = svc.config.publicUrl ? trim(svc.config.publicUrl) : '';
  const url = setting || env || (req ? `${req.protocol}://${req.host}` : '');
  const source: PublicUrlSource = setting ? 'setting' : env ? 'env' : req ? 'request' : 'none';
  if (!setting && !env) return { url, source, problem: 'unset' };
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return { url, source, problem: 'unset' };
  }
  return { url, source, problem: hostProblem(host) };
}

/** The base URL alone (for links in messages sent by jobs, where no request exists: '' when unset). */
export async function publicBase(svc: Services, req?: { protocol: string; host: string }): Promise<string> {
  return (await publicUrl(svc, req)).url;
}
