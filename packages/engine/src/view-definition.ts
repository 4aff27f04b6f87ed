/**
 * A view's query as pg_get_viewdef prints it: PostgreSQL stores the analysed query and reprints
 * it with ruleutils.c (get_query_def); RustyDB stores the query's text, so the text is bound
 * again at print time (planner's bindTracedQuery, which tells what each AST expression became)
 * and the AST is walked as ruleutils walks the Query: `*` expanded, every column qualified with
 * its range table name, the parse's implicit casts shown (`100::numeric`), output names as
 * `AS` where they are not the column's own, relations schema-qualified only where the search
 * path would not find them. Expressions print through the optimizer's deparseStored (the same
 * get_rule_expr rules as pg_get_expr).
 *
 * Layout: both forms indent (PRETTYFLAG_INDENT: each clause on its line, select-list items
 * one per line, as with wrapColumn 0); `pretty` (pg_get_viewdef(v, true), psql's `\d+`) adds
 * PRETTYFLAG_PAREN: only the parentheses the operators need.
 *
 * Shapes printed as stored (the text the parser's formatter makes): functions in FROM, named
 * WINDOW clauses, grouping sets, locking clauses, and any query that no longer binds.
 */
import { type CatalogView, findSystemRelation } from '@rustydb/catalog';
import { DbError, parseTimeZoneSetting, quoteIdent, type SqlType, sqlType } from '@rustydb/common';
import { deparseStored, type StoredExprNames } from '@rustydb/optimizer';
import type * as ast from '@rustydb/parser';
import { forEachNode } from '@rustydb/parser';
import {
  type BindTrace,
  bindTracedQuery,
  type ColumnExpr,
  type LogicalExpr,
  type OuterColumnExpr,
  outputName,
  type SubqueryExpr,
} from '@rustydb/planner';

/** What binding made of the view's AST (BindTrace). */
class Trace implements BindTrace {
  /** Each AST expression's binding as written (the last one made). */
  readonly plain = new Map<ast.Expr, LogicalExpr>();
  /** The AST expression each bound node came from. */
  readonly origin = new Map<LogicalExpr, ast.Expr>();
  /** Aggregate calls of grouped levels. */
  readonly aggregates = new Set<ast.Expr>();
  readonly stars = new Map<ast.Star, readonly LogicalExpr[]>();
  readonly items = new Map<ast.TableRef, { columns: readonly string[]; lateral: boolean }>();

  expr(e: ast.Expr, bound: LogicalExpr, grouped: boolean): void {
    if (!this.origin.has(bound)) this.origin.set(bound, e);
    if (!grouped) this.plain.set(e, bound);
    else if (e.kind === 'funcCall') this.aggregates.add(e);
  }

  star(e: ast.Star, columns: readonly LogicalExpr[]): void {
    this.stars.set(e, columns);
  }

  fromItem(item: ast.FunctionRef | ast.JoinRef, columns: readonly string[], lateral: boolean): void {
    this.items.set(item, { columns, lateral });
  }
}

/**
 * What a query level sees of the levels around it: the WITH query names in scope, and the
 * range-table names of the enclosing query levels (ruleutils' parent namespaces: a name used
 * there is made unique here, `orders_1`), each with the counter set_rtable_names keeps.
 */
interface Env {
  readonly ctes: readonly string[];
  readonly names: ReadonlyMap<string, number>;
}

/** One query level's range-table names: by FROM item, and by the name the binder knows it by. */
interface Level {
  readonly byItem: Map<ast.TableRef, string>;
  readonly byAlias: Map<string, string>;
}

/** set_rtable_names: `name`, or `name_N` when the level or a parent uses it already. */
function uniqueName(name: string, used: Map<string, number>): string {
  const counter = used.get(name);
  if (counter === undefined) {
    used.set(name, 0);
    return name;
  }
  let n = counter;
  let modified: string;
  do {
    n++;
    modified = `${name}_${n}`;
  } while (used.has(modified));
  used.set(name, n);
  used.set(modified, 0);
  return modified;
}

/** One query level being printed (ruleutils' deparse_context: its buffer and indentation). */
interface Ctx {
  out: string;
  indent: number;
}

const STD = 8;
const JOIN = 4;
const VAR = 4;

