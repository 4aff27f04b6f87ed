/**
 * The PL/pgSQL interpreter for DO blocks, functions and procedures: walks the tree of ast.ts, keeping
 * variables in scopes (variables.ts) and running every expression and statement as SQL through
 * the host (host.ts): an expression `e` for a variable of type t runs as `SELECT CAST((e) AS
 * t)`, its variables passed as parameters (substitution.ts); each node's SQL is parsed once per
 * DO, and once per session and catalog version for a function (routines/plpgsql-function.ts
 * shares its SqlCache across calls).
 *
 * SYNC AND ASYNC. The steps are generators (`Step`): a DO's (or a CALLed procedure's) host runs
 * statements asynchronously, COMMIT / ROLLBACK included where it allows them, and `runAsync`
 * awaits what they hand up; a function runs inside an expression of a running
 * statement, so its host answers synchronously and `runSync` drives the same steps to the end.
 *
 * CONTROL FLOW. EXIT, CONTINUE and RETURN come back from each statement as a Signal, not as
 * exceptions; errors are DbErrors. A block with an EXCEPTION section runs in a subtransaction:
 * a caught error rolls back everything the block did (variables keep their values), then the
 * first handler whose condition matches runs, with SQLSTATE and SQLERRM declared in it.
 *
 * INTERRUPTS. Every statement checks for cancel / statement_timeout, and every YIELD_EVERY
 * statements the interpreter lets the event loop run, so a long loop does not stall other
 * sessions.
 *
 * Simplified: query results are read whole (a FOR over a huge query holds it in memory).
 */
import {
  castValue,
  DbError,
  elementType,
  formatType,
  SqlArray,
  type SqlType,
  sqlType,
  type Value,
  yieldToEventLoop,
} from '@rustydb/common';
import type { Block, Loop, SqlText, Stmt, Target } from './ast.js';
import { statementName } from './ast.js';
import { matchesConditions } from './conditions.js';
import {
  atSqlSite,
  isSimpleExpression,
  raisedWhilePlanning,
  type SqlSite,
  withContext,
} from './error-context.js';
import type { PlpgsqlHost, SqlResult } from './host.js';
import { parseBlockBody } from './parser.js';
import { assertionFailed, raisedError, reachesClient } from './raise.js';
import type { ReturnedRows } from './returned-rows.js';
import { runStatementSql, type StatementSql } from './statement-sql.js';
import { type CompiledSql, compileSql, resolveRefs, SqlCache } from './substitution.js';
import { foundVariable, type RecordValue, readReference, resolve, Scope, Variable } from './variables.js';

/** EXIT / CONTINUE (with their label) or RETURN, travelling up to what they leave. */
type Signal =
  | undefined
  | { readonly kind: 'exit' | 'continue'; readonly label: string | undefined }
  | 'return';

const YIELD_EVERY = 256;
/** The hidden variable holding a CASE statement's subject. */
const CASE_SUBJECT = '__case_subject__';

/** A step of the interpreter: hands up the promises it waits for (see SYNC AND ASYNC). */
export type Step<T> = Generator<Promise<unknown>, T, unknown>;

/** A value the host may produce now or later. */
function* wait<T>(v: T | Promise<T>): Step<T> {
  return v instanceof Promise ? ((yield v) as T) : v;
}

/** Drives `step` to its end, awaiting what it waits for. Async. */
export async function runAsync<T>(step: Step<T>): Promise<T> {
  let r = step.next();
  while (r.done !== true) {
    let resolved: unknown;
    try {
      resolved = await r.value;
    } catch (err) {
      r = step.throw(err);
      continue;
    }
    r = step.next(resolved);
  }
  return r.value;
}

/** Drives `step` to its end synchronously. @throws Error if it waits (a host bug). */
export function runSync<T>(step: Step<T>): T {
  const r = step.next();
  if (r.done !== true) throw new Error('a synchronous PL/pgSQL host returned a promise');
  return r.value;
}

/** Parses and runs a DO block's body. Async. @throws DbError: the uncaught error. */
export async function runDoBlock(body: string, host: PlpgsqlHost): Promise<void> {
  const block = parseBlockBody(body);
  checkLeftover(await runAsync(new Interpreter(host).run(block)));
}

