/**
 * explainPlan: the one printer of physical plans, PostgreSQL's EXPLAIN (COSTS OFF) layout:
 *
 *   Limit
 *     ->  Sort
 *           Sort Key: a DESC
 *           ->  Seq Scan on t
 *                 Filter: (a > 1)
 *
 * A node's details sit two columns right of its name; its children start there with `->  `.
 * Projections are not shown (PostgreSQL folds them into the node below); a Filter node is shown
 * as the `Filter:` line of the node it filters. Subqueries appear as `SubPlan n` under the node
 * whose expressions hold them. Column names are qualified when the plan reads several relations.
 */
import { assertNever, formatFloat8, formatText, formatType, type SqlType, type Value } from '@rustydb/common';
import type { SortKey } from '@rustydb/planner';
import type { PhysicalExpr, PhysicalPlan } from './physical-plan.js';

/** The plan as EXPLAIN prints it, one string per line. Synchronous, never throws. */
export function explainPlan(plan: PhysicalPlan): string[] {
  const p = new Printer(countRelations(plan) > 1);
  p.node(plan, 0, true, []);
  return p.lines;
}

function countRelations(plan: PhysicalPlan): number {
  let n = 0;
  walkPlan(plan, (x) => {
    if (
      x.kind === 'seqScan' ||
      x.kind === 'indexScan' ||
      x.kind === 'functionScan' ||
      x.kind === 'valuesScan'
    )
      n++;
  });
  return n;
}

function walkPlan(plan: PhysicalPlan, f: (p: PhysicalPlan) => void): void {
  f(plan);
  for (const c of inputs(plan)) walkPlan(c, f);
}

function inputs(p: PhysicalPlan): PhysicalPlan[] {
  switch (p.kind) {
    case 'seqScan':
    case 'indexScan':
    case 'valuesScan':
    case 'functionScan':
    case 'result':
      return [];
    case 'nestedLoop':
    case 'hashJoin':
      return [p.left, p.right];
    case 'explain':
      return [p.plan];
    case 'project':
      // A projection over Result prints as that one Result node.
      return p.input.kind === 'result' ? [] : [p.input];
    default:
      return [p.input];
  }
}

class Printer {
  readonly lines: string[] = [];
  private subplans = 0;

  constructor(private readonly qualify: boolean) {}

  /**
   * Prints `p` with its name at column `at` (with an arrow unless `root`); `extra` are detail
   * lines a parent (a Filter) hands down.
   */
  node(p: PhysicalPlan, at: number, root: boolean, extra: string[]): void {
    // Transparent nodes: the projection and the filter show up on the node below.
    if (p.kind === 'project' && p.input.kind !== 'result') {
      this.node(p.input, at, root, extra);
      return;
    }
    if (p.kind === 'filter') {
      this.node(p.input, at, root, [...extra, `Filter: ${this.cond(p.predicate)}`]);
      return;
    }
    const indent = ' '.repeat(at);
    this.lines.push(root ? `${indent}${this.title(p)}` : `${indent}->  ${this.title(p)}`);
    const detailAt = root ? at + 2 : at + 6;
    const pad = ' '.repeat(detailAt);
    // Number the subplans first: the detail lines refer to them.
    const subs: { label: string; plan: PhysicalPlan }[] = [];
    for (const e of nodeExprs(p)) this.collectSubplans(e, subs);
    for (const d of [...this.details(p), ...extra]) this.lines.push(pad + d);
    for (const s of subs) {
      this.lines.push(`${pad}${s.label}`);
      this.node(s.plan, detailAt + 2, false, []);
    }
    switch (p.kind) {
      case 'hashJoin':
        this.node(p.left, detailAt, false, []);
        this.lines.push(`${pad}->  Hash`);
        this.node(p.right, detailAt + 6, false, []);
        return;
      case 'nestedLoop':
        this.node(p.left, detailAt, false, []);
        if (p.right.kind === 'seqScan' || p.right.kind === 'valuesScan' || p.right.kind === 'functionScan') {
          this.lines.push(`${pad}->  Materialize`);
          this.node(p.right, detailAt + 6, false, []);
        } else this.node(p.right, detailAt, false, []);
        return;
      default:
        for (const c of inputs(p)) this.node(c, detailAt, false, []);
    }
  }

  private collectSubplans(e: PhysicalExpr, out: { label: string; plan: PhysicalPlan }[]): void {
    if (e.kind === 'subquery') {
      const n = ++this.subplans;
      subplanNumbers.set(e, n);
      out.push({
        label: e.correlated || e.mode !== 'scalar' ? `SubPlan ${n}` : `InitPlan ${n} (returns $${n - 1})`,
        plan: e.plan,
      });
    }
    forEachChild(e, (c) => this.collectSubplans(c, out));
  }

