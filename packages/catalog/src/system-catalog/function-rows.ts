/**
 * User-defined functions (CREATE FUNCTION, sys_proc) as PostgreSQL's catalogs and catalog
 * functions show them: their pg_proc rows, and the texts of pg_get_function_arguments,
 * pg_get_function_identity_arguments, pg_get_function_result and pg_get_functiondef
 * (ruleutils.c), which psql's \df and \sf print.
 */
import { formatType, SqlArray, type SqlType, typeOid, type Value, vectorOf } from '@rustydb/common';
import { declaredParameters, type FunctionDef } from '../catalog-data.js';
import { ownerAndAcl } from './acl-columns.js';
import { BOOTSTRAP_SUPERUSER_OID } from './session-info.js';
import type { SystemCatalog } from './system-catalog.js';

/** pg_language OIDs: internal and sql are PostgreSQL's; plpgsql's is assigned at its initdb. */
export const LANGUAGE_OIDS = { internal: 12, c: 13, sql: 14, plpgsql: 13563 } as const;

/** PostgreSQL's comments on its languages (obj_description(oid, 'pg_language'), `\dL`). */
export const LANGUAGE_DESCRIPTIONS: ReadonlyMap<number, string> = new Map([
  [LANGUAGE_OIDS.internal, 'built-in functions'],
  [LANGUAGE_OIDS.c, 'dynamically-loaded C functions'],
  [LANGUAGE_OIDS.sql, 'SQL-language functions'],
  [LANGUAGE_OIDS.plpgsql, 'PL/pgSQL procedural language'],
]);

/** pg_language's OID: the classoid of language comments. */
export const PG_LANGUAGE_CLASS_OID = 2612;

/** The languages' pg_description rows. */
export const languageDescriptions = (): Value[][] =>
  [...LANGUAGE_DESCRIPTIONS].map(([oid, d]) => [oid, PG_LANGUAGE_CLASS_OID, 0, d]);

/** The OID of type `trigger` (a pseudo-type RustyDB has only as a function's result). */
export const TRIGGER_TYPE_OID = 2279;

const resultOid = (f: FunctionDef): number => (f.result === undefined ? TRIGGER_TYPE_OID : typeOid(f.result));

/** Is `f` a procedure (CREATE PROCEDURE: pg_proc.prokind 'p')? */
export const isProcedure = (f: FunctionDef): boolean => f.row.kind === 'p';

/**
 * The result as pg_get_function_result prints it: `SETOF integer`, `TABLE(x integer, y text)`;
 * null for a procedure (it has none).
 */
export function functionResult(f: FunctionDef): string | null {
  if (isProcedure(f)) return null;
  if (f.result === undefined) return 'trigger';
  const columns = f.columns;
  if (columns !== undefined && !hasOutParameters(f)) {
    return `TABLE(${columns.map((c) => `${quoteName(c.name)} ${formatType(c.type)}`).join(', ')})`;
  }
  return f.row.returnsSet ? `SETOF ${formatType(f.result)}` : formatType(f.result);
}

/** Are the result's columns OUT / INOUT parameters (rather than RETURNS TABLE's)? */
const hasOutParameters = (f: FunctionDef): boolean => f.row.result.columns?.some((c) => c.mode) === true;

/**
 * proallargtypes, proargmodes and proargnames: with OUT parameters, every parameter in declared
 * order (IN 'i', INOUT 'b', OUT 'o'); with RETURNS TABLE, the inputs then the table's columns
 * ('t'); otherwise only proargnames, when a parameter has a name.
 */
function argumentArrays(f: FunctionDef): [Value, Value, Value] {
  if (f.columns === undefined) {
    const names = f.row.args.map((a) => a.name ?? '');
    return [null, null, names.some((n) => n !== '') ? SqlArray.of(names) : null];
  }
  const params: { name: string; type: SqlType; mode: string }[] = hasOutParameters(f)
    ? declaredParameters(f)
    : [...declaredParameters(f), ...f.columns.map((c) => ({ name: c.name, type: c.type, mode: 't' }))];
  return [
    SqlArray.of(params.map((p) => typeOid(p.type))),
    SqlArray.of(params.map((p) => p.mode)),
    SqlArray.of(params.map((p) => p.name)),
  ];
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

/** How print_function_arguments writes a mode: IN only for a procedure (as DROP PROCEDURE reads it). */
const MODE_WORDS = { i: '', o: 'OUT ', b: 'INOUT ' } as const;

/**
 * pg_get_function_arguments (`withDefaults`) and pg_get_function_identity_arguments: the
 * parameters in declared order, OUT ones included (not RETURNS TABLE's columns).
 */
export function functionArguments(f: FunctionDef, withDefaults: boolean): string {
  const procedure = isProcedure(f);
  return declaredParameters(f)
    .map((p) => {
      const name = p.name !== '' ? `${quoteName(p.name)} ` : '';
      const def =
        withDefaults && p.default !== undefined ? ` DEFAULT ${functionDefault(p.default, f, p.input!)}` : '';
      const mode = procedure && p.mode === 'i' ? 'IN ' : MODE_WORDS[p.mode];
      return `${mode}${name}${formatType(p.type)}${def}`;
    })
    .join(', ');
}

/**
 * pg_get_functiondef: the CREATE OR REPLACE FUNCTION (or PROCEDURE, without RETURNS) statement,
 * as ruleutils.c writes it.
 */
export function functionDefinition(f: FunctionDef): string {
  const options = [
    f.row.volatility === 'i' ? ' IMMUTABLE' : f.row.volatility === 's' ? ' STABLE' : '',
    f.row.strict ? ' STRICT' : '',
    f.row.securityDefiner ? ' SECURITY DEFINER' : '',
  ].join('');
  const kind = isProcedure(f) ? 'procedure' : 'function';
  let quote = `$${kind}`;
  while (f.row.body.includes(quote)) quote += 'x';
  quote += '$';
  const result = functionResult(f);
  return (
    `CREATE OR REPLACE ${kind.toUpperCase()} ${quoteName(f.schema)}.${quoteName(f.name)}(${functionArguments(f, true)})\n` +
    (result === null ? '' : ` RETURNS ${result}\n`) +
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
      f.row.kind ?? 'f',
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
      ownerAndAcl(sc.view, f.oid, 'function')[1],
    ];
  });
}
