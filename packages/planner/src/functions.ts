/**
 * The scalar functions RustyDB knows, as PostgreSQL's pg_proc lists them (name, argument types,
 * result type), and PostgreSQL's overload resolution over them (func_select_candidate, reduced to
 * the rules our types need). The executor implements each signature (executor's functions.ts);
 * a signature here without an implementation there breaks its exhaustiveness test.
 */

import type { FunctionDef } from '@rustydb/catalog';
import {
  arrayTypeOf,
  canCast,
  DbError,
  elementType,
  isArrayType,
  type SqlType,
  sqlType,
  type TypeName,
} from '@rustydb/common';
import { CATALOG_SIGNATURES } from './catalog-function-signatures.js';
import { EXTENSION_FUNCTIONS } from './extension-signatures.js';
import { MORE_SIGNATURES } from './function-signatures.js';
import { NETWORK_SIGNATURES } from './network-signatures.js';
import { RANGE_SIGNATURES } from './range-signatures.js';
import { TEXT_SEARCH_SIGNATURES } from './text-search-signatures.js';
import { commonType, typeCategory } from './type-rules.js';

export interface FunctionSignature {
  readonly name: string;
  readonly args: readonly TypeName[];
  /** A type name, or `0` for "the type of the first argument" after coercion. */
  readonly result: TypeName | 0;
  /** One or more extra arguments of any type (concat, concat_ws): converted to text. */
  readonly variadicAny?: boolean;
  /** Extra arguments of any type allowed and kept as they are (format, json_build_object). */
  readonly variadicRaw?: boolean;
  /**
   * A trailing `VARIADIC x[]` parameter (jsonb_extract_path): one or more extra arguments of
   * type x, which the binder collects into an array; or, called with VARIADIC, one x[] argument.
   */
  readonly variadic?: TypeName;
  /** Volatile functions (random) are never folded into constants. */
  readonly volatile?: boolean;
  /** A user-defined function (routine-signatures.ts): the executor calls it through the engine. */
  readonly routine?: FunctionDef;
}

const NUMS = ['int2', 'int4', 'int8', 'numeric', 'float4', 'float8'] as const;

function sig(
  name: string,
  args: readonly TypeName[],
  result: TypeName | 0,
  extra: Partial<FunctionSignature> = {},
) {
  return { name, args, result, ...extra };
}

