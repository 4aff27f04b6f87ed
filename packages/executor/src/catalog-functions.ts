/**
 * The functions about catalog objects and the session (pg_get_indexdef, format_type,
 * pg_table_is_visible, current_user, version(), current_setting, …) and the casts of the OID
 * alias types (regclass, regtype, …). They read the statement's SystemCatalog
 * (ExecutionContext.system), where catalog's system-catalog/catalog-functions.ts does the work.
 * Strict: a NULL argument gives NULL, as PostgreSQL's are.
 */
import {
  aclDefault,
  columnDescription,
  constraintDef,
  describeObject,
  expressionDef,
  formatTypeOid,
  functionIsVisible,
  indexDef,
  namespaceOidOf,
  objectDescription,
  operatorIsVisible,
  procName,
  procOidByName,
  procOidBySignature,
  procSignature,
  quoteIdent,
  relationOidOf,
  relationSize,
  roleOidOf,
  type SystemCatalog,
  serialSequence,
  textSearchIsVisible,
  triggerDefinition,
  typeIsVisible,
  typeOidOf,
  userFunctionText,
  viewDef,
} from '@rustydb/catalog';
import {
  DbError,
  formatText,
  isStringType,
  SqlArray,
  type SqlType,
  type TypeName,
  type Value,
} from '@rustydb/common';
import { parseRegprocedure } from '@rustydb/planner';
import type { CompiledExpr } from './compile-expr.js';
import { PRIVILEGE_FUNCTIONS } from './privilege-functions.js';
import type { Runtime } from './runtime.js';
import { STAT_FUNCTIONS } from './stat-functions.js';

type Impl = (sc: () => SystemCatalog, args: readonly Value[], rt: Runtime) => Value;

/** pg_collation's rows (default, C, POSIX). */
const BUILT_IN_COLLATIONS: ReadonlySet<number> = new Set([100, 950, 951]);

const num = (v: Value): number => Number(v);

/** Sizes as pg_size_pretty (dbsize.c) prints them: bytes below 10 kB, then kB, MB, GB, TB, half rounded. */
export function sizePretty(bytes: bigint): string {
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const limit = 10n * 1024n;
  const limit2 = limit * 2n - 1n;
  if (abs(bytes) < limit) return `${bytes} bytes`;
  // One extra bit is kept for rounding: shift by 9, then by 10 per unit.
  let size = bytes >> 9n;
  for (const unit of ['kB', 'MB', 'GB', 'TB']) {
    if (abs(size) < limit2 || unit === 'TB') return `${(size + (size < 0n ? -1n : 1n)) / 2n} ${unit}`;
    size >>= 10n;
  }
  return `${bytes} bytes`;
}

/**
 * to_regclass & co.: the reg* input of `text`, or NULL where the cast would fail for want of the
 * object (PostgreSQL 15 still raises for bad syntax, which names here cannot have).
 */
function toReg(type: 'regclass' | 'regtype' | 'regproc' | 'regnamespace' | 'regrole' | 'regprocedure'): Impl {
  // Looked up per call: the tables are defined below this one's users.
  return (sc, [text]) => {
    let oid: number;
    try {
      oid = REG_INPUT[type]!(sc(), text as string);
    } catch (err) {
      if (err instanceof DbError && MISSING_OBJECT.has(err.code)) return null;
      throw err;
    }
    return REG_OUTPUT[type]!(sc(), oid);
  };
}

/** The SQLSTATEs of a reg* input naming nothing: undefined table/object/function/schema, ambiguity. */
const MISSING_OBJECT = new Set(['42P01', '42704', '42883', '3F000', '42725']);