/** appendContextKeyword (PRETTY_INDENT is always on for view definitions). */
function keyword(ctx: Ctx, str: string, before: number, after: number, plus: number): void {
  ctx.indent += before;
  ctx.out = ctx.out.replace(/ +$/, '');
  ctx.out += `\n${' '.repeat(Math.max(ctx.indent, 0) + plus)}${str}`;
  ctx.indent += after;
  if (ctx.indent < 0) ctx.indent = 0;
}

/** Names of types, time zone and regclass constants, as pg_get_expr prints them. */
export type ViewExprNames = Pick<StoredExprNames, 'userType' | 'zone' | 'regclass'>;

/**
 * `query` (a view's stored query) as pg_get_viewdef prints it for `view`'s search path, without
 * the trailing `;` (a SELECT starts with a space, as PRETTY_INDENT prints it). `columns`: the view's column names.
 * Undefined when the query does not bind now (the caller then prints it as stored).
 */
export function printViewDefinition(
  query: ast.SelectStmt,
  view: CatalogView,
  pretty: boolean,
  columns: readonly string[] | undefined,
  names: ViewExprNames,
): string | undefined {
  const trace = new Trace();
  try {
    bindTracedQuery(query, view, trace);
  } catch (err) {
    if (err instanceof DbError) return undefined;
    throw err;
  }
  try {
    // The view's query has its OLD and NEW range-table entries before its FROM items.
    const env: Env = {
      ctes: [],
      names: new Map([
        ['old', 0],
        ['new', 0],
      ]),
    };
    return new ViewPrinter(pretty, trace, view, names).query(query, 0, columns, true, env);
  } catch (err) {
    if (err instanceof Unprintable) return undefined;
    throw err;
  }
}

/** A shape this printer does not print (the definition then shows as stored). */
class Unprintable extends Error {}

const TEXT = sqlType('text');

class ViewPrinter {
  /** The binder's scope levels around the expression being printed, innermost last. */
  #levels: Level[] = [];
  /** The names around the query level being printed (its subqueries' parent namespaces). */
  #env: Env = { ctes: [], names: new Map() };

  constructor(
    private readonly pretty: boolean,
    private readonly trace: Trace,
    private readonly view: CatalogView,
    private readonly names: ViewExprNames,
  ) {}

  /** get_query_def. */
  query(
    q: ast.SelectStmt,
    startIndent: number,
    resultNames: readonly string[] | undefined,
    colNamesVisible: boolean,
    outer: Env,
  ): string {
    if (q.locking.length > 0) throw new Unprintable();
    const ctx: Ctx = { out: '', indent: startIndent };
    const ctes = q.with ? [...outer.ctes, ...q.with.ctes.map((c) => c.name)] : outer.ctes;
    const used = new Map<string, number>();
    for (const name of outer.names.keys()) used.set(name, 0);
    const level: Level = { byItem: new Map(), byAlias: new Map() };
    if (q.kind === 'select') for (const item of q.from) this.nameItem(item, used, level);
    const env: Env = { ctes, names: used };
    // WITH queries see the levels outside this one (bind-with.ts), and this level's names.
    if (q.with) this.withClause(ctx, q.with, env);
    if (q.kind === 'setOp') this.setOp(ctx, q, resultNames, colNamesVisible, env, true);
    else {
      ctx.indent += STD;
      ctx.out += ' ';
    }
    const saved = this.#env;
    this.#env = env;
    if (q.kind !== 'setOp') this.#levels.push(level);
    try {
      if (q.kind === 'values') this.values(ctx, q);
      else if (q.kind === 'select') this.basicSelect(ctx, q, resultNames, colNamesVisible, env, level);
      if (q.orderBy.length > 0) {
        keyword(ctx, ' ORDER BY ', -STD, STD, 1);
        ctx.out += this.orderBy(ctx, q.orderBy, q);
      }
      if (q.offset !== undefined && !isNull(q.offset)) {
        keyword(ctx, ' OFFSET ', -STD, STD, 0);
        ctx.out += this.expr(q.offset, ctx.indent, false);
      }
      if (q.limit !== undefined && q.withTies) {
        keyword(ctx, ' FETCH FIRST ', -STD, STD, 0);
        ctx.out += `(${this.expr(q.limit, ctx.indent, false)}) ROWS WITH TIES`;
      } else if (q.limit !== undefined) {
        keyword(ctx, ' LIMIT ', -STD, STD, 0);
        ctx.out += isNull(q.limit) ? 'ALL' : this.expr(q.limit, ctx.indent, false);
      }
    } finally {
      if (q.kind !== 'setOp') this.#levels.pop();
      this.#env = saved;
    }
    return ctx.out;
  }

