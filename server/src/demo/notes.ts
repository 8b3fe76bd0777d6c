import type { DemoContext, DemoCounts } from './context';

/** Demo content of this feature; filled as the feature lands. */
export async function seedNoteDemo(_ctx: DemoContext): Promise<DemoCounts> {
  return {};
}
