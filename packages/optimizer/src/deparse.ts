/**
 * Deparsing physical expressions as PostgreSQL's EXPLAIN prints them (ruleutils.c): operators
 * parenthesized, constants as common's sqlConstant prints them, subqueries as
 * `SubPlan n` / `$n` references numbered as their plans are listed.
 */
import { arrayTypeOf, formatType, SqlArray, sqlConstant, type Value } from '@rustydb/common';
import { deparseCall } from './deparse-call.js';
import type { PhysicalExpr } from './physical-plan.js';

export class Deparser {
  /** Numbers given to subqueries, so references match their `SubPlan n` lines. */
  readonly subplanNumbers = new WeakMap<object, number>();

  /**
   * `qualify`: prefix columns with their relation (the plan reads several). `params`: the values
   * of `$n` (EXPLAIN EXECUTE), printed as the constants PostgreSQL's custom plan has in their
   * place; without them `$n` prints as itself.
   */
  constructor(
    private readonly qualify: boolean,
    private readonly params?: readonly Value[],
  ) {}

  /** A condition: always parenthesized, as PostgreSQL prints quals. */
  cond(e: PhysicalExpr): string {
    const s = this.expr(e, true);
    return s.startsWith('(') && balanced(s) ? s : `(${s})`;
  }

  /** Deparses an expression; `top` is true where PostgreSQL omits outer parentheses. */
  expr(e: PhysicalExpr, top: boolean): string {
    const x = (a: PhysicalExpr) => this.expr(a, false);
    switch (e.kind) {
      case 'const':
        return sqlConstant(e.value, e.type);
      case 'column':
      case 'outerColumn':
        return this.qualify && e.table ? `${e.table}.${e.name}` : e.name;
      case 'param': {
        const params = this.params;
        return params !== undefined && e.index < params.length
          ? sqlConstant(params[e.index]!, e.type)
          : `$${e.index + 1}`;
      }
      case 'op':
        if (e.op === 'neg') return `(- ${x(e.args[0])})`;
        return `(${x(e.args[0])} ${e.op} ${x(e.args[1])})`;
      case 'func':
        return deparseCall(e, x) ?? `${e.name}(${e.args.map(x).join(', ')})`;
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
        if (e.similar) {
          return `(${x(e.arg)} ${e.negated ? 'NOT ' : ''}SIMILAR TO ${x(e.pattern)})`;
        }
        const op = (e.negated ? '!' : '') + (e.caseInsensitive ? '~~*' : '~~');
        return `(${x(e.arg)} ${op} ${x(e.pattern)})`;
      }
      case 'inList': {
        // As PostgreSQL's parser rewrites IN: constants make one `= ANY ('{…}')` (NOT IN
        // `<> ALL`), a single item a plain comparison.
        if (e.list.length === 1) return `(${x(e.arg)} ${e.negated ? '<>' : '='} ${x(e.list[0]!)})`;
        if (e.list.every((i) => i.kind === 'const')) {
          const values = SqlArray.of(e.list.map((i) => (i as { value: Value }).value));
          const array = arrayTypeOf(e.list[0]!.type);
          if (array !== undefined) {
            return `(${x(e.arg)} ${e.negated ? '<> ALL' : '= ANY'} (${sqlConstant(values, array)}))`;
          }
        }
        return `(${x(e.arg)} ${e.negated ? 'NOT IN' : 'IN'} (${e.list.map(x).join(', ')}))`;
      }
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
        const n = this.subplanNumbers.get(e) ?? 0;
        const ref = e.correlated || e.mode !== 'scalar' ? `SubPlan ${n}` : `$${n - 1}`;
        if (e.mode === 'in') return `(${e.negated ? 'NOT ' : ''}(${x(e.testExpr!)} IN (${ref})))`;
        if (e.mode === 'exists') return e.negated ? `(NOT (${ref}))` : `(${ref})`;
        return top || ref.startsWith('$') ? ref : `(${ref})`;
      }
    }
  }
}

/** Calls `f` on each direct subexpression of `e` (not into subquery plans). */
export function forEachChild(e: PhysicalExpr, f: (c: PhysicalExpr) => void): void {
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

function balanced(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "'") {
      // a string constant ('[1,5)'::int4range): its parentheses do not count ('' is a quote inside)
      i = s.indexOf("'", i + 1);
      if (i < 0) return true;
      continue;
    }
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0 && i < s.length - 1) return false;
  }
  return true;
}
