import fs from 'node:fs';
import path from 'node:path';

// The real files from other projects (MARC records, Moodle question files) live in `shared/testdata`
// beside the clone (DESIGN.md), never copied into the repository. The clone may sit one level deeper than
// usual (a git worktree under another folder), so the folder is looked for upwards from this file.
// SHUXIANG_TESTDATA names it outright.
function findTestdata(): string {
  if (process.env.SHUXIANG_TESTDATA) return path.resolve(process.env.SHUXIANG_TESTDATA);
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'testdata');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error('shared/testdata was not found above the repository: set SHUXIANG_TESTDATA');
  }
}

/** A path inside shared/testdata, e.g. `testdata('marc')`. */
export const testdata = (...parts: string[]) => path.join(findTestdata(), ...parts);