const CATALOG_FUNCTIONS: Readonly<Record<string, Impl>> = {
  to_regclass: toReg('regclass'),
  to_regtype: toReg('regtype'),
  to_regproc: toReg('regproc'),
  to_regnamespace: toReg('regnamespace'),
  to_regrole: toReg('regrole'),
  to_regprocedure: toReg('regprocedure'),
  format_type: (sc, [oid, typmod]) =>
    oid === null ? null : formatTypeOid(num(oid), typmod === null ? null : num(typmod), sc().view),
  pg_get_expr: (sc, [expr, relation, pretty]) =>
    expressionDef(sc(), expr as string, num(relation), pretty === true),
  pg_get_indexdef: (sc, [oid, column, pretty]) =>
    indexDef(sc(), num(oid), column === undefined ? 0 : num(column), pretty === true),
  pg_get_constraintdef: (sc, [oid, pretty]) => constraintDef(sc(), num(oid), pretty === true),
  pg_get_viewdef: (sc, [v, pretty]) => viewDef(sc(), regclassOid(sc(), v), pretty === true),
  pg_get_triggerdef: (sc, [oid, pretty]) => triggerDefinition(sc(), num(oid), pretty === true),
  // A view's only rule is its _RETURN rule (pg_rewrite): CREATE RULE … DO INSTEAD <query>.
  pg_get_ruledef: (sc, [oid]) => {
    const view = sc().view.viewByOid((num(oid) - 1) as never);
    return view
      ? `CREATE RULE "_RETURN" AS ON SELECT TO ${sc().relationName(view.oid)} DO INSTEAD ${view.querySql};`
      : null;
  },
  pg_get_statisticsobjdef_columns: () => null,
  pg_get_serial_sequence: (sc, [table, column]) => serialSequence(sc(), table as string, column as string),
  pg_get_userbyid: (sc, [oid]) => sc().userName(num(oid)),
  pg_get_functiondef: (sc, [oid]) => {
    const text = userFunctionText(sc(), num(oid), 'definition');
    if (text !== undefined) return text;
    const row = sc()
      .rows(procRelation(sc()))
      .find((r) => r[0] === num(oid));
    if (row === undefined) return null;
    throw new DbError('0A000', `the definition of built-in function ${row[1]} is not available`);
  },
  // A SQL-standard body (BEGIN ATOMIC … END, prosqlbody): RustyDB stores bodies as strings only.
  pg_get_function_sqlbody: () => null,
  pg_get_function_result: (sc, [oid]) => {
    const own = userFunctionText(sc(), num(oid), 'result');
    if (own !== undefined) return own;
    const row = sc()
      .rows(procRelation(sc()))
      .find((r) => r[0] === num(oid));
    return row ? formatTypeOid(num(row[18]), -1) : null;
  },
  pg_get_function_arguments: (sc, [oid]) => {
    const own = userFunctionText(sc(), num(oid), 'arguments');
    if (own !== undefined) return own;
    const row = sc()
      .rows(procRelation(sc()))
      .find((r) => r[0] === num(oid));
    return row ? (row[19] as SqlArray).elements.map((t) => formatTypeOid(num(t), -1)).join(', ') : null;
  },
  pg_get_function_identity_arguments: (sc, [oid]) => {
    const own = userFunctionText(sc(), num(oid), 'identity');
    if (own !== undefined) return own;
    const row = sc()
      .rows(procRelation(sc()))
      .find((r) => r[0] === num(oid));
    return row ? (row[19] as SqlArray).elements.map((t) => formatTypeOid(num(t), -1)).join(', ') : null;
  },
  pg_table_is_visible: (sc, [oid]) => sc().tableIsVisible(num(oid)),
  pg_type_is_visible: (sc, [oid]) => typeIsVisible(num(oid), sc().view),
  pg_function_is_visible: (sc, [oid]) => functionIsVisible(sc(), num(oid)),
  // The built-in collations live in pg_catalog; there are no conversions, operator classes or
  // families (empty catalogs), so those OIDs name nothing: NULL, as PostgreSQL for an unknown OID.
  pg_collation_is_visible: (_sc, [oid]) => (BUILT_IN_COLLATIONS.has(num(oid)) ? true : null),
  pg_conversion_is_visible: () => null,
  pg_opclass_is_visible: () => null,
  pg_opfamily_is_visible: () => null,
  pg_operator_is_visible: (sc, [oid]) => operatorIsVisible(sc(), num(oid)),
  pg_ts_config_is_visible: (_sc, [oid]) => textSearchIsVisible('pg_ts_config', num(oid)),
  pg_ts_parser_is_visible: (_sc, [oid]) => textSearchIsVisible('pg_ts_parser', num(oid)),
  pg_ts_dict_is_visible: (_sc, [oid]) => textSearchIsVisible('pg_ts_dict', num(oid)),
  pg_ts_template_is_visible: (_sc, [oid]) => textSearchIsVisible('pg_ts_template', num(oid)),
  pg_relation_is_publishable: () => false,
  pg_relation_is_updatable: (sc, [rel]) => updatableEvents(sc(), regclassOid(sc(), rel)),
  // PostgreSQL wants both UPDATE and DELETE of the column's relation; system columns never.
  pg_column_is_updatable: (sc, [rel, attnum]) =>
    num(attnum) > 0 &&
    (updatableEvents(sc(), regclassOid(sc(), rel), num(attnum)) & UPDATE_AND_DELETE) === UPDATE_AND_DELETE,
  acldefault: (sc, [kind, owner]) => aclDefault(sc(), kind as string, num(owner)),
  obj_description: (sc, [oid, catalog]) =>
    objectDescription(
      sc(),
      num(oid),
      catalog === undefined || catalog === null ? undefined : String(catalog),
    ),
  pg_describe_object: (sc, [classid, objid, objsubid]) =>
    describeObject(sc(), num(classid), num(objid), num(objsubid)),
  col_description: (sc, [oid, attnum]) => columnDescription(sc(), num(oid), num(attnum)),
  shobj_description: () => null,
  ...PRIVILEGE_FUNCTIONS,
  ...STAT_FUNCTIONS,
  current_database: (sc) => sc().session.database,
  current_catalog: (sc) => sc().session.database,
  current_schema: (sc) => sc().view.creationSchema() ?? null,
  current_schemas: (sc, [implicit]) => {
    const path = sc().view.effectivePath.filter((s) => !s.startsWith('pg_temp_'));
    return SqlArray.of(implicit === true ? ['pg_catalog', ...path.filter((s) => s !== 'pg_catalog')] : path);
  },
  version: (sc) =>
    `PostgreSQL ${sc().session.serverVersion} on x86_64-pc-linux-gnu, compiled by TypeScript, 64-bit`,
  pg_backend_pid: (sc) => sc().session.pid,
  pg_postmaster_start_time: (_sc, _a, rt) => rt.statementStart,
  current_setting: (_sc, [name, missingOk], rt) => {
    const settings = rt.ctx.settings;
    if (!settings) throw new DbError('0A000', 'settings are not available in this context');
    try {
      return settings.get(name as string);
    } catch (err) {
      if (missingOk === true && err instanceof DbError && err.code === '42704') return null;
      throw err;
    }
  },
  set_config: (_sc, [name, value, local], rt) => {
    const settings = rt.ctx.settings;
    if (!settings) throw new DbError('0A000', 'settings are not available in this context');
    settings.set(name as string, value as string, local === true);
    return settings.get(name as string);
  },
  pg_encoding_to_char: (_sc, [e]) => (num(e) === 6 ? 'UTF8' : num(e) === 0 ? 'SQL_ASCII' : ''),
  // The encodings pg_encoding_to_char names; PostgreSQL's lookup ignores case and punctuation.
  pg_char_to_encoding: (_sc, [name]) => {
    const key = String(name)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    return key === 'utf8' || key === 'unicode' ? 6 : key === 'sqlascii' ? 0 : -1;
  },
  getdatabaseencoding: () => 'UTF8',
  pg_relation_size: (sc, [rel]) => relationSize(sc(), relationOidOf(sc(), rel as string)),
  pg_table_size: (sc, [rel]) => relationSize(sc(), relationOidOf(sc(), rel as string)),
  pg_indexes_size: () => 0n,
  pg_total_relation_size: (sc, [rel]) => relationSize(sc(), relationOidOf(sc(), rel as string)),
  pg_database_size: (sc) =>
    sc()
      .relations()
      .reduce((sum, r) => sum + (relationSize(sc(), r.oid) ?? 0n), 0n),
  pg_size_pretty: (_sc, [bytes]) =>
    sizePretty(
      typeof bytes === 'bigint'
        ? bytes
        : BigInt(formatText(bytes, { name: 'numeric', typmod: -1 }).split('.')[0]!),
    ),
  pg_tablespace_location: () => '',
  pg_is_in_recovery: () => false,
  txid_current: (_sc, _a, rt) => BigInt(rt.ctx.tx.assignXid()),
  quote_ident: (_sc, [s]) => quoteIdent(s as string),
  // The binder passes the argument's type name (regtype values are held as text).
  pg_typeof: (_sc, [, typeName]) => typeName as string,
};

