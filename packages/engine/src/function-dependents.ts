/**
 * What calls a function that DROP FUNCTION or DROP EXTENSION removes: PostgreSQL records a
 * pg_depend row from each column default, CHECK constraint, index, generated column and view
 * that calls a function, and from each trigger to its function (and from the function to its extension), so the DROP needs CASCADE for
 * them (2BP01) and CASCADE drops them. RustyDB keeps these as SQL text, so they are found by
 * binding each one and looking for a call of the function: the DROP is rare, and this reads the
 * catalog only then.
 */
import type { CatalogView, TableDef } from '@rustydb/catalog';
import { DbError, formatType, type Oid, type SqlType } from '@rustydb/common';
import { parse } from '@rustydb/parser';
import {
  bindStatement,
  bindStoredExpression,
  extensionFunctionNames,
  type FunctionScanNode,
} from '@rustydb/planner';
import type { StatementContext } from './session.js';
import { notice } from './statement-notices.js';

/** A bound function call as the matcher sees it. */
interface Call {
  readonly kind: 'func';
  readonly name: string;
  readonly args: readonly { readonly type: SqlType }[];
  readonly routine?: { readonly oid: number };
}

/** The signature (`f(integer)`) of a call of a function being dropped, else undefined. */
type CallMatch = (call: Call) => string | undefined;

/** One object calling a dropped function, in PostgreSQL's words, and how CASCADE removes it. */
interface Dependent {
  readonly text: string;
  /** The function it calls: `f(integer)`. */
  readonly fn: string;
  /** Undefined where RustyDB cannot drop it (an index or a generated column): 0A000 under CASCADE. */
  readonly drop?: () => void;
}

/** The first call in the bound tree `node` that `match` matches. */
function findCall(node: unknown, match: CallMatch, seen = new Set<object>()): string | undefined {
  if (node === null || typeof node !== 'object' || seen.has(node)) return undefined;
  seen.add(node);
  const kind = (node as { kind?: unknown }).kind;
  if (kind === 'func') {
    const fn = match(node as Call);
    if (fn !== undefined) return fn;
  } else if (kind === 'functionScan') {
    // Functions in FROM (`FROM f()`, ROWS FROM): each a call by name, a user function by OID.
    for (const f of (node as FunctionScanNode).functions) {
      const routine = f.routine === undefined ? undefined : { oid: f.routine };
      const fn = match({ kind: 'func', name: f.fn, args: f.args, routine });
      if (fn !== undefined) return fn;
    }
  }
  for (const v of Object.values(node)) {
    const fn = findCall(v, match, seen);
    if (fn !== undefined) return fn;
  }
  return undefined;
}

/** The call `bind`'s tree makes (an expression that no longer binds calls nothing). */
function boundCall(match: CallMatch, bind: () => unknown): string | undefined {
  try {
    return findCall(bind(), match);
  } catch (err) {
    if (err instanceof DbError) return undefined;
    throw err;
  }
}

