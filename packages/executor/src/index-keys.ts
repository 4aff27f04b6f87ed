/**
 * IndexKeys: how one index's entries are computed from a table row — the one place that knows
 * what an index holds, used by every writer of entries (DML, CREATE INDEX, REINDEX, rebuilds)
 * and by vacuum when it removes them.
 *
 * - Key columns are table columns or expressions (`CREATE INDEX ON t (lower(name))`), bound by
 *   the planner's `indexKeyExprs` and compiled once per statement.
 * - INCLUDE columns are encoded after the key columns in the same entry bytes, so they sort
 *   after the key and never split equal keys apart: a key lookup is a prefix scan over the key
 *   columns (`lookupRange`), and uniqueness compares the key columns only.
 * - A partial index (`… WHERE pred`) holds entries only for rows where the predicate is true
 *   (`covers`): NULL and false rows have none, so uniqueness is checked among covered rows only.
 *
 * Index expressions and predicates are immutable (CREATE INDEX refuses anything else), so they
 * compile against a context-free runtime when the caller has no statement (vacuum, startup).
 */
import type { CatalogReader, IndexDef, TableDef } from '@rustydb/catalog';
import { InternalError, type Row, type SqlType, type Value } from '@rustydb/common';
import { encodeKey, encodeKeyInto, encodeKeyPrefix, type KeyRange } from '@rustydb/index';
import type { PhysicalExpr } from '@rustydb/optimizer';
import { indexKeyExprs } from '@rustydb/planner';
import { buildOperator } from './build-operator.js';
import { type CompiledExpr, compileExpr } from './compile-expr.js';
import type { ExecutionContext } from './execution-context.js';
import { Runtime } from './runtime.js';

/** A context for immutable expressions only: anything needing a statement is a bug. */
function standaloneContext(catalog: CatalogReader): ExecutionContext {
  const missing = (what: string) => {
    throw new InternalError(`index expression used ${what}, which immutable expressions never need`);
  };
  return {
    get tx(): never {
      return missing('the transaction');
    },
    relations: { store: () => missing('a table'), index: () => missing('an index') },
    catalog,
    params: [],
    checkInterrupts: () => {},
  };
}

/** See the file comment. Built once per statement and index; `entry` allocates the key bytes. */
export class IndexKeys {
  /** Types of the key columns (not INCLUDE), in key order. */
  readonly keyTypes: readonly SqlType[];
  /** How the key columns are named in messages: `a, b`, or an expression's SQL. */
  readonly keyNames: string;
  /**
   * Is every part a plain column, with no predicate? Then computing an entry runs no expression
   * (no function that could read the table).
   */
  readonly columnsOnly: boolean;
  readonly #entryTypes: readonly SqlType[];
  readonly #descending: readonly boolean[];
  readonly #parts: readonly CompiledExpr[];
  readonly #predicate: CompiledExpr | undefined;
  readonly #include: boolean;
  readonly #values: Value[];
  /** The bytes `entryTransient` reuses. */
  #transient: Uint8Array = new Uint8Array(0);
  readonly #exactBound: { key: Uint8Array; inclusive: boolean } = { key: new Uint8Array(0), inclusive: true };
  readonly #exactRange: KeyRange = { lower: this.#exactBound, upper: this.#exactBound };

  /**
   * `rt` compiles expressions and predicates (a standalone runtime over `catalog` when absent).
   * Synchronous. @throws DbError when the stored SQL no longer binds.
   */
  constructor(
    readonly table: TableDef,
    readonly def: IndexDef,
    catalog: CatalogReader,
    rt?: Runtime,
  ) {
    const bound = indexKeyExprs(table, def, catalog);
    const runtime = (): Runtime => {
      rt ??= new Runtime(standaloneContext(catalog));
      return rt;
    };
    const compile = (e: (typeof bound.keys)[number]): CompiledExpr => {
      if (e.kind === 'column') {
        const slot = e.index;
        return (row: Row) => row[slot]!;
      }
      return compileExpr(e as unknown as PhysicalExpr, runtime(), buildOperator);
    };
    const parts = [...bound.keys, ...bound.include];
    this.#parts = parts.map(compile);
    this.columnsOnly = bound.predicate === undefined && parts.every((p) => p.kind === 'column');
    this.#predicate = bound.predicate && compile(bound.predicate);
    this.keyTypes = bound.keys.map((k) => k.type);
    this.#entryTypes = parts.map((p) => p.type);
    this.#descending = [...def.descending, ...bound.include.map(() => false)];
    this.#include = bound.include.length > 0;
    this.#values = new Array<Value>(parts.length).fill(null);
    // As pg_get_indexdef prints keys: a function call bare, any other expression parenthesized.
    let next = 0;
    this.keyNames = def.columns
      .map((attnum, k) => {
        if (attnum !== 0) return table.columns.find((c) => c.attnum === attnum)!.name;
        const sql = def.expressions![next++]!;
        return bound.keys[k]!.kind === 'func' ? sql : `(${sql})`;
      })
      .join(', ');
  }

