// vitest globalSetup of the browser project: a directory for the run's demo-town template
// (e2e/harness.ts seeds it once and copies it for each server), removed at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-e2e-run-'));
  project.provide('sxE2eRunDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    sxE2eRunDir: string;
  }
}