/** EXIT / CONTINUE that left the outermost block: 42601 as PostgreSQL's compiler. */
export function checkLeftover(signal: Signal): void {
  if (signal !== undefined && signal !== 'return') {
    const what = signal.kind === 'exit' ? 'EXIT' : 'CONTINUE';
    throw new DbError(
      '42601',
      signal.label === undefined
        ? `${what} cannot be used outside a loop`
        : `there is no label "${signal.label}" attached to any block or loop enclosing this statement`,
    );
  }
}

export class Interpreter implements StatementSql {
  readonly cache: SqlCache;
  readonly found = foundVariable();
  /** ROW_COUNT of GET DIAGNOSTICS: rows of the last SQL statement. */
  rowCount = 0;
  /** The errors being handled, innermost last (bare RAISE, GET STACKED DIAGNOSTICS). */
  readonly handling: DbError[] = [];
  /** A function's RETURN value (its expression's value and type), once RETURN ran. */
  returned: { value: Value; type: SqlType } | undefined;
  /** A set-returning function: the rows RETURN NEXT and RETURN QUERY returned so far. */
  returnedRows: ReturnedRows | undefined;
  /** A trigger function: RETURN of a record variable (NEW, OLD) returns its row. */
  returnsRecord = false;
  /** What a trigger function's RETURN of a record variable gave (null: an unassigned one). */
  returnedRecord: RecordValue | null | undefined;
  #steps = 0;
  /** The errors that already carry this call's CONTEXT line (see #framed). */
  readonly #framedErrors = new WeakSet<DbError>();

  /**
   * `cache`: the compiled SQL of the body's statements, shared by the calls of one function;
   * `name`: how CONTEXT lines name the code (`inline_code_block`, or a function's signature).
   */
  constructor(
    readonly host: PlpgsqlHost,
    cache?: SqlCache,
    readonly name = 'inline_code_block',
  ) {
    this.cache = cache ?? new SqlCache((stmt, sql) => host.binds(stmt, sql));
  }

  /**
   * Runs `block` in a top scope holding FOUND and `variables` (a function's parameters, each
   * also reachable as `$n`).
   */
  run(block: Block, variables: readonly Variable[] = []): Step<Signal> {
    const top = new Scope(undefined, undefined);
    top.declare(this.found);
    variables.forEach((v, i) => {
      top.declare(v);
      if (v.name !== `$${i + 1}`) top.alias(`$${i + 1}`, v);
    });
    return this.#block(block, top);
  }

  /* ------------------------------------------------------------------------ evaluation */

  /**
   * Runs `sql` (compiled once, keyed by `key`) with the variables of `scope` as parameters; its
   * errors leave with CONTEXT `SQL statement "…"` (error-context.ts).
   */
  *query(key: object, scope: Scope, text: () => string): Step<SqlResult> {
    const c = this.cache.get(key, scope, text);
    try {
      return yield* this.#run(c, scope);
    } catch (err) {
      throw atSqlSite(err, { query: c.text, offset: 0, line: `SQL statement "${c.text}"` });
    }
  }