  /** Does the index hold an entry for `row`? (false only for a partial index's predicate) */
  covers(row: Row): boolean {
    return this.#predicate === undefined || this.#predicate(row) === true;
  }

  /**
   * Is an entry's key exactly its lookup key (no INCLUDE columns)? Then `entryRange(entry(row))`
   * is `lookupRange(keyValues(row))` and an INSERT encodes the key once for check and entry.
   */
  get entryIsLookupKey(): boolean {
    return !this.#include;
  }

  /** Whether a key column of `row` is NULL (such keys never conflict). Allocation-free. */
  keyHasNull(row: Row): boolean {
    for (let i = 0; i < this.keyTypes.length; i++) if (this.#parts[i]!(row) === null) return true;
    return false;
  }

  /**
   * The range of entries whose key is `entry` (only when `entryIsLookupKey`). One object reused
   * by every call: valid until the next call (an index's `scan` reads it at once).
   */
  entryRange(entry: Uint8Array): KeyRange {
    this.#exactBound.key = entry;
    return this.#exactRange;
  }

  /** The key columns' values of `row` (a new array: for checks and messages). */
  keyValues(row: Row): Value[] {
    const n = this.keyTypes.length;
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = this.#parts[i]!(row);
    return out;
  }

  /** The entry's key bytes for `row`: key columns, then INCLUDE columns. New bytes. */
  entry(row: Row): Uint8Array {
    const values = this.#values;
    for (let i = 0; i < values.length; i++) values[i] = this.#parts[i]!(row);
    return encodeKey(values, this.#entryTypes, this.#descending);
  }

  /**
   * `entry(row)` written into bytes this object reuses while the key's length stays the same (a
   * key of fixed-width columns then allocates nothing): valid until the next call on this object,
   * from any caller. Only for a key handed at once to an index that copies it and keeps no
   * reference (a B+tree's insert and probe), within one synchronous call.
   */
  entryTransient(row: Row): Uint8Array {
    const values = this.#values;
    for (let i = 0; i < values.length; i++) values[i] = this.#parts[i]!(row);
    const key = encodeKeyInto(values, this.#entryTypes, this.#descending, this.#transient);
    this.#transient = key;
    return key;
  }

  /**
   * Do `a` and `b` (two versions of one row) hold the same key in this index, both covered?
   * Compares the encoded key columns, so values the encoding tells apart count as different:
   * a false "changed" only costs a redundant unique check. Synchronous; allocates two keys.
   */
  sameKey(a: Row, b: Row): boolean {
    if (!this.covers(a) || !this.covers(b)) return false;
    // Identical key values encode identically: an UPDATE that leaves the key alone (the usual
    // case) is answered without encoding. Object.is keeps 0/-0 apart; NaN takes the slow path.
    let identical = true;
    for (let i = 0; i < this.keyTypes.length; i++) {
      const x = this.#parts[i]!(a);
      if (!Object.is(x, this.#parts[i]!(b)) || Number.isNaN(x)) {
        identical = false;
        break;
      }
    }
    if (identical) return true;
    const x = encodeKey(this.keyValues(a), this.keyTypes, this.def.descending);
    const y = encodeKey(this.keyValues(b), this.keyTypes, this.def.descending);
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }

  /** The range of entries whose key columns equal `keyValues` (any INCLUDE values). */
  lookupRange(keyValues: readonly Value[]): KeyRange {
    if (!this.#include) {
      const key = encodeKey(keyValues, this.keyTypes, this.def.descending);
      return { lower: { key, inclusive: true }, upper: { key, inclusive: true } };
    }
    const key = encodeKeyPrefix(keyValues, this.keyTypes, this.def.descending);
    const bound = { key, inclusive: true, prefix: true };
    return { lower: bound, upper: bound };
  }
}
