/**
 * Exception conditions of PL/pgSQL handlers (`WHEN unique_violation THEN`): PostgreSQL's
 * condition names (errcodes.txt, generated into common's SQLSTATE) and their matching rules
 * (pl_exec.c's exception_matches_conditions):
 * - a condition whose code is a class (`22000` data_exception) matches every code of its class;
 * - OTHERS matches everything except query_canceled (57014) and assert_failure (P0004), which
 *   only a handler naming them catches.
 */
import { DbError, SQLSTATE, type SqlState } from '@rustydb/common';
import type { Condition } from './ast.js';

const CODES: ReadonlyMap<string, string> = new Map(Object.entries(SQLSTATE));

/** The SQLSTATE of condition `name`. @throws DbError 42704 `unrecognized exception condition`. */
export function conditionCode(name: string): SqlState {
  const code = CODES.get(name);
  if (code === undefined) throw new DbError('42704', `unrecognized exception condition "${name}"`);
  return code as SqlState;
}

/** Checks a handler's conditions when the block is parsed (an unknown name is an error then). */
export function checkConditions(conditions: readonly Condition[]): void {
  for (const c of conditions) {
    if ('name' in c && c.name !== 'others') conditionCode(c.name);
    if ('sqlstate' in c) checkSqlstate(c.sqlstate);
  }
}

/** `SQLSTATE 'xxxxx'` must be five digits or upper-case letters (42601 otherwise). */
export function checkSqlstate(code: string): SqlState {
  if (!/^[0-9A-Z]{5}$/.test(code)) throw new DbError('42601', `invalid SQLSTATE code`);
  return code as SqlState;
}

/** Whether an error with SQLSTATE `code` matches one of `conditions`. */
export function matchesConditions(code: string, conditions: readonly Condition[]): boolean {
  for (const c of conditions) {
    if ('name' in c && c.name === 'others') {
      if (code !== SQLSTATE.query_canceled && code !== SQLSTATE.assert_failure) return true;
      continue;
    }
    const wanted = 'name' in c ? conditionCode(c.name) : c.sqlstate;
    if (wanted === code) return true;
    if (wanted.endsWith('000') && wanted.slice(0, 2) === code.slice(0, 2)) return true;
  }
  return false;
}
