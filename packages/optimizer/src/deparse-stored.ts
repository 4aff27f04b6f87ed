/**
 * Deparsing stored expressions (column defaults, generated columns, CHECK constraints, index keys
 * and predicates, domain CHECKs) as PostgreSQL's ruleutils.c prints them for pg_get_expr,
 * pg_get_constraintdef and pg_get_indexdef.
 *
 * The rules of get_rule_expr, over bound expressions:
 * - Not pretty (PRETTY_INDENT only): every operator, AND/OR/NOT, IS [NOT] NULL, IS TRUE … and
 *   `= ANY (…)` sets its own parentheses: `((a > 0) AND (a < 10))`. Pretty (PRETTY_PAREN too):
 *   none of its own, and a child is parenthesized only where isSimpleNode says it must be
 *   (`a > 0 AND a < 10`, `(m * 2 + 1) > (m - 3)`).
 * - Implicit casts show where ruleutils passes `showimplicit` (operator and function arguments:
 *   `lower((name)::text)`, `(w < (100)::numeric)`) and are hidden elsewhere (the top level, AND/OR
 *   arguments, WHEN conditions).
 * - The binder's rewrites print as PostgreSQL's parse analysis made them: IN lists as
 *   `= ANY (ARRAY[…])` (NOT IN as `<> ALL`), LIKE/ILIKE as `~~`/`~~*`, `~` for the regex match
 *   calls, SQL value functions as their keywords (CURRENT_DATE, CURRENT_TIMESTAMP, …).
 * - CASE always spans lines (PRETTY_INDENT), indented by 4 per level.
 *
 * Constants print as common's sqlConstant (get_const_expr); names of user types (enums,
 * domains) come from the caller, who knows which are visible.
 */
import {
  castValue,
  DbError,
  formatText,
  formatType,
  type SqlType,
  sqlConstant,
  type TimeZone,
} from '@rustydb/common';
import type { BoundExpr, ColumnExpr, OuterColumnExpr, SubqueryExpr } from '@rustydb/planner';
import {
  anyTextOperand,
  bitwiseOperator,
  crossTypeOperand,
  inListShape,
  isSimple,
  likeOperator,
  quantifiedOperator,
  REGEX_OPERATORS,
  readsColumns,
} from './deparse-stored-rules.js';

type Expr = BoundExpr<unknown>;

/** How the caller wants names printed. */
export interface StoredExprNames {
  /** A user type's name (an enum or a domain), schema-qualified when not visible. */
  readonly userType: (t: SqlType) => string;
  /** A column's name, quoted as quote_identifier quotes it. */
  readonly column: (name: string) => string;
  /** Prints a column named `value` as VALUE (a domain CHECK's CoerceToDomainValue). */
  readonly domainValue?: boolean;
  /** The session's TimeZone, in which a timestamptz literal prints. */
  readonly zone?: TimeZone;
  /**
   * A regclass constant's stored text as regclassout prints it for the reader's search path
   * (qualified where the path would not find it). Absent: as stored.
   */
  readonly regclass?: (stored: string) => string;
  /**
   * A column of a query (pg_get_viewdef prints the view's query): its text, `indent` the
   * indentation of the line it is on. Absent: `column(e.name)`, and outer columns are refused.
   */
  readonly columnRef?: (e: ColumnExpr | OuterColumnExpr, indent: number) => string;
  /** A subquery in an expression, with the parentheses it prints. Absent: subqueries are refused. */
  readonly subquery?: (e: SubqueryExpr<unknown>, indent: number) => string;
  /** A NOT IN subquery written `x <> ALL (…)`: `<>`, which it prints as (undefined: NOT IN). */
  readonly allOperator?: (e: SubqueryExpr<unknown>) => string | undefined;
  /** The indentation of the line the expression starts on (a CASE's lines are indented from it). */
  readonly indent?: number;
}

/** The SQL value functions the binder binds to calls, and the keyword PostgreSQL prints. */
const SQL_VALUE_FUNCTIONS: Readonly<Record<string, string>> = {
  current_date: 'CURRENT_DATE',
  localtimestamp: 'LOCALTIMESTAMP',
  localtime: 'LOCALTIME',
  current_user: 'CURRENT_USER',
  session_user: 'SESSION_USER',
};

/**
 * Prints one stored expression. `pretty`: pg_get_expr & co. called with pretty = true (psql's
 * `\d`). Throws Error for a node a stored expression cannot hold (subqueries, outer columns).
 */
export function deparseStored(
  e: Expr,
  pretty: boolean,
  names: StoredExprNames,
  showImplicit = false,
): string {
  const text = new StoredExprDeparser(pretty, names).expr(e, showImplicit);
  // ruleutils' appendContextKeyword drops the spaces before each line break it starts.
  return text.includes('\n') ? text.replace(/ +\n/g, '\n') : text;
}