const LIST: FunctionSignature[] = [
  ...NUMS.map((t) => sig('abs', [t], 0)),
  sig('round', ['float8'], 'float8'),
  sig('round', ['numeric'], 'numeric'),
  sig('round', ['numeric', 'int4'], 'numeric'),
  sig('trunc', ['float8'], 'float8'),
  sig('trunc', ['numeric'], 'numeric'),
  sig('trunc', ['numeric', 'int4'], 'numeric'),
  ...(['floor', 'ceil', 'ceiling', 'sign', 'sqrt', 'exp', 'ln', 'log'] as const).flatMap((n) => [
    sig(n, ['float8'], 'float8'),
    sig(n, ['numeric'], 'numeric'),
  ]),
  sig('power', ['float8', 'float8'], 'float8'),
  sig('power', ['numeric', 'numeric'], 'numeric'),
  sig('pow', ['float8', 'float8'], 'float8'),
  sig('pow', ['numeric', 'numeric'], 'numeric'),
  sig('mod', ['int2', 'int2'], 'int2'),
  sig('mod', ['int4', 'int4'], 'int4'),
  sig('mod', ['int8', 'int8'], 'int8'),
  sig('mod', ['numeric', 'numeric'], 'numeric'),
  sig('div', ['numeric', 'numeric'], 'numeric'),
  sig('pi', [], 'float8'),
  sig('random', [], 'float8', { volatile: true }),
  sig('length', ['text'], 'int4'),
  sig('length', ['bytea'], 'int4'),
  sig('char_length', ['text'], 'int4'),
  sig('character_length', ['text'], 'int4'),
  sig('octet_length', ['text'], 'int4'),
  // bpcharoctetlen: a character(n) value counts its padding (length() does not).
  sig('octet_length', ['bpchar'], 'int4'),
  sig('octet_length', ['bytea'], 'int4'),
  sig('lower', ['text'], 'text'),
  sig('upper', ['text'], 'text'),
  sig('initcap', ['text'], 'text'),
  sig('substr', ['text', 'int4'], 'text'),
  sig('substr', ['text', 'int4', 'int4'], 'text'),
  sig('substring', ['text', 'int4'], 'text'),
  sig('substring', ['text', 'int4', 'int4'], 'text'),
  // textregexsubstr: substring(s FROM pattern), a POSIX regular expression.
  sig('substring', ['text', 'text'], 'text'),
  sig('position', ['text', 'text'], 'int4'),
  sig('strpos', ['text', 'text'], 'int4'),
  sig('btrim', ['text'], 'text'),
  sig('btrim', ['text', 'text'], 'text'),
  sig('ltrim', ['text'], 'text'),
  sig('ltrim', ['text', 'text'], 'text'),
  sig('rtrim', ['text'], 'text'),
  sig('rtrim', ['text', 'text'], 'text'),
  sig('replace', ['text', 'text', 'text'], 'text'),
  sig('repeat', ['text', 'int4'], 'text'),
  sig('reverse', ['text'], 'text'),
  sig('left', ['text', 'int4'], 'text'),
  sig('right', ['text', 'int4'], 'text'),
  sig('lpad', ['text', 'int4'], 'text'),
  sig('lpad', ['text', 'int4', 'text'], 'text'),
  sig('rpad', ['text', 'int4'], 'text'),
  sig('rpad', ['text', 'int4', 'text'], 'text'),
  sig('split_part', ['text', 'text', 'int4'], 'text'),
  sig('starts_with', ['text', 'text'], 'bool'),
  sig('md5', ['text'], 'text'),
  sig('md5', ['bytea'], 'text'),
  ...['sha224', 'sha256', 'sha384', 'sha512'].map((n) => sig(n, ['bytea'], 'bytea')),
  sig('convert_to', ['text', 'name'], 'bytea'),
  sig('convert_from', ['bytea', 'name'], 'text'),
  sig('convert', ['bytea', 'name', 'name'], 'bytea'),
  sig('chr', ['int4'], 'text'),
  sig('ascii', ['text'], 'int4'),
  // Sequence functions (the executor runs them through ExecutionContext.sequences).
  sig('nextval', ['regclass'], 'int8', { volatile: true }),
  sig('currval', ['regclass'], 'int8', { volatile: true }),
  sig('setval', ['regclass', 'int8'], 'int8', { volatile: true }),
  sig('setval', ['regclass', 'int8', 'bool'], 'int8', { volatile: true }),
  sig('lastval', [], 'int8', { volatile: true }),
  sig('concat', [], 'text', { variadicAny: true }),
  sig('concat_ws', ['text'], 'text', { variadicAny: true }),
  sig('num_nulls', [], 'int4', { variadicAny: true }),
  sig('num_nonnulls', [], 'int4', { variadicAny: true }),
];

LIST.push(...MORE_SIGNATURES, ...CATALOG_SIGNATURES, ...NETWORK_SIGNATURES, ...TEXT_SEARCH_SIGNATURES);
LIST.push(...RANGE_SIGNATURES);

const BY_NAME = new Map<string, FunctionSignature[]>();
for (const s of LIST) {
  const list = BY_NAME.get(s.name);
  if (list) list.push(s);
  else BY_NAME.set(s.name, [s]);
}

/** Every known signature, extensions' too (for the executor's exhaustiveness test). @internal */
export const FUNCTION_SIGNATURES: readonly FunctionSignature[] = [
  ...LIST,
  ...[...EXTENSION_FUNCTIONS.values()].flat(),
];

/** The built-in signatures named `name` (pg_catalog's functions). */
export const builtinSignatures = (name: string): readonly FunctionSignature[] => BY_NAME.get(name) ?? [];

/** Is `name` a known scalar function (of any arity)? */
export const isKnownFunction = (name: string): boolean => BY_NAME.has(name);

