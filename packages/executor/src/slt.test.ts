/**
 * The SQL files in testdata/*.slt, each run from an empty database; expected results are
 * PostgreSQL 15's answers.
 *
 * Every file runs under three work_mem budgets: the default (4MB: nothing in these files
 * spills), PostgreSQL's minimum (64kB), and 1 byte — far below what SET allows, so that every
 * sort, hash aggregation, DISTINCT, hash join and window sort with more than one row spills to
 * temporary files (one run or partition per row, multi-pass merges, recursive partitioning). Results must be the same under all three, and no temporary file may be left
 * behind (each configuration gets its own temp directory, checked after every file).
 *
 * A fourth run makes every scan hand back YIELD between every two rows (operator.ts): every
 * operator must resume where it was and give the same answers.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SpillReport } from './execution-context.js';
import { runSlt } from './testing/slt.js';
import { parseWorkMem } from './work-mem.js';

const dir = join(import.meta.dirname, '..', 'testdata');
const files = readdirSync(dir).filter((f) => f.endsWith('.slt'));

const configurations: { name: string; workMem?: number; checkSpills?: boolean; yieldEveryRow?: boolean }[] = [
  { name: 'default work_mem' },
  { name: "work_mem = '64kB'", workMem: parseWorkMem('64kB') },
  { name: 'work_mem = 1 byte (everything spills)', workMem: 1, checkSpills: true },
  // Every scan hands back YIELD between every two rows: each operator resumes at every point.
  { name: 'a YIELD after every scanned row', yieldEveryRow: true },
];

for (const config of configurations) {
  describe(`sqllogictest files, ${config.name}`, () => {
    const tempRoot = mkdtempSync(join(tmpdir(), 'rustydb-slt-'));
    const tempDir = join(tempRoot, 'tmp');
    /** Operators that wrote temporary files, by EXPLAIN name. */
    const spilled = new Map<string, number>();
    const onSpillStats = (r: SpillReport): void => {
      if (r.stats.diskBytes > 0) spilled.set(r.operator, (spilled.get(r.operator) ?? 0) + 1);
    };
    afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

    for (const file of files) {
      it(file, async () => {
        const failures = await runSlt(readFileSync(join(dir, file), 'utf8'), {
          tempDir,
          onSpillStats,
          ...(config.workMem === undefined ? {} : { workMem: config.workMem }),
          ...(config.yieldEveryRow === true ? { yieldEveryRow: true } : {}),
        });
        expect(failures.join('\n\n')).toBe('');
        expect(leftovers(tempDir)).toEqual([]);
      });
    }

    if (config.checkSpills) {
      it('spilled in every kind of operator', () => {
        expect([...spilled.keys()].sort()).toEqual([
          'Distinct',
          'Hash Join',
          'HashAggregate',
          'Sort',
          'WindowAgg',
        ]);
      });
    }
  });
}

function leftovers(tempDir: string): string[] {
  try {
    return readdirSync(tempDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
