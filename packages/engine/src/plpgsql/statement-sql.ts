/**
 * The PL/pgSQL statements that run SQL: a plain SQL statement (with or without INTO), PERFORM and
 * EXECUTE, with pl_exec.c's rules for INTO (STRICT: exactly one row, else P0002 / P0003; a DML
 * RETURNING INTO: at most one row), FOUND (set by SQL statements and PERFORM, not by EXECUTE) and
 * ROW_COUNT (set by all three).
 */

import type { SqlType, Value } from '@rustydb/common';
import { DbError } from '@rustydb/common';
import type { CallStmt } from '@rustydb/parser';
import type { Into, SqlText, Stmt, Target } from './ast.js';
import type { PlpgsqlHost, SqlResult } from './host.js';
import type { Step } from './interpreter.js';
import type { CompiledSql, SqlCache } from './substitution.js';
import type { Scope, Variable } from './variables.js';

/** What these statements need of the interpreter. */
export interface StatementSql {
  readonly host: PlpgsqlHost;
  readonly cache: SqlCache;
  readonly found: Variable;
  rowCount: number;
  query(key: object, scope: Scope, text: () => string): Step<SqlResult>;
  text(e: SqlText, scope: Scope): Step<string | null>;
  runDynamic(command: string, using: readonly SqlText[], scope: Scope): Step<SqlResult>;
  assignRow(targets: readonly Target[], scope: Scope, r: SqlResult, row: readonly Value[] | undefined): void;
  assign(target: Target, scope: Scope, value: Value, type: SqlType): void;
}

/** Statements that return rows: without INTO (or PERFORM) they are 42601, as in PL/pgSQL. */
const ROW_KINDS: ReadonlySet<string> = new Set(['select', 'values', 'setOp', 'show']);
const DML_KINDS: ReadonlySet<string> = new Set(['insert', 'update', 'delete']);

/** Runs a `sql`, `perform` or `execute` statement. Async. */
export function* runStatementSql(
  it: StatementSql,
  s: Extract<Stmt, { kind: 'sql' | 'perform' | 'execute' }>,
  scope: Scope,
): Step<void> {
  if (s.kind === 'execute') {
    const command = yield* it.text(s.command, scope);
    if (command === null) throw new DbError('22004', 'query string argument of EXECUTE is null');
    const r = yield* it.runDynamic(command, s.using, scope);
    it.rowCount = r.rowCount;
    if (s.into !== undefined) storeInto(it, s.into, scope, r, false);
    return;
  }
  const c = it.cache.get(s.sql, scope, () => s.sql.text);
  const r = yield* it.query(s.sql, scope, () => s.sql.text);
  it.rowCount = r.rowCount;
  if (s.kind === 'perform') {
    it.found.value = r.rowCount > 0;
    return;
  }
  const kind = c.stmt.kind;
  if (kind === 'call') {
    storeCallResults(it, c, r, scope);
    return;
  }
  if (s.into !== undefined) {
    storeInto(it, s.into, scope, r, DML_KINDS.has(kind));
    it.found.value = r.rows.length > 0;
    return;
  }
  if (ROW_KINDS.has(kind) && r.names.length > 0) {
    throw new DbError('42601', 'query has no destination for result data', {
      hint: 'If you want to discard the results of a SELECT, use PERFORM instead.',
    });
  }
  if (ROW_KINDS.has(kind) || DML_KINDS.has(kind)) it.found.value = r.rowCount > 0;
}

/**
 * CALL: each OUT / INOUT parameter's value into the variable written as its argument
 * (pl_exec.c's make_callstmt_target): an argument that is not a plain variable is 42601.
 */
function storeCallResults(it: StatementSql, c: CompiledSql, r: SqlResult, scope: Scope): void {
  const args = (c.stmt as CallStmt).call.args;
  const row = r.rows[0];
  (r.callArguments ?? []).forEach((p, i) => {
    const arg = p.arg === undefined ? undefined : args[p.arg];
    const ref = arg?.kind === 'param' ? c.refs[arg.number - 1] : undefined;
    if (ref === undefined) {
      throw new DbError(
        '42601',
        `procedure parameter "${p.name}" is an output parameter but corresponding argument is not writable`,
      );
    }
    it.assign(ref, scope, row?.[i] ?? null, r.types[i]!);
  });
}

/** INTO: the first row (or NULLs) into the targets; STRICT wants exactly one row. */
function storeInto(it: StatementSql, into: Into, scope: Scope, r: SqlResult, dml: boolean): void {
  if (r.names.length === 0) throw new DbError('42601', 'INTO used with a command that cannot return data');
  if (into.strict && r.rows.length === 0) throw new DbError('P0002', 'query returned no rows');
  if ((into.strict || dml) && r.rows.length > 1) {
    throw new DbError('P0003', 'query returned more than one row', {
      hint: 'Make sure the query returns a single row, or use LIMIT 1.',
    });
  }
  it.assignRow(into.targets, scope, r, r.rows[0]);
}