const PREFERRED: Partial<Record<string, TypeName>> = {
  numeric: 'float8',
  string: 'text',
  datetime: 'timestamptz',
  timespan: 'interval',
};

const isPolymorphic = (n: TypeName): boolean =>
  n === 'anyelement' || n === 'anyarray' || n === 'any' || n === 'anyenum';

function acceptsArg(arg: SqlType, want: TypeName): boolean {
  // anyenum: an enum, or an unknown literal another argument types (enum_range(x, NULL)).
  if (want === 'anyenum') return arg.name === 'unknown' || (arg.name === 'anyenum' && arg.enum !== undefined);
  if (want === 'any' || (want === 'anyelement' && arg.name !== 'unknown')) return true;
  if (want === 'anyarray') return arg.name === 'unknown' || isArrayType(arg);
  if (want === 'anyelement') return true;
  // A `record` parameter takes a row value (its fields kept, see bindSignature).
  if (want === 'record') return arg.name === 'record';
  return canCast(arg, sqlType(want), 'implicit');
}

/** Does `s`, declared with a VARIADIC x[] parameter, take `args` (spread, or as one array)? */
function acceptsVariadic(s: FunctionSignature, args: readonly SqlType[], spread: boolean): boolean {
  const fixed = s.args.length;
  if (spread ? args.length <= fixed : args.length !== fixed + 1) return false;
  for (let i = 0; i < fixed; i++) if (!acceptsArg(args[i], s.args[i])) return false;
  const elem = sqlType(s.variadic!);
  const want = spread ? elem : arrayTypeOf(elem)!;
  for (let i = fixed; i < args.length; i++) if (!canCast(args[i], want, 'implicit')) return false;
  return true;
}

function accepts(s: FunctionSignature, args: readonly SqlType[], variadicArray: boolean): boolean {
  if (s.variadic) return acceptsVariadic(s, args, !variadicArray);
  const variadic = s.variadicAny || s.variadicRaw;
  if (variadic ? args.length < s.args.length : args.length !== s.args.length) return false;
  // VARIADIC "any" takes at least one argument: concat() and concat_ws(',') do not exist.
  if (s.variadicAny && args.length === s.args.length) return false;
  // …and written VARIADIC, exactly one array in their place.
  if (s.variadicAny && variadicArray && args.length !== s.args.length + 1) return false;
  for (let i = 0; i < s.args.length; i++) {
    if (!acceptsArg(args[i], s.args[i]) && !routineTakesLiteral(s, i, args[i])) return false;
  }
  return true;
}

/**
 * A user-defined function's parameter of a named composite type takes an unknown literal (read
 * by record_in when the call coerces it: `g('(1,x)')`); its signature here says only `record`.
 */
const routineTakesLiteral = (s: FunctionSignature, i: number, arg: SqlType): boolean =>
  arg.name === 'unknown' && s.routine !== undefined && s.args[i] === 'record';

/** The argument types a call is coerced to, and its result type. */
export interface BoundSignature {
  readonly args: readonly SqlType[];
  readonly result: SqlType;
}

/**
 * Resolves the polymorphic positions of `s` for arguments `argTypes` (anycompatible rules: the
 * element types meet at their common type). Extra variadic arguments keep their types (unknown
 * becomes text). Throws 42804 when the polymorphic type cannot be determined or has no array
 * type, 42883-style undefined when the elements have no common type (caller reports).
 */
