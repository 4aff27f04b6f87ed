/**
 * textregexeq / texticregexeq: the `~` and `~*` operators (the planner's bind-regex-match.ts
 * negates them for `!~`, `!~*`). The last pattern's RegExp is kept per call site, so a
 * constant pattern compiles once.
 */
import type { CompiledExpr } from './compile-expr.js';
import type { GuardedRegExp } from './guarded-regexp.js';
import { compilePosixRegExp } from './posix-regex.js';
import type { Runtime } from './runtime.js';

/** Is `name` a regex match function (compiled by `compileRegexMatch`)? */
export const isRegexMatch = (name: string): boolean => name === 'textregexeq' || name === 'texticregexeq';

/** Compiles `textregexeq(s, pattern)`; throws 2201B at run time for an invalid pattern. */
export function compileRegexMatch(name: string, args: readonly CompiledExpr[], rt: Runtime): CompiledExpr {
  const [s, p] = args;
  const ignoreCase = name === 'texticregexeq';
  let lastPattern: string | undefined;
  let re: GuardedRegExp | undefined;
  return (row) => {
    const text = s!(row);
    const pattern = p!(row);
    if (text === null || pattern === null) return null;
    if (re === undefined || pattern !== lastPattern) {
      re = compilePosixRegExp(pattern as string, 's', ignoreCase);
      lastPattern = pattern as string;
    }
    return re.test(text as string, rt.ctx);
  };
}
