import { defineConfig } from 'vitest/config';

// One run, four projects: pure rules once; every database test on SQLite and
// again on a real PostgreSQL server (scripts/test.mjs starts one); browser
// journeys in Debian's Chromium.
const dbTests = ['server/src/**/*.test.ts'];
const unitTests = ['server/src/**/*.unit.test.ts', 'web/src/**/*.unit.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: unitTests } },
      // The database tests share their worker's modules (isolate: false): each file still builds its own
      // database and app, and loading the server once per worker rather than once per file saves about a
      // third of their time. A test that leaves state in a module breaks the files after it: keep state in
      // the app (createTestApp), not in module variables.
      { extends: true, test: { name: 'sqlite', include: dbTests, exclude: unitTests, isolate: false, setupFiles: ['server/test/setup.ts'], globalSetup: ['server/test/global-setup.ts'], env: { TEST_DB: 'sqlite' } } },
      { extends: true, test: { name: 'postgres', include: dbTests, exclude: unitTests, isolate: false, setupFiles: ['server/test/setup.ts'], globalSetup: ['server/test/global-setup.ts'], env: { TEST_DB: 'postgres' } } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // expect.poll waits up to 1 s by default: a page on a busy machine (CI shares its cores) can take
          // longer to answer, and the poll returns as soon as the page is right, so waiting longer costs nothing.
          expect: { poll: { timeout: 20_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
