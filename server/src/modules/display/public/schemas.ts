// The public page's API contract (TypeBox).
import { Type } from 'typebox';
import { FeedData } from '../screens/schemas';

export const UnitParams = Type.Object({ unitId: Type.Integer() });
export const ImageParams = Type.Object({ unitId: Type.Integer(), imageId: Type.Integer() });
export const PublicFeed = Type.Object({ unit: Type.Object({ id: Type.Integer(), name: Type.String() }), generatedAt: Type.String(), data: FeedData });
