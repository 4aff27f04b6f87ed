/**
 * Coercion: turning a bound expression of one type into another, the way PostgreSQL's
 * coerce_type does it.
 *
 * - An `unknown` literal (a quoted string, or NULL) is converted right here, at bind time, by the
 *   target type's input function: `'5' + 1` binds `'5'` as the int4 constant 5, and a bad
 *   literal fails with 22P02 pointing at the literal.
 * - A parameter of unknown type takes the target type, and the statement's parameter list
 *   records it (what ParameterDescription reports).
 * - Anything else gets a `cast` node, allowed or not by the cast context (implicit, assignment,
 *   explicit); callers raise the error PostgreSQL raises for their situation.
 */

import { enumTypeNamed, formatEnumType, formatTypeOid, typeOidOf } from '@rustydb/catalog';
import {
  canCast,
  castDependsOnDateStyle,
  castDependsOnTimeZone,
  castValue,
  DbError,
  formatType,
  isRegType,
  type SqlType,
  sameType,
  sqlType,
  withoutTypmod,
} from '@rustydb/common';
import { coerceRowToComposite } from './coerce-composite.js';
import type { LogicalExpr } from './logical-plan.js';
import type { TypeLookup } from './resolve-type-name.js';

export type CoercionContext = 'implicit' | 'assignment' | 'explicit';

/** The per-statement parameter types: given by the client, or inferred while binding. */
export interface ParamTypes {
  readonly types: (SqlType | undefined)[];
  /** Extended protocol: `$n` beyond `types` is allowed and its type inferred. */
  readonly open: boolean;
  /** Where a regtype literal (`'mood'::regtype`) finds enum types: the statement's catalog. */
  readonly typeLookup?: TypeLookup;
}

/**
 * Where each unknown literal was written (0-based), so a failed conversion points at the
 * literal itself, as PostgreSQL does (`1 = 'a'` reports the position of `'a'`).
 */
export const literalLocations = new WeakMap<object, number>();

/** Adds `position` to an error raised while converting a literal (22P02, 22003, 22001). */
export function withPosition<T>(position: number, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof DbError && err.fields.position === undefined) throw err.with({ position });
    throw err;
  }
}

/** Whether `from` may become `to` in `context` (pg_cast, via @rustydb/common's canCast). */
export function castAllowed(from: SqlType, to: SqlType, context: CoercionContext): boolean {
  return canCast(from, to, context);
}

/** A regtype literal is printed as regtypeout does ('int4' → integer, bpchar → character); other reg* ones as written. */
function regLiteral(target: SqlType, text: string, types: TypeLookup | undefined): string {
  if (target.name !== 'regtype') return text;
  const lookup = enumLookup(types);
  const e = lookup === undefined ? undefined : enumTypeNamed(lookup, text);
  return e ? formatEnumType(e, lookup) : formatTypeOid(typeOidOf(text), null);
}

/** `types` as the catalog's enum lookup, when it can find enums. */
export function enumLookup(types: TypeLookup | undefined) {
  const find = types?.enumType;
  return find === undefined
    ? undefined
    : {
        enumType: find.bind(types),
        domainType: types?.domainType?.bind(types),
        compositeType: types?.compositeType?.bind(types),
      };
}

/**
 * `e` converted to `target`, or undefined when the cast is not allowed in `context`.
 * `position` (1-based) is attached to literal conversion errors.
 */
