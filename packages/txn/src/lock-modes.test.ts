import { describe, expect, it } from 'vitest';
import { LOCK_MODES, LockMode, lockModeName, lockModesConflict } from './lock-modes.js';

// PostgreSQL 15 docs, Table 13.2 "Conflicting Lock Modes": rows are the requested mode, columns the
// existing one, in the order AccessShare … AccessExclusive; X = conflict.
const DOCS_TABLE = `
AccessShare          . . . . . . . X
RowShare             . . . . . . X X
RowExclusive         . . . . X X X X
ShareUpdateExclusive . . . X X X X X
Share                . . X X . X X X
ShareRowExclusive    . . X X X X X X
Exclusive            . X X X X X X X
AccessExclusive      X X X X X X X X
`;

const expected = DOCS_TABLE.trim()
  .split('\n')
  .map((line) => {
    const [name, ...cells] = line.trim().split(/\s+/);
    return { name, cells: cells.map((c) => c === 'X') };
  });

describe('lock mode conflicts', () => {
  it('match the documented table for all 64 pairs', () => {
    for (const [i, row] of expected.entries()) {
      const requested = LOCK_MODES[i];
      expect(lockModeName(requested)).toBe(`${row.name}Lock`);
      for (const [j, conflicts] of row.cells.entries()) {
        expect(lockModesConflict(requested, LOCK_MODES[j]), `${row.name} vs ${expected[j].name}`).toBe(
          conflicts,
        );
      }
    }
  });

  it('are symmetric', () => {
    for (const a of LOCK_MODES)
      for (const b of LOCK_MODES) expect(lockModesConflict(a, b)).toBe(lockModesConflict(b, a));
  });

  it('use PostgreSQL numbering', () => {
    expect(LockMode.AccessShare).toBe(1);
    expect(LockMode.ShareUpdateExclusive).toBe(4);
    expect(LockMode.AccessExclusive).toBe(8);
  });
});
