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
import type { BoundExpr } from '@rustydb/planner';

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
}

/** The SQL value functions the binder binds to calls, and the keyword PostgreSQL prints. */
const SQL_VALUE_FUNCTIONS: Readonly<Record<string, string>> = {
  current_date: 'CURRENT_DATE',
  localtimestamp: 'LOCALTIMESTAMP',
  localtime: 'LOCALTIME',
  current_user: 'CURRENT_USER',
  session_user: 'SESSION_USER',
};

/** The regular-expression match calls the binder makes of `~` and `~*`. */
const REGEX_OPERATORS: Readonly<Record<string, string>> = { textregexeq: '~', texticregexeq: '~*' };

/** A node's printed operator, for the pretty rules (get_simple_binary_op_name). */
function binaryOperator(e: Expr): string | undefined {
  if (e.kind === 'op') return e.args.length === 2 ? e.op : undefined;
  if (e.kind === 'like') return likeOperator(e);
  if (e.kind === 'func') return REGEX_OPERATORS[e.name];
  return undefined;
}

function likeOperator(e: Extract<Expr, { kind: 'like' }>): string {
  if (e.similar) return e.negated ? '!~' : '~';
  return (e.negated ? '!' : '') + (e.caseInsensitive ? '~~*' : '~~');
}

/** Is `e` printed as a function call (ruleutils' looks_like_function, for index keys)? */
export function looksLikeFunction(e: Expr): boolean {
  switch (e.kind) {
    case 'func':
      return e.name !== 'array_constructor' && e.name !== 'row' && REGEX_OPERATORS[e.name] === undefined;
    case 'coalesce':
    case 'greatest':
    case 'least':
    case 'nullif':
      return true;
    default:
      return false;
  }
}

/**
 * Prints one stored expression. `pretty`: pg_get_expr & co. called with pretty = true (psql's
 * `\d`). Throws Error for a node a stored expression cannot hold (subqueries, outer columns).
 */
export function deparseStored(e: Expr, pretty: boolean, names: StoredExprNames): string {
  const text = new StoredExprDeparser(pretty, names).expr(e, false);
  // ruleutils' appendContextKeyword drops the spaces before each line break it starts.
  return text.includes('\n') ? text.replace(/ +\n/g, '\n') : text;
}

class StoredExprDeparser {
  #indent = 0;

  constructor(
    private readonly pretty: boolean,
    private readonly names: StoredExprNames,
  ) {}