export function coerce(
  e: LogicalExpr,
  target: SqlType,
  context: CoercionContext,
  params: ParamTypes,
  position: number,
): LogicalExpr | undefined {
  if (sameType(e.type, target)) return e;
  if (target.domain !== undefined && e.type.domain?.oid !== target.domain.oid) {
    return coerceToDomain(e, target, context, params, position);
  }
  if (e.type.name === 'unknown') {
    if (e.kind === 'const') {
      if (e.value === null) return { kind: 'const', type: target, value: null };
      // A regprocedure literal is looked up when the statement runs (castNeedsCatalog): its
      // value is the signature as regprocedure output prints it, and a missing routine is 42883.
      if (target.name === 'regprocedure') {
        const text: LogicalExpr = { kind: 'const', type: sqlType('text'), value: e.value };
        return { kind: 'cast', type: target, arg: text, explicit: true };
      }
      // A regclass (regtype, …) literal is the name (or OID) as written; whoever uses it
      // (nextval, a cast to oid) resolves it through the catalog (common has no catalog).
      if (isRegType(target.name))
        return {
          kind: 'const',
          type: target,
          value: regLiteral(target, e.value as string, params.typeLookup),
        };
      // A numeric date whose field order matters (`01/02/03`) is read in the session's DateStyle
      // at run time (checked there: its errors carry no position).
      if (castDependsOnDateStyle(e.type, target, e.value)) {
        const text: LogicalExpr = { kind: 'const', type: sqlType('text'), value: e.value };
        return { kind: 'cast', type: target, arg: text, explicit: true };
      }
      const at = literalLocations.has(e) ? literalLocations.get(e)! + 1 : position;
      const value = withPosition(at, () =>
        castValue(e.value, sqlType('unknown'), target, context === 'explicit'),
      );
      // Checked above (bad input fails here, with its position); read in the session's
      // TimeZone at run time.
      if (castDependsOnTimeZone(e.type, target)) {
        const text: LogicalExpr = { kind: 'const', type: sqlType('text'), value: e.value };
        return { kind: 'cast', type: target, arg: text, explicit: true };
      }
      return { kind: 'const', type: target, value };
    }
    if (e.kind === 'param') {
      const base = withoutTypmod(target);
      const known = params.types[e.index];
      // Bound while its type was unknown, then typed by another use before this one (`f($1, $1)`
      // with f(int, text): both arguments are bound before resolution coerces them), as
      // PostgreSQL's variable_coerce_param_hook.
      if (known !== undefined && known.name !== base.name) {
        throw new DbError('42P08', `inconsistent types deduced for parameter $${e.index + 1}`, {
          position,
          detail: `${formatType(known)} versus ${formatType(base)}`,
        });
      }
      params.types[e.index] ??= base;
      const p: LogicalExpr = { kind: 'param', type: params.types[e.index]!, index: e.index };
      return sameType(p.type, target) ? p : { kind: 'cast', type: target, arg: p, explicit: false };
    }
  }
  if (target.composite !== undefined && isRowConstructor(e)) {
    return coerceRowToComposite(e.args, target, context, params, position);
  }
  if (!castAllowed(e.type, target, context)) return undefined;
  // A length/precision change only (varchar(10) → varchar): the value needs no conversion. (An
  // int2vector cast to int2[] needs none either, but the expression's type must change.)
  if (
    e.type.name === target.name &&
    target.typmod === -1 &&
    e.type.vector === target.vector &&
    e.type.domain === undefined &&
    (target.composite === undefined || e.type.composite?.oid === target.composite.oid)
  )
    return e;
  return { kind: 'cast', type: target, arg: e, explicit: context === 'explicit' };
}

/** Is `e` an anonymous row constructor (`ROW(a, b)`, not a value already of a named composite)? */
const isRowConstructor = (e: LogicalExpr): e is Extract<LogicalExpr, { kind: 'func' }> =>
  e.kind === 'func' && e.name === 'row' && e.type.composite === undefined;

/**
 * `e` as a value of a domain: converted to the base type as the context allows, then a cast node
 * whose evaluation checks the domain's NOT NULL and CHECK constraints (PostgreSQL's
 * CoerceToDomain; the executor's domain-check.ts). A parameter of unknown type takes the domain
 * type itself, as in PostgreSQL (ParameterDescription names the domain).
 */
function coerceToDomain(
  e: LogicalExpr,
  target: SqlType,
  context: CoercionContext,
  params: ParamTypes,
  position: number,
): LogicalExpr | undefined {
  const unknownParam = e.kind === 'param' && params.types[e.index] === undefined;
  const base = coerce(e, target.domain!.baseType, context, params, position);
  if (base === undefined) return undefined;
  if (unknownParam && e.kind === 'param') params.types[e.index] = target;
  return { kind: 'cast', type: target, arg: base, explicit: context === 'explicit' };
}

/** `coerce` for explicit casts: 42846 `cannot cast type x to y` when not allowed. */
export function coerceExplicit(
  e: LogicalExpr,
  target: SqlType,
  params: ParamTypes,
  position: number,
): LogicalExpr {
  const out = coerce(e, target, 'explicit', params, position);
  if (!out) {
    throw new DbError('42846', `cannot cast type ${formatType(e.type)} to ${formatType(target)}`, {
      position,
    });
  }
  return out;
}

/**
 * Assignment to a column (INSERT, UPDATE): 42804 `column "x" is of type integer but expression
 * is of type text` with PostgreSQL's hint when not allowed.
 */
export function coerceAssignment(
  e: LogicalExpr,
  target: SqlType,
  column: string,
  params: ParamTypes,
  position: number,
): LogicalExpr {
  const out = coerce(e, target, 'assignment', params, position);
  if (!out) {
    throw new DbError(
      '42804',
      `column "${column}" is of type ${formatType(target)} but expression is of type ${formatType(e.type)}`,
      { position, hint: 'You will need to rewrite or cast the expression.' },
    );
  }
  return out;
}

/** `coerce` with implicit context where the caller guarantees it is allowed (common types). */
export function coerceImplicit(
  e: LogicalExpr,
  target: SqlType,
  params: ParamTypes,
  position: number,
): LogicalExpr {
  const out = coerce(e, target, 'implicit', params, position);
  if (!out) {
    throw new DbError('42804', `cannot coerce type ${formatType(e.type)} to ${formatType(target)}`, {
      position,
    });
  }
  return out;
}

/**
 * `e` as an oid when it is of an OID alias type (regclass, …), whose values RustyDB holds as
 * their text: PostgreSQL compares and orders them as OIDs (oid_ops), so `'t'::regclass =
 * 'public.t'::regclass`. The cast resolves the name through the catalog at run time.
 */
export function asOidIfReg(e: LogicalExpr): LogicalExpr {
  return isRegType(e.type.name) ? { kind: 'cast', type: sqlType('oid'), arg: e, explicit: false } : e;
}
