// The photo upload's API contract (inspections, rectifications and the acceptance attach these files).
import { Type } from 'typebox';
import { MAX_PHOTO_BYTES, PHOTO_PURPOSES } from './files';

export const PHOTO_MAX_MB = MAX_PHOTO_BYTES / 1024 / 1024;
export const PhotoQuery = Type.Object({ purpose: Type.Union(PHOTO_PURPOSES.map((p) => Type.Literal(p))) });
export const PhotoDto = Type.Object({ id: Type.Integer(), mime: Type.String(), size: Type.Integer() });
export const PhotoParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
