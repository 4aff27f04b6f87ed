/**
 * A row constructor converted to a named composite type (`ROW(1, 'x')::c2`, a row passed for a
 * parameter of type c2), as PostgreSQL's coerce_record_to_complex: each item converted to its
 * field's type in the cast's context, at bind time, so an unknown literal is read by the field
 * type's input function and a bad item fails where it was written.
 */
import { DbError, formatType, type SqlType } from '@rustydb/common';
import { type CoercionContext, coerce, type ParamTypes } from './coerce.js';
import type { LogicalExpr } from './logical-plan.js';

/**
 * `ROW(args…)` as a value of composite `target`. Synchronous. @throws DbError 42846 `cannot
 * cast type record to c2` (too few or too many items, or an item whose type does not convert in
 * `context`), and what converting a literal item throws (22P02 …).
 */
export function coerceRowToComposite(
  args: readonly LogicalExpr[],
  target: SqlType,
  context: CoercionContext,
  params: ParamTypes,
  position: number,
): LogicalExpr {
  const fields = target.fields ?? [];
  const refuse = (detail: string) =>
    new DbError('42846', `cannot cast type record to ${formatType(target)}`, { position, detail });
  if (args.length < fields.length) throw refuse('Input has too few columns.');
  if (args.length > fields.length) throw refuse('Input has too many columns.');
  const out = args.map((a, i) => {
    const want = fields[i]!.type;
    const converted = coerce(a, want, context, params, position);
    if (converted === undefined) {
      throw refuse(`Cannot cast type ${formatType(a.type)} to ${formatType(want)} in column ${i + 1}.`);
    }
    return converted;
  });
  return { kind: 'func', type: target, name: 'row', args: out };
}
