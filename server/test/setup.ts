// Runs before every database test file. The files of a worker share its modules (vitest.config.ts:
// isolate false), so whatever a file changes in a module is put back here: the clock a test moved
// and any spy it left on.
import { afterAll, beforeAll, vi } from 'vitest';
import { clock } from '../src/platform/time';

const realNow = () => new Date();
beforeAll(() => {
  clock.now = realNow;
});
afterAll(() => {
  vi.restoreAllMocks();
  clock.now = realNow;
});