  /** The range-table names of a FROM item, in the order PostgreSQL's range table has them. */
  private nameItem(item: ast.TableRef, used: Map<string, number>, level: Level): void {
    let name: string | undefined;
    switch (item.kind) {
      case 'relation':
        name = item.alias?.name ?? item.name.name;
        break;
      case 'subqueryRef':
        name = item.alias?.name;
        break;
      case 'functionRef':
        name = item.alias?.name ?? item.functions[0]?.call.name;
        break;
      case 'join':
        this.nameItem(item.left, used, level);
        this.nameItem(item.right, used, level);
        name = item.alias?.name;
        break;
    }
    if (name === undefined) return;
    const refname = uniqueName(name, used);
    level.byItem.set(item, refname);
    level.byAlias.set(name, refname);
  }

  /** Runs `print` with the levels a non-LATERAL FROM subquery or a WITH query sees (not this one). */
  private outside<T>(print: () => T): T {
    const saved = this.#levels;
    this.#levels = saved.slice(0, -1);
    try {
      return print();
    } finally {
      this.#levels = saved;
    }
  }

  private withClause(ctx: Ctx, w: ast.WithClause, env: Env): void {
    ctx.indent += STD;
    ctx.out += ' ';
    let sep = w.recursive ? 'WITH RECURSIVE ' : 'WITH ';
    for (const cte of w.ctes) {
      if (cte.query.kind !== 'select' && cte.query.kind !== 'values' && cte.query.kind !== 'setOp')
        throw new Unprintable();
      ctx.out += sep + quoteIdent(cte.name);
      sep = ', ';
      if (cte.columns.length > 0) ctx.out += `(${cte.columns.map(quoteIdent).join(', ')})`;
      ctx.out += ' AS ';
      if (cte.materialized === 'always') ctx.out += 'MATERIALIZED ';
      else if (cte.materialized === 'never') ctx.out += 'NOT MATERIALIZED ';
      ctx.out += '(';
      keyword(ctx, '', 0, 0, 0);
      const query = cte.query;
      ctx.out += this.query(query, ctx.indent, undefined, true, env);
      keyword(ctx, '', 0, 0, 0);
      ctx.out += ')';
    }
    ctx.indent -= STD;
    keyword(ctx, '', 0, 0, 0);
  }

  /** get_setop_query. */
  private setOp(
    ctx: Ctx,
    q: ast.SelectStmt,
    resultNames: readonly string[] | undefined,
    colNamesVisible: boolean,
    env: Env,
    top: boolean,
  ): void {
    if (q.kind !== 'setOp' || (!top && !isBareSetOp(q))) {
      // A leaf (or a parenthesized set operation with its own clauses): a query of its own.
      const needParen =
        q.with !== undefined || q.orderBy.length > 0 || q.limit !== undefined || q.offset !== undefined;
      if (needParen) ctx.out += '(';
      ctx.out += this.query(q, ctx.indent, resultNames, colNamesVisible, env);
      if (needParen) ctx.out += ')';
      return;
    }
    const left = q.left;
    const leftIsSetOp = isBareSetOp(left);
    const needParen = leftIsSetOp && !(left.kind === 'setOp' && left.op === q.op && left.all === q.all);
    let subindent = 0;
    if (needParen) {
      ctx.out += '(';
      subindent = STD;
      keyword(ctx, '', subindent, 0, 0);
    }
    this.setOp(ctx, left, resultNames, colNamesVisible, env, false);
    if (needParen) keyword(ctx, ') ', -subindent, 0, 0);
    else keyword(ctx, '', -subindent, 0, 0);
    ctx.out += `${q.op.toUpperCase()} `;
    if (q.all) ctx.out += 'ALL ';
    const rightParen = isBareSetOp(q.right);
    subindent = 0;
    if (rightParen) {
      ctx.out += '(';
      subindent = STD;
    }
    keyword(ctx, '', subindent, 0, 0);
    this.setOp(ctx, q.right, resultNames, false, env, false);
    ctx.indent -= subindent;
    if (rightParen) keyword(ctx, ')', 0, 0, 0);
  }

