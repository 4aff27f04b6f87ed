/**
 * The SQL files in testdata/*.slt, each run from an empty database; expected results are
 * PostgreSQL 15's answers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSlt } from './testing/slt.js';

const dir = join(import.meta.dirname, '..', 'testdata');

describe('sqllogictest files', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.slt'))) {
    it(file, async () => {
      const failures = await runSlt(readFileSync(join(dir, file), 'utf8'));
      expect(failures.join('\n\n')).toBe('');
    });
  }
});
