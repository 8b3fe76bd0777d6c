// The unit an archive request is about: the one asked for (within the caller's reach of building archives), else the
// caller's own top unit of that reach.
import type { AuthContext } from '../../platform/auth/context';
import { forbidden, notFound } from '../../platform/errors';
import type { Services } from '../../platform/services';
import { ArchivePolicy } from './policy';
import * as repo from './repository';

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
