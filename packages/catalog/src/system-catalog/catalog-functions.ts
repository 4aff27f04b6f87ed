/**
 * The functions clients call about catalog objects, over a SystemCatalog: what the executor runs
 * for pg_get_indexdef, pg_get_constraintdef, pg_get_viewdef, pg_get_expr, format_type,
 * obj_description, col_description, pg_get_serial_sequence, pg_*_is_visible,
 * pg_relation_size and the reg* casts. Each is synchronous and returns null where PostgreSQL
 * returns NULL for an unknown object.
 */
import {
  type CompositeType,
  compositeSqlType,
  DbError,
  type DomainType,
  domainSqlType,
  type EnumType,
  enumSqlType,
  formatType,
  type Oid,
  type SqlType,
  sqlType,
  TYPE_OID,
  typeByOid,
  typeOid,
} from '@rustydb/common';
import type { FunctionDef } from '../catalog-data.js';
import type { TableDef } from '../catalog-reader.js';
import type { CatalogView } from '../catalog-view.js';
import { domainCheckByOid, domainCheckDefinition } from './domain-rows.js';
import {
  functionArguments,
  functionDefinition,
  functionResult,
  isProcedure,
  LANGUAGE_DESCRIPTIONS,
  LANGUAGE_OIDS,
  TRIGGER_TYPE_OID,
} from './function-rows.js';
import {
  checkText,
  constraintByOid,
  constraintDefinition,
  indexDefinition,
  indexPredicate,
  viewDefinition,
} from './object-definitions.js';
import { builtinOperator } from './operator-rows.js';
import { procOidOf, procOidsNamed, procSchemaOf } from './pg-global-relations.js';
import { PG_ROUTINE_OIDS } from './pg-operator-facts.js';
import type { FunctionInfo } from './session-info.js';
import { DATABASE_OID, quoteIdent, type SystemCatalog, splitQualifiedName } from './system-catalog.js';
import { TEXT_SEARCH_CATALOGS, textSearchObject } from './text-search-rows.js';
import { TYPE_FACTS, typeIoNames } from './type-rows.js';

/** Where enum types are found by name and OID (the statement's CatalogView). */
export interface EnumTypeLookup {
  enumType(name: string, schema?: string): EnumType | undefined;
  enumSqlTypeOfOid(oid: number): SqlType | undefined;
  domainType?(name: string, schema?: string): DomainType | undefined;
  compositeType?(name: string, schema?: string): CompositeType | undefined;
  rowTypeOfArrayOid?(oid: number): CompositeType | undefined;
}

/**
 * format_type(type_oid, typmod): `integer`, `character varying(20)`, an enum's name (`mood[]`
 * for its array type, given `enums`), a row type's (`t[]` for its array type); `???` for an
 * unknown OID.
 */
export function formatTypeOid(oid: number, typmod: number | null, enums?: EnumTypeLookup): string {
  const t = typeByOid(oid);
  if (!t) {
    // trigger: the result type of trigger functions, a pseudo-type RustyDB has no SqlType for.
    if (oid === TRIGGER_TYPE_OID) return 'trigger';
    // No type (a prefix operator's oprleft): format_type prints a dash.
    if (oid === 0) return '-';
    const e = enums?.enumSqlTypeOfOid(oid);
    if (e) return formatEnumType(e, enums);
    const row = enums?.rowTypeOfArrayOid?.(oid);
    return row ? `${formatEnumType(compositeSqlType(row), enums)}[]` : '???';
  }
  if (t.name === 'char') return '"char"';
  if (t.vector !== undefined) return t.vector;
  const withMod: SqlType = typmod === null || typmod < 0 ? t : sqlType(t.name, typmod);
  if (t.name.startsWith('_'))
    return `${formatTypeOid(TYPE_FACTS.find((f) => f.oid === oid)!.elem, typmod)}[]`;
  // With no typmod at all (NULL) bpchar is `character`; with typmod -1 it stays `bpchar`.
  if (t.name === 'bpchar' && typmod === null) return 'character';
  return formatType(withMod);
}

