/**
 * CREATE [OR REPLACE] FUNCTION and DROP FUNCTION, with PostgreSQL 15's checks in its order
 * (functioncmds.c CreateFunction, interpret_function_parameter_list; RemoveObjects with
 * LookupFuncWithArgs). The function is stored (catalog sys_proc) and then its body checked as
 * PostgreSQL's validators do with check_function_bodies on: a SQL body parsed, bound and its
 * last statement checked against the result type (so a function may call itself); a PL/pgSQL
 * body parsed. A failed check fails the statement, and its transaction takes the row back.
 *
 * RETURNS SETOF type and RETURNS TABLE (…) make set-returning functions (sys_proc keeps a
 * TABLE's columns with the result; bind-routine-set.ts in the planner calls them).
 *
 * Parameters and the result are checked in function-signature.ts (OUT / INOUT parameters become
 * result columns, as RETURNS TABLE's do).
 *
 * Not supported (0A000): VARIADIC parameters, RETURNS [SETOF] record without OUT parameters, a
 * table's row type as a result, languages other than sql and plpgsql (c and internal functions cannot be
 * loaded).
 */
import { type FunctionDef, type FunctionSpec, storedColumnType } from '@rustydb/catalog';
import { DbError, formatType } from '@rustydb/common';
import type {
  AlterFunctionOwnerStmt,
  CreateFunctionStmt,
  DropFunctionStmt,
  FunctionObjectRef,
} from '@rustydb/parser';
import { resolveTypeName } from '@rustydb/planner';
import { dropFunctionDependents } from './function-dependents.js';
import { functionSignature, withoutTypmod } from './function-signature.js';
import { mustBeOwner, requireSchemaCreate, roleOf } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import { roleName } from './role-statements.js';
import { parsePlpgsqlBody } from './routines/plpgsql-function.js';
import { planSqlFunction, sqlFunctionContext } from './routines/sql-function.js';
import { creationSchema } from './schema-statements.js';
import type { StatementContext } from './session.js';
import { notice } from './statement-notices.js';

const invalid = (message: string) => new DbError('42P13', message);

/** CREATE [OR REPLACE] FUNCTION. Sync. @throws DbError as PostgreSQL's CreateFunction. */
export function runCreateFunction(stmt: CreateFunctionStmt, ctx: StatementContext): void {
  const view = ctx.catalog;
  const schema = creationSchema(
    view,
    { name: stmt.name, location: stmt.location, ...(stmt.schema ? { schema: stmt.schema } : {}) },
    false,
  );
  const user = currentUserOf(ctx.settings);
  const { role } = roleOf(view, user);
  if (!role.superuser) requireSchemaCreate(view, user, schema);
  if (stmt.language === undefined) throw invalid('no language specified');
  const language = checkLanguage(stmt.language);
  const { args, result, columns } = functionSignature(stmt, language, ctx.catalog);
  if (stmt.body === undefined) throw invalid('no function body specified');
  const spec: FunctionSpec = {
    schema,
    name: stmt.name,
    owner: role.oid,
    language,
    volatility: stmt.volatility ?? 'v',
    strict: stmt.strict ?? false,
    securityDefiner: stmt.securityDefiner ?? false,
    result:
      result === 'trigger'
        ? { type: 'trigger', typmod: -1 }
        : { ...storedColumnType(result), ...(columns === undefined ? {} : { columns }) },
    returnsSet: stmt.returnsSet,
    args,
    body: stmt.body,
  };
  const inputs = stmt.args.filter((a) => a.mode !== 'out');
  const signature = `${stmt.name}(${inputs.map((a) => formatType(resolveTypeName(a.type, view))).join(', ')})`;
  const oid = ctx.engine.catalog.createFunction(ctx.tx, spec, stmt.replace, signature, (owner) => {
    if (owner !== role.oid && !role.superuser) throw mustBeOwner('function', stmt.name);
  });
  const def = ctx.catalog.functionByOid(oid);
  if (def !== undefined) checkBody(def, ctx);
  ctx.out.commandComplete('CREATE FUNCTION');
}

function checkLanguage(language: string): 'sql' | 'plpgsql' {
  if (language === 'sql' || language === 'plpgsql') return language;
  if (language === 'c' || language === 'internal') {
    throw new DbError('0A000', `RustyDB cannot load functions of language "${language}"`);
  }
  throw new DbError('42704', `language "${language}" does not exist`);
}

/** check_function_bodies: the validator of the function's language. */
function checkBody(def: FunctionDef, ctx: StatementContext): void {
  if (def.row.language === 'plpgsql') {
    parsePlpgsqlBody(def);
    return;
  }
  try {
    planSqlFunction(def, ctx.catalog, ctx.settings.all());
  } catch (err) {
    if (!(err instanceof DbError) || err.fields.where !== undefined) throw err;
    throw err.with({ where: sqlFunctionContext(def) });
  }
}