  *#run(c: CompiledSql, scope: Scope): Step<SqlResult> {
    const { params, types } = parameters(c, scope);
    return yield* wait(this.host.run(c.stmt, c.text, params, types));
  }

  /**
   * The value of expression `e` (one row, one column), cast to `typeText` when given;
   * `assignment`: the text of the assignment statement `e` is the right side of.
   */
  *value(
    e: SqlText,
    scope: Scope,
    typeText?: string,
    assignment?: string,
  ): Step<{ value: Value; type: SqlType }> {
    const prefix = typeText === undefined ? 'SELECT ' : 'SELECT CAST((';
    const c = this.cache.get(e, scope, () =>
      typeText === undefined ? `SELECT ${e.text}` : `SELECT CAST((${e.text}) AS ${typeText})`,
    );
    // Reading the variables is part of planning in PostgreSQL (a field of an unassigned record).
    let planning = true;
    try {
      const { params, types } = parameters(c, scope);
      planning = false;
      return singleValue(yield* wait(this.host.run(c.stmt, c.text, params, types)), e);
    } catch (err) {
      throw atSqlSite(err, expressionSite(c, err, planning, e, prefix, assignment));
    }
  }

  /** A trigger's WHEN condition `e`, with `variables` (NEW, OLD) in scope. */
  *condition(e: SqlText, variables: readonly Variable[]): Step<boolean> {
    const top = new Scope(undefined, undefined);
    for (const v of variables) top.declare(v);
    return yield* this.bool(e, top);
  }

  *bool(e: SqlText, scope: Scope): Step<boolean> {
    return (yield* this.value(e, scope, 'boolean')).value === true;
  }

  *text(e: SqlText, scope: Scope): Step<string | null> {
    return (yield* this.value(e, scope, 'text')).value as string | null;
  }

  /* ------------------------------------------------------------------------ assignment */

  /** Stores `value` of type `type` in `target`, cast to the variable's type. */
  assign(target: Target, scope: Scope, value: Value, type: SqlType): void {
    const v = this.#targetVariable(target, scope);
    if (v.isRecord) throw new DbError('0A000', `assignment to record variable "${v.name}" is not supported`);
    setVariable(v, value, type);
  }

  /** Stores the first row of `r` (or NULLs) in the INTO targets. */
  assignRow(targets: readonly Target[], scope: Scope, r: SqlResult, row: readonly Value[] | undefined): void {
    if (targets.length === 1) {
      const v = this.#targetVariable(targets[0]!, scope);
      if (v.isRecord) {
        v.record = { names: r.names, types: r.types, values: row ?? r.types.map(() => null) };
        return;
      }
    }
    for (let i = 0; i < targets.length; i++) {
      const v = this.#targetVariable(targets[i]!, scope);
      const type = r.types[i] ?? v.type!;
      setVariable(v, row?.[i] ?? null, type);
    }
  }

  /** `rec.field := expr`: the value cast to the field's type, into a new row of the record. */
  *#assignField(v: Variable, field: string, expr: SqlText, scope: Scope, source: string): Step<void> {
    const rec = v.record;
    if (rec === undefined || rec.isNull === true) {
      throw new DbError('55000', `record "${v.name}" is not assigned yet`, {
        detail: 'The tuple structure of a not-yet-assigned record is indeterminate.',
      });
    }
    const i = rec.names.indexOf(field);
    if (i < 0) throw new DbError('42703', `record "${v.name}" has no field "${field}"`);
    const type = rec.types[i]!;
    const { value, type: got } = yield* this.value(expr, scope, formatType(type), source);
    const values = rec.values.slice();
    values[i] = value === null || sameType(got, type) ? value : castValue(value, got, type, true);
    v.record = { names: rec.names, types: rec.types, values };
  }

  #targetVariable(target: Target, scope: Scope): Variable {
    const ref = resolve(scope, target);
    if (ref === undefined) throw new DbError('42601', `"${target.join('.')}" is not a known variable`);
    if (ref.field !== undefined) throw new DbError('0A000', 'assignment to a record field is not supported');
    if (ref.variable.constant)
      throw new DbError('22005', `variable "${ref.variable.name}" is declared CONSTANT`);
    return ref.variable;
  }

  /* ------------------------------------------------------------------------ statements */

  *#list(stmts: readonly Stmt[], scope: Scope): Step<Signal> {
    for (const s of stmts) {
      const signal = yield* this.#statement(s, scope);
      if (signal !== undefined) return signal;
    }
    return undefined;
  }

  /** Between statements and loop iterations: cancel / statement_timeout, and a turn for the event loop. */
  *#tick(): Step<void> {
    this.host.checkInterrupts();
    if (++this.#steps % YIELD_EVERY === 0 && this.host.canYield) yield yieldToEventLoop();
  }

  /** One iteration of a loop body (its tick first: an empty body must still be interruptible). */
  *#iteration(body: readonly Stmt[], scope: Scope, label: string | undefined): Step<Signal | 'next'> {
    yield* this.#tick();
    return afterIteration(yield* this.#list(body, scope), label);
  }

  *#statement(s: Stmt, scope: Scope): Step<Signal> {
    yield* this.#tick();
    try {
      return yield* this.#dispatch(s, scope);
    } catch (err) {
      throw this.#framed(err, where(s, this.name));
    }
  }

  /**
   * `err` with this call's CONTEXT line, `line` (the statement it failed at), added once: the
   * blocks and loops around that statement pass it on as it is.
   */
  #framed(err: unknown, line: string): unknown {
    if (!(err instanceof DbError) || this.#framedErrors.has(err)) return err;
    const framed = withContext(err, line) as DbError;
    this.#framedErrors.add(framed);
    return framed;
  }

  *#dispatch(s: Stmt, scope: Scope): Step<Signal> {
    switch (s.kind) {
      case 'block':
        return yield* this.#block(s, scope);
      case 'null':
        return undefined;
      case 'assign': {
        const ref = resolve(scope, s.target);
        if (ref?.field !== undefined && ref.variable.isRecord) {
          yield* this.#assignField(ref.variable, ref.field, s.expr, scope, s.source);
          return undefined;
        }
        const v = this.#targetVariable(s.target, scope);
        if (v.isRecord)
          throw new DbError('0A000', `assignment to record variable "${v.name}" is not supported`);
        const { value, type } = yield* this.value(s.expr, scope, v.typeText, s.source);
        setVariable(v, value, type);
        return undefined;
      }
      case 'if':
        for (const b of s.branches)
          if (yield* this.bool(b.cond, scope)) return yield* this.#list(b.body, scope);
        return s.otherwise ? yield* this.#list(s.otherwise, scope) : undefined;
      case 'case':
        return yield* this.#case(s, scope);
      case 'loop':
      case 'while':
      case 'forInteger':
      case 'forQuery':
      case 'foreach':
        return yield* this.#loop(s, scope);
      case 'exit':
        if (s.when !== undefined && !(yield* this.bool(s.when, scope))) return undefined;
        return { kind: s.next ? 'continue' : 'exit', label: s.label };
      case 'return': {
        if (s.expr === undefined) return 'return';
        const rec = this.returnsRecord ? recordVariable(s.expr, scope) : undefined;
        if (rec !== undefined)
          this.returnedRecord = rec.record?.isNull === true ? null : (rec.record ?? null);
        else this.returned = yield* this.value(s.expr, scope);
        return 'return';
      }
      case 'returnNext':
        if (s.expr === undefined) this.returnedRows!.addColumns();
        else {
          const { value, type } = yield* this.value(s.expr, scope);
          this.returnedRows!.addValue(value, type);
        }
        return undefined;
      case 'returnQuery': {
        const r = yield* this.#rows(s.query, s.execute, s.using, scope);
        try {
          this.returnedRows!.addQuery(r);
        } catch (err) {
          throw s.execute ? err : withContext(err, `SQL statement "${s.query.text}"`);
        }
        this.found.value = r.rows.length > 0;
        return undefined;
      }
      case 'transaction': {
        const end = this.host.endTransaction;
        if (end === undefined) throw new DbError('2D000', 'invalid transaction termination');
        yield* wait(end(s.command === 'COMMIT', s.chain));
        return undefined;
      }
      case 'sql':
      case 'perform':
      case 'execute':
        yield* runStatementSql(this, s, scope);
        return undefined;
      case 'raise':
        yield* this.#raise(s, scope);
        return undefined;
      case 'getDiagnostics':
        this.#getDiagnostics(s, scope);
        return undefined;
      case 'assert': {
        if (yield* this.bool(s.cond, scope)) return undefined;
        const message = s.message === undefined ? undefined : yield* this.text(s.message, scope);
        throw assertionFailed(message, where(s, this.name));
      }
    }
  }

  *#block(b: Block, parent: Scope): Step<Signal> {
    const scope = new Scope(parent, b.label);
    if (b.handlers === undefined) return yield* this.#blockBody(b, scope);
    this.host.beginSubtransaction();
    let signal: Signal;
    try {
      signal = yield* this.#blockBody(b, scope);
    } catch (err) {
      if (!(err instanceof DbError)) throw err;
      this.host.rollbackSubtransaction();
      const handler = b.handlers.find((h) => matchesConditions(err.code, h.conditions));
      if (handler === undefined) throw err;
      return yield* this.#handle(err, handler.body, scope, b.label);
    }
    this.host.releaseSubtransaction();
    return signal;
  }

  *#blockBody(b: Block, scope: Scope): Step<Signal> {
    for (const d of b.declarations) {
      if (d.type === 'record') {
        scope.declare(new Variable(d.name, undefined, 'record'));
        continue;
      }
      const r = yield* this.query(d, scope, () => `SELECT CAST((${d.default?.text ?? 'NULL'}) AS ${d.type})`);
      const { value, type } = singleValue(r, d.default ?? { text: 'NULL', line: d.line });
      const v = new Variable(d.name, type, d.type, d.constant, d.notNull);
      setVariable(v, value, type);
      scope.declare(v);
    }
    return leaveLabelled(yield* this.#list(b.body, scope), b.label);
  }

  /** A handler's statements, with SQLSTATE and SQLERRM declared, while `err` is being handled. */
  *#handle(err: DbError, body: readonly Stmt[], blockScope: Scope, label: string | undefined): Step<Signal> {
    const scope = new Scope(blockScope, undefined);
    const sqlstate = new Variable('sqlstate', sqlType('text'), 'text');
    sqlstate.value = err.code;
    const sqlerrm = new Variable('sqlerrm', sqlType('text'), 'text');
    sqlerrm.value = err.message;
    scope.declare(sqlstate);
    scope.declare(sqlerrm);
    this.handling.push(err);
    try {
      return leaveLabelled(yield* this.#list(body, scope), label);
    } finally {
      this.handling.pop();
    }
  }

  /** CASE: `CASE x WHEN a, b` runs `x IN (a, b)` with x in a hidden variable (as pl_gram.y does). */
  *#case(s: Extract<Stmt, { kind: 'case' }>, scope: Scope): Step<Signal> {
    let inner = scope;
    if (s.subject !== undefined) {
      const { value, type } = yield* this.value(s.subject, scope);
      inner = new Scope(scope, undefined);
      const subject = new Variable(CASE_SUBJECT, type, formatType(type));
      subject.value = value;
      inner.declare(subject);
    }
    for (const w of s.whens) {
      const matched =
        s.subject === undefined
          ? yield* this.bool(w.match, scope)
          : singleValue(
              yield* this.query(w, inner, () => `SELECT ${CASE_SUBJECT} IN (${w.match.text})`),
              w.match,
            ).value === true;
      if (matched) return yield* this.#list(w.body, scope);
    }
    if (s.otherwise !== undefined) return yield* this.#list(s.otherwise, scope);
    throw new DbError('20000', 'case not found', { hint: 'CASE statement is missing ELSE part.' });
  }

  *#loop(s: Loop, scope: Scope): Step<Signal> {
    switch (s.kind) {
      case 'loop':
        for (;;) {
          const next = yield* this.#iteration(s.body, scope, s.label);
          if (next !== 'next') return next;
        }
      case 'while':
        while (yield* this.bool(s.cond, scope)) {
          const next = yield* this.#iteration(s.body, scope, s.label);
          if (next !== 'next') return next;
        }
        return undefined;
      case 'forInteger':
        return yield* this.#forInteger(s, scope);
      case 'forQuery':
        return yield* this.#forQuery(s, scope);
      case 'foreach':
        return yield* this.#foreach(s, scope);
    }
  }

  *#forInteger(s: Extract<Loop, { kind: 'forInteger' }>, parent: Scope): Step<Signal> {
    const self = this;
    const bound = function* (e: SqlText, what: string): Step<number> {
      const v = (yield* self.value(e, parent, 'integer')).value;
      if (v === null) throw new DbError('22004', `${what} of FOR loop cannot be null`);
      return v as number;
    };
    // REVERSE counts down from the first bound to the second.
    const first = yield* bound(s.lower, 'lower bound');
    const last = yield* bound(s.upper, 'upper bound');
    const step = s.step === undefined ? 1 : yield* bound(s.step, 'BY value');
    if (step <= 0) throw new DbError('22023', 'BY value of FOR loop must be greater than zero');
    const scope = new Scope(parent, undefined);
    const i = new Variable(s.variable, sqlType('int4'), 'integer');
    scope.declare(i);
    let found = false;
    for (let n = first; s.reverse ? n >= last : n <= last; n += s.reverse ? -step : step) {
      found = true;
      i.value = n;
      const next = yield* this.#iteration(s.body, scope, s.label);
      if (next !== 'next') {
        this.found.value = true;
        return next;
      }
    }
    this.found.value = found;
    return undefined;
  }

  /** The rows of `query`, or with `execute` of the command its value is (FOR … IN, RETURN QUERY). */
  *#rows(query: SqlText, execute: boolean, using: readonly SqlText[], scope: Scope): Step<SqlResult> {
    if (!execute) return yield* this.query(query, scope, () => query.text);
    const command = yield* this.text(query, scope);
    if (command === null) throw new DbError('22004', 'query string argument of EXECUTE is null');
    return yield* this.runDynamic(command, using, scope);
  }

  *#forQuery(s: Extract<Loop, { kind: 'forQuery' }>, scope: Scope): Step<Signal> {
    const r = yield* this.#rows(s.query, s.execute, s.using, scope);
    for (const t of s.targets) {
      if (resolve(scope, t) === undefined) {
        throw new DbError(
          '42601',
          'loop variable of loop over rows must be a record variable or list of scalar variables',
        );
      }
    }
    for (const row of r.rows) {
      this.assignRow(s.targets, scope, r, row);
      const next = yield* this.#iteration(s.body, scope, s.label);
      if (next !== 'next') {
        this.found.value = true;
        return next;
      }
    }
    this.found.value = r.rows.length > 0;
    return undefined;
  }

  *#foreach(s: Extract<Loop, { kind: 'foreach' }>, scope: Scope): Step<Signal> {
    const { value, type } = yield* this.value(s.array, scope);
    if (value === null) throw new DbError('22004', 'FOREACH expression must not be null');
    const element = elementType(type);
    if (!(value instanceof SqlArray) || element === undefined) {
      throw new DbError('42804', `FOREACH expression must yield an array, not type ${formatType(type)}`);
    }
    for (const e of value.elements) {
      this.assign(s.target, scope, e, element);
      const next = yield* this.#iteration(s.body, scope, s.label);
      if (next !== 'next') return next;
    }
    return undefined;
  }

  /** EXECUTE's command: parsed each time (no variables substituted), USING values as `$k`. */
  *runDynamic(command: string, using: readonly SqlText[], scope: Scope): Step<SqlResult> {
    const params: Value[] = [];
    const types: SqlType[] = [];
    for (const e of using) {
      const { value, type } = yield* this.value(e, scope);
      params.push(value);
      types.push(type);
    }
    const site = { query: command, offset: 0, line: `SQL statement "${command}"` };
    try {
      const c = compileSql(command, undefined);
      return yield* wait(this.host.run(c.stmt, c.text, params, types));
    } catch (err) {
      throw atSqlSite(err, site);
    }
  }

  *#raise(s: Extract<Stmt, { kind: 'raise' }>, scope: Scope): Step<void> {
    if (s.format === undefined && s.condition === undefined && s.options.length === 0) {
      const current = this.handling.at(-1);
      if (current === undefined) {
        throw new DbError('0Z002', 'RAISE without parameters cannot be used outside an exception handler');
      }
      throw current;
    }
    const args: (string | null)[] = [];
    for (const a of s.args) args.push(yield* this.text(a, scope));
    const options = new Map<Parameters<typeof raisedError>[0]['options'][number]['name'], string>();
    for (const o of s.options) {
      const v = yield* this.text(o.value, scope);
      if (v === null) throw new DbError('22004', `RAISE statement option cannot be null`);
      options.set(o.name, v);
    }
    const error = raisedError(s, { args, options }, where(s, this.name));
    if (s.level === 'exception') throw error;
    if (reachesClient(s.level, this.host.clientMinMessages)) this.host.notice(error);
  }

  #getDiagnostics(s: Extract<Stmt, { kind: 'getDiagnostics' }>, scope: Scope): void {
    const err = this.handling.at(-1);
    if (s.stacked && err === undefined) {
      throw new DbError('0Z002', 'GET STACKED DIAGNOSTICS cannot be used outside an exception handler');
    }
    for (const { target, item } of s.items) {
      if (!s.stacked) {
        if (item !== 'row_count')
          throw new DbError('0A000', `GET DIAGNOSTICS ${item.toUpperCase()} is not supported`);
        this.assign(target, scope, BigInt(this.rowCount), sqlType('int8'));
        continue;
      }
      this.assign(target, scope, stackedItem(err!, item), sqlType('text'));
    }
  }
}

