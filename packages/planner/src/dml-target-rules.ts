/**
 * Rules on DML targets that PostgreSQL's rewriter enforces before planning:
 *
 * - a materialized view changes only by REFRESH: DML on it is 42809 `cannot change materialized
 *   view "m"`;
 * - a sequence is not a table: INSERT/UPDATE/DELETE on one is 42809 `cannot change sequence "s"`
 *   (a view is written through to its base table when automatically updatable: updatable-view.ts);
 * - GENERATED ALWAYS AS IDENTITY columns take only DEFAULT: an INSERT that supplies a value needs
 *   OVERRIDING SYSTEM VALUE (428C9), an UPDATE may only SET them to DEFAULT (428C9); OVERRIDING
 *   USER VALUE replaces supplied values of identity columns by their defaults;
 * - stored generated columns take only DEFAULT, whatever OVERRIDING says (428C9 for INSERT and
 *   UPDATE alike): the executor computes them.
 */
import type { CatalogReader, ColumnDef, TableDef } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type * as ast from '@rustydb/parser';

/** Throws 42809 when `name` (no table or view of that name exists) is a sequence. */
export function checkNotSequenceTarget(catalog: CatalogReader, name: ast.ObjectName): void {
  if (catalog.sequence?.(name.name, name.schema)) {
    throw new DbError('42809', `cannot change sequence "${name.name}"`, { position: name.location + 1 });
  }
}

/** A materialized view changes only by REFRESH: DML on it is 42809 (PostgreSQL's CheckValidResultRel). */
export function checkNotMatviewTarget(table: TableDef): void {
  if (table.matview) throw new DbError('42809', `cannot change materialized view "${table.name}"`);
}

/**
 * A materialized view created WITH NO DATA (or refreshed so) cannot be read until REFRESH fills
 * it: 55000, PostgreSQL's message and hint. Checked when a scan of it is built, not when a query
 * naming it is bound: EXPLAIN, CREATE VIEW and WITH NO DATA over it work, as in PostgreSQL.
 */
export function checkPopulated(table: TableDef): void {
  if (table.matview?.populated === false) {
    throw new DbError('55000', `materialized view "${table.name}" has not been populated`, {
      hint: 'Use the REFRESH MATERIALIZED VIEW command.',
    });
  }
}

const alwaysError = (c: ColumnDef, message: string, hint?: string) =>
  new DbError('428C9', message, {
    detail: `Column "${c.name}" is an identity column defined as GENERATED ALWAYS.`,
    ...(hint ? { hint } : {}),
  });

/**
 * INSERT into identity columns: 428C9 for a value supplied to a GENERATED ALWAYS column without
 * OVERRIDING SYSTEM VALUE; with OVERRIDING USER VALUE, supplied identity values become DEFAULT.
 * Returns the statement to bind (rewritten for OVERRIDING USER VALUE).
 */
export function applyIdentityRules(s: ast.InsertStmt, targets: readonly ColumnDef[]): ast.InsertStmt {
  if (s.overriding === 'system' || !targets.some((c) => c.identity !== undefined)) return s;
  const src = s.source;
  const positions = targets.map((c, i) => (c.identity !== undefined ? i : -1)).filter((i) => i >= 0);
  if (s.overriding === 'user') {
    if (src?.kind !== 'values') {
      throw new DbError('0A000', 'OVERRIDING USER VALUE is only supported with VALUES');
    }
    const rows = src.rows.map((r) =>
      r.map((e, i) => (positions.includes(i) ? ({ kind: 'default', location: e.location } as ast.Expr) : e)),
    );
    return { ...s, source: { ...src, rows } };
  }
  for (const i of positions) {
    const c = targets[i];
    if (c.identity !== 'always') continue;
    const supplied =
      src?.kind === 'values'
        ? src.rows.some((r) => r[i] !== undefined && r[i].kind !== 'default')
        : src !== undefined;
    if (supplied) {
      throw alwaysError(
        c,
        `cannot insert a non-DEFAULT value into column "${c.name}"`,
        'Use OVERRIDING SYSTEM VALUE to override.',
      );
    }
  }
  return s;
}

/**
 * UPDATE SET of a GENERATED ALWAYS identity column or a generated column to anything but
 * DEFAULT: 428C9.
 */
export function checkIdentityUpdate(column: ColumnDef, value: ast.Expr): void {
  if (value.kind === 'default') return;
  const message = `column "${column.name}" can only be updated to DEFAULT`;
  if (column.identity === 'always') throw alwaysError(column, message);
  if (column.generated !== undefined) throw generatedError(column, message);
}

const generatedError = (c: ColumnDef, message: string) =>
  new DbError('428C9', message, { detail: `Column "${c.name}" is a generated column.` });

/**
 * INSERT into generated columns: 428C9 when `targets` (the columns the source fills, after a
 * short VALUES or SELECT list trimmed them) include one that gets anything but DEFAULT.
 */
export function checkGeneratedTargets(
  targets: readonly ColumnDef[],
  rows?: readonly (readonly ast.Expr[])[],
): void {
  targets.forEach((c, i) => {
    if (c.generated === undefined) return;
    if (rows?.every((r) => r[i]?.kind === 'default')) return;
    throw generatedError(c, `cannot insert a non-DEFAULT value into column "${c.name}"`);
  });
}