  /** get_values_def. */
  private values(ctx: Ctx, q: ast.Values): void {
    ctx.out += 'VALUES ';
    ctx.out += q.rows.map((row) => `(${row.map((e) => this.target(e, ctx.indent)).join(',')})`).join(', ');
  }

  /** get_basic_select_query (after the indentation step, done by the caller). */
  private basicSelect(
    ctx: Ctx,
    s: ast.Select,
    resultNames: readonly string[] | undefined,
    colNamesVisible: boolean,
    env: Env,
    level: Level,
  ): void {
    ctx.out += 'SELECT';
    if (s.distinctOn.length > 0) {
      ctx.out += ` DISTINCT ON (${s.distinctOn.map((e) => this.sortGroupItem(e, s, true, ctx.indent)).join(', ')})`;
    } else if (s.distinct) ctx.out += ' DISTINCT';
    this.targetList(ctx, s, resultNames, colNamesVisible);
    if (s.from.length > 0) this.fromClause(ctx, s.from, env, level);
    if (s.where !== undefined) {
      keyword(ctx, ' WHERE ', -STD, STD, 1);
      ctx.out += this.expr(s.where, ctx.indent, false);
    }
    if (s.groupBy.length > 0) {
      keyword(ctx, ' GROUP BY ', -STD, STD, 1);
      if (s.groupByDistinct) ctx.out += 'DISTINCT ';
      ctx.out += s.groupBy
        .map((g) => {
          if (g.kind === 'row') throw new Unprintable();
          return this.groupingElement(g, s, ctx.indent);
        })
        .join(', ');
    }
    if (s.having !== undefined) {
      keyword(ctx, ' HAVING ', -STD, STD, 0);
      ctx.out += this.expr(s.having, ctx.indent, false);
    }
    if (s.windows.length > 0) {
      keyword(ctx, ' WINDOW ', -STD, STD, 1);
      ctx.out += s.windows
        .map((w) => `${quoteIdent(w.name!)} AS ${this.windowSpec(w, ctx.indent)}`)
        .join(', ');
    }
  }

  /** get_rule_groupingset (parentheses omitted around a single item). */
  private groupingElement(g: ast.GroupingElement, s: ast.Select, indent: number): string {
    if (g.kind !== 'groupingSet') {
      if (g.kind === 'row')
        return `(${g.args.map((a) => this.sortGroupItem(a, s, false, indent)).join(', ')})`;
      return this.sortGroupItem(g, s, false, indent);
    }
    const items = () => g.content.map((c) => this.groupingElement(c, s, indent)).join(', ');
    switch (g.type) {
      case 'empty':
        return '()';
      case 'rollup':
        return `ROLLUP(${items()})`;
      case 'cube':
        return `CUBE(${items()})`;
      case 'sets':
        return `GROUPING SETS (${items()})`;
    }
  }

  /** get_target_list, wrapColumn 0: every item after the first on its own line. */
  private targetList(
    ctx: Ctx,
    s: ast.Select,
    resultNames: readonly string[] | undefined,
    colNamesVisible: boolean,
  ): void {
    let sep = ' ';
    let colno = 0;
    const item = (text: string) => {
      ctx.out += sep;
      sep = ', ';
      colno++;
      if (text.startsWith('\n')) ctx.out = ctx.out.replace(/ +$/, '');
      else if (colno > 1) keyword(ctx, '', -STD, STD, VAR);
      ctx.out += text;
    };
    for (const t of s.targets) {
      if (t.expr.kind === 'star') {
        const columns = this.trace.stars.get(t.expr);
        if (columns === undefined) throw new Unprintable();
        for (const c of columns) {
          const colname = resultNames?.[colno] ?? (c as ColumnExpr).name;
          item(this.named(this.column(c as ColumnExpr), (c as ColumnExpr).name, colname));
        }
        continue;
      }
      const bound = this.trace.plain.get(t.expr);
      const isVar =
        t.expr.kind === 'columnRef' &&
        bound !== undefined &&
        (bound.kind === 'column' || bound.kind === 'outerColumn');
      const text = this.target(t.expr, ctx.indent);
      const colname = resultNames?.[colno] ?? t.alias ?? outputName(t.expr);
      const attname = isVar ? (bound as ColumnExpr).name : colNamesVisible ? undefined : '?column?';
      item(this.named(text, attname, colname));
    }
  }