/** GET STACKED DIAGNOSTICS items. @throws DbError 42601 for an unknown item. */
function stackedItem(err: DbError, item: string): string {
  const f = err.fields;
  switch (item) {
    case 'returned_sqlstate':
      return err.code;
    case 'message_text':
      return err.message;
    case 'pg_exception_detail':
      return f.detail ?? '';
    case 'pg_exception_hint':
      return f.hint ?? '';
    case 'pg_exception_context':
      return f.where ?? '';
    case 'column_name':
      return f.column ?? '';
    case 'constraint_name':
      return f.constraint ?? '';
    case 'pg_datatype_name':
      return f.dataType ?? '';
    case 'table_name':
      return f.table ?? '';
    case 'schema_name':
      return f.schema ?? '';
    default:
      throw new DbError('42601', `unrecognized GET DIAGNOSTICS item at or near "${item}"`);
  }
}

/**
 * Where an error of expression `e` (compiled as `c`, its text after `prefix`; `planning`: raised
 * before it ran) happened: the
 * expression's own text (or the whole assignment's), and its CONTEXT line — none for a simple
 * expression's error at run time (see error-context.ts).
 */
function expressionSite(
  c: CompiledSql,
  err: unknown,
  planning: boolean,
  e: SqlText,
  prefix: string,
  assignment: string | undefined,
): SqlSite {
  const query = assignment ?? e.text;
  const offset = query.length - e.text.length - prefix.length;
  const atRunTime = !planning && !raisedWhilePlanning(err, c.refs.length > 0);
  if (atRunTime && isSimpleExpression(c.stmt)) return { query, offset, line: undefined };
  const line =
    assignment === undefined ? `SQL expression "${e.text}"` : `PL/pgSQL assignment "${assignment}"`;
  return { query, offset, line };
}

