/**
 * User-defined functions (CREATE FUNCTION, the catalog's sys_proc) as candidates of overload
 * resolution beside the built-ins, found as PostgreSQL finds them (namespace.c
 * FuncnameGetCandidates): in the written schema, or with no schema written, in the schemas of
 * the search path; a function hidden by one of the same argument types earlier in the path (a
 * built-in of pg_catalog first of all) is no candidate. A function whose trailing parameters
 * have defaults is a candidate for each call that leaves only defaulted ones out.
 *
 * CALL matches a routine by all of its declared parameters, OUT ones included (PostgreSQL 14's
 * include_out_arguments): `CALL p(1, NULL)` for `p(IN a int, OUT b int)`. Other calls match
 * the input parameters only.
 */
import { type DeclaredParameter, declaredParameters, type FunctionDef } from '@rustydb/catalog';
import { DbError, type TypeName } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { parseExpression } from '@rustydb/parser';
import type { FunctionSignature } from './functions.js';

/** Where user-defined functions are: the catalog view (optional so test catalogs need not say). */
export interface RoutineLookup {
  functionsNamed?(name: string): readonly FunctionDef[];
  readonly effectivePath?: readonly string[];
  /** Whether a schema exists (a call qualified with a missing one is 3F000). */
  schemaExists?(name: string): boolean;
}

/**
 * The candidates among user-defined functions for `schema.name` called with `argc` positional
 * arguments, each with `routine` set; `builtins` are the pg_catalog candidates that hide them.
 */
export function routineSignatures(
  name: string,
  schema: string | undefined,
  argc: number,
  lookup: RoutineLookup | undefined,
  builtins: readonly FunctionSignature[],
  call = false,
): FunctionSignature[] {
  const reached = reachableFunctions(name, schema, lookup);
  if (reached.length === 0) return [];
  const out: FunctionSignature[] = [];
  const taken = builtins.filter((s) => s.args.length === argc).map((s) => s.args.join(','));
  for (const f of reached) {
    const params = callParameters(f, call);
    const nargs = params.length;
    let defaults = 0;
    while (defaults < nargs && params[nargs - 1 - defaults]!.default !== undefined) defaults++;
    if (argc > nargs || argc < nargs - defaults) continue;
    const args = params.slice(0, argc).map((p) => p.type.name as TypeName);
    const key = params.map((p) => p.type.name).join(',');
    if (taken.includes(key)) continue;
    taken.push(key);
    out.push({
      name,
      args,
      result: (f.result?.name ?? 'void') as TypeName,
      ...(f.row.volatility === 'v' ? { volatile: true } : {}),
      routine: f,
    });
  }
  return out;
}

/** The user-defined functions `schema.name` reaches, in search path order. */
function reachableFunctions(
  name: string,
  schema: string | undefined,
  lookup: RoutineLookup | undefined,
): FunctionDef[] {
  const defs = lookup?.functionsNamed?.(name);
  if (defs === undefined || defs.length === 0) return [];
  const path = lookup?.effectivePath ?? ['public'];
  return defs
    .filter((f) => (schema === undefined ? path.includes(f.schema) : f.schema === schema))
    .sort((a, b) => path.indexOf(a.schema) - path.indexOf(b.schema));
}

/**
 * Named notation (`f(a => 1, c => 3)`) for a user-defined function: the call's arguments in
 * the positions of the parameters they name, every parameter left out given its DEFAULT (parsed
 * from its stored text), as PostgreSQL's FuncnameGetCandidates matches proargnames. Undefined
 * unless exactly one reachable function takes the names (the caller raises 42883).
 */
export function namedRoutineArguments(
  e: ast.FuncCall,
  lookup: RoutineLookup | undefined,
  call = false,
): readonly ast.Expr[] | undefined {
  const names = e.argNames ?? [];
  const fits: ast.Expr[][] = [];
  for (const f of reachableFunctions(e.name, e.schema, lookup)) {
    const params = callParameters(f, call);
    const slots: (ast.Expr | undefined)[] = new Array(params.length).fill(undefined);
    let ok = e.args.length <= params.length;
    e.args.forEach((arg, i) => {
      const name = names[i];
      const at = name === null || name === undefined ? i : params.findIndex((p) => p.name === name);
      if (at < 0 || slots[at] !== undefined) ok = false;
      else slots[at] = arg;
    });
    if (!ok) continue;
    const filled: ast.Expr[] = [];
    for (let i = 0; i < params.length && ok; i++) {
      const text = params[i]!.default;
      const arg = slots[i] ?? (text === undefined ? undefined : parseExpression(text));
      if (arg === undefined) ok = false;
      else filled.push(arg);
    }
    if (ok) fits.push(filled);
  }
  return fits.length === 1 ? fits[0] : undefined;
}

/**
 * The parameters a call of `f` passes arguments for: with `call` (CALL) every declared one, OUT
 * parameters included; else the inputs (IN, INOUT).
 */
export function callParameters(f: FunctionDef, call: boolean): readonly DeclaredParameter[] {
  const all = declaredParameters(f);
  return call ? all : all.filter((p) => p.mode !== 'o');
}

/** 42883 for a CALL that matches no procedure (ParseFuncOrColumn with proc_call). */
export const undefinedProcedure = (signature: string, position?: number): DbError =>
  new DbError('42883', `procedure ${signature} does not exist`, {
    hint: 'No procedure matches the given name and argument types. You might need to add explicit type casts.',
    ...(position === undefined ? {} : { position }),
  });
