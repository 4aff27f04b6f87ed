/**
 * User-defined functions (CREATE FUNCTION, the catalog's sys_proc) as candidates of overload
 * resolution beside the built-ins, found as PostgreSQL finds them (namespace.c
 * FuncnameGetCandidates): in the written schema, or with no schema written, in the schemas of
 * the search path; a function hidden by one of the same argument types earlier in the path (a
 * built-in of pg_catalog first of all) is no candidate. A function whose trailing parameters
 * have defaults is a candidate for each call that leaves only defaulted ones out.
 */
import type { FunctionDef } from '@rustydb/catalog';
import type { TypeName } from '@rustydb/common';
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
): FunctionSignature[] {
  const reached = reachableFunctions(name, schema, lookup);
  if (reached.length === 0) return [];
  const out: FunctionSignature[] = [];
  const taken = builtins.filter((s) => s.args.length === argc).map((s) => s.args.join(','));
  for (const f of reached) {
    const nargs = f.argTypes.length;
    const defaults = f.row.args.filter((a) => a.default !== undefined).length;
    if (argc > nargs || argc < nargs - defaults) continue;
    const args = f.argTypes.slice(0, argc).map((t) => t.name as TypeName);
    const key = f.argTypes.map((t) => t.name).join(',');
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
): readonly ast.Expr[] | undefined {
  const names = e.argNames ?? [];
  const fits: ast.Expr[][] = [];
  for (const f of reachableFunctions(e.name, e.schema, lookup)) {
    const params = f.row.args;
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