/**
 * regtype input: the OID of the type `text` names (an enum too, given `enums`), or 42704. As
 * PostgreSQL's regtypein, `text` is a type name as SQL writes it: the grammar's aliases (`int`,
 * `float`, `decimal`, `char`, `double precision`, `timestamp with time zone` …), a typmod, which
 * is dropped (`varchar(10)`: character varying; `float(p)` picks real or double precision), and
 * array bounds (`int[]`, `int4[3]`).
 * @throws DbError 42704 for a name no type has; 22023 for a float precision out of range.
 */
export function typeOidOf(text: string, enums?: EnumTypeLookup): number {
  if (/^\d+$/.test(text)) return Number(text);
  const written = builtinTypeName(text);
  const f = written === undefined ? undefined : builtinTypeNamed(written.name);
  if (f !== undefined) {
    if (!written!.array) return f.oid;
    if (f.array !== 0) return f.array;
  }
  const e = enums === undefined ? undefined : enumTypeNamed(enums, text);
  if (e === undefined) throw new DbError('42704', `type "${text}" does not exist`);
  return typeOid(e);
}

/** The built-in type `name` (lower case, unqualified) names: by pg_type name or format_type. */
function builtinTypeNamed(name: string) {
  // `bpchar` and `character` both name bpchar (format_type with and without a typmod).
  return TYPE_FACTS.find(
    (x) => x.name === name || formatTypeOid(x.oid, -1) === name || formatTypeOid(x.oid, null) === name,
  );
}

/** The grammar's names of built-in types (gram.y's SimpleTypename) and the pg_type names they mean. */
const TYPE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['int', 'int4'],
  ['integer', 'int4'],
  ['smallint', 'int2'],
  ['bigint', 'int8'],
  ['real', 'float4'],
  ['float', 'float8'],
  ['double precision', 'float8'],
  ['decimal', 'numeric'],
  ['dec', 'numeric'],
  ['boolean', 'bool'],
  ['char', 'bpchar'],
  ['character', 'bpchar'],
  ['nchar', 'bpchar'],
  ['national character', 'bpchar'],
  ['char varying', 'varchar'],
  ['character varying', 'varchar'],
  ['national character varying', 'varchar'],
  ['time without time zone', 'time'],
  ['time with time zone', 'timetz'],
  ['timestamp without time zone', 'timestamp'],
  ['timestamp with time zone', 'timestamptz'],
]);

/**
 * `text` as a built-in type's name: lower case, unqualified (`pg_catalog.` dropped), typmod and
 * interval fields dropped, aliases resolved, with whether array bounds followed it. A quoted
 * name keeps its case and is no alias (`"char"` is the one-byte type). Undefined for a name
 * qualified by another schema.
 */
function builtinTypeName(text: string): { name: string; array: boolean } | undefined {
  let s = text.trim();
  const bounds = /(\s*\[\s*\d*\s*\])+$/.exec(s);
  const array = bounds !== null;
  if (bounds !== null) s = s.slice(0, bounds.index);
  const quoted = /^(?:pg_catalog\.)?"((?:[^"]|"")+)"$/i.exec(s);
  if (quoted !== null) return { name: quoted[1]!.replace(/""/g, '"'), array };
  s = s.toLowerCase().replace(/\s+/g, ' ');
  if (s.startsWith('pg_catalog.')) s = s.slice('pg_catalog.'.length);
  else if (s.includes('.')) return undefined;
  const float = /^float ?\( ?(\d+) ?\)$/.exec(s);
  if (float !== null) {
    const p = Number(float[1]);
    if (p < 1) throw new DbError('22023', 'precision for type float must be at least 1 bit');
    if (p > 53) throw new DbError('22023', 'precision for type float must be less than 54 bits');
    return { name: p <= 24 ? 'float4' : 'float8', array };
  }
  s = s.replace(/ ?\( ?\d+ ?(?:, ?\d+ ?)?\)/g, '');
  s = s.replace(
    /^interval (?:year|month|day|hour|minute|second)(?: to (?:month|hour|minute|second))?$/,
    'interval',
  );
  return { name: TYPE_ALIASES.get(s) ?? s, array };
}

/**
 * format_type of an enum (or array of one), a domain or a row type: its name, schema-qualified
 * unless `enums` (the search path) finds that name to be this type, as PostgreSQL qualifies types
 * that are not visible.
 */