  private named(text: string, attname: string | undefined, colname: string | undefined): string {
    return colname !== undefined && attname !== colname ? `${text} AS ${quoteIdent(colname)}` : text;
  }

  /** A select-list (or VALUES) item: implicit casts shown, an unknown literal made text. */
  private target(e: ast.Expr, indent: number): string {
    const bound = this.trace.plain.get(e);
    if (bound !== undefined && bound.kind === 'const' && bound.type.name === 'unknown') {
      return this.deparse({ ...bound, type: TEXT }, indent, true);
    }
    return this.expr(e, indent, true);
  }

  /** get_from_clause. */
  private fromClause(ctx: Ctx, from: readonly ast.TableRef[], env: Env, level: Level): void {
    let first = true;
    for (const item of from) {
      if (first) {
        keyword(ctx, ' FROM ', -STD, STD, 2);
        first = false;
        this.fromItem(ctx, item, env, level);
        continue;
      }
      ctx.out += ', ';
      const sub: Ctx = { out: '', indent: ctx.indent };
      this.fromItem(sub, item, env, level);
      if (sub.out.startsWith('\n')) ctx.out = ctx.out.replace(/ +$/, '');
      else keyword(ctx, '', -STD, STD, VAR);
      ctx.out += sub.out;
      ctx.indent = sub.indent;
    }
  }

  /** get_from_clause_item. */
  private fromItem(ctx: Ctx, item: ast.TableRef, env: Env, level: Level): void {
    const refname = level.byItem.get(item);
    switch (item.kind) {
      case 'relation': {
        const n = item.name;
        ctx.out += this.relationName(n, env.ctes);
        // get_rte_alias: a written alias, or the name set_rtable_names had to change.
        ctx.out += this.alias(
          refname!,
          item.alias?.columns ?? [],
          item.alias !== undefined || refname !== n.name,
        );
        return;
      }
      case 'subqueryRef': {
        if (item.lateral) ctx.out += 'LATERAL ';
        const query = item.query;
        const print = () => this.query(query, ctx.indent, undefined, true, env);
        ctx.out += `(${item.lateral ? print() : this.outside(print)})`;
        if (refname !== undefined) ctx.out += this.alias(refname, item.alias?.columns ?? [], true);
        return;
      }
      case 'functionRef': {
        const traced = this.trace.items.get(item);
        const fn = item.functions[0];
        if (
          traced === undefined ||
          item.rowsFrom ||
          item.functions.length !== 1 ||
          fn.columnDefs.length > 0 ||
          item.columnDefs.length > 0
        )
          throw new Unprintable();
        const lateral = item.lateral || traced.lateral;
        if (lateral) ctx.out += 'LATERAL ';
        // A LATERAL function reads the items on its left as the binder's next level out.
        const current = this.#levels[this.#levels.length - 1]!;
        this.#levels.push(current);
        try {
          ctx.out += this.aggregate(fn.call, ctx.indent);
        } finally {
          this.#levels.pop();
        }
        if (item.withOrdinality) ctx.out += ' WITH ORDINALITY';
        // get_rte_alias: a function's alias and column names always print.
        ctx.out += ` ${quoteIdent(refname!)}(${traced.columns.map(quoteIdent).join(', ')})`;
        return;
      }
      case 'join': {
        if (item.usingAlias !== undefined) throw new Unprintable();
        const using = item.natural ? this.trace.items.get(item)?.columns : item.using;
        if (using === undefined || (item.natural && using.length === 0)) throw new Unprintable();
        const rightJoin = item.right.kind === 'join';
        const needParenOnRight = this.pretty && rightJoin && item.right.alias === undefined;
        const ownParen = !this.pretty || item.alias !== undefined;
        if (ownParen) ctx.out += '(';
        this.fromItem(ctx, item.left, env, level);
        const kw =
          item.joinType === 'inner'
            ? item.on !== undefined || using.length > 0
              ? ' JOIN '
              : ' CROSS JOIN '
            : item.joinType === 'cross'
              ? ' CROSS JOIN '
              : ` ${item.joinType.toUpperCase()} JOIN `;
        keyword(ctx, kw, -STD, STD, JOIN);
        if (needParenOnRight) ctx.out += '(';
        this.fromItem(ctx, item.right, env, level);
        if (needParenOnRight) ctx.out += ')';
        if (using.length > 0) ctx.out += ` USING (${using.map(quoteIdent).join(', ')})`;
        else if (item.on !== undefined) {
          const on = this.expr(item.on, ctx.indent, false);
          ctx.out += this.pretty ? ` ON ${on}` : ` ON (${on})`;
        }
        if (ownParen) ctx.out += ')';
        if (item.alias && refname !== undefined) ctx.out += this.alias(refname, item.alias.columns, true);
        return;
      }
    }
  }