/** Functions that return a value for NULL arguments or take none (not strict). */
const NON_STRICT = new Set(['current_setting', 'format_type', 'pg_typeof']);

const procRelation = (sc: SystemCatalog) => sc.systemRelations.find((r) => r.name === 'pg_proc')!;

/** Is `name` a catalog or session function (compiled by `compileCatalogFunction`)? */
export const isCatalogFunction = (name: string): boolean => Object.hasOwn(CATALOG_FUNCTIONS, name);

function system(rt: Runtime): SystemCatalog {
  const sc = rt.ctx.system;
  if (!sc) throw new DbError('0A000', 'catalog functions are not available in this context');
  return sc;
}

/** Compiles a call of catalog function `name`. Sync; the call throws what the function throws. */
export function compileCatalogFunction(
  name: string,
  args: readonly CompiledExpr[],
  rt: Runtime,
): CompiledExpr {
  const impl = CATALOG_FUNCTIONS[name]!;
  const sc = () => system(rt);
  const strict = !NON_STRICT.has(name);
  const values: Value[] = new Array(args.length);
  return (row) => {
    for (let i = 0; i < args.length; i++) {
      const v = args[i]!(row);
      if (v === null && strict) return null;
      values[i] = v;
    }
    return impl(sc, values, rt);
  };
}