  private title(p: PhysicalPlan): string {
    switch (p.kind) {
      case 'seqScan':
        return `Seq Scan on ${relation(p.table.name, p.alias)}`;
      case 'indexScan':
        return `Index Scan using ${p.index.name} on ${relation(p.table.name, p.alias)}`;
      case 'valuesScan':
        return 'Values Scan on "*VALUES*"';
      case 'functionScan':
        return `Function Scan on ${relation(p.fn, p.alias)}`;
      case 'result':
      case 'project':
        return 'Result';
      case 'projectSet':
        return 'ProjectSet';
      case 'nestedLoop':
        return `Nested Loop${joinSuffix(p.joinType)}`;
      case 'hashJoin':
        return `Hash${joinSuffix(p.joinType)}`.replace(/^Hash$/, 'Hash Join');
      case 'aggregate':
        return p.strategy === 'hashed' ? 'HashAggregate' : 'Aggregate';
      case 'sort':
        return 'Sort';
      case 'limit':
        return 'Limit';
      case 'distinct':
        return 'HashAggregate';
      case 'insert':
        return `Insert on ${p.table.name}`;
      case 'update':
        return `Update on ${p.table.name}`;
      case 'delete':
        return `Delete on ${p.table.name}`;
      case 'explain':
        return 'Explain';
      case 'filter':
        return 'Filter';
      default:
        return assertNever(p, 'physical plan node');
    }
  }

  private details(p: PhysicalPlan): string[] {
    switch (p.kind) {
      case 'seqScan':
        return p.filter ? [`Filter: ${this.cond(p.filter)}`] : [];
      case 'indexScan': {
        const conds = p.keyConds.map((k) => k.cond);
        const out = [
          `Index Cond: ${this.cond(conds.length === 1 ? conds[0] : { kind: 'and', type: conds[0].type, args: conds })}`,
        ];
        if (p.residual) out.push(`Filter: ${this.cond(p.residual)}`);
        return out;
      }
      case 'nestedLoop':
        return p.condition ? [`Join Filter: ${this.cond(p.condition)}`] : [];
      case 'hashJoin': {
        const c = p.hashConds;
        const out = [
          `Hash Cond: ${this.cond(c.length === 1 ? c[0] : { kind: 'and', type: c[0].type, args: c })}`,
        ];
        if (p.residual) out.push(`Join Filter: ${this.cond(p.residual)}`);
        return out;
      }
      case 'aggregate':
        return p.groupBy.length > 0
          ? [`Group Key: ${p.groupBy.map((g) => this.expr(g, false)).join(', ')}`]
          : [];
      case 'distinct':
        return [`Group Key: ${p.columns.map((c) => c.name).join(', ')}`];
      case 'sort':
        return [`Sort Key: ${p.keys.map((k) => this.sortKey(k)).join(', ')}`];
      default:
        return [];
    }
  }

  private sortKey(k: SortKey<PhysicalPlan>): string {
    let s = this.expr(k.expr, false);
    if (k.descending) s += ' DESC';
    if (k.nullsFirst !== k.descending) s += k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
    return s;
  }

  /** A condition: always parenthesized, as PostgreSQL prints quals. */
  private cond(e: PhysicalExpr): string {
    const s = this.expr(e, true);
    return s.startsWith('(') && balanced(s) ? s : `(${s})`;
  }