  /** get_rule_expr: `showImplicit` shows implicit casts. */
  expr(e: Expr, showImplicit: boolean): string {
    switch (e.kind) {
      case 'const':
        return e.written
          ? sqlConstant(writtenValue(e.value, e.written), e.written)
          : this.constant(e.value, e.type);
      case 'column':
        return this.names.domainValue && e.name === 'value' ? 'VALUE' : this.names.column(e.name);
      case 'param':
        return `$${e.index + 1}`;
      case 'op':
        if (e.op === 'neg') return this.own(`- ${this.paren(e.args[0], e, true)}`);
        if (e.op === '||') return this.binary(e, e.op, anyTextOperand(e.args[0]), anyTextOperand(e.args[1]));
        if (CROSS_INTEGER_OPERATORS.has(e.op))
          return this.binary(e, e.op, integerOperand(e.args[0]), integerOperand(e.args[1]));
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
      case 'subquery':
        throw new Error(`a stored expression cannot hold a ${e.kind}`);
    }
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
    // Inner arrays of a multidimensional constructor print as ARRAY[…] too.
    if (e.name === 'array_constructor') return `ARRAY[${e.args.map((a) => this.expr(a, true)).join(', ')}]`;
    if (e.name === 'row') return `ROW(${e.args.map((a) => this.expr(a, true)).join(', ')})`;
    return `${e.name}(${e.args.map((a) => this.expr(a, true)).join(', ')})`;
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
  private inList(e: Extract<Expr, { kind: 'inList' }>): string {
    const op = e.negated ? '<>' : '=';
    if (e.list.length === 1) return this.binary(e, op, e.arg, e.list[0]);
    const items = e.list.map((x) => this.expr(x, true)).join(', ');
    return this.own(`${this.paren(e.arg, e, true)} ${op} ${e.negated ? 'ALL' : 'ANY'} (ARRAY[${items}])`);
  }

  /** CASE over lines, as appendContextKeyword lays it out under PRETTY_INDENT. */
  private caseExpr(e: Extract<Expr, { kind: 'case' }>): string {
    const line = (indent: number, s: string) => `\n${' '.repeat(indent)}${s}`;
    let s = line(this.#indent, 'CASE');
    this.#indent += 4;
    for (const w of e.whens) {
      s += line(this.#indent, `WHEN ${this.expr(w.cond, false)} THEN ${this.expr(w.result, true)}`);
    }
    s += line(this.#indent, `ELSE ${this.expr(e.otherwise, true)}`);
    this.#indent -= 4;
    return s + line(this.#indent, 'END');
  }
}

/**
 * An operand of `||` the binder converted to text without a written cast: PostgreSQL's
 * anytextcat / textanycat take it as it is (`b || a`, a an integer).
 */
function anyTextOperand(e: Expr): Expr {
  if (e.kind !== 'cast' || e.explicit || e.type.name !== 'text') return e;
  const from = e.arg.type.name;
  return from === 'varchar' || from === 'bpchar' || from === 'name' || from === 'unknown' ? e : e.arg;
}

/** The operators PostgreSQL has for every pair of int2, int4 and int8 (int48pl, int84lt, …). */
const CROSS_INTEGER_OPERATORS: ReadonlySet<string> = new Set([
  '+',
  '-',
  '*',
  '/',
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
]);

const isInteger = (t: SqlType): boolean => t.name === 'int2' || t.name === 'int4' || t.name === 'int8';

/** An operand the binder widened to the other integer type: PostgreSQL's cross-type operator takes it as it is. */
function integerOperand(e: Expr): Expr {
  return e.kind === 'cast' &&
    !e.explicit &&
    isInteger(e.type) &&
    isInteger(e.arg.type) &&
    e.type.domain === undefined
    ? e.arg
    : e;
}

/** An integer constant's value as its written type holds it (int8 values are bigints). */
const writtenValue = (v: unknown, t: SqlType): never =>
  (v === null ? null : t.name === 'int8' ? BigInt(v as number) : Number(v)) as never;

/** The operator priorities the pretty rules know: `+ -` low, `* / %` high. */
const priority = (op: string | undefined): 'low' | 'high' | undefined =>
  op === '+' || op === '-' ? 'low' : op === '*' || op === '/' || op === '%' ? 'high' : undefined;

/** ruleutils' isSimpleNode: may `e` go without parentheses as a child of `parent` (pretty only)? */
function isSimple(e: Expr, parent: Expr): boolean {
  switch (e.kind) {
    case 'const':
    case 'column':
    case 'param':
    case 'case':
    case 'coalesce':
    case 'greatest':
    case 'least':
    case 'nullif':
      return true;
    case 'func':
      if (REGEX_OPERATORS[e.name] !== undefined) return operatorIsSimple(e, parent);
      return true;
    case 'cast':
      return isSimple(e.arg, e);
    case 'op':
    case 'like':
      return operatorIsSimple(e, parent);
    case 'isNull':
    case 'isBool':
    case 'isDistinct':
      return simpleUnder(parent);
    case 'and':
    case 'or':
    case 'not':
      if (parent.kind === 'and' || parent.kind === 'or' || parent.kind === 'not')
        return e.kind === 'or' ? parent.kind === 'or' : parent.kind !== 'not';
      return simpleUnder(parent);
    default:
      return false;
  }
}

/** An operator under another: by priority (`a * b + c`, `(a - b) - c`); else as simpleUnder. */
function operatorIsSimple(e: Expr, parent: Expr): boolean {
  const parentOp = binaryOperator(parent);
  if (parentOp === undefined && !isOperatorNode(parent)) return simpleUnder(parent);
  const mine = priority(binaryOperator(e));
  const theirs = priority(parentOp);
  if (mine === undefined || theirs === undefined) return false;
  if (mine === 'high' && theirs === 'low') return true;
  if (mine === 'low' && theirs === 'high') return false;
  // Same priority: only the left operand goes bare ((a - b) - c, not a - (b - c)).
  return firstArg(parent) === e;
}

/** Is `e` printed as an operator (PostgreSQL's OpExpr), so that its children follow the priorities? */
const isOperatorNode = (e: Expr): boolean =>
  e.kind === 'op' || e.kind === 'like' || (e.kind === 'func' && REGEX_OPERATORS[e.name] !== undefined);

const firstArg = (e: Expr): Expr | undefined =>
  e.kind === 'op' || e.kind === 'func' ? e.args[0] : e.kind === 'like' ? e.arg : undefined;

/** isSimpleNode's parent switch for operator-like nodes: bare inside AND/OR/NOT and bracketing nodes. */
function simpleUnder(parent: Expr): boolean {
  switch (parent.kind) {
    case 'and':
    case 'or':
    case 'not':
    case 'case':
    case 'coalesce':
    case 'greatest':
    case 'least':
    case 'nullif':
      return true;
    case 'func':
      return REGEX_OPERATORS[parent.name] === undefined;
    default:
      return false;
  }
}
