/**
 * The SQL/JSON path functions (jsonb_path_exists, jsonb_path_match, jsonb_path_query_array,
 * jsonb_path_query_first; the set-returning jsonb_path_query's rows), over common's jsonpath
 * evaluator. Their optional arguments are PostgreSQL's defaults: vars `'{}'`, silent false.
 * The path argument is a parsed `JsonPath` value, so a constant path is read once per statement.
 *
 * Registers PostgreSQL's regular expressions (regexp-flags.ts) for like_regex.
 */
import {
  type Jsonb,
  Jsonb as JsonbValue,
  type JsonPath,
  jsonbPathExists,
  jsonbPathMatch,
  jsonbPathQuery,
  setJsonPathRegexCompiler,
  type TimeZone,
  type Value,
} from '@rustydb/common';
import type { Impl } from './date-time-functions.js';
import { compileRegexp } from './regexp-flags.js';

setJsonPathRegexCompiler((pattern, flags) => {
  const { re } = compileRegexp(pattern, flags, 'like_regex', false);
  return (s) => re.exec(s, 0) !== null;
});

/** (target, path, vars, silent) of a call with 2 to 4 arguments. */
function callArgs(args: readonly Value[]) {
  return {
    target: (args[0] as Jsonb).value,
    path: args[1] as JsonPath,
    vars: args.length > 2 ? (args[2] as Jsonb).value : undefined,
    silent: args.length > 3 && args[3] === true,
  };
}

/**
 * The strict jsonpath functions returning one value. The `_tz` variants compare datetimes across
 * types in the session's time zone (`zone`); the others raise 0A000 where that would be needed.
 */
export function jsonPathFunction(name: string, zone: TimeZone): Impl | undefined {
  const withZone = name.endsWith('_tz');
  const tz = withZone ? zone : undefined;
  switch (withZone ? name.slice(0, -3) : name) {
    case 'jsonb_path_exists':
      return (args) => {
        const a = callArgs(args);
        return jsonbPathExists(a.path, a.target, a.vars, a.silent, tz);
      };
    case 'jsonb_path_match':
      return (args) => {
        const a = callArgs(args);
        return jsonbPathMatch(a.path, a.target, a.vars, a.silent, tz);
      };
    case 'jsonb_path_query_array':
      return (args) => {
        const a = callArgs(args);
        return new JsonbValue(jsonbPathQuery(a.path, a.target, a.vars, a.silent, tz));
      };
    case 'jsonb_path_query_first':
      return (args) => {
        const a = callArgs(args);
        const v = jsonbPathQuery(a.path, a.target, a.vars, a.silent, tz);
        return v.length === 0 ? null : new JsonbValue(v[0]!);
      };
    default:
      return undefined;
  }
}

/** Rows of jsonb_path_query and (with the session's `zone`) jsonb_path_query_tz. */
export function jsonPathQueryRows(args: readonly Value[], zone?: TimeZone): Value[][] {
  const a = callArgs(args);
  const tz = zone;
  return jsonbPathQuery(a.path, a.target, a.vars, a.silent, tz).map((v) => [new JsonbValue(v)]);
}