  /** Deparses an expression; `top` is true where PostgreSQL omits outer parentheses. */
  expr(e: PhysicalExpr, top: boolean): string {
    const x = (a: PhysicalExpr) => this.expr(a, false);
    switch (e.kind) {
      case 'const':
        return constant(e.value, e.type);
      case 'column':
      case 'outerColumn':
        return this.qualify && e.table ? `${e.table}.${e.name}` : e.name;
      case 'param':
        return `$${e.index + 1}`;
      case 'op':
        if (e.op === 'neg') return `(- ${x(e.args[0])})`;
        return `(${x(e.args[0])} ${e.op} ${x(e.args[1])})`;
      case 'func':
        return `${e.name}(${e.args.map(x).join(', ')})`;
      case 'cast':
        return `(${x(e.arg)})::${formatType(e.type)}`;
      case 'and':
      case 'or':
        return `(${e.args.map(x).join(e.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${x(e.arg)})`;
      case 'isNull':
        return `(${x(e.arg)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
      case 'isBool':
        return `(${x(e.arg)} IS ${e.negated ? 'NOT ' : ''}${e.test.toUpperCase()})`;
      case 'isDistinct':
        return `(${x(e.eq.args[0])} IS ${e.negated ? 'NOT ' : ''}DISTINCT FROM ${x(e.eq.args[1])})`;
      case 'like': {
        const op = (e.negated ? '!' : '') + (e.caseInsensitive ? '~~*' : '~~');
        return `(${x(e.arg)} ${op} ${x(e.pattern)})`;
      }
      case 'inList':
        return `(${x(e.arg)} ${e.negated ? 'NOT IN' : 'IN'} (${e.list.map(x).join(', ')}))`;
      case 'case': {
        const whens = e.whens.map((w) => `WHEN ${x(w.cond)} THEN ${x(w.result)}`).join(' ');
        return `CASE ${whens} ELSE ${x(e.otherwise)} END`;
      }
      case 'coalesce':
      case 'greatest':
      case 'least':
        return `${e.kind.toUpperCase()}(${e.args.map(x).join(', ')})`;
      case 'nullif':
        return `NULLIF(${x(e.cmp.kind === 'op' ? e.cmp.args[0] : e.arg)}, ${x(e.cmp.kind === 'op' ? e.cmp.args[1] : e.cmp)})`;
      case 'subquery': {
        const n = subplanNumbers.get(e) ?? 0;
        const ref = e.correlated || e.mode !== 'scalar' ? `SubPlan ${n}` : `$${n - 1}`;
        if (e.mode === 'in') return `(${e.negated ? 'NOT ' : ''}(${x(e.testExpr!)} IN (${ref})))`;
        if (e.mode === 'exists') return e.negated ? `(NOT (${ref}))` : `(${ref})`;
        return top || ref.startsWith('$') ? ref : `(${ref})`;
      }
    }
  }
}

/** Numbers given to subqueries while printing, so references match their `SubPlan n` lines. */
const subplanNumbers = new WeakMap<object, number>();

function forEachChild(e: PhysicalExpr, f: (c: PhysicalExpr) => void): void {
  switch (e.kind) {
    case 'const':
    case 'column':
    case 'outerColumn':
    case 'param':
      return;
    case 'op':
    case 'func':
    case 'and':
    case 'or':
    case 'coalesce':
    case 'greatest':
    case 'least':
      e.args.forEach(f);
      return;
    case 'cast':
    case 'not':
    case 'isNull':
    case 'isBool':
      f(e.arg);
      return;
    case 'case':
      for (const w of e.whens) {
        f(w.cond);
        f(w.result);
      }
      f(e.otherwise);
      return;
    case 'nullif':
      f(e.cmp);
      return;
    case 'isDistinct':
      f(e.eq);
      return;
    case 'like':
      f(e.arg);
      f(e.pattern);
      if (e.escape) f(e.escape);
      return;
    case 'inList':
      f(e.arg);
      e.list.forEach(f);
      return;
    case 'subquery':
      if (e.testExpr) f(e.testExpr);
      return;
  }
}

/** The expressions a node evaluates itself (not its inputs'), for finding its subqueries. */
function nodeExprs(p: PhysicalPlan): PhysicalExpr[] {
  switch (p.kind) {
    case 'seqScan':
      return p.filter ? [p.filter] : [];
    case 'indexScan':
      return [...p.keyConds.map((k) => k.value), ...(p.residual ? [p.residual] : [])];
    case 'valuesScan':
      return p.rows.flat();
    case 'functionScan':
      return [...p.args];
    case 'filter':
      return [p.predicate];
    case 'project':
      return [...p.exprs];
    case 'projectSet':
      return [...p.exprs, ...p.srfs.flatMap((s) => s.args)];
    case 'nestedLoop':
      return p.condition ? [p.condition] : [];
    case 'hashJoin':
      return [...p.hashConds, ...(p.residual ? [p.residual] : [])];
    case 'aggregate':
      return [...p.groupBy, ...p.aggregates.flatMap((a) => a.args)];
    case 'sort':
      return p.keys.map((k) => k.expr);
    case 'limit':
      return [...(p.limit ? [p.limit] : []), ...(p.offset ? [p.offset] : [])];
    case 'insert':
    case 'delete':
      return p.returning ? [...p.returning.exprs] : [];
    case 'update':
      return [...p.assignments.map((a) => a.expr), ...(p.returning ? p.returning.exprs : [])];
    default:
      return [];
  }
}

function relation(name: string, alias: string): string {
  return alias === name ? name : `${name} ${alias}`;
}

function joinSuffix(t: string): string {
  switch (t) {
    case 'left':
      return ' Left Join';
    case 'right':
      return ' Right Join';
    case 'full':
      return ' Full Join';
    default:
      return '';
  }
}

function balanced(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0 && i < s.length - 1) return false;
  }
  return true;
}

/** A constant as PostgreSQL deparses it: bare integers and numerics, else `'text'::type`. */
function constant(v: Value, t: SqlType): string {
  if (v === null) return `NULL::${formatType(t)}`;
  switch (t.name) {
    case 'bool':
      return v ? 'true' : 'false';
    case 'int4':
      return (v as number) < 0 ? `'${v}'::integer` : String(v);
    case 'numeric': {
      const s = formatText(v, t);
      return s.startsWith('-') || s === 'NaN' || s.includes('Infinity') ? `'${s}'::numeric` : s;
    }
    case 'float8':
      return `'${formatFloat8(v as number)}'::double precision`;
    default: {
      const text = formatText(v, t).replace(/'/g, "''");
      return `'${text}'::${formatType(t)}`;
    }
  }
}
