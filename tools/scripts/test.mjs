#!/usr/bin/env node
// `npm test`: runs every project's tests through nx, then adds up the vitest JSON reports each
// project wrote to `<project>/.reports/vitest.json` and prints the line CI reads:
//   N passed, N failed
// It exits non-zero when any test failed or any project's test target failed to run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const projectDirs = ['packages', 'apps', 'tools'].flatMap((group) => {
  const dir = join(root, group);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'package.json')))
    .map((d) => join(dir, d.name));
});

for (const dir of projectDirs) rmSync(join(dir, '.reports'), { recursive: true, force: true });

const args = [
  'nx',
  'run-many',
  '-t',
  'test',
  '--outputStyle=static',
  '--skip-nx-cache',
  ...process.argv.slice(2),
];
const run = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env: process.env });

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
/** Each failed test, so the end of the log (all CI keeps) says which one and why. */
const failures = [];
for (const dir of projectDirs) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!pkg.scripts?.test) continue;
  const report = join(dir, '.reports', 'vitest.json');
  if (!existsSync(report)) {
    missing.push(pkg.name);
    continue;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests ?? 0;
  failed += json.numFailedTests ?? 0;
  skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  // A test file that failed to load counts as one failure: its tests never ran.
  for (const file of json.testResults ?? []) {
    const where = `${pkg.name} ${file.name.slice(dir.length + 1)}`;
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) {
      failed += 1;
      failures.push(`${where}: did not load: ${firstLine(file.message)}`);
    }
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      failures.push(`${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    }
  }
}
if (missing.length > 0) {
  console.log(`no test report from: ${missing.join(', ')}`);
  failed += missing.length;
}
for (const failure of failures) console.log(`FAILED ${failure}`);
if (skipped > 0) console.log(`${skipped} skipped`);
// The last line, exactly as CI reads it.
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || run.status !== 0 ? 1 : 0);

function firstLine(text) {
  const line = String(text ?? '').split('\n', 1)[0];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
