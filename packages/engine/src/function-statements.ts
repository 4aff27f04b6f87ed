/**
 * CREATE [OR REPLACE] FUNCTION / PROCEDURE, DROP and ALTER … OWNER TO of them (also as
 * ROUTINE), with PostgreSQL 15's checks in its order
 * (functioncmds.c CreateFunction, interpret_function_parameter_list; RemoveObjects with
 * LookupFuncWithArgs). The function is stored (catalog sys_proc) and then its body checked as
 * PostgreSQL's validators do with check_function_bodies on (off skips it): a SQL body parsed, bound and its
 * last statement checked against the result type (so a function may call itself); a PL/pgSQL
 * body parsed. A failed check fails the statement, and its transaction takes the row back.
 *
 * RETURNS SETOF type and RETURNS TABLE (…) make set-returning functions (sys_proc keeps a
 * TABLE's columns with the result; bind-routine-set.ts in the planner calls them).
 *
 * Parameters and the result are checked in function-signature.ts (OUT / INOUT parameters become
 * result columns, as RETURNS TABLE's do).
 *
 * A procedure (CREATE PROCEDURE) is a sys_proc row of kind 'p' without a result (void, or a
 * record of its OUT and INOUT parameters); CALL runs it (call-statement.ts). DROP FUNCTION of a
 * procedure, or DROP PROCEDURE of a function, is 42809 as PostgreSQL's LookupFuncWithArgs; DROP
 * ROUTINE takes either.
 *
 * Not supported (0A000): VARIADIC parameters, RETURNS [SETOF] record without OUT parameters, a
 * table's row type as a result, languages other than sql and plpgsql (c and internal functions cannot be
 * loaded).
 */
import { declaredParameters, type FunctionDef, type FunctionSpec, storedColumnType } from '@rustydb/catalog';
import { DbError, formatType, type SqlType } from '@rustydb/common';
import type {
  AlterFunctionOwnerStmt,
  CreateFunctionStmt,
  DropFunctionStmt,
  FunctionArg,
  FunctionObjectRef,
  RoutineKind,
} from '@rustydb/parser';
import { resolveTypeName } from '@rustydb/planner';
import { dropFunctionDependents } from './function-dependents.js';
import { functionSignature, withoutTypmod } from './function-signature.js';
import { setOwner } from './grant-statements.js';
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
  if (stmt.procedure && stmt.functionOnlyOption !== undefined) {
    throw new DbError('42P13', 'invalid attribute in procedure definition', {
      position: stmt.functionOnlyOption + 1,
    });
  }
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
    ...(stmt.procedure ? { kind: 'p' as const } : {}),
  };
  const inputs = stmt.args.filter((a) => a.mode !== 'out');
  const signature = `${stmt.name}(${inputs.map((a) => formatType(resolveTypeName(a.type, view))).join(', ')})`;
  const oid = ctx.engine.catalog.createFunction(ctx.tx, spec, stmt.replace, signature, (owner) => {
    if (owner !== role.oid && !role.superuser) throw mustBeOwner('function', stmt.name);
  });
  const def = ctx.catalog.functionByOid(oid);
  // check_function_bodies = off (pg_dump's scripts set it: a body may use what is restored later).
  if (def !== undefined && ctx.settings.get('check_function_bodies') === 'on') checkBody(def, ctx);
  ctx.out.commandComplete(stmt.procedure ? 'CREATE PROCEDURE' : 'CREATE FUNCTION');
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

/** The word for what a statement names: `function`, `procedure` or `routine`. */
const kindWord = (kind: RoutineKind | undefined): string => kind ?? 'function';

/** `function` or `procedure`: what `def` is (for must-be-owner messages). */
const routineWord = (def: FunctionDef): string => (def.row.kind === 'p' ? 'procedure' : 'function');

/**
 * DROP FUNCTION | PROCEDURE | ROUTINE [IF EXISTS] f[(types)], … Sync.
 * @throws DbError 42883, 42725, 42809, 42501.
 */
export function runDropFunction(stmt: DropFunctionStmt, ctx: StatementContext): void {
  const view = ctx.catalog;
  const user = currentUserOf(ctx.settings);
  const { role } = roleOf(view, user);
  const found: FunctionDef[] = [];
  for (const ref of stmt.functions) {
    const def = lookupFunction(ref, ctx, stmt.ifExists, stmt.routineKind);
    if (def === undefined) continue;
    if (def.row.owner !== role.oid && !role.superuser) throw mustBeOwner(routineWord(def), def.name);
    if (!found.includes(def)) found.push(def);
  }
  for (const def of found) {
    const signature = `${def.name}(${def.argTypes.map(formatType).join(', ')})`;
    dropFunctionDependents(ctx, def.oid, signature, stmt.behavior === 'cascade');
    ctx.engine.catalog.dropFunction(ctx.tx, def.oid, def.name);
  }
  ctx.out.commandComplete(`DROP ${kindWord(stmt.routineKind).toUpperCase()}`);
}

