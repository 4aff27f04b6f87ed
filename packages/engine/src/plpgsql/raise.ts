/**
 * RAISE and ASSERT as PostgreSQL's pl_exec.c builds them: the message from the format (`%` takes
 * the next argument, `%%` is a percent sign, NULL prints as `<NULL>`), the SQLSTATE from the
 * condition or USING ERRCODE (P0001 for an EXCEPTION without one, 00000 for a NOTICE, 01000 for
 * a WARNING), DETAIL and HINT from USING.
 */
import { DbError, type Severity, type SqlState } from '@rustydb/common';
import type { Raise, RaiseLevel, RaiseOptionName } from './ast.js';
import { checkSqlstate, conditionCode } from './conditions.js';

/** The evaluated arguments and USING options of a RAISE. */
export interface RaiseValues {
  readonly args: readonly (string | null)[];
  readonly options: ReadonlyMap<RaiseOptionName, string>;
}

const SEVERITY: Readonly<Record<RaiseLevel, Severity>> = {
  debug: 'DEBUG',
  log: 'LOG',
  info: 'INFO',
  notice: 'NOTICE',
  warning: 'WARNING',
  exception: 'ERROR',
};

/** The error (EXCEPTION) or notice a RAISE sends. @throws DbError 42704 for an unknown condition. */
export function raisedError(stmt: Raise, values: RaiseValues, where: string): DbError {
  let code: string | undefined;
  let message: string | undefined;
  if (stmt.condition !== undefined) {
    if ('name' in stmt.condition) {
      code = conditionCode(stmt.condition.name);
      message = stmt.condition.name;
    } else {
      code = checkSqlstate(stmt.condition.sqlstate);
      message = stmt.condition.sqlstate;
    }
  }
  if (stmt.format !== undefined) message = formatMessage(stmt.format, values.args);
  const errcode = values.options.get('errcode');
  if (errcode !== undefined) code = /^[0-9A-Z]{5}$/.test(errcode) ? errcode : conditionCode(errcode);
  const using = values.options.get('message');
  if (using !== undefined) message = using;
  code ??= stmt.level === 'exception' ? 'P0001' : stmt.level === 'warning' ? '01000' : '00000';
  message ??= stmt.level === 'exception' ? (code === 'P0001' ? 'P0001' : code) : '';
  const detail = values.options.get('detail');
  const hint = values.options.get('hint');
  return new DbError(code as SqlState, message, {
    ...(stmt.level === 'exception' ? {} : { severity: SEVERITY[stmt.level] }),
    ...(detail === undefined ? {} : { detail }),
    ...(hint === undefined ? {} : { hint }),
    where,
  });
}

function formatMessage(format: string, args: readonly (string | null)[]): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') out += c;
    else if (format[i + 1] === '%') {
      out += '%';
      i++;
    } else {
      const arg = args[next++];
      out += arg === null || arg === undefined ? '<NULL>' : arg;
    }
  }
  return out;
}

/** Message levels in client_min_messages order (PostgreSQL's elog levels). */
const LEVEL_ORDER = [
  'debug5',
  'debug4',
  'debug3',
  'debug2',
  'debug1',
  'debug',
  'log',
  'notice',
  'warning',
  'error',
];

/** Whether a RAISE at `level` reaches a client with client_min_messages `min` (INFO always does). */
export function reachesClient(level: RaiseLevel, min: string): boolean {
  if (level === 'info') return true;
  const rank = (l: string) => LEVEL_ORDER.indexOf(l === 'debug' ? 'debug2' : l);
  return rank(level) >= rank(min.toLowerCase());
}

/** ASSERT's failure: P0004 with the message given, or `assertion failed`. */
export function assertionFailed(message: string | null | undefined, where: string): DbError {
  return new DbError('P0004', message ?? 'assertion failed', { where });
}