export function formatEnumType(
  t: SqlType,
  enums: Pick<EnumTypeLookup, 'enumType' | 'domainType' | 'compositeType'> | undefined,
): string {
  const c = t.composite;
  if (c !== undefined) {
    const visible = enums?.compositeType?.(c.name)?.oid === c.oid;
    return visible ? c.name : `${quoteIfNeeded(c.schema)}.${quoteIfNeeded(c.name)}`;
  }
  const e = t.domain ?? t.enum!;
  const visible = (t.domain ? enums?.domainType?.(e.name) : enums?.enumType(e.name))?.oid === e.oid;
  if (t.domain) return visible ? e.name : `${quoteIfNeeded(e.schema)}.${quoteIfNeeded(e.name)}`;
  const name = visible ? e.name : `${quoteIfNeeded(e.schema)}.${quoteIfNeeded(e.name)}`;
  return t.name === '_anyenum' ? `${name}[]` : name;
}

/** An identifier as quote_ident would write it (only lower-case letters, digits and _ go bare). */
const quoteIfNeeded = (s: string): string =>
  /^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`;

/** regtype text `mood`, `s.mood` or `mood[]` as the enum (or array) type it names, or undefined. */
export function enumTypeNamed(
  enums: Pick<EnumTypeLookup, 'enumType' | 'domainType' | 'compositeType'>,
  text: string,
): SqlType | undefined {
  const name = text.trim().toLowerCase();
  const array = name.endsWith('[]');
  const parts = (array ? name.slice(0, -2) : name).split('.');
  const e = parts.length === 2 ? enums.enumType(parts[1]!, parts[0]) : enums.enumType(parts[0]!);
  if (e !== undefined) return enumSqlType(e, array);
  const d = parts.length === 2 ? enums.domainType?.(parts[1]!, parts[0]) : enums.domainType?.(parts[0]!);
  if (d !== undefined) return array ? undefined : domainSqlType(d);
  const c =
    parts.length === 2 ? enums.compositeType?.(parts[1]!, parts[0]) : enums.compositeType?.(parts[0]!);
  return c === undefined || array ? undefined : compositeSqlType(c);
}

/** regclass input: the relation's OID, or 42P01 as PostgreSQL. */
export function relationOidOf(sc: SystemCatalog, text: string): number {
  const oid = sc.relationOid(text);
  if (oid === undefined) throw new DbError('42P01', `relation "${text}" does not exist`);
  return oid;
}

/** regnamespace input. */
export function namespaceOidOf(sc: SystemCatalog, text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const parts = splitQualifiedName(text);
  const oid = parts ? sc.namespaceOid(parts[1]) : undefined;
  if (oid === undefined) throw new DbError('3F000', `schema "${text}" does not exist`);
  return oid;
}

/** regrole input. */
export function roleOidOf(sc: SystemCatalog, text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const role = sc.session.roles().find((r) => r.name === text);
  if (!role) throw new DbError('42704', `role "${text}" does not exist`);
  return role.oid;
}

/**
 * The type I/O functions pg_type's typinput/typoutput/typreceive/typsend name (int4in,
 * array_in, enum_in, …). They are not SQL-callable here, but regproc must know them: clients
 * compare those columns with `'array_in'::regproc` (pgjdbc's TypeInfoCache does, for any type
 * it does not know).
 */
const IO_FUNCTIONS: readonly string[] = [
  ...new Set([
    ...TYPE_FACTS.flatMap((f) => typeIoNames(f)),
    'enum_in',
    'enum_out',
    'enum_recv',
    'enum_send',
    'array_subscript_handler',
    'array_typanalyze',
  ]),
].sort();
const ROUTINE_NAMES = new Map([...PG_ROUTINE_OIDS].map(([name, oid]) => [oid, name]));

/** IO_FUNCTIONS[i] has OID FIRST_IO_PROC_OID + i (below the SQL functions' range in pg_proc). */
const FIRST_IO_PROC_OID = 19000;

/** regproc output for a function's OID (its name, qualified when not on the path), or the number. */
export function procName(sc: SystemCatalog, oid: number): string {
  const io = IO_FUNCTIONS[oid - FIRST_IO_PROC_OID];
  if (io !== undefined) return io;
  const builtin = procOidOf(sc, oid);
  if (builtin !== undefined) return builtin.name;
  const own = sc.view.functionByOid(oid);
  if (own !== undefined) return routineName(sc, own, (s) => s);
  return ROUTINE_NAMES.get(oid) ?? String(oid);
}

/** A user-defined routine's name, schema-qualified when its schema is not on the path; each part through `quote`. */
function routineName(sc: SystemCatalog, f: FunctionDef, quote: (ident: string) => string): string {
  return sc.view.effectivePath.includes(f.schema) ? quote(f.name) : `${quote(f.schema)}.${quote(f.name)}`;
}

/**
 * regproc input: an OID, `-` (0, as pg_type prints "no function"), or a function name, maybe
 * qualified with pg_catalog. @throws DbError 42883 for no such function, 42725 for a name with
 * several overloads (PostgreSQL's regprocin: use regprocedure then).
 */
export function procOidByName(sc: SystemCatalog, text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '-') return 0;
  const parts = splitQualifiedName(text);
  const name =
    parts !== undefined && (parts[0] === undefined || parts[0] === 'pg_catalog') ? parts[1] : undefined;
  if (name !== undefined) {
    const io = IO_FUNCTIONS.indexOf(name);
    if (io >= 0) return FIRST_IO_PROC_OID + io;
    const oids = procOidsNamed(sc, name);
    if (oids.length === 1) return oids[0]!;
    // An operator's function (oprcode, whose overloads a name alone does not tell apart: pg_dump
    // reads `oprcode::oid`), selectivity estimator, or a text search parser's or template's.
    const routine = PG_ROUTINE_OIDS.get(name);
    if (routine !== undefined) return routine;
    if (oids.length > 1) throw new DbError('42725', `more than one function named "${text}"`);
  }
  // A user-defined function (CREATE FUNCTION): in the written schema, or the first on the path.
  if (parts !== undefined && parts[0] !== 'pg_catalog') {
    const path = sc.view.effectivePath;
    const own = sc.view
      .functionsNamed(parts[1])
      .filter((f) => (parts[0] === undefined ? path.includes(f.schema) : f.schema === parts[0]));
    if (own.length === 1) return own[0]!.oid;
    if (own.length > 1) throw new DbError('42725', `more than one function named "${text}"`);
  }
  throw new DbError('42883', `function "${text}" does not exist`);
}

/**
 * regprocedure output: `name(argtype,…)` (types as format_type prints them, no space after the
 * commas, as PostgreSQL's format_procedure), the name schema-qualified when its schema is not
 * on the path; the number for an OID that names no SQL-callable routine.
 */
export function procSignature(sc: SystemCatalog, oid: number): string {
  const builtin = procOidOf(sc, oid);
  if (builtin !== undefined) {
    const schema = procSchemaOf(sc, oid)!;
    const name = builtinProcVisible(sc, oid)
      ? quoteIdent(builtin.name)
      : `${quoteIdent(schema)}.${quoteIdent(builtin.name)}`;
    return `${name}(${builtin.args.map((a) => formatTypeOid(TYPE_OID[a], null, sc.view)).join(',')})`;
  }
  const own = sc.view.functionByOid(oid);
  if (own === undefined) return String(oid);
  return `${routineName(sc, own, quoteIdent)}(${own.argTypes.map((t) => formatTypeOid(typeOid(t), null, sc.view)).join(',')})`;
}

/** A routine's signature as regprocedure input names it (the planner's parseRegprocedure parses it). */
export interface RoutineSignature {
  readonly schema?: string;
  readonly name: string;
  readonly argTypes: readonly SqlType[];
}

/**
 * regprocedure input's lookup: the OID of the routine `sig` names with exactly its argument
 * types, a user-defined one in its schema or the first on the path, else a built-in one
 * (pg_catalog). `text` is the input, for the error. Sync.
 * @throws DbError 3F000 for an unknown schema, 42883 when no routine matches.
 */
export function procOidBySignature(sc: SystemCatalog, sig: RoutineSignature, text: string): number {
  if (sig.schema !== undefined && sc.namespaceOid(sig.schema) === undefined) {
    throw new DbError('3F000', `schema "${sig.schema}" does not exist`);
  }
  const oids = sig.argTypes.map(typeOid);
  const sameArgs = (types: readonly number[]) =>
    types.length === oids.length && types.every((t, i) => t === oids[i]);
  const path = sc.view.effectivePath;
  const own = sc.view
    .functionsNamed(sig.name)
    .filter((f) => (sig.schema === undefined ? path.includes(f.schema) : f.schema === sig.schema))
    .sort((a, b) => path.indexOf(a.schema) - path.indexOf(b.schema))
    .find((f) => sameArgs(f.argTypes.map(typeOid)));
  if (own !== undefined) return own.oid;
  if (sig.schema === undefined || sig.schema === 'pg_catalog') {
    const builtin = procOidsNamed(sc, sig.name).find((oid) =>
      sameArgs(procOidOf(sc, oid)!.args.map((a) => TYPE_OID[a])),
    );
    if (builtin !== undefined) return builtin;
  }
  throw new DbError('42883', `function "${text}" does not exist`);
}

/** pg_get_constraintdef(oid [, pretty]). */
export function constraintDef(sc: SystemCatalog, oid: number, pretty = false): string | null {
  const found = constraintByOid(sc, oid);
  if (found) return constraintDefinition(sc, found.table, found.constraint, pretty);
  const check = domainCheckByOid(sc, oid);
  return check ? domainCheckDefinition(sc, check, pretty) : null;
}

/** pg_get_indexdef(oid [, column, pretty]). */
export const indexDef = (sc: SystemCatalog, oid: number, column = 0, pretty = false): string | null =>
  indexDefinition(sc, oid, column, pretty);

/**
 * pg_get_expr(text, relation [, pretty]): the text is one the catalogs print (pg_attrdef.adbin,
 * pg_constraint.conbin, pg_index.indpred), already as ruleutils prints it without `pretty`;
 * with `pretty`, the relation's expression that printed so is printed again (or, for a text from
 * elsewhere, the text over the relation's row).
 */
export function expressionDef(sc: SystemCatalog, text: string, relation: number, pretty: boolean): string {
  if (!pretty) return text;
  const table = relation === 0 ? undefined : sc.view.tableByOid(relation as never);
  if (table === undefined) return sc.storedExpression({ sql: text, role: 'value' }, true);
  const own = expressionsOf(sc, table).get(text);
  return own ? own() : sc.storedExpression({ sql: text, role: 'value', table }, true);
}

/** Per statement and table: the printed texts of its expressions, each to its pretty printing. */
const tableExpressions = new WeakMap<SystemCatalog, Map<number, Map<string, () => string>>>();

function expressionsOf(sc: SystemCatalog, table: TableDef): Map<string, () => string> {
  let tables = tableExpressions.get(sc);
  if (!tables) {
    tables = new Map();
    tableExpressions.set(sc, tables);
  }
  let texts = tables.get(table.oid);
  if (texts) return texts;
  texts = new Map();
  for (const c of table.columns) {
    if (c.defaultSql !== undefined)
      texts.set(sc.columnDefault(table, c), () => sc.columnDefault(table, c, true));
  }
  for (const c of table.constraints) {
    if (c.kind === 'check') texts.set(checkText(sc, table, c), () => checkText(sc, table, c, true));
  }
  for (const ix of table.indexes) {
    if (ix.predicateSql === undefined) continue;
    const predicate = indexPredicate(ix, table);
    texts.set(sc.storedExpression(predicate), () => sc.storedExpression(predicate, true));
  }
  tables.set(table.oid, texts);
  return texts;
}

/** pg_get_viewdef(oid | name [, pretty]). */
export const viewDef = (sc: SystemCatalog, oid: number, pretty = false): string | null =>
  viewDefinition(sc, oid, pretty);

/**
 * obj_description(oid [, catalog]); schema public has initdb's comment unless COMMENT ON replaced
 * it, and the built-in operators, languages and text search objects have PostgreSQL's when
 * `catalog` names their catalog.
 */
export const objectDescription = (sc: SystemCatalog, oid: number, catalog?: string): string | null =>
  sc.view.description(oid, 0) ??
  (oid === PUBLIC_SCHEMA_OID ? 'standard public schema' : (builtinDescription(sc, oid, catalog) ?? null));

function builtinDescription(sc: SystemCatalog, oid: number, catalog: string | undefined): string | undefined {
  if (catalog === 'pg_operator') return builtinOperator(sc, oid)?.description;
  if (catalog === 'pg_language') return LANGUAGE_DESCRIPTIONS.get(oid);
  const kind = catalog === undefined ? undefined : TEXT_SEARCH_CATALOGS[catalog];
  return kind === undefined ? undefined : textSearchObject(kind, oid)?.description;
}

/** pg_operator_is_visible: the built-in operators live in pg_catalog; NULL for no operator. */
export const operatorIsVisible = (sc: SystemCatalog, oid: number): boolean | null =>
  builtinOperator(sc, oid) !== undefined ? true : null;

/**
 * pg_ts_config_is_visible, pg_ts_parser_is_visible, pg_ts_dict_is_visible,
 * pg_ts_template_is_visible: the built-in ones live in pg_catalog; NULL for no such object.
 */
export const textSearchIsVisible = (catalog: string, oid: number): boolean | null => {
  const kind = TEXT_SEARCH_CATALOGS[catalog];
  return kind !== undefined && textSearchObject(kind, oid) !== undefined ? true : null;
};

const PUBLIC_SCHEMA_OID = 2200;

/** col_description(table oid, attnum). */
export const columnDescription = (sc: SystemCatalog, oid: number, attnum: number): string | null =>
  sc.view.description(oid, attnum) ?? null;

/**
 * pg_get_serial_sequence(table, column): the sequence owned by the column (SERIAL, identity),
 * schema-qualified; null when there is none.
 * @throws DbError 42P01 unknown relation, 42703 unknown column of a table.
 */
export function serialSequence(sc: SystemCatalog, table: string, column: string): string | null {
  const oid = relationOidOf(sc, table);
  const def = sc.view.tableByOid(oid as never);
  // A view or sequence has no serial columns (PostgreSQL answers NULL for them too).
  if (!def) return null;
  const col = def.columns.find((c) => c.name === column);
  if (!col) throw new DbError('42703', `column "${column}" of relation "${def.name}" does not exist`);
  const seq = sc.view
    .sequences()
    .find((s) => s.ownedBy?.table === def.oid && s.ownedBy.attnum === col.attnum);
  return seq ? `${quoteIdent(seq.schema)}.${quoteIdent(seq.name)}` : null;
}

/** pg_type_is_visible: built-in types live in pg_catalog, always searched. */
export function typeIsVisible(oid: number, view?: CatalogView): boolean {
  if (TYPE_FACTS.some((f) => f.oid === oid)) return true;
  // An enum, domain or row type is visible when its name, looked up through the search path, finds it.
  const t = view?.enumSqlTypeOfOid(oid);
  if (t?.domain !== undefined) return view!.domainType(t.domain.name)?.oid === oid;
  if (t?.composite !== undefined) return view!.compositeType(t.composite.name)?.oid === oid;
  const row = view?.rowTypeOfArrayOid(oid);
  if (row !== undefined) return view!.compositeType(row.name)?.oid === row.oid;
  const e = t?.enum;
  return e !== undefined && view!.enumType(e.name)?.oid === e.oid;
}

/**
 * pg_function_is_visible: built-in functions live in pg_catalog; a user-defined one is visible
 * when its schema is on the search path.
 */
export function functionIsVisible(sc: SystemCatalog, oid: number): boolean {
  const f = sc.view.functionByOid(oid);
  if (f !== undefined) return sc.view.effectivePath.includes(f.schema);
  return builtinProcVisible(sc, oid);
}

/**
 * Is built-in function `oid` found by its unqualified name? pg_catalog's always; an extension's
 * when its schema is on the path and no pg_catalog function has its name and arguments (pgcrypto's
 * gen_random_uuid() is hidden by the built-in one, as in PostgreSQL).
 */
function builtinProcVisible(sc: SystemCatalog, oid: number): boolean {
  const f = procOidOf(sc, oid);
  if (f === undefined) return false;
  const schema = procSchemaOf(sc, oid)!;
  if (schema === 'pg_catalog') return true;
  if (!sc.view.effectivePath.includes(schema)) return false;
  const same = (g: FunctionInfo) =>
    g.extension === undefined &&
    g.name === f.name &&
    g.args.length === f.args.length &&
    g.args.every((a, i) => a === f.args[i]);
  return !sc.session.functions().some(same);
}

/** Relation kinds as getObjectDescription names them. */
const RELATION_KIND_WORDS: Readonly<Record<string, string>> = {
  r: 'table',
  i: 'index',
  v: 'view',
  m: 'materialized view',
  S: 'sequence',
  c: 'composite type',
};

/**
 * pg_describe_object(classid, objid, objsubid): PostgreSQL's getObjectDescription words for the
 * objects RustyDB has (`table t`, `column c of table t`, `function f(integer)`, `type t`,
 * `schema s`, `extension e`, `role r`, `database d`, `language l`), names schema-qualified where
 * the search path does not find them; NULL for an object that does not exist or a class RustyDB
 * does not describe.
 */
export function describeObject(
  sc: SystemCatalog,
  classid: number,
  objid: number,
  objsubid: number,
): string | null {
  const relation = (oid: number): string | undefined => {
    const rel = sc.relationByOid(oid);
    if (rel === undefined) return undefined;
    const name = sc.tableIsVisible(oid)
      ? quoteIdent(rel.name)
      : `${quoteIdent(rel.schema)}.${quoteIdent(rel.name)}`;
    return `${RELATION_KIND_WORDS[rel.kind] ?? 'relation'} ${name}`;
  };
  switch (classid) {
    case 1259: {
      const rel = relation(objid);
      if (rel === undefined || objsubid === 0) return rel ?? null;
      const table = sc.view.tableByOid(objid as Oid);
      const column = table?.columns.find((c) => c.attnum === objsubid);
      return column === undefined ? null : `column ${column.name} of ${rel}`;
    }
    case 1255: {
      if (procOidOf(sc, objid) === undefined && sc.view.functionByOid(objid) === undefined) return null;
      const own = sc.view.functionByOid(objid);
      const kind = own !== undefined && isProcedure(own) ? 'procedure' : 'function';
      return `${kind} ${procSignature(sc, objid)}`;
    }
    case 1247: {
      const t = formatTypeOid(objid, null, sc.view);
      return t === '???' ? null : `type ${t}`;
    }
    case 2615: {
      const name = sc.namespaceName(objid);
      return name === undefined ? null : `schema ${name}`;
    }
    case 3079: {
      const e = sc.view.extensions().find((x) => x.oid === objid);
      return e === undefined ? null : `extension ${e.name}`;
    }
    case 1260: {
      const r = sc.session.roles().find((x) => x.oid === objid);
      return r === undefined ? null : `role ${r.name}`;
    }
    case 1262:
      return objid === DATABASE_OID ? `database ${sc.session.database}` : null;
    case 2612: {
      const l = Object.entries(LANGUAGE_OIDS).find(([, o]) => o === objid);
      return l === undefined ? null : `language ${l[0]}`;
    }
    default:
      return null;
  }
}

/**
 * pg_get_function_result / _arguments / _identity_arguments / pg_get_functiondef of a
 * user-defined function or procedure (whose result is null); undefined for any other OID.
 */
export function userFunctionText(
  sc: SystemCatalog,
  oid: number,
  what: 'result' | 'arguments' | 'identity' | 'definition',
): string | null | undefined {
  const f = sc.view.functionByOid(oid);
  if (f === undefined) return undefined;
  switch (what) {
    case 'result':
      return functionResult(f);
    case 'arguments':
      return functionArguments(f, true);
    case 'identity':
      return functionArguments(f, false);
    case 'definition':
      return functionDefinition(f);
  }
}

/** pg_relation_size(oid): pages × 8 kB of the relation's main fork; null for an unknown OID. */
export function relationSize(sc: SystemCatalog, oid: number): bigint | null {
  const rel = sc.relationByOid(oid);
  if (!rel) return sc.systemRelationByOid(oid) ? 0n : null;
  if (rel.entry.kind === 'table') return BigInt(sc.view.relationPages(rel.entry.def)) * 8192n;
  if (rel.entry.kind === 'sequence') return 8192n;
  return 0n;
}
