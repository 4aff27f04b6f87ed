/**
 * `CREATE TABLE … WITH (name = value, …)`: PostgreSQL's storage parameters (reloptions).
 * RustyDB validates the ones clients commonly send — pgbench's `fillfactor`, and
 * `autovacuum_enabled` — with PostgreSQL's rules and messages, and otherwise ignores them: a heap
 * page is filled completely, and autovacuum runs for every table. Unknown names are errors, as in
 * PostgreSQL.
 */
import { DbError } from '@rustydb/common';
import type { StorageParameter } from '@rustydb/parser';

const BOOLEAN_WORDS = new Map([
  ['true', true],
  ['on', true],
  ['yes', true],
  ['1', true],
  ['false', false],
  ['off', false],
  ['no', false],
  ['0', false],
]);

/** Throws 22023 for an unknown parameter or a value PostgreSQL would reject. */
export function checkStorageParameters(params: readonly StorageParameter[]): void {
  for (const p of params) {
    switch (p.name) {
      case 'fillfactor':
        checkInteger(p, 10, 100);
        break;
      case 'autovacuum_enabled':
        if (p.value !== undefined && !BOOLEAN_WORDS.has(p.value.toLowerCase())) {
          throw invalidValue('boolean', p);
        }
        break;
      default:
        throw new DbError('22023', `unrecognized parameter "${p.name}"`);
    }
  }
}

function checkInteger(p: StorageParameter, min: number, max: number): void {
  // `WITH (fillfactor)` means true, which is not an integer: PostgreSQL says so.
  const text = p.value ?? 'true';
  if (!/^[+-]?\d+$/.test(text.trim())) throw invalidValue('integer', p, text);
  const n = Number(text);
  if (n < min || n > max) {
    throw new DbError('22023', `value ${text} out of bounds for option "${p.name}"`, {
      detail: `Valid values are between "${min}" and "${max}".`,
    });
  }
}

const invalidValue = (kind: string, p: StorageParameter, text = p.value ?? 'true'): DbError =>
  new DbError('22023', `invalid value for ${kind} option "${p.name}": ${text}`);