  private alias(refname: string, columns: readonly string[], printName: boolean): string {
    let s = printName || columns.length > 0 ? ` ${quoteIdent(refname)}` : '';
    if (columns.length > 0) s += `(${columns.map(quoteIdent).join(', ')})`;
    return s;
  }

  /** generate_relation_name: the schema only where the search path would not find the relation. */
  private relationName(n: ast.ObjectName, ctes: readonly string[]): string {
    if (
      n.schema === undefined ||
      n.catalog !== undefined ||
      ctes.includes(n.name) ||
      findSystemRelation(n.name)
    )
      return n.schema === undefined ? quoteIdent(n.name) : `${quoteIdent(n.schema)}.${quoteIdent(n.name)}`;
    const entry = this.view.relation(n.name);
    const found =
      entry === undefined ? undefined : entry.kind === 'index' ? entry.table.schema : entry.def.schema;
    return found === n.schema ? quoteIdent(n.name) : `${quoteIdent(n.schema)}.${quoteIdent(n.name)}`;
  }

  /** get_rule_orderby. */
  private orderBy(ctx: Ctx, items: readonly ast.SortBy[], s: ast.SelectStmt): string {
    return items
      .map((o) => {
        let text = this.sortGroupItem(o.expr, s, true, ctx.indent);
        const desc = o.direction === 'desc';
        if (desc) text += ' DESC';
        if (o.nulls === 'first' && !desc) text += ' NULLS FIRST';
        if (o.nulls === 'last' && desc) text += ' NULLS LAST';
        return text;
      })
      .join(', ');
  }

  /**
   * get_rule_sortgroupclause: the select-list item an ORDER BY / GROUP BY item names (by
   * number, or ORDER BY by output name), a Var as it is, anything else in parentheses when
   * pretty (or a function call, aggregate or window call).
   */
  private sortGroupItem(e: ast.Expr, s: ast.SelectStmt, orderBy: boolean, indent: number): string {
    let item = e;
    if (s.kind === 'select') {
      if (e.kind === 'literal' && e.type === 'integer') {
        const t = s.targets[Number(e.value) - 1];
        if (t === undefined || t.expr.kind === 'star') throw new Unprintable();
        item = t.expr;
      } else if (orderBy && e.kind === 'columnRef' && e.names.length === 1) {
        // ORDER BY a name: the select-list item of that output name first (findTargetlistEntrySQL92).
        const t = s.targets.find(
          (x) => x.expr.kind !== 'star' && (x.alias ?? outputName(x.expr)) === e.names[0],
        );
        if (t !== undefined) item = t.expr;
        else if (!this.trace.plain.has(e)) {
          const column = s.targets
            .flatMap((x) => (x.expr.kind === 'star' ? (this.trace.stars.get(x.expr) ?? []) : []))
            .find((c) => c.kind === 'column' && c.name === e.names[0]);
          if (column !== undefined) return this.deparse(column, indent, true);
        }
      }
    } else if (s.kind === 'setOp') {
      // A set operation's ORDER BY names its output columns by number.
      if (e.kind === 'literal' && e.type === 'integer') return e.value;
      const names = leafTargets(s).map((t) => t.alias ?? outputName(t.expr));
      const i = e.kind === 'columnRef' && e.names.length === 1 ? names.indexOf(e.names[0]) : -1;
      if (i < 0) throw new Unprintable();
      return String(i + 1);
    } else throw new Unprintable();
    const bound = this.trace.plain.get(item);
    if (bound?.kind === 'const') throw new Unprintable();
    const text = this.expr(item, indent, true);
    if (item.kind === 'columnRef' && (bound?.kind === 'column' || bound?.kind === 'outerColumn')) return text;
    const call =
      item.kind === 'funcCall' &&
      (this.trace.aggregates.has(item) || item.over !== undefined || bound?.kind === 'func');
    return this.pretty || call ? `(${text})` : text;
  }

