// vitest globalSetup of the database projects: a directory for the run's shared test databases
// (server/test/demo.ts seeds the demo town there once per database), removed at the end with the
// PostgreSQL template it names.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-run-'));
  project.provide('sxRunDir', dir);
  return async () => {
    const pgUrl = process.env.TEST_PG_URL;
    for (const f of fs.readdirSync(dir)) {
      if (!f.endsWith('.json')) continue;
      const { pgDatabase } = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { pgDatabase?: string };
      if (!pgDatabase || !pgUrl) continue;
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`).finally(() => c.end());
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
