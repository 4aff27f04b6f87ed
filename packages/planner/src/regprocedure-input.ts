/**
 * regprocedure input's parsing half (PostgreSQL's parseNameAndArgTypes): a routine's signature
 * as text, `[schema.]name(type, …)`, as has_function_privilege takes it. Which routine it names
 * is the caller's to find (pg_proc's rows: a name, a schema and argument types).
 */
import type { RoutineSignature } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import { parseFunctionSignature } from '@rustydb/parser';
import { resolveTypeName, type TypeLookup } from './resolve-type-name.js';

export type { RoutineSignature };

/**
 * `text` as a routine signature, argument types resolved through `types` (enums, domains).
 * Sync. @throws DbError 22P02 `expected a left parenthesis` without an argument list, `expected
 * a right parenthesis` when the text does not end with one, 42601 for other malformed text,
 * 42704 for an unknown type.
 */
export function parseRegprocedure(text: string, types?: TypeLookup): RoutineSignature {
  // PostgreSQL's parseNameAndArgTypes looks for the parentheses before it reads anything.
  if (text.includes('(') && !/\)\s*$/.test(text)) throw new DbError('22P02', 'expected a right parenthesis');
  try {
    const ref = parseFunctionSignature(text);
    if (ref.args === undefined) throw new DbError('22P02', 'expected a left parenthesis');
    return {
      ...(ref.schema === undefined ? {} : { schema: ref.schema }),
      name: ref.name,
      argTypes: ref.args.map((a) => resolveTypeName(a.type, types)),
    };
  } catch (err) {
    // A position would point into `text`, not into the statement that passed it.
    if (err instanceof DbError && err.fields.position !== undefined) throw new DbError(err.code, err.message);
    throw err;
  }
}
