/**
 * PL/pgSQL variables and their scopes. Each block opens a scope (its label, its declarations);
 * a name resolves innermost first, so an inner declaration shadows an outer one, and
 * `label.name` reaches the one of the labelled block. The outermost scope holds FOUND.
 *
 * A scalar variable has its declared type, so it reaches SQL as a parameter of that type. A
 * record variable (`record`, or a FOR loop's row variable) takes the shape of the row last
 * assigned to it; before that, reading a field is PostgreSQL's 55000.
 */
import { DbError, type SqlType, sqlType, type Value } from '@rustydb/common';

/** A record variable's current row: its column names, types and values. */
export interface RecordValue {
  readonly names: readonly string[];
  readonly types: readonly SqlType[];
  readonly values: readonly Value[];
  /**
   * A trigger's NEW or OLD where PostgreSQL's is NULL (OLD for INSERT, …): its fields read NULL
   * (expressions read every variable they name up front, even in a branch not taken), it cannot
   * be assigned to, and RETURNing it returns NULL.
   */
  readonly isNull?: boolean;
}

export class Variable {
  value: Value = null;
  /** Records only: the row assigned, undefined while unassigned. */
  record: RecordValue | undefined;

  constructor(
    readonly name: string,
    /** The declared type; undefined for a record. */
    readonly type: SqlType | undefined,
    /** The type as written, for casts in SQL (`CAST(… AS varchar(20))`). */
    readonly typeText: string,
    readonly constant = false,
    readonly notNull = false,
  ) {}

  get isRecord(): boolean {
    return this.type === undefined;
  }
}

export class Scope {
  readonly #variables = new Map<string, Variable>();

  constructor(
    readonly parent: Scope | undefined,
    readonly label: string | undefined,
  ) {}

  /** Declares `v` here. @throws DbError 42601 for a name declared twice in one block. */
  declare(v: Variable): void {
    if (this.#variables.has(v.name))
      throw new DbError('42601', `duplicate declaration at or near "${v.name}"`);
    this.#variables.set(v.name, v);
  }

  /** Declares `v` here under a second name as well (a function parameter's `$n`). */
  alias(name: string, v: Variable): void {
    this.#variables.set(name, v);
  }

  /** The variable `name` as seen from here, or undefined. */
  find(name: string): Variable | undefined {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) {
      const v = s.#variables.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** The variable `name` of the block labelled `label`, or undefined. */
  findLabelled(label: string, name: string): Variable | undefined {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) {
      if (s.label === label) return s.#variables.get(name);
    }
    return undefined;
  }
}

/** What a reference `a`, `a.b` or `a.b.c` names: a variable, or a field of a record variable. */
export interface Reference {
  readonly variable: Variable;
  readonly field: string | undefined;
}

/**
 * Resolves `names` as pl_comp.c's plpgsql_parse_word / dblword / tripword: `var`, `label.var`,
 * `rec.field`, `label.rec.field`. Undefined when they name no variable.
 */
export function resolve(scope: Scope, names: readonly string[]): Reference | undefined {
  const [a, b, c] = names;
  if (names.length === 1) return variableRef(scope.find(a!), undefined);
  if (names.length === 2) {
    const labelled = scope.findLabelled(a!, b!);
    if (labelled !== undefined) return variableRef(labelled, undefined);
    const rec = scope.find(a!);
    return rec?.isRecord ? { variable: rec, field: b } : undefined;
  }
  if (names.length === 3) {
    const rec = scope.findLabelled(a!, b!);
    return rec?.isRecord ? { variable: rec, field: c } : undefined;
  }
  return undefined;
}

function variableRef(v: Variable | undefined, field: string | undefined): Reference | undefined {
  return v === undefined ? undefined : { variable: v, field };
}

/** The value and type a reference reads. @throws DbError 55000 (unassigned record), 42703. */
export function readReference(ref: Reference): { value: Value; type: SqlType } {
  const v = ref.variable;
  if (!v.isRecord) return { value: v.value, type: v.type! };
  const rec = v.record;
  if (rec === undefined) {
    throw new DbError('55000', `record "${v.name}" is not assigned yet`, {
      detail: 'The tuple structure of a not-yet-assigned record is indeterminate.',
    });
  }
  if (ref.field === undefined)
    throw new DbError('0A000', `record variable "${v.name}" as a value is not supported`);
  const i = rec.names.indexOf(ref.field);
  if (i < 0) throw new DbError('42703', `record "${v.name}" has no field "${ref.field}"`);
  return { value: rec.values[i]!, type: rec.types[i]! };
}

/** FOUND: the outermost variable, a boolean. */
export function foundVariable(): Variable {
  const v = new Variable('found', sqlType('bool'), 'boolean');
  v.value = false;
  return v;
}