/**
 * ALTER FUNCTION | PROCEDURE | ROUTINE f[(types)] OWNER TO role: as PostgreSQL's
 * AlterObjectOwner, the current owner (or a superuser) may give the routine to a role it is a
 * member of. Sync. @throws DbError 42883, 42725, 42809, 42704 (no such role), 42501.
 */
export function runAlterFunctionOwner(stmt: AlterFunctionOwnerStmt, ctx: StatementContext): void {
  const { ctx: privs, role: me } = roleOf(ctx.catalog, currentUserOf(ctx.settings));
  const name = roleName(stmt.owner, ctx);
  const owner = privs.roleByName(name);
  if (owner === undefined) throw new DbError('42704', `role "${name}" does not exist`);
  const def = lookupFunction(stmt.function, ctx, false, stmt.routineKind)!;
  if (def.row.owner !== owner.oid) {
    if (!me.superuser) {
      if (def.row.owner !== me.oid) throw mustBeOwner(routineWord(def), def.name);
      if (!privs.isMemberOf(me.oid, owner.oid))
        throw new DbError('42501', `must be member of role "${owner.name}"`);
    }
    // Its ACL moves to the new owner too (aclnewowner).
    setOwner({ oid: def.oid, kind: 'function', name: def.name }, def.row.owner, owner.oid, privs, ctx);
  }
  ctx.out.commandComplete(`ALTER ${kindWord(stmt.routineKind).toUpperCase()}`);
}

/**
 * The routine a DROP, ALTER or COMMENT names (LookupFuncWithArgs): of the kind it names
 * (`kind` undefined: FUNCTION), undefined (with a NOTICE) under IF EXISTS. Without argument
 * types only routines of that kind count; with them, a routine of the other kind is 42809. A
 * procedure matches its argument types written with or without its OUT parameters.
 */
export function lookupFunction(
  ref: FunctionObjectRef,
  ctx: StatementContext,
  ifExists: boolean,
  kind?: RoutineKind,
): FunctionDef | undefined {
  const view = ctx.catalog;
  const word = kindWord(kind);
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
    const ofKind = reachable.filter((f) => isOfKind(f, kind));
    if (ofKind.length > 1) {
      throw new DbError('42725', `${word} name "${name}" is not unique`, {
        hint: `Specify the argument list to select the ${word} unambiguously.`,
      });
    }
    if (ofKind.length === 1) return ofKind[0];
    if (ifExists) {
      ctx.out.notice(notice('00000', `${word} ${name}() does not exist, skipping`));
      return undefined;
    }
    throw new DbError('42883', `could not find a ${word} named "${name}"`);
  }
  const typesOf = (args: readonly FunctionArg[]) =>
    args.map((a) => withoutTypmod(resolveTypeName(a.type, view)));
  const all = typesOf(ref.args);
  const inputs = typesOf(ref.args.filter((a) => a.mode !== 'out'));
  // A procedure by every parameter (OUT ones too: what CALL writes), else any routine by its inputs.
  const match =
    reachable.find(
      (f) =>
        f.row.kind === 'p' &&
        sameTypes(
          declaredParameters(f).map((p) => p.type),
          all,
        ),
    ) ?? reachable.find((f) => sameTypes(f.argTypes, inputs));
  const signature = `${name}(${inputs.map(formatType).join(', ')})`;
  if (match !== undefined) {
    if (!isOfKind(match, kind)) {
      throw new DbError('42809', `${signature} is not a${kind === 'procedure' ? ' procedure' : ' function'}`);
    }
    return match;
  }
  if (ifExists) {
    ctx.out.notice(notice('00000', `${word} ${signature} does not exist, skipping`));
    return undefined;
  }
  throw new DbError('42883', `${word} ${signature} does not exist`);
}

/** Is `f` what a statement naming `kind` (undefined: FUNCTION) may name? */
const isOfKind = (f: FunctionDef, kind: RoutineKind | undefined): boolean =>
  kind === 'routine' || (f.row.kind === 'p') === (kind === 'procedure');

const sameTypes = (a: readonly SqlType[], b: readonly SqlType[]): boolean =>
  a.length === b.length && a.every((t, i) => t.name === b[i]!.name && t.enum?.oid === b[i]!.enum?.oid);
