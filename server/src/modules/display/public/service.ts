// The optional public page for the office's WeChat account (setting display.publicPage):
// read-only, no sign-in, the same figures as the screens with only what the privacy
// settings allow, and only the announcements marked public.
import { AppError, notFound } from '../../../platform/errors';
import type { Services } from '../../../platform/services';
import { appCache } from '../../../platform/app-cache';
import { nowIso } from '../../../platform/time';
import * as announcements from '../announcements/service';
import { buildFeed } from '../screens/feed';
import { unitById } from '../screens/repository';

/** Units a public page may be about: a town, or the district above it. */
const PUBLIC_KINDS = ['town', 'district'];
const closed = () => new AppError(404, 'PUBLIC_PAGE_CLOSED', '公开页未开放');

async function publicUnit(svc: Services, unitId: number) {
  if (!(await svc.settings.bool('display.publicPage'))) throw closed();
  const unit = await unitById(svc.db, unitId);
  if (!unit || !PUBLIC_KINDS.includes(unit.kind)) throw notFound('找不到该页面');
  return unit;
}

export async function pageOpen(svc: Services, unitId: number): Promise<boolean> {
  try {
    await publicUnit(svc, unitId);
    return true;
  } catch {
    return false;
  }
}

const feedCache = appCache<Awaited<ReturnType<typeof buildFeed>>>(60_000);

export async function publicFeed(svc: Services, unitId: number, baseUrl: string) {
  const unit = await publicUnit(svc, unitId);
  const data = await feedCache(svc, `${unit.id}|${baseUrl}`, () => buildFeed(svc, unit, { baseUrl, imageUrl: (_a, i) => `/api/public/${unit.id}/images/${i}`, publicOnly: true }));
  return { unit: { id: unit.id, name: unit.name }, generatedAt: nowIso(), data };
}

export async function publicImage(svc: Services, unitId: number, imageId: number) {
  const unit = await publicUnit(svc, unitId);
  return announcements.imageForScreen(svc, unit.path, imageId, true);
}