/** DROP FUNCTION [IF EXISTS] f[(types)], … Sync. @throws DbError 42883, 42725, 42501. */
export function runDropFunction(stmt: DropFunctionStmt, ctx: StatementContext): void {
  const view = ctx.catalog;
  const user = currentUserOf(ctx.settings);
  const { role } = roleOf(view, user);
  const found: FunctionDef[] = [];
  for (const ref of stmt.functions) {
    const def = lookupFunction(ref, ctx, stmt.ifExists);
    if (def === undefined) continue;
    if (def.row.owner !== role.oid && !role.superuser) throw mustBeOwner('function', def.name);
    if (!found.includes(def)) found.push(def);
  }
  for (const def of found) {
    const signature = `${def.name}(${def.argTypes.map(formatType).join(', ')})`;
    dropFunctionDependents(ctx, def.oid, signature, stmt.behavior === 'cascade');
    ctx.engine.catalog.dropFunction(ctx.tx, def.oid, def.name);
  }
  ctx.out.commandComplete('DROP FUNCTION');
}

/**
 * ALTER FUNCTION f[(types)] OWNER TO role: as PostgreSQL's AlterObjectOwner, the current owner
 * (or a superuser) may give the function to a role it is a member of. Sync.
 * @throws DbError 42883, 42725, 42704 (no such role), 42501.
 */
export function runAlterFunctionOwner(stmt: AlterFunctionOwnerStmt, ctx: StatementContext): void {
  const { ctx: privs, role: me } = roleOf(ctx.catalog, currentUserOf(ctx.settings));
  const name = roleName(stmt.owner, ctx);
  const owner = privs.roleByName(name);
  if (owner === undefined) throw new DbError('42704', `role "${name}" does not exist`);
  const def = lookupFunction(stmt.function, ctx, false)!;
  if (def.row.owner !== owner.oid) {
    if (!me.superuser) {
      if (def.row.owner !== me.oid) throw mustBeOwner('function', def.name);
      if (!privs.isMemberOf(me.oid, owner.oid))
        throw new DbError('42501', `must be member of role "${owner.name}"`);
    }
    ctx.engine.catalog.setFunctionOwner(ctx.tx, def.oid, owner.oid);
  }
  ctx.out.commandComplete('ALTER FUNCTION');
}

/** The function a DROP, ALTER or COMMENT names (LookupFuncWithArgs); undefined (with a NOTICE) under IF EXISTS. */
export function lookupFunction(
  ref: FunctionObjectRef,
  ctx: StatementContext,
  ifExists: boolean,
): FunctionDef | undefined {
  const view = ctx.catalog;
  if (ref.schema !== undefined && !view.schemaExists(ref.schema)) {
    if (ifExists) {
      ctx.out.notice(notice('00000', `schema "${ref.schema}" does not exist, skipping`));
      return undefined;
    }
    throw new DbError('3F000', `schema "${ref.schema}" does not exist`);
  }
  const path = view.effectivePath;
  const reachable = view
    .functionsNamed(ref.name)
    .filter((f) => (ref.schema === undefined ? path.includes(f.schema) : f.schema === ref.schema))
    .sort((a, b) => path.indexOf(a.schema) - path.indexOf(b.schema));
  const name = ref.schema === undefined ? ref.name : `${ref.schema}.${ref.name}`;
  if (ref.args === undefined) {
    if (reachable.length > 1) {
      throw new DbError('42725', `function name "${name}" is not unique`, {
        hint: 'Specify the argument list to select the function unambiguously.',
      });
    }
    if (reachable.length === 1) return reachable[0];
    if (ifExists) {
      ctx.out.notice(notice('00000', `function ${name}() does not exist, skipping`));
      return undefined;
    }
    throw new DbError('42883', `could not find a function named "${name}"`);
  }
  const types = ref.args
    .filter((a) => a.mode !== 'out')
    .map((a) => withoutTypmod(resolveTypeName(a.type, view)));
  const match = reachable.find(
    (f) =>
      f.argTypes.length === types.length &&
      f.argTypes.every((t, i) => t.name === types[i]!.name && t.enum?.oid === types[i]!.enum?.oid),
  );
  if (match !== undefined) return match;
  const signature = `${name}(${types.map(formatType).join(', ')})`;
  if (ifExists) {
    ctx.out.notice(notice('00000', `function ${signature} does not exist, skipping`));
    return undefined;
  }
  throw new DbError('42883', `function ${signature} does not exist`);
}