  /** get_rule_expr over the binding of `e`. */
  expr(e: ast.Expr, indent: number, showImplicit: boolean): string {
    if (e.kind === 'collate') {
      // The binder drops COLLATE (C and POSIX order as the default does): printed from the AST.
      let arg = this.expr(e.arg, indent, showImplicit);
      const simple = e.arg.kind === 'columnRef' || e.arg.kind === 'literal' || e.arg.kind === 'funcCall';
      if (this.pretty && !simple) arg = `(${arg})`;
      const text = `${arg} COLLATE ${quoteIdent(e.collation)}`;
      return this.pretty ? text : `(${text})`;
    }
    if (forEachNode(e, (n) => n.kind === 'collate')) throw new Unprintable();
    if (e.kind === 'funcCall' && (e.over !== undefined || this.trace.aggregates.has(e)))
      return this.aggregate(e, indent);
    const bound = this.trace.plain.get(e);
    if (bound === undefined) {
      // A set-returning call of the select list binds its arguments only.
      if (e.kind === 'funcCall' && !e.sqlSyntax && e.args.every((a) => this.trace.plain.has(a)))
        return this.aggregate(e, indent);
      throw new Unprintable();
    }
    return this.deparse(bound, indent, showImplicit);
  }

  private deparse(bound: LogicalExpr, indent: number, showImplicit: boolean): string {
    return deparseStored(
      bound,
      this.pretty,
      {
        ...this.names,
        column: quoteIdent,
        indent,
        columnRef: (c, at) => this.columnRef(c, at),
        subquery: (q, at) => this.subquery(q, at),
        allOperator: (q) => {
          const origin = this.trace.origin.get(q as LogicalExpr);
          return origin?.kind === 'quantifiedSubquery' && origin.quantifier === 'all' ? origin.op : undefined;
        },
      },
      showImplicit,
    );
  }

  /** A column of the bound tree: a range-table column, or the slot of an aggregate, window call or group key. */
  private columnRef(c: ColumnExpr | OuterColumnExpr, indent: number): string {
    const origin = this.trace.origin.get(c);
    if (origin !== undefined && origin.kind !== 'columnRef') {
      const plain = this.trace.plain.get(origin);
      if (plain !== c) return this.expr(origin, indent, false);
    }
    if (origin?.kind === 'columnRef') {
      const plain = this.trace.plain.get(origin);
      if (plain !== undefined && plain !== c && (plain.kind === 'column' || plain.kind === 'outerColumn'))
        return this.column(plain);
    }
    return this.column(c);
  }

  /** A range-table column, qualified with its level's name for the item (ruleutils' varprefix). */
  private column(c: ColumnExpr | OuterColumnExpr): string {
    if (!c.table) return quoteIdent(c.name);
    const level = this.#levels[this.#levels.length - 1 - (c.kind === 'outerColumn' ? c.depth : 0)];
    const refname = level?.byAlias.get(c.table) ?? c.table;
    return `${quoteIdent(refname)}.${quoteIdent(c.name)}`;
  }

