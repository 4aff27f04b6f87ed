/**
 * Named notation in function calls (`make_interval(days => 3, hours => 4)`): PostgreSQL matches
 * each named argument to the parameter of that name (pg_proc.proargnames) and fills the
 * parameters left out from their defaults. The binder resolves overloads positionally, so named
 * calls are rewritten here into positional ones before binding.
 *
 * Only the functions below have parameter names; a named argument to any other function, or a
 * name the function does not have, is 42883 as in PostgreSQL (its candidates then simply do not
 * match). Every default here is 0, which is what pg_proc says for make_interval.
 */
import type * as ast from '@rustydb/parser';

interface ParameterList {
  readonly names: readonly string[];
  /** How many trailing parameters have a default (pronargdefaults); all defaults are 0. */
  readonly defaults: number;
  /** Arities of the overloads: a call may stop early only at one of them. */
  readonly arities: readonly number[];
  /** The defaults of the trailing parameters as literals (type and text), when not all 0. */
  readonly defaultValues?: readonly (readonly ['string' | 'boolean', string])[];
}

/** jsonb_path_*(target, path, vars DEFAULT '{}', silent DEFAULT false). */
const JSONPATH_PARAMETERS: ParameterList = {
  names: ['target', 'path', 'vars', 'silent'],
  defaults: 2,
  arities: [2, 3, 4],
  defaultValues: [
    ['string', '{}'],
    ['boolean', 'false'],
  ],
};

const PARAMETERS: Readonly<Record<string, ParameterList>> = {
  make_interval: {
    names: ['years', 'months', 'weeks', 'days', 'hours', 'mins', 'secs'],
    defaults: 7,
    arities: [7],
  },
  make_date: { names: ['year', 'month', 'day'], defaults: 0, arities: [3] },
  make_time: { names: ['hour', 'min', 'sec'], defaults: 0, arities: [3] },
  make_timestamp: { names: ['year', 'month', 'mday', 'hour', 'min', 'sec'], defaults: 0, arities: [6] },
  make_timestamptz: {
    names: ['year', 'month', 'mday', 'hour', 'min', 'sec', 'timezone'],
    defaults: 0,
    arities: [6, 7],
  },
  // ---- jsonpath ----
  jsonb_path_exists: JSONPATH_PARAMETERS,
  jsonb_path_match: JSONPATH_PARAMETERS,
  jsonb_path_query: JSONPATH_PARAMETERS,
  jsonb_path_query_array: JSONPATH_PARAMETERS,
  jsonb_path_query_first: JSONPATH_PARAMETERS,
  jsonb_path_exists_tz: JSONPATH_PARAMETERS,
  jsonb_path_match_tz: JSONPATH_PARAMETERS,
  jsonb_path_query_tz: JSONPATH_PARAMETERS,
  jsonb_path_query_array_tz: JSONPATH_PARAMETERS,
  jsonb_path_query_first_tz: JSONPATH_PARAMETERS,
};

/**
 * The call's arguments in positional order, or undefined when the call uses named notation for
 * a function or parameter name PostgreSQL would not match (the caller raises 42883 with
 * `describeNamedCall`). Calls without named arguments are returned as they are. Pure.
 */
export function positionalArguments(e: ast.FuncCall): readonly ast.Expr[] | undefined {
  const names: readonly (string | null)[] = e.argNames ?? [];
  if (names.every((n) => n === null)) return e.args;
  const params = e.schema === undefined || e.schema === 'pg_catalog' ? PARAMETERS[e.name] : undefined;
  if (params === undefined) return undefined;
  const slots: (ast.Expr | undefined)[] = new Array(params.names.length).fill(undefined);
  for (const [i, arg] of e.args.entries()) {
    const name = names[i];
    const at = name === null ? i : params.names.indexOf(name);
    if (at < 0 || slots[at] !== undefined) return undefined;
    slots[at] = arg;
  }
  const filled = slots.reduce((last, arg, i) => (arg === undefined ? last : i + 1), 0);
  const firstDefault = params.names.length - params.defaults;
  // The shortest overload that takes every given argument and whose gaps all have defaults.
  const arity = [...params.arities]
    .sort((a, b) => a - b)
    .find((n) => n >= filled && slots.slice(0, n).every((arg, i) => arg !== undefined || i >= firstDefault));
  if (arity === undefined) return undefined;
  const out = slots.slice(0, arity).map((arg, i): ast.Expr => {
    if (arg !== undefined) return arg;
    const d = params.defaultValues?.[i - firstDefault];
    return d === undefined
      ? { kind: 'literal', type: 'integer', value: '0', location: e.location }
      : { kind: 'literal', type: d[0], value: d[1], location: e.location };
  });
  return out;
}

/** `name(a => type, type)`: the signature text of 42883 for a named call. Pure. */
export function describeNamedCall(e: ast.FuncCall, argTypes: readonly string[]): string {
  const parts = argTypes.map((t, i) => {
    const name = e.argNames?.[i];
    return name ? `${name} => ${t}` : t;
  });
  return `${e.name}(${parts.join(', ')})`;
}
