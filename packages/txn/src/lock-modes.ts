/**
 * PostgreSQL's eight table-level ("heavyweight") lock modes and their conflict table.
 *
 * The numbering is PostgreSQL's (lockdefs.h: AccessShareLock = 1 … AccessExclusiveLock = 8), so a
 * set of modes fits a bitmask (`1 << mode`) and a later pg_locks view can print the same names.
 * The same modes lock every kind of `LockTag`: relations, tuples (the queue-position lock a row
 * waiter takes) and transaction ids (ShareLock to wait for a transaction, ExclusiveLock held by the
 * transaction itself).
 *
 * Conflicts (an X conflicts; the table is symmetric):
 *
 * | requested \ held       | AS | RS | RX | SUX | S | SRX | X | AX |
 * |------------------------|----|----|----|-----|---|-----|---|----|
 * | AccessShare            |    |    |    |     |   |     |   | X  |
 * | RowShare               |    |    |    |     |   |     | X | X  |
 * | RowExclusive           |    |    |    |     | X | X   | X | X  |
 * | ShareUpdateExclusive   |    |    |    | X   | X | X   | X | X  |
 * | Share                  |    |    | X  | X   |   | X   | X | X  |
 * | ShareRowExclusive      |    |    | X  | X   | X | X   | X | X  |
 * | Exclusive              |    | X  | X  | X   | X | X   | X | X  |
 * | AccessExclusive        | X  | X  | X  | X   | X | X   | X | X  |
 *
 * @see https://www.postgresql.org/docs/15/explicit-locking.html#TABLE-LOCK-COMPATIBILITY
 */

/** The lock modes, numbered as PostgreSQL numbers them. */
export const LockMode = {
  AccessShare: 1,
  RowShare: 2,
  RowExclusive: 3,
  ShareUpdateExclusive: 4,
  Share: 5,
  ShareRowExclusive: 6,
  Exclusive: 7,
  AccessExclusive: 8,
} as const;

/** One of the eight lock modes (1–8). */
export type LockMode = (typeof LockMode)[keyof typeof LockMode];

/** Every mode, weakest first. */
export const LOCK_MODES: readonly LockMode[] = [1, 2, 3, 4, 5, 6, 7, 8];

const bit = (mode: LockMode): number => 1 << mode;

/** For each mode, the bitmask (`1 << mode`) of the modes it conflicts with. Index 0 is unused. */
const CONFLICTS: readonly number[] = [
  0,
  bit(8),
  bit(7) | bit(8),
  bit(5) | bit(6) | bit(7) | bit(8),
  bit(4) | bit(5) | bit(6) | bit(7) | bit(8),
  bit(3) | bit(4) | bit(6) | bit(7) | bit(8),
  bit(3) | bit(4) | bit(5) | bit(6) | bit(7) | bit(8),
  bit(2) | bit(3) | bit(4) | bit(5) | bit(6) | bit(7) | bit(8),
  bit(1) | bit(2) | bit(3) | bit(4) | bit(5) | bit(6) | bit(7) | bit(8),
];

const NAMES: readonly string[] = [
  'InvalidLock',
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
];

/** True when a lock in mode `a` and one in mode `b` cannot be held at once by two owners. */
export function lockModesConflict(a: LockMode, b: LockMode): boolean {
  return (CONFLICTS[a] & bit(b)) !== 0;
}

/**
 * The bitmask (bit `1 << m` for each mode m) of the modes that conflict with `mode`.
 * @internal for the lock manager's mask arithmetic.
 */
export function conflictMask(mode: LockMode): number {
  return CONFLICTS[mode];
}

/** The bitmask bit of one mode. @internal */
export function lockModeBit(mode: LockMode): number {
  return 1 << mode;
}

/** PostgreSQL's name of a mode, as pg_locks.mode and deadlock messages print it: 'AccessShareLock'. */
export function lockModeName(mode: LockMode): string {
  return NAMES[mode];
}