  private subquery(q: SubqueryExpr<unknown>, indent: number): string {
    const origin = this.trace.origin.get(q as LogicalExpr);
    if (origin?.kind === 'quantifiedSubquery') {
      // `= ANY (SELECT …)` prints as IN, `<> ALL (SELECT …)` as itself (allOperator).
      const op = `${origin.op} ${origin.quantifier}`;
      if (op !== '= any' && op !== '<> all') throw new Unprintable();
    } else if (
      origin === undefined ||
      (origin.kind !== 'subquery' && origin.kind !== 'exists' && origin.kind !== 'inSubquery')
    )
      throw new Unprintable();
    return this.query(origin.query, indent, undefined, false, this.#env);
  }

  /** get_agg_expr / get_windowfunc_expr. */
  private aggregate(e: ast.FuncCall, indent: number): string {
    if (e.schema !== undefined || e.variadic || e.argNames !== undefined) throw new Unprintable();
    const arg = (a: ast.Expr) => this.target(a, indent);
    let s = `${e.name}(`;
    if (e.star) s += '*';
    else {
      if (e.distinct) s += 'DISTINCT ';
      s += e.args.map(arg).join(', ');
      if (e.orderBy.length > 0 && !e.withinGroup) s += ` ORDER BY ${this.sortList(e.orderBy, indent)}`;
    }
    s += ')';
    if (e.withinGroup) s += ` WITHIN GROUP (ORDER BY ${this.sortList(e.orderBy, indent)})`;
    if (e.filter !== undefined) s += ` FILTER (WHERE ${this.expr(e.filter, indent, false)})`;
    if (e.over !== undefined) {
      const named =
        e.over.refName !== undefined && e.over.partitionBy.length === 0 && e.over.orderBy.length === 0;
      s += ` OVER ${named && e.over.frame === undefined ? quoteIdent(e.over.refName!) : this.windowSpec(e.over, indent)}`;
    }
    return s;
  }

  /** An aggregate's ORDER BY: its expressions as written (not select-list references). */
  private sortList(items: readonly ast.SortBy[], indent: number): string {
    return items
      .map((o) => {
        let text = this.expr(o.expr, indent, true);
        const desc = o.direction === 'desc';
        if (desc) text += ' DESC';
        if (o.nulls === 'first' && !desc) text += ' NULLS FIRST';
        if (o.nulls === 'last' && desc) text += ' NULLS LAST';
        return text;
      })
      .join(', ');
  }

  /** get_rule_windowspec. */
  private windowSpec(w: ast.WindowDef, indent: number): string {
    const parts: string[] = [];
    if (w.refName !== undefined) parts.push(quoteIdent(w.refName));
    const keyItem = (e: ast.Expr) => {
      const bound = this.trace.plain.get(e);
      const text = this.expr(e, indent, true);
      if (e.kind === 'columnRef' && (bound?.kind === 'column' || bound?.kind === 'outerColumn')) return text;
      const call = e.kind === 'funcCall';
      return this.pretty || call ? `(${text})` : text;
    };
    if (w.partitionBy.length > 0) parts.push(`PARTITION BY ${w.partitionBy.map(keyItem).join(', ')}`);
    if (w.orderBy.length > 0)
      parts.push(
        `ORDER BY ${w.orderBy
          .map((o) => {
            let text = keyItem(o.expr);
            const desc = o.direction === 'desc';
            if (desc) text += ' DESC';
            if (o.nulls === 'first' && !desc) text += ' NULLS FIRST';
            if (o.nulls === 'last' && desc) text += ' NULLS LAST';
            return text;
          })
          .join(', ')}`,
      );
    if (w.frame !== undefined) {
      const f = w.frame;
      const bound = (b: ast.FrameBound) => {
        switch (b.type) {
          case 'unboundedPreceding':
            return 'UNBOUNDED PRECEDING';
          case 'unboundedFollowing':
            return 'UNBOUNDED FOLLOWING';
          case 'currentRow':
            return 'CURRENT ROW';
          case 'preceding':
            return `${this.expr(b.offset!, indent, false)} PRECEDING`;
          case 'following':
            return `${this.expr(b.offset!, indent, false)} FOLLOWING`;
        }
      };
      let s = `${f.mode.toUpperCase()} `;
      s += f.end !== undefined ? `BETWEEN ${bound(f.start)} AND ${bound(f.end)}` : bound(f.start);
      if (f.exclusion === 'currentRow') s += ' EXCLUDE CURRENT ROW';
      else if (f.exclusion === 'group') s += ' EXCLUDE GROUP';
      else if (f.exclusion === 'ties') s += ' EXCLUDE TIES';
      parts.push(s);
    }
    return `(${parts.join(' ')})`;
  }
}

/** The select list of a set operation's leftmost leaf (which names the output columns). */
function leafTargets(q: ast.SelectStmt): readonly ast.ResultTarget[] {
  if (q.kind === 'setOp') return leafTargets(q.left);
  if (q.kind === 'select' && q.targets.every((t) => t.expr.kind !== 'star')) return q.targets;
  throw new Unprintable();
}

const isNull = (e: ast.Expr): boolean => e.kind === 'literal' && e.type === 'null';

/** A set operation without its own ORDER BY / LIMIT / WITH (printed as a node of the tree). */
function isBareSetOp(q: ast.SelectStmt): boolean {
  return q.kind === 'setOp' && q.orderBy.length === 0 && !q.limit && !q.offset && !q.with;
}

/** The names pg_get_viewdef's expressions need from the session. */
export function viewExprNames(
  userType: (t: SqlType) => string,
  timeZone: string,
  regclass: (stored: string) => string,
): ViewExprNames {
  return { userType, zone: parseTimeZoneSetting(timeZone), regclass };
}