/** The values and types of the variables `c` reads, in parameter order. */
function parameters(c: CompiledSql, scope: Scope): { params: Value[]; types: SqlType[] } {
  const params: Value[] = [];
  const types: SqlType[] = [];
  for (const ref of resolveRefs(c, scope)) {
    const { value, type } = readReference(ref);
    params.push(value);
    types.push(type);
  }
  return { params, types };
}

/** CONTEXT of an error raised at `s`. */
function where(s: Stmt, name: string): string {
  return `PL/pgSQL function ${name} line ${s.line} at ${statementName(s)}`;
}

/** A loop's reaction to its body's signal: 'next' iteration, or leave with what to pass up. */
function afterIteration(signal: Signal, label: string | undefined): Signal | 'next' {
  if (signal === undefined) return 'next';
  if (signal === 'return') return signal;
  if (signal.label !== undefined && signal.label !== label) return signal;
  return signal.kind === 'continue' ? 'next' : undefined;
}

/** `EXIT label` of this block ends it; other signals pass on. */
function leaveLabelled(signal: Signal, label: string | undefined): Signal {
  if (
    signal !== undefined &&
    signal !== 'return' &&
    signal.kind === 'exit' &&
    signal.label !== undefined &&
    signal.label === label
  ) {
    return undefined;
  }
  return signal;
}

