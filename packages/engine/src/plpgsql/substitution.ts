/**
 * Variables in SQL: PostgreSQL's PL/pgSQL substitutes a variable for a column reference of the
 * same name in SELECT, INSERT, UPDATE and DELETE (through parser hooks), so `WHERE id = v`
 * sends v's value as a parameter. We do the same on the parsed statement: each `columnRef` that
 * resolves to a variable (`v`, `label.v`, `rec.field`) becomes `$k`, one number per distinct
 * reference; a whole record (`rec`, `rec.*`) that is assigned becomes `ROW($i, …)` of its
 * fields; so do CALL's arguments. Utility statements (DDL) get no substitution, as in PostgreSQL: they take their
 * values from EXECUTE format(…).
 *
 * A statement is parsed and rewritten once, on its first run (its SqlText object keys the cache):
 * the names a statement sees are fixed by where it is written.
 */
import { DbError } from '@rustydb/common';
import { parse, type Statement } from '@rustydb/parser';
import { DML_AND_QUERY_KINDS } from '../prepared-statement.js';
import { type Reference, resolve, type Scope } from './variables.js';

/** A statement ready to run: `$k` stands for `refs[k-1]`. */
export interface CompiledSql {
  readonly stmt: Statement;
  readonly text: string;
  /** The variable references, by parameter number - 1 (names to resolve in the running scope). */
  readonly refs: readonly (readonly string[])[];
}

/**
 * Parses `text` (one statement) and substitutes the variables of `scope`. Sync.
 * @throws DbError 42601 for a syntax error or more than one statement.
 */
export function compileSql(text: string, scope: Scope | undefined, isColumn?: ColumnCheck): CompiledSql {
  const parsed = parse(text);
  if (parsed.length !== 1) {
    throw new DbError(
      '42601',
      parsed.length === 0 ? 'empty query' : 'cannot insert multiple commands into a prepared statement',
    );
  }
  const stmt = parsed[0]!.stmt;
  // CALL's arguments take variables too (PL/pgSQL stores OUT and INOUT results back in them).
  if (scope === undefined || !(DML_AND_QUERY_KINDS.has(stmt.kind) || stmt.kind === 'call')) {
    return { stmt, text, refs: [] };
  }
  const refs: string[][] = [];
  const numbers = new Map<string, number>();
  /** The fields of whole records (no column reference of their own: never ambiguous). */
  const ofRows = new Set<string>();
  const param = (names: readonly string[], location: number): object => {
    const key = names.join('.');
    let n = numbers.get(key);
    if (n === undefined) {
      refs.push([...names]);
      n = refs.length;
      numbers.set(key, n);
    }
    return { kind: 'param', number: n, location };
  };
  const replacer =
    (except: string | undefined) =>
    (names: readonly string[], location: number): object | undefined => {
      const key = names.join('.');
      const ref = key === except ? undefined : resolve(scope, names);
      if (ref === undefined) return undefined;
      // A whole assigned record (`NEW`, `OLD.*`): a row of its fields, each a parameter.
      const rec = ref.field === undefined && ref.variable.isRecord ? ref.variable.record : undefined;
      if (rec !== undefined) {
        const args = rec.names.map((f) => param([...names, f], location));
        for (const f of rec.names) ofRows.add([...names, f].join('.'));
        return { kind: 'row', args, explicit: true, location };
      }
      return param(names, location);
    };
  const substituted = substitute(stmt, replacer(undefined)) as Statement;
  // plpgsql.variable_conflict = error (PostgreSQL's default): a name that binds as a column
  // when left alone is ambiguous.
  if (isColumn !== undefined) {
    for (const names of [...refs]) {
      // `$n` (a function's parameter by number) is never a column.
      if (names[0]!.startsWith('$')) continue;
      const key = names.join('.');
      if (ofRows.has(key)) continue;
      if (isColumn(substitute(stmt, replacer(key)) as Statement, text)) throw ambiguous(key);
    }
  }
  return { stmt: substituted, text, refs };
}

/** Whether `stmt` binds (so its column references name columns). */
export type ColumnCheck = (stmt: Statement, text: string) => boolean;

function ambiguous(name: string): DbError {
  return new DbError('42702', `column reference "${name}" is ambiguous`, {
    detail: 'It could refer to either a PL/pgSQL variable or a table column.',
  });
}

/**
 * A copy of `node` with column references replaced where `replace` answers; unchanged subtrees
 * are shared. Only plain objects and arrays are walked (values such as Numeric stay as they are).
 */
export function substitute(
  node: unknown,
  replace: (names: readonly string[], location: number) => object | undefined,
): unknown {
  if (Array.isArray(node)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < node.length; i++) {
      const next = substitute(node[i], replace);
      if (next === node[i]) continue;
      copy ??= node.slice();
      copy[i] = next;
    }
    return copy ?? node;
  }
  if (node === null || typeof node !== 'object' || Object.getPrototypeOf(node) !== Object.prototype)
    return node;
  const o = node as Record<string, unknown>;
  if (o.kind === 'columnRef') return replace(o.names as string[], o.location as number) ?? node;
  // `rec.*` of a record variable (`OLD.* IS DISTINCT FROM NEW.*`): the record's row.
  if (o.kind === 'star' && (o.qualifier as string[]).length > 0) {
    return replace(o.qualifier as string[], o.location as number) ?? node;
  }
  // `$n` in a function's body: its n-th parameter, declared under that name too.
  if (o.kind === 'param') return replace([`$${o.number as number}`], o.location as number) ?? node;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(o)) {
    const next = substitute(o[key], replace);
    if (next === o[key]) continue;
    copy ??= { ...o };
    copy[key] = next;
  }
  return copy ?? node;
}

/**
 * Compiled statements by the tree node they came from (a SqlText, or a declaration: each node
 * always compiles to the same text, e.g. an assignment's `SELECT CAST((…) AS t)`).
 */
export class SqlCache {
  readonly #compiled = new WeakMap<object, CompiledSql>();

  constructor(private readonly isColumn?: ColumnCheck) {}

  get(key: object, scope: Scope, text: () => string): CompiledSql {
    let c = this.#compiled.get(key);
    if (c === undefined) {
      c = compileSql(text(), scope, this.isColumn);
      this.#compiled.set(key, c);
    }
    return c;
  }
}

/** The references of `compiled` resolved in `scope` (each resolved: it did at compile time). */
export function resolveRefs(compiled: CompiledSql, scope: Scope): Reference[] {
  return compiled.refs.map((names) => resolve(scope, names)!);
}
