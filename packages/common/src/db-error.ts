/**
 * DbError: the one error type that reaches a client. It carries a SQLSTATE and the optional
 * ErrorResponse fields PostgreSQL sends (detail, hint, position, table, column, constraint, …).
 * `protocol` turns it into an ErrorResponse field by field; anything that is not a DbError is our
 * bug and is reported to the client as XX000 with the stack kept in the log.
 *
 * @see https://www.postgresql.org/docs/15/protocol-error-fields.html
 */
import type { SqlState } from './sql-state.js';

/** Severity as PostgreSQL spells it in the `S` and `V` fields. */
export type Severity = 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE' | 'DEBUG' | 'INFO' | 'LOG';

/** The optional fields of an ErrorResponse or NoticeResponse. */
export interface ErrorFields {
  readonly severity?: Severity;
  readonly detail?: string;
  readonly hint?: string;
  /** 1-based character position in the original query text. */
  readonly position?: number;
  readonly internalPosition?: number;
  readonly internalQuery?: string;
  readonly where?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  readonly dataType?: string;
  readonly constraint?: string;
}

export class DbError extends Error {
  constructor(
    readonly code: SqlState,
    message: string,
    readonly fields: ErrorFields = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Serialization failures and deadlocks: the client may retry the transaction. */
  get retryable(): boolean {
    return this.code === '40001' || this.code === '40P01';
  }

  get severity(): Severity {
    return this.fields.severity ?? 'ERROR';
  }

  /** The same error with more fields (e.g. a position added by an outer layer). */
  with(fields: ErrorFields): DbError {
    const copy = new DbError(this.code, this.message, { ...this.fields, ...fields });
    copy.stack = this.stack;
    return copy;
  }
}

/** XX000: a bug of ours. Logged with its stack; the client sees only the message. */
export class InternalError extends DbError {
  constructor(message: string, fields: ErrorFields = {}) {
    super('XX000', message, fields);
  }
}

/** Asserts an invariant of our own code. Never use it for user input: that is a DbError. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InternalError(`assertion failed: ${message}`);
}

/** Exhaustiveness check for `switch (node.kind)`: a new kind breaks the build until handled. */
export function assertNever(value: never, what = 'value'): never {
  throw new InternalError(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/**
 * The DbError PostgreSQL raises for what JavaScript reports as a RangeError when a value outgrows
 * the engine's limits: a string past V8's maximum length (~512 Mi characters) or an array past its
 * maximum is 54000 "out of memory", as PostgreSQL's enlargeStringInfo and array construction say
 * past their 1 GB limit; a failed buffer allocation is 53200; a stack overflow (an expression nested
 * or chained too deep to bind or evaluate recursively) is 54001, as PostgreSQL's check_stack_depth.
 * Undefined for anything else.
 */
export function resourceLimitError(err: unknown): DbError | undefined {
  if (!(err instanceof RangeError)) return undefined;
  const m = err.message;
  if (
    m === 'Invalid string length' ||
    m === 'Invalid array length' ||
    m.startsWith('Invalid typed array length')
  ) {
    return new DbError('54000', 'out of memory', {
      detail: `A value exceeded the maximum size (${m.toLowerCase()}).`,
    });
  }
  if (m.startsWith('Array buffer allocation failed')) return new DbError('53200', 'out of memory');
  // A Map or Set past V8's 2^24 entries (a hash table the executor does not spill).
  if (m === 'Map maximum size exceeded' || m === 'Set maximum size exceeded') {
    return new DbError('54000', 'out of memory', {
      detail: `A hash table exceeded the maximum size (${m}).`,
    });
  }
  if (m === 'Maximum call stack size exceeded') return new DbError('54001', 'stack depth limit exceeded');
  return undefined;
}

/** Wraps anything thrown into a DbError: DbErrors pass through, the rest become XX000. */
export function toDbError(err: unknown): DbError {
  if (err instanceof DbError) return err;
  const limit = resourceLimitError(err);
  if (limit) return limit;
  const e = new InternalError(err instanceof Error ? err.message : String(err));
  if (err instanceof Error) e.stack = err.stack;
  return e;
}