/** Stores a value in a scalar variable, cast to its type; NOT NULL checked. */
function setVariable(v: Variable, value: Value, type: SqlType): void {
  if (value === null && v.notNull) {
    throw new DbError('22004', `null value cannot be assigned to variable "${v.name}" declared NOT NULL`);
  }
  v.value = value === null || sameType(type, v.type!) ? value : castValue(value, type, v.type!, true);
}

const sameType = (a: SqlType, b: SqlType): boolean => a.name === b.name && a.typmod === b.typmod;

/** The record variable an expression is nothing but the name of (`RETURN NEW`), else undefined. */
function recordVariable(e: SqlText, scope: Scope): Variable | undefined {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_$]*)\s*$/.exec(e.text);
  if (m === null) return undefined;
  const ref = resolve(scope, [m[1]!.toLowerCase()]);
  return ref !== undefined && ref.field === undefined && ref.variable.isRecord ? ref.variable : undefined;
}

/** The one value of an expression's result. @throws 21000 / 42601 as PostgreSQL's exec_eval_expr. */
function singleValue(r: SqlResult, e: SqlText): { value: Value; type: SqlType } {
  if (r.types.length !== 1) {
    throw new DbError('42601', `query "SELECT ${e.text}" returned ${r.types.length} columns`);
  }
  if (r.rows.length > 1) throw new DbError('21000', `query "SELECT ${e.text}" returned more than one row`);
  return { value: r.rows[0]?.[0] ?? null, type: r.types[0]! };
}
