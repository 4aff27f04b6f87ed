/**
 * What an error raised under PL/pgSQL says about where it happened: PostgreSQL's error context
 * stack, a line per level from the innermost out (pl_exec.c's plpgsql_exec_error_callback and
 * spi.c's _SPI_error_callback):
 *
 *   PL/pgSQL function inner(integer) line 3 at RETURN     the statement of each function running
 *   SQL statement "SELECT inner(x)"                       the SQL that statement ran
 *   PL/pgSQL function outer(integer) line 5 at PERFORM
 *
 * An error with a cursor position inside that SQL gets no SQL line: the position and the SQL go
 * to the internal position and query fields instead (psql's `LINE 1: …` and `QUERY: …`), so a
 * client does not point into the statement it sent. A "simple" expression (a bare value, no FROM
 * and no subquery: `RETURN 10 / x`, `IF n > 0`) runs outside SPI in PostgreSQL, so its run-time
 * errors get no line of their own; its errors at planning (constant folding of `1 / 0`) do.
 */
import { DbError } from '@rustydb/common';
import { forEachNode, type Statement } from '@rustydb/parser';

/** `err` with `line` appended to its CONTEXT, unless it already ends with that line. */
export function withContext(err: unknown, line: string): unknown {
  if (!(err instanceof DbError)) return err;
  const where = err.fields.where;
  if (where === undefined) return err.with({ where: line });
  if (where === line || where.endsWith(`\n${line}`)) return err;
  return err.with({ where: `${where}\n${line}` });
}

/** How an error of SQL run by PL/pgSQL is described: the SQL's text, and the CONTEXT line. */
export interface SqlSite {
  /** The text the client sees in QUERY (an expression's own text, not the SELECT around it). */
  readonly query: string;
  /** Where position 1 of the statement that ran falls in `query`, less one. */
  readonly offset: number;
  /** The CONTEXT line, or undefined for none (a simple expression's run-time error). */
  readonly line: string | undefined;
}

/**
 * `err` as it leaves SQL run at `site`: a cursor position moves to the internal position over
 * `site.query`, else the site's line is appended (spi.c's _SPI_error_callback).
 */
export function atSqlSite(err: unknown, site: SqlSite): unknown {
  if (!(err instanceof DbError)) return err;
  const position = err.fields.position;
  if (position !== undefined && err.fields.internalQuery === undefined) {
    const inner = position + site.offset;
    const fits = inner >= 1 && inner <= site.query.length + 1;
    return err.with({
      position: undefined,
      internalPosition: fits ? inner : position,
      internalQuery: fits ? site.query : undefined,
    });
  }
  return site.line === undefined ? err : withContext(err, site.line);
}

/**
 * Is `stmt` a simple expression in PostgreSQL's sense (exec_simple_check_plan): one target and
 * nothing else — no FROM, WHERE, grouping, ordering, DISTINCT or WITH, and no subquery?
 */
export function isSimpleExpression(stmt: Statement): boolean {
  if (stmt.kind !== 'select' || stmt.targets.length !== 1) return false;
  if (stmt.from.length > 0 || stmt.where !== undefined || stmt.having !== undefined) return false;
  if (stmt.groupBy.length > 0 || stmt.windows.length > 0 || stmt.distinct) return false;
  if (stmt.with !== undefined || stmt.orderBy.length > 0 || stmt.limit !== undefined) return false;
  if (stmt.offset !== undefined || stmt.locking.length > 0) return false;
  return !forEachNode(stmt.targets, (n) => n.kind === 'select' || n.kind === 'values' || n.kind === 'setOp');
}

/**
 * Did PostgreSQL raise `err` while planning a simple expression? That is constant folding: the
 * expression reads no variable and the error is its own (no inner function's context yet).
 */
export function raisedWhilePlanning(err: unknown, readsVariables: boolean): boolean {
  return !readsVariables && err instanceof DbError && err.fields.where === undefined;
}
