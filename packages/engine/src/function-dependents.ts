/**
 * What calls a function DROP FUNCTION removes: PostgreSQL records a pg_depend row from each
 * column default, CHECK constraint, index, generated column and view that calls a function, so
 * DROP FUNCTION needs CASCADE for them (2BP01) and CASCADE drops them. RustyDB keeps these as SQL
 * text, so they are found by binding each one and looking for a call of the function (its OID in
 * the bound call): DROP FUNCTION is rare, and this reads the catalog only then.
 */
import type { CatalogView, TableDef } from '@rustydb/catalog';
import { DbError, type Oid } from '@rustydb/common';
import { parse } from '@rustydb/parser';
import { bindStatement, bindStoredExpression } from '@rustydb/planner';
import type { StatementContext } from './session.js';
import { notice } from './statement-notices.js';

/** One object calling the function, in PostgreSQL's words, and how CASCADE removes it. */
interface Dependent {
  readonly text: string;
  /** Undefined where RustyDB cannot drop it (an index or a generated column): 0A000 under CASCADE. */
  readonly drop?: () => void;
}

/** Does the bound tree `node` call function `oid`? */
function calls(node: unknown, oid: number, seen = new Set<object>()): boolean {
  if (node === null || typeof node !== 'object' || seen.has(node)) return false;
  seen.add(node);
  if ((node as { routine?: { oid?: number } }).routine?.oid === oid) return true;
  for (const v of Object.values(node)) if (calls(v, oid, seen)) return true;
  return false;
}

/** Whether binding `bind`'s expression finds a call of `oid` (an expression that no longer binds calls nothing). */
function bindsCall(oid: number, bind: () => unknown): boolean {
  try {
    return calls(bind(), oid);
  } catch (err) {
    if (err instanceof DbError) return false;
    throw err;
  }
}

function tableDependents(
  ctx: StatementContext,
  view: CatalogView,
  t: TableDef,
  oid: number,
  out: Dependent[],
): void {
  const catalog = ctx.engine.catalog;
  const of = `of table ${t.name}`;
  for (const c of t.columns) {
    if (c.defaultSql === undefined || c.identity !== undefined) continue;
    if (c.generated !== undefined) {
      if (bindsCall(oid, () => bindStoredExpression(c.defaultSql!, 'value', t, view))) {
        out.push({ text: `column ${c.name} ${of}` });
      }
      continue;
    }
    if (bindsCall(oid, () => bindStoredExpression(c.defaultSql!, 'value', undefined, view, c.type))) {
      out.push({
        text: `default value for column ${c.name} ${of}`,
        drop: () => catalog.setColumnDefault(ctx.tx, t.oid, c.attnum, null),
      });
    }
  }
  for (const con of t.constraints) {
    if (con.kind !== 'check' || con.checkSql === undefined) continue;
    if (bindsCall(oid, () => bindStoredExpression(con.checkSql!, 'condition', t, view))) {
      out.push({
        text: `constraint ${con.name} on table ${t.name}`,
        drop: () => catalog.dropConstraint(ctx.tx, t.oid, con.name, false),
      });
    }
  }
  for (const ix of t.indexes) {
    const keys = ix.expressions ?? [];
    const predicate = ix.predicateSql;
    const found =
      keys.some((sql) => bindsCall(oid, () => bindStoredExpression(sql, 'value', t, view))) ||
      (predicate !== undefined &&
        bindsCall(oid, () => bindStoredExpression(predicate, 'condition', t, view)));
    if (found) out.push({ text: `index ${ix.name}` });
  }
}

/** The defaults, constraints, indexes, generated columns and views of `view` that call function `oid`. */
function dependentsOf(ctx: StatementContext, oid: number): Dependent[] {
  const view = ctx.catalog;
  const out: Dependent[] = [];
  for (const t of view.tables()) tableDependents(ctx, view, t, oid, out);
  for (const v of view.views()) {
    const bound = () => bindStatement(parse(v.querySql)[0]!.stmt, { catalog: view, sql: v.querySql });
    if (bindsCall(oid, bound)) {
      out.push({
        text: `view ${v.name}`,
        drop: () => ctx.engine.catalog.dropView(ctx.tx, v.oid as Oid, true),
      });
    }
  }
  return out;
}

/**
 * Before DROP FUNCTION of `oid` (`signature`: `f(integer)`): 2BP01 when something calls it and
 * not `cascade`; with `cascade`, drops those objects and sends PostgreSQL's NOTICE.
 */
export function dropFunctionDependents(
  ctx: StatementContext,
  oid: number,
  signature: string,
  cascade: boolean,
): void {
  const found = dependentsOf(ctx, oid);
  if (found.length === 0) return;
  const lines = found.map((d) => d.text);
  if (!cascade) {
    throw new DbError('2BP01', `cannot drop function ${signature} because other objects depend on it`, {
      detail: lines.map((l) => `${l} depends on function ${signature}`).join('\n'),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  const unsupported = found.find((d) => d.drop === undefined);
  if (unsupported) {
    throw new DbError('0A000', `DROP FUNCTION … CASCADE of ${unsupported.text} is not supported`);
  }
  ctx.out.notice(
    found.length === 1
      ? notice('00000', `drop cascades to ${lines[0]}`)
      : notice(
          '00000',
          `drop cascades to ${found.length} other objects`,
          lines.map((l) => `drop cascades to ${l}`).join('\n'),
        ),
  );
  for (const d of found) d.drop!();
}
