/**
 * User-defined functions (CREATE FUNCTION, sys_proc) as PostgreSQL's catalogs and catalog
 * functions show them: their pg_proc rows, and the texts of pg_get_function_arguments,
 * pg_get_function_identity_arguments, pg_get_function_result and pg_get_functiondef
 * (ruleutils.c), which psql's \df and \sf print.
 */
import { formatType, SqlArray, type SqlType, typeOid, type Value, vectorOf } from '@rustydb/common';
import type { FunctionDef } from '../catalog-data.js';
import { BOOTSTRAP_SUPERUSER_OID } from './session-info.js';
import type { SystemCatalog } from './system-catalog.js';

/** pg_language OIDs: internal and sql are PostgreSQL's; plpgsql's is assigned at its initdb. */
export const LANGUAGE_OIDS = { internal: 12, c: 13, sql: 14, plpgsql: 13563 } as const;

/** The OID of type `trigger` (a pseudo-type RustyDB has only as a function's result). */
export const TRIGGER_TYPE_OID = 2279;

const resultOid = (f: FunctionDef): number => (f.result === undefined ? TRIGGER_TYPE_OID : typeOid(f.result));

/** The result as pg_get_function_result prints it: `SETOF integer`, `TABLE(x integer, y text)`. */
export function functionResult(f: FunctionDef): string {
  if (f.result === undefined) return 'trigger';
  const columns = f.columns;
  if (columns !== undefined && !hasOutParameters(f)) {
    return `TABLE(${columns.map((c) => `${quoteName(c.name)} ${formatType(c.type)}`).join(', ')})`;
  }
  return f.row.returnsSet ? `SETOF ${formatType(f.result)}` : formatType(f.result);
}

/** Are the result's columns OUT / INOUT parameters (rather than RETURNS TABLE's)? */
const hasOutParameters = (f: FunctionDef): boolean => f.row.result.columns?.some((c) => c.mode) === true;

/** The OUT parameters (not INOUT: those are among the inputs), with their types. */
function outParameters(f: FunctionDef): { name: string; type: SqlType }[] {
  const stored = f.row.result.columns ?? [];
  return (f.columns ?? []).filter((_, i) => stored[i]!.mode === 'o');
}

/**
 * proallargtypes, proargmodes and proargnames: with RETURNS TABLE or OUT parameters, the input
 * parameters (IN 'i', INOUT 'b') then the table's columns ('t') or the OUT parameters ('o');
 * otherwise only proargnames, when a parameter has a name. NB: OUT parameters declared between
 * inputs are listed after them (RustyDB keeps the inputs apart).
 */
function argumentArrays(f: FunctionDef): [Value, Value, Value] {
  const names = f.row.args.map((a) => a.name ?? '');
  const outs = hasOutParameters(f) ? outParameters(f) : (f.columns ?? []);
  if (f.columns === undefined) return [null, null, names.some((n) => n !== '') ? SqlArray.of(names) : null];
  const types = [...f.argTypes, ...outs.map((c) => c.type)].map(typeOid);
  const modes = [...f.row.args.map((a) => a.mode ?? 'i'), ...outs.map(() => (hasOutParameters(f) ? 'o' : 't'))];
  return [SqlArray.of(types), SqlArray.of(modes), SqlArray.of([...names, ...outs.map((c) => c.name)])];
}

/** Double-quotes a name unless it is a plain lower-case identifier (quote_identifier). */
const quoteName = (s: string): string => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replaceAll('"', '""')}"`);

/**
 * A stored DEFAULT as ruleutils prints the coerced expression: a string constant with its cast
 * (`'x'::text`), a number as written (an implicit cast prints nothing).
 */
export function functionDefault(text: string, f: FunctionDef, i: number): string {
  const t = f.argTypes[i]!;
  if (/^'(?:[^']|'')*'$/.test(text)) return `${text}::${formatType(t)}`;
  if (text.toUpperCase() === 'NULL') return `NULL::${formatType(t)}`;
  return text;
}

/** pg_get_function_arguments (`withDefaults`) and pg_get_function_identity_arguments. */
export function functionArguments(f: FunctionDef, withDefaults: boolean): string {
  const inputs = f.row.args.map((a, i) => {
    const name = a.name !== undefined && a.name !== '' ? `${quoteName(a.name)} ` : '';
    const def = withDefaults && a.default !== undefined ? ` DEFAULT ${functionDefault(a.default, f, i)}` : '';
    return `${a.mode === 'b' ? 'INOUT ' : ''}${name}${formatType(f.argTypes[i]!)}${def}`;
  });
  const outs = hasOutParameters(f) ? outParameters(f) : [];
  return [...inputs, ...outs.map((c) => `OUT ${quoteName(c.name)} ${formatType(c.type)}`)].join(', ');
}

/** pg_get_functiondef: the CREATE OR REPLACE FUNCTION statement, as ruleutils.c writes it. */
export function functionDefinition(f: FunctionDef): string {
  const options = [
    f.row.volatility === 'i' ? ' IMMUTABLE' : f.row.volatility === 's' ? ' STABLE' : '',
    f.row.strict ? ' STRICT' : '',
    f.row.securityDefiner ? ' SECURITY DEFINER' : '',
  ].join('');
  let quote = '$function';
  while (f.row.body.includes(quote)) quote += 'x';
  quote += '$';
  return (
    `CREATE OR REPLACE FUNCTION ${quoteName(f.schema)}.${quoteName(f.name)}(${functionArguments(f, true)})\n` +
    ` RETURNS ${functionResult(f)}\n` +
    ` LANGUAGE ${f.row.language}\n` +
    (options === '' ? '' : `${options}\n`) +
    `AS ${quote}${f.row.body}${quote}\n`
  );
}

/** The pg_proc rows of the user-defined functions (columns as PG_PROC_COLUMNS). */
export function userProcRows(sc: SystemCatalog): Value[][] {
  return sc.view.functions().map((f) => {
    const [allTypes, modes, names] = argumentArrays(f);
    const defaults = f.row.args.filter((a) => a.default !== undefined);
    return [
      f.oid,
      f.name,
      sc.namespaceOid(f.schema) ?? null,
      f.row.owner ?? BOOTSTRAP_SUPERUSER_OID,
      LANGUAGE_OIDS[f.row.language],
      100,
      f.row.returnsSet ? 1000 : 0,
      0,
      '-',
      'f',
      f.row.securityDefiner,
      false,
      f.row.strict,
      f.row.returnsSet,
      f.row.volatility,
      'u',
      f.argTypes.length,
      defaults.length,
      resultOid(f),
      vectorOf(f.argTypes.map(typeOid)),
      allTypes,
      modes,
      names,
      defaults.length === 0 ? null : `(${defaults.map((a) => a.default).join(' ')})`,
      null,
      f.row.body,
      null,
      null,
      null,
      null,
    ];
  });
}