class StoredExprDeparser {
  #indent: number;

  constructor(
    private readonly pretty: boolean,
    private readonly names: StoredExprNames,
  ) {
    this.#indent = names.indent ?? 0;
  }

  /** get_rule_expr: `showImplicit` shows implicit casts. */
  expr(e: Expr, showImplicit: boolean): string {
    switch (e.kind) {
      case 'const':
        return e.written
          ? sqlConstant(writtenValue(e.value, e.written), e.written)
          : this.constant(e.value, e.type);
      case 'column':
        if (this.names.columnRef !== undefined) return this.names.columnRef(e, this.#indent);
        return this.names.domainValue && e.name === 'value' ? 'VALUE' : this.names.column(e.name);
      case 'param':
        return `$${e.index + 1}`;
      case 'op':
        if (e.op === 'neg') return this.own(`- ${this.paren(e.args[0], e, true)}`);
        if (e.op === '||') return this.binary(e, e.op, anyTextOperand(e.args[0]), anyTextOperand(e.args[1]));
        if (e.args.length === 2)
          return this.binary(e, e.op, crossTypeOperand(e.op, e.args[0]), crossTypeOperand(e.op, e.args[1]));
        return this.binary(e, e.op, e.args[0], e.args[1]);
      case 'func':
        return this.call(e);
      case 'cast':
        if (!e.explicit && !showImplicit) return this.paren(e.arg, e, false);
        return this.coercion(e);
      case 'and':
      case 'or':
        return this.own(e.args.map((a) => this.paren(a, e, false)).join(e.kind === 'and' ? ' AND ' : ' OR '));
      case 'not':
        return this.not(e);
      case 'isNull':
        return this.own(`${this.paren(e.arg, e, true)} IS ${e.negated ? 'NOT ' : ''}NULL`);
      case 'isBool':
        return this.own(
          `${this.paren(e.arg, e, false)} IS ${e.negated ? 'NOT ' : ''}${e.test.toUpperCase()}`,
        );
      case 'isDistinct': {
        const [a, b] = e.eq.args;
        const distinct = this.own(`${this.paren(a, e, true)} IS DISTINCT FROM ${this.paren(b, e, true)}`);
        // IS NOT DISTINCT FROM is NOT over a DistinctExpr in PostgreSQL's tree.
        return e.negated ? this.own(`NOT ${distinct}`) : distinct;
      }
      case 'like':
        return this.like(e);
      case 'inList':
        return this.inList(e);
      case 'case':
        return this.caseExpr(e);
      case 'coalesce':
      case 'greatest':
      case 'least':
        return `${e.kind.toUpperCase()}(${e.args.map((a) => this.expr(a, true)).join(', ')})`;
      case 'nullif': {
        const [a, b] = e.cmp.kind === 'op' ? e.cmp.args : [e.arg, e.cmp];
        return `NULLIF(${this.expr(a, true)}, ${this.expr(b, true)})`;
      }
      case 'outerColumn':
        if (this.names.columnRef !== undefined) return this.names.columnRef(e, this.#indent);
        throw new Error(`a stored expression cannot hold a ${e.kind}`);
      case 'subquery':
        if (this.names.subquery !== undefined) return this.subqueryExpr(e);
        throw new Error(`a stored expression cannot hold a ${e.kind}`);
    }
  }

  /**
   * get_sublink_expr: `(x IN ( SELECT …))`, `(EXISTS ( SELECT …))`, `( SELECT …)`; NOT IN is
   * NOT over the IN.
   */
  private subqueryExpr(e: Extract<Expr, { kind: 'subquery' }>): string {
    const query = this.names.subquery!(e, this.#indent);
    if (e.mode === 'scalar') return `(${query})`;
    if (e.mode === 'exists') return `(EXISTS (${query}))`;
    const all = e.negated ? this.names.allOperator?.(e) : undefined;
    const test = e.testExpr === undefined ? '' : `${this.expr(e.testExpr, true)} `;
    if (all !== undefined) return `(${test}${all} ALL (${query}))`;
    const sublink = `(${test}IN (${query}))`;
    return e.negated ? this.own(`NOT ${sublink}`) : sublink;
  }

  /** The parentheses an operator-like node sets around itself when not pretty. */
  private own(s: string): string {
    return this.pretty ? s : `(${s})`;
  }

  /** get_rule_expr_paren: parentheses when pretty and `e` is not simple under `parent`. */
  private paren(e: Expr, parent: Expr, showImplicit: boolean): string {
    const s = this.expr(e, showImplicit);
    return this.pretty && !isSimple(e, parent) ? `(${s})` : s;
  }

  private binary(parent: Expr, op: string, a: Expr, b: Expr): string {
    return this.own(`${this.paren(a, parent, true)} ${op} ${this.paren(b, parent, true)}`);
  }

  private constant(value: unknown, type: SqlType): string {
    if (type.name === 'regclass' && value !== null && this.names.regclass !== undefined) {
      return `'${this.names.regclass(value as string).replaceAll("'", "''")}'::regclass`;
    }
    const base = type.domain ?? type.enum;
    if (base === undefined || type.name === '_anyenum') return sqlConstant(value as never, type);
    const name = this.names.userType(type);
    if (value === null) return `NULL::${name}`;
    return `'${formatText(value as never, type).replaceAll("'", "''")}'::${name}`;
  }

  private typeName(t: SqlType): string {
    return t.domain !== undefined || t.enum !== undefined ? this.names.userType(t) : formatType(t);
  }

  /** get_coercion_expr: `(arg)::type`, or `arg::type` when pretty and `arg` is simple. */
  private coercion(e: Extract<Expr, { kind: 'cast' }>): string {
    const zoned = this.zonedLiteral(e);
    if (zoned !== undefined) return zoned;
    const arg = this.paren(e.arg, e, false);
    return `${this.pretty ? arg : `(${arg})`}::${this.typeName(e.type)}`;
  }

  /**
   * A timestamptz literal: the binder leaves reading it to run time (it depends on the TimeZone),
   * where PostgreSQL made a constant of it, printed in the session's TimeZone.
   */
  private zonedLiteral(e: Extract<Expr, { kind: 'cast' }>): string | undefined {
    const arg = e.arg;
    if (!e.explicit || e.type.name !== 'timestamptz' || arg.kind !== 'const' || arg.type.name !== 'text')
      return;
    if (arg.value === null) return undefined;
    try {
      const zone = this.names.zone;
      return sqlConstant(castValue(arg.value, arg.type, e.type, true, zone), e.type, zone);
    } catch (err) {
      if (err instanceof DbError) return undefined;
      throw err;
    }
  }

  private call(e: Extract<Expr, { kind: 'func' }>): string {
    const keyword = e.keyword ?? SQL_VALUE_FUNCTIONS[e.name];
    if (keyword !== undefined && e.args.length === 0) return keyword;
    const regex = REGEX_OPERATORS[e.name];
    if (regex !== undefined) return this.binary(e, regex, e.args[0], e.args[1]);
    const special = this.specialCall(e);
    if (special !== undefined) return special;
    // Inner arrays of a multidimensional constructor print as ARRAY[…] too.
    if (e.name === 'array_constructor') return `ARRAY[${e.args.map((a) => this.expr(a, true)).join(', ')}]`;
    if (e.name === 'row') return `ROW(${e.args.map((a) => this.expr(a, true)).join(', ')})`;
    return `${e.name}(${e.args.map((a) => this.expr(a, true)).join(', ')})`;
  }

  /**
   * The calls the binder makes of operator and SQL syntax, printed as PostgreSQL prints that
   * syntax: `x op ANY (arr)`, `a & b`, `h[1]`, `EXTRACT(year FROM d)`, `POSITION((s) IN (t))`,
   * `SUBSTRING(t FROM i FOR n)`, `TRIM(BOTH FROM t)`. Undefined for an ordinary call.
   */
  private specialCall(e: Extract<Expr, { kind: 'func' }>): string | undefined {
    const a = e.args;
    const x = (arg: Expr) => this.expr(arg, false);
    const quantified = quantifiedOperator(e);
    if (quantified !== undefined)
      return this.own(`${this.paren(a[0], e, true)} ${quantified} (${this.expr(a[1], true)})`);
    const bitwise = bitwiseOperator(e);
    if (bitwise !== undefined) {
      if (a.length === 1) return this.own(`${bitwise} ${this.paren(a[0], e, true)}`);
      return this.binary(e, bitwise, a[0], a[1]);
    }
    switch (e.name) {
      case 'array_subscript': {
        const arr = a[0].kind === 'column' ? x(a[0]) : `(${x(a[0])})`;
        return `${arr}${a
          .slice(1)
          .map((i) => `[${x(i)}]`)
          .join('')}`;
      }
      case 'extract':
        if (a.length !== 2 || a[0].kind !== 'const' || typeof a[0].value !== 'string') return undefined;
        return `EXTRACT(${a[0].value} FROM ${x(a[1])})`;
      case 'position':
        return a.length === 2
          ? `POSITION((${this.expr(a[1], true)}) IN (${this.expr(a[0], true)}))`
          : undefined;
      case 'substring':
        if (a.length < 2 || a.length > 3) return undefined;
        return `SUBSTRING(${x(a[0])} FROM ${x(a[1])}${a.length === 3 ? ` FOR ${x(a[2])}` : ''})`;
      case 'btrim':
        if (a.length < 1 || a.length > 2) return undefined;
        return `TRIM(BOTH${a.length === 2 ? ` ${x(a[1])}` : ''} FROM ${x(a[0])})`;
      default:
        return undefined;
    }
  }

  private not(e: Extract<Expr, { kind: 'not' }>): string {
    const arg = e.arg;
    if (arg.kind === 'func' && REGEX_OPERATORS[arg.name] !== undefined)
      return this.binary(arg, `!${REGEX_OPERATORS[arg.name]}`, arg.args[0], arg.args[1]);
    return this.own(`NOT ${this.paren(arg, e, false)}`);
  }

  /** LIKE is `~~` (an ESCAPE becomes like_escape(pattern, escape)); SIMILAR TO is `~ similar_to_escape(…)`. */
  private like(e: Extract<Expr, { kind: 'like' }>): string {
    let pattern = this.paren(e.pattern, e, true);
    if (e.similar) {
      const escapeArg = e.escape ? `, ${this.expr(e.escape, true)}` : '';
      pattern = `similar_to_escape(${this.expr(e.pattern, true)}${escapeArg})`;
    } else if (e.escape) pattern = `like_escape(${this.expr(e.pattern, true)}, ${this.expr(e.escape, true)})`;
    return this.own(`${this.paren(e.arg, e, true)} ${likeOperator(e)} ${pattern}`);
  }

  /** `a = ANY (ARRAY[…])` (NOT IN: `<> ALL`); a list of one is a plain comparison. */
  /**
   * As transformAExprIn: the items that read no column, when more than one, make `a = ANY
   * (ARRAY[…])`; every other item is its own comparison, ORed on (NOT IN: `<> ALL`, ANDed).
   */
  private inList(e: Extract<Expr, { kind: 'inList' }>): string {
    const op = e.negated ? '<>' : '=';
    const constants = e.list.filter((x) => !readsColumns(x));
    const arrayed = constants.length > 1;
    let result: string | undefined;
    if (arrayed) {
      const items = constants.map((x) => this.arrayElement(x)).join(', ');
      result = this.own(`${this.paren(e.arg, e, true)} ${op} ${e.negated ? 'ALL' : 'ANY'} (ARRAY[${items}])`);
      // Under the AND/OR of the other items, the array comparison is not simple.
      if (this.pretty && inListShape(e) === 'bool') result = `(${result})`;
    }
    for (const item of e.list) {
      if (arrayed && !readsColumns(item)) continue;
      const cmp = this.binary(e, op, e.arg, item);
      result = result === undefined ? cmp : this.own(`${result} ${e.negated ? 'AND' : 'OR'} ${cmp}`);
    }
    return result!;
  }

  /** An IN item in the array: a constant the binder converted shows PostgreSQL's coercion, `(1)::bigint`. */
  private arrayElement(e: Expr): string {
    if (e.kind !== 'const' || e.written === undefined || e.written.name === e.type.name)
      return this.expr(e, true);
    const c = sqlConstant(writtenValue(e.value, e.written), e.written);
    return `${this.pretty ? c : `(${c})`}::${this.typeName(e.type)}`;
  }

  /** CASE over lines, as appendContextKeyword lays it out under PRETTY_INDENT. */
  private caseExpr(e: Extract<Expr, { kind: 'case' }>): string {
    const line = (indent: number, s: string) => `\n${' '.repeat(indent)}${s}`;
    // CASE x WHEN v: the conditions are `x = v`, of which only v prints.
    const operands = e.simple
      ? e.whens.map((w) => (w.cond.kind === 'op' && w.cond.op === '=' ? w.cond.args : undefined))
      : [];
    const simple = e.simple === true && operands.every((x) => x !== undefined);
    let s = line(this.#indent, 'CASE');
    if (simple) s += ` ${this.expr(uncoerced(operands[0]![0]), true)}`;
    this.#indent += 4;
    e.whens.forEach((w, i) => {
      const when = simple ? operands[i]![1] : w.cond;
      s += line(this.#indent, `WHEN ${this.expr(when, false)} THEN ${this.expr(w.result, true)}`);
    });
    s += line(this.#indent, `ELSE ${this.expr(e.otherwise, true)}`);
    this.#indent -= 4;
    return s + line(this.#indent, 'END');
  }
}

/** An integer constant's value as its written type holds it (int8 values are bigints). */
const writtenValue = (v: unknown, t: SqlType): never =>
  (v === null ? null : t.name === 'int8' ? BigInt(v as number) : Number(v)) as never;

/** `e` without the implicit cast the binder put on it. */
const uncoerced = (e: Expr): Expr => (e.kind === 'cast' && !e.explicit ? e.arg : e);
