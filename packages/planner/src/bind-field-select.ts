/**
 * Composite values in expressions: field selection `(x).f` and row constructors `ROW(a, b)`.
 *
 * A composite's shape is its SQL type's `fields` (`recordType`): a row constructor's fields are
 * f1…fn, a set-returning function's (`_pg_expandarray`, `jsonb_each`) its OUT columns. Field
 * selection binds to the scalar function `record_field(x, i)` (executor: record-functions.ts),
 * so every later stage treats it as an ordinary call. `(t).c` and `(t.*).c` on a FROM item are
 * resolved here to the column `t.c` (PostgreSQL's parser does the same), so no whole-row value
 * is built. A set-returning call under field selection in a select list is ProjectSet's
 * business (bind-set-returning.ts `bindSetReturningTarget`), not this file's.
 */
import { compositeSqlType, DbError, formatType, recordType, sqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { ExprBinder, ExprContext } from './bind-expr.js';
import { setReturningFunction } from './bind-set-returning.js';
import { coerceImplicit } from './coerce.js';
import type { LogicalExpr } from './logical-plan.js';

const INT4 = sqlType('int4');
const TEXT = sqlType('text');

/**
 * Where PostgreSQL reports a field selection error: the `(` opening the selected expression
 * (parse_expr.c points at the indirection's start), else the expression itself. 1-based.
 */
export function fieldSelectPosition(sql: string, arg: ast.Expr): number {
  let i = arg.location - 1;
  while (i >= 0 && /\s/.test(sql[i])) i--;
  return i >= 0 && sql[i] === '(' ? i + 1 : arg.location + 1;
}

/** A FROM item named by a bare `(t)` or `(t.*)`, as the qualifier of a column reference. */
function wholeRowQualifier(arg: ast.Expr): readonly string[] | undefined {
  if (arg.kind === 'star' && arg.qualifier.length > 0) return arg.qualifier;
  if (arg.kind === 'columnRef' && arg.names.length === 1) return arg.names;
  return undefined;
}

/**
 * Binds `(x).field`. Synchronous. Throws 42703 `could not identify column "f" in record data type`
 * for a field the record lacks (or a record of unknown shape), 42809 when `x` is not composite, and
 * 42703 `column t.f does not exist` for `(t).f` on a FROM item without column `f`.
 */
export function bindFieldSelect(b: ExprBinder, e: ast.FieldSelect, ctx: ExprContext): LogicalExpr {
  const pos = fieldSelectPosition(b.state.sql, e.arg);
  const qualifier = wholeRowQualifier(e.arg);
  if (qualifier !== undefined && isFromItem(ctx, qualifier, e.arg)) {
    return b.bind({ kind: 'columnRef', names: [...qualifier, e.field], location: pos - 1 }, ctx);
  }
  const arg = b.bind(e.arg, ctx);
  const fields = arg.type.fields;
  if (arg.type.name !== 'record') {
    throw new DbError(
      '42809',
      `column notation .${e.field} applied to type ${formatType(arg.type)}, which is not a composite type`,
      { position: pos },
    );
  }
  const index = fields === undefined ? -1 : fields.findIndex((f) => f.name === e.field);
  if (index < 0) {
    const message =
      arg.type.composite === undefined
        ? `could not identify column "${e.field}" in record data type`
        : `column "${e.field}" not found in data type ${arg.type.composite.name}`;
    throw new DbError('42703', message, { position: pos });
  }
  return {
    kind: 'func',
    type: fields![index].type,
    name: 'record_field',
    args: [arg, { kind: 'const', type: INT4, value: index }],
  };
}

/**
 * `(t)` names a FROM item rather than a column when no column of that name is in scope
 * (PostgreSQL tries the column first, too); `(t.*)` always names one.
 */
function isFromItem(ctx: ExprContext, qualifier: readonly string[], arg: ast.Expr): boolean {
  const alias = qualifier[qualifier.length - 1];
  let hasItem = false;
  for (let s: typeof ctx.scope | undefined = ctx.scope; s; s = s.parent) {
    if (
      arg.kind === 'columnRef' &&
      s.items.some((it) => it.columns.some((c) => c.name === alias && !c.hidden))
    ) {
      return false;
    }
    if (s.items.some((it) => it.alias === alias)) hasItem = true;
  }
  return hasItem || arg.kind === 'star';
}

/**
 * `ROW(a, b)` / `(a, b)`: a record with fields f1…fn. Unknown-typed literals become text.
 * Synchronous; throws what binding the items throws.
 */
export function bindRowConstructor(b: ExprBinder, e: ast.Row, ctx: ExprContext): LogicalExpr {
  const args = e.args.map((a) => {
    const x = b.bind(a, ctx);
    return x.type.name === 'unknown' ? coerceImplicit(x, TEXT, b.state.params, a.location + 1) : x;
  });
  const type = recordType(args.map((a, i) => ({ name: `f${i + 1}`, type: a.type })));
  return { kind: 'func', type, name: 'row', args };
}

/**
 * A select list with each `(x).*` item expanded, as PostgreSQL's parser does: `(t).*` and
 * `(t.*).*` on a FROM item become `t.*`; `(f(a)).*` for a set-returning function and `(r).*` for a
 * record of known shape become one `(x).field` item per field (so `(f(a)).*` runs `f` in lockstep
 * per column, as PostgreSQL's ProjectSet does). Synchronous; throws 42809 `type integer is not
 * composite` for anything else, and what binding `x` throws.
 */
export function expandFieldStars(
  b: ExprBinder,
  list: readonly ast.ResultTarget[],
  ctx: ExprContext,
): readonly ast.ResultTarget[] {
  if (!list.some((t) => t.expr.kind === 'fieldStar')) return list;
  const out: ast.ResultTarget[] = [];
  for (const t of list) {
    if (t.expr.kind !== 'fieldStar') {
      out.push(t);
      continue;
    }
    const arg = t.expr.arg;
    const location = arg.location;
    const qualifier = wholeRowQualifier(arg);
    if (qualifier !== undefined && isFromItem(ctx, qualifier, arg)) {
      out.push({ expr: { kind: 'star', qualifier, location }, location: t.location });
      continue;
    }
    const sig = arg.kind === 'funcCall' && arg.over === undefined ? setReturningFunction(arg) : undefined;
    let names: readonly string[];
    if (sig !== undefined) {
      names = sig.columns.map((c) => c.name);
    } else {
      const type = b.bind(arg, ctx).type;
      if (type.name !== 'record' || type.fields === undefined) {
        throw new DbError('42809', `type ${formatType(type)} is not composite`, {
          position: fieldSelectPosition(b.state.sql, arg),
        });
      }
      names = type.fields.map((f) => f.name);
    }
    for (const field of names) {
      out.push({ expr: { kind: 'fieldSelect', arg, field, location }, location: t.location });
    }
  }
  return out;
}

/**
 * A whole-row reference: `t` where no column `t` is in scope but a FROM item is named `t`
 * (PostgreSQL tries the column first, too) — the record of the item's visible columns, its
 * fields named after them (`SELECT t FROM t ORDER BY t`); of the table's or view's row type
 * when the item is one (`pg_typeof(t)` is `t`). Undefined when no item has that name.
 * Synchronous; throws what binding the columns throws (42803 for an ungrouped column).
 */
export function bindWholeRow(b: ExprBinder, e: ast.ColumnRef, ctx: ExprContext): LogicalExpr | undefined {
  if (e.names.length !== 1) return undefined;
  const alias = e.names[0]!;
  for (let s: typeof ctx.scope | undefined = ctx.scope; s; s = s.parent) {
    const item = s.items.find((it) => it.alias === alias);
    if (item === undefined) continue;
    const columns = item.columns.filter((c) => !c.hidden);
    const args = columns.map((c) =>
      b.bind({ kind: 'columnRef', names: [alias, c.name], location: e.location }, ctx),
    );
    const type =
      item.rowType !== undefined && item.rowType.fields.length === args.length
        ? compositeSqlType(item.rowType)
        : recordType(args.map((a, i) => ({ name: columns[i]!.name, type: a.type })));
    return { kind: 'func', type, name: 'row', args };
  }
  return undefined;
}