/** The reg* types' output; OID 0 (InvalidOid) prints as `-` for all of them, as in PostgreSQL. */
const REG_OUTPUT: Partial<Record<TypeName, (sc: SystemCatalog, oid: number) => string>> = {
  regclass: (sc, oid) => sc.relationName(oid),
  regtype: (sc, oid) => {
    // regtypeout is format_type_be: no typmod given, so bpchar is `character`.
    const name = formatTypeOid(oid, null, sc.view);
    return name === '???' ? String(oid) : name;
  },
  regnamespace: (sc, oid) => sc.namespaceName(oid) ?? String(oid),
  regrole: (sc, oid) => sc.session.roles().find((r) => r.oid === oid)?.name ?? String(oid),
  regproc: (sc, oid) => procName(sc, oid),
  regprocedure: (sc, oid) => procSignature(sc, oid),
};

const REG_INPUT: Partial<Record<TypeName, (sc: SystemCatalog, text: string) => number>> = {
  regclass: relationOidOf,
  regtype: (sc, text) => typeOidOf(text, sc.view),
  regnamespace: namespaceOidOf,
  regrole: roleOidOf,
  regproc: procOidByName,
  // An OID, `-` (0), or `name(argtype, …)`.
  regprocedure: (sc, text) =>
    /^\d+$/.test(text)
      ? Number(text)
      : text === '-'
        ? 0
        : procOidBySignature(sc, parseRegprocedure(text, sc.view), text),
};

/**
 * A cast to or from an OID alias type that needs the catalog (castNeedsCatalog): an OID becomes
 * the object's name (regclass output), a name its OID (regclass input). Values of the alias
 * types are held as their text form.
 */
export function compileRegCast(arg: CompiledExpr, from: SqlType, to: SqlType, rt: Runtime): CompiledExpr {
  const output = REG_OUTPUT[to.name];
  // Text or an unknown literal (to regprocedure, castNeedsCatalog) is read by the target's input.
  const input =
    REG_INPUT[from.name] ??
    (isStringType(from.name) || from.name === 'unknown' ? REG_INPUT[to.name] : undefined);
  const convert = (v: Value): Value => {
    // reg → reg goes through the OID; an integer is the OID itself.
    const oid = input ? input(system(rt), v as string) : num(v);
    if (output) return oid === 0 ? '-' : output(system(rt), oid);
    return to.name === 'int8' ? BigInt(oid) : to.name === 'int4' ? oid | 0 : oid;
  };
  // Operators are compiled per execution, when the catalog cannot change: the last conversion is
  // remembered, so `attrelid = 't'::regclass` resolves the name once, not once per row.
  let lastIn: Value = null;
  let lastOut: Value = null;
  return (row) => {
    const v = arg(row);
    if (v === null) return null;
    if (v !== lastIn) {
      lastOut = convert(v);
      lastIn = v;
    }
    return lastOut;
  };
}

/** PostgreSQL's relation_is_updatable event bits: 1 << CMD_UPDATE, CMD_INSERT, CMD_DELETE. */
const EVENT_UPDATE = 1 << 2;
const EVENT_INSERT = 1 << 3;
const EVENT_DELETE = 1 << 4;
const ALL_EVENTS = EVENT_UPDATE | EVENT_INSERT | EVENT_DELETE;
const UPDATE_AND_DELETE = EVENT_UPDATE | EVENT_DELETE;

/**
 * PostgreSQL's relation_is_updatable (pg_relation_is_updatable, information_schema): the
 * commands relation `oid` takes. Tables (the catalogs too) take all; an automatically updatable
 * view all when one of its columns considered (`attnum`, else every one) is updatable, else
 * DELETE only; anything else (a view that is not, sequences, indexes, materialized views, an
 * unknown OID) none. There are no rules or INSTEAD OF triggers to add events. Sync.
 */
function updatableEvents(sc: SystemCatalog, oid: number, attnum?: number): number {
  const rel = sc.relationByOid(oid);
  if (rel === undefined) return sc.systemRelationByOid(oid) === undefined ? 0 : ALL_EVENTS;
  const e = rel.entry;
  if (e.kind === 'table') return e.def.matview ? 0 : ALL_EVENTS;
  if (e.kind !== 'view') return 0;
  const columns = sc.session.updatableViewColumns?.(e.def, sc.view);
  if (columns === undefined) return 0;
  const considered = attnum === undefined ? columns : [columns[attnum - 1] === true];
  return considered.some((c) => c) ? ALL_EVENTS : EVENT_DELETE;
}

/** A regclass argument's OID: its text (a name, an OID, `-`) or the OID itself. Sync. */
function regclassOid(sc: SystemCatalog, v: Value): number {
  return typeof v === 'string' ? relationOidOf(sc, v) : num(v);
}