function tableDependents(
  ctx: StatementContext,
  view: CatalogView,
  t: TableDef,
  match: CallMatch,
  out: Dependent[],
): void {
  const catalog = ctx.engine.catalog;
  const of = `of table ${t.name}`;
  for (const c of t.columns) {
    if (c.defaultSql === undefined || c.identity !== undefined) continue;
    if (c.generated !== undefined) {
      const fn = boundCall(match, () => bindStoredExpression(c.defaultSql!, 'value', t, view));
      if (fn !== undefined) out.push({ text: `column ${c.name} ${of}`, fn });
      continue;
    }
    const fn = boundCall(match, () => bindStoredExpression(c.defaultSql!, 'value', undefined, view, c.type));
    if (fn !== undefined) {
      out.push({
        text: `default value for column ${c.name} ${of}`,
        fn,
        drop: () => catalog.setColumnDefault(ctx.tx, t.oid, c.attnum, null),
      });
    }
  }
  for (const con of t.constraints) {
    if (con.kind !== 'check' || con.checkSql === undefined) continue;
    const fn = boundCall(match, () => bindStoredExpression(con.checkSql!, 'condition', t, view));
    if (fn !== undefined) {
      out.push({
        text: `constraint ${con.name} on table ${t.name}`,
        fn,
        drop: () => catalog.dropConstraint(ctx.tx, t.oid, con.name, false),
      });
    }
  }
  for (const trigger of t.triggers ?? []) {
    // A trigger calls its function by OID: matched as a call of that user function.
    const fn = match({ kind: 'func', name: '', args: [], routine: { oid: trigger.function } });
    if (fn !== undefined) {
      out.push({
        text: `trigger ${trigger.name} on table ${t.name}`,
        fn,
        drop: () => catalog.dropTrigger(ctx.tx, t, trigger),
      });
    }
  }
  for (const ix of t.indexes) {
    const texts = [...(ix.expressions ?? [])];
    if (ix.predicateSql !== undefined) texts.push(ix.predicateSql);
    for (const sql of texts) {
      const fn = boundCall(match, () => bindStoredExpression(sql, 'value', t, view));
      if (fn === undefined) continue;
      out.push({ text: `index ${ix.name}`, fn });
      break;
    }
  }
}

/** The defaults, constraints, indexes, generated columns and views that make a call `match` matches. */
function dependentsOf(ctx: StatementContext, match: CallMatch): Dependent[] {
  const view = ctx.catalog;
  const out: Dependent[] = [];
  for (const t of view.tables()) tableDependents(ctx, view, t, match, out);
  for (const v of view.views()) {
    const fn = boundCall(match, () =>
      bindStatement(parse(v.querySql)[0]!.stmt, { catalog: view, sql: v.querySql }),
    );
    if (fn !== undefined) {
      out.push({
        text: `view ${v.name}`,
        fn,
        drop: () => ctx.engine.catalog.dropView(ctx.tx, v.oid as Oid, true),
      });
    }
  }
  return out;
}

/**
 * Before dropping `what` (`function f(integer)`, `extension uuid-ossp`): 2BP01 when something
 * calls a function `match` matches and not `cascade`; with `cascade`, drops those objects and
 * sends PostgreSQL's NOTICE.
 */
function dropDependents(ctx: StatementContext, what: string, match: CallMatch, cascade: boolean): void {
  const found = dependentsOf(ctx, match);
  if (found.length === 0) return;
  if (!cascade) {
    throw new DbError('2BP01', `cannot drop ${what} because other objects depend on it`, {
      detail: found.map((d) => `${d.text} depends on function ${d.fn}`).join('\n'),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  const unsupported = found.find((d) => d.drop === undefined);
  if (unsupported) {
    throw new DbError('0A000', `DROP … CASCADE of ${unsupported.text} is not supported`);
  }
  ctx.out.notice(
    found.length === 1
      ? notice('00000', `drop cascades to ${found[0]!.text}`)
      : notice(
          '00000',
          `drop cascades to ${found.length} other objects`,
          found.map((d) => `drop cascades to ${d.text}`).join('\n'),
        ),
  );
  for (const d of found) d.drop!();
}

/** DROP FUNCTION of user function `oid` (`signature`: `f(integer)`); see dropDependents. */
export function dropFunctionDependents(
  ctx: StatementContext,
  oid: number,
  signature: string,
  cascade: boolean,
): void {
  dropDependents(
    ctx,
    `function ${signature}`,
    (c) => (c.routine?.oid === oid ? signature : undefined),
    cascade,
  );
}

/** DROP EXTENSION `name`: what calls its functions; see dropDependents. */
export function dropExtensionDependents(ctx: StatementContext, name: string, cascade: boolean): void {
  const names = extensionFunctionNames(name);
  if (names.size === 0) return;
  const signature = (c: Call) => `${c.name}(${c.args.map((a) => formatType(a.type)).join(', ')})`;
  dropDependents(
    ctx,
    `extension ${name}`,
    (c) => (c.routine === undefined && names.has(c.name) ? signature(c) : undefined),
    cascade,
  );
}