export function bindSignature(
  s: FunctionSignature,
  argTypes: readonly SqlType[],
  spreadVariadic = true,
): BoundSignature | undefined {
  const elems: SqlType[] = [];
  let sawPoly = false;
  for (let i = 0; i < s.args.length; i++) {
    const want = s.args[i];
    const a = argTypes[i];
    if (want === 'anyelement' || want === 'anyarray' || want === 'anyenum') sawPoly = true;
    if (a.name === 'unknown') continue;
    if (want === 'anyelement' || want === 'anyenum') elems.push(a);
    else if (want === 'anyarray') elems.push(elementType(a)!);
  }
  let elem: SqlType | undefined;
  if (sawPoly) {
    if (elems.length === 0) {
      throw new DbError('42804', 'could not determine polymorphic type because input has type unknown');
    }
    elem = commonType(elems);
    if (!elem) return undefined;
    if (elem.typmod !== -1) elem = sqlType(elem.name);
  }
  const arrayOf = () => {
    const t = arrayTypeOf(elem!);
    if (!t) throw new DbError('42704', `could not find array type for data type ${elem!.name}`);
    return t;
  };
  const args = argTypes.map((a, i) => {
    if (i >= s.args.length && s.variadic)
      return spreadVariadic ? sqlType(s.variadic) : arrayTypeOf(sqlType(s.variadic))!;
    if (i >= s.args.length) return a.name === 'unknown' ? sqlType('text') : a;
    const want = s.args[i];
    if (want === 'anyelement' || want === 'anyenum') return elem!;
    if (want === 'anyarray') return arrayOf();
    if (want === 'any') return a.name === 'unknown' ? sqlType('text') : a;
    if (want === 'record') return a;
    return sqlType(want);
  });
  const r = s.result;
  const result =
    r === 0
      ? args[0]
      : r === 'anyelement' || r === 'anyenum'
        ? elem!
        : r === 'anyarray'
          ? arrayOf()
          : sqlType(r);
  return { args, result };
}

/** Keeps the candidates that score best under `score` (higher is better). */
function best(cands: FunctionSignature[], score: (s: FunctionSignature) => number): FunctionSignature[] {
  let top = Number.NEGATIVE_INFINITY;
  let out: FunctionSignature[] = [];
  for (const c of cands) {
    const v = score(c);
    if (v > top) {
      top = v;
      out = [c];
    } else if (v === top) out.push(c);
  }
  return out;
}

/**
 * The signature a call `name(args)` resolves to, or undefined when none matches (the caller
 * raises 42883). Follows PostgreSQL's steps: exact matches first, then the most positions of
 * preferred types where a conversion is needed, then unknown arguments settle on the string
 * category when any candidate takes it there, else on the preferred type of the one category.
 * `variadicArray`: the call passed its last argument with VARIADIC (an array for a VARIADIC x[]
 * parameter). `candidates`: the signatures the call can reach (default: the built-in ones).
 */
export function resolveFunction(
  name: string,
  args: readonly SqlType[],
  variadicArray = false,
  candidates: readonly FunctionSignature[] = builtinSignatures(name),
): FunctionSignature | undefined {
  return rankFunctions(args, variadicArray, candidates)[0];
}

/**
 * The candidates left after PostgreSQL's rules (func_select_candidate), best first: more than
 * one means the call is ambiguous (the built-ins' order breaks such ties; user-defined functions
 * raise 42725).
 */
export function rankFunctions(
  args: readonly SqlType[],
  variadicArray: boolean,
  candidates: readonly FunctionSignature[],
): readonly FunctionSignature[] {
  let cands = candidates.filter((s) => accepts(s, args, variadicArray));
  if (cands.length <= 1) return cands;
  const fixed = (s: FunctionSignature) => Math.min(s.args.length, args.length);
  cands = best(cands, (s) => {
    let n = 0;
    for (let i = 0; i < fixed(s); i++) if (args[i].name === s.args[i] || isPolymorphic(s.args[i])) n++;
    return n;
  });
  if (cands.length === 1) return cands;
  cands = best(cands, (s) => {
    let n = 0;
    for (let i = 0; i < fixed(s); i++) {
      const a = args[i];
      if (a.name === 'unknown' || a.name === s.args[i]) continue;
      if (PREFERRED[typeCategory(a)] === s.args[i]) n++;
    }
    return n;
  });
  if (cands.length === 1) return cands;
  // Unknown arguments: prefer string-category candidates, then preferred types.
  cands = best(cands, (s) => {
    let n = 0;
    for (let i = 0; i < fixed(s); i++) {
      if (args[i].name !== 'unknown') continue;
      const t = sqlType(s.args[i]);
      if (typeCategory(t) === 'string') n += 2;
      else if (PREFERRED[typeCategory(t)] === s.args[i]) n += 1;
    }
    return n;
  });
  return cands;
}
