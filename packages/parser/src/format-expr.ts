/**
 * formatExpr: SQL text back from an expression AST, for defaults and checks stored in the
 * catalog as text and for EXPLAIN.
 *
 * The output re-parses to the same AST (up to locations): parentheses are added exactly where
 * precedence requires them (PostgreSQL's own ruleutils parenthesizes every operator instead;
 * minimal parentheses read better and still round-trip). Spelling follows PostgreSQL's
 * deparser: `x::type` for casts (typed literals `date 'x'` print as `'x'::date`), internal type
 * names (`int4`, `varchar(10)`), SQL-syntax calls back in SQL syntax (`EXTRACT(year FROM d)`),
 * keywords upper case, identifiers quoted only when needed.
 */
import { assertNever, quoteIdent } from '@rustydb/common';
import type { Expr, FuncCall, SortBy, TypeName, WindowDef } from './ast/index.js';
import { formatQuery } from './format-query.js';

/** A string literal: `'it''s'` (standard_conforming_strings: backslashes are literal). */
export function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

// Binding strength, loosest first (see the grammar's precedence table).
enum Prec {
  Or = 1,
  And,
  Not,
  Is,
  Comparison,
  Pattern,
  OtherOp,
  Additive,
  Multiplicative,
  Exponent,
  AtTimeZone,
  Collate,
  Unary,
  Cast,
  Primary,
}

const COMPARISON_OPS = new Set(['<', '>', '=', '<=', '>=', '<>']);

function binaryPrec(op: string): Prec {
  if (COMPARISON_OPS.has(op)) return Prec.Comparison;
  if (op === '+' || op === '-') return Prec.Additive;
  if (op === '*' || op === '/' || op === '%') return Prec.Multiplicative;
  if (op === '^') return Prec.Exponent;
  return Prec.OtherOp;
}

function precOf(e: Expr): Prec {
  switch (e.kind) {
    case 'or':
      return Prec.Or;
    case 'and':
      return Prec.And;
    case 'not':
      return Prec.Not;
    case 'nullTest':
    case 'booleanTest':
    case 'distinctFrom':
      return Prec.Is;
    case 'between':
    case 'inList':
    case 'inSubquery':
    case 'like':
      return Prec.Pattern;
    case 'quantifiedArray':
    case 'quantifiedSubquery':
      return Prec.OtherOp;
    case 'binaryOp':
      return binaryPrec(e.op);
    case 'unaryOp':
      return e.op === '+' || e.op === '-' ? Prec.Unary : Prec.OtherOp;
    case 'collate':
      return Prec.Collate;
    case 'cast':
      return Prec.Cast;
    case 'literal':
      // A folded negative number prints with its sign: `(-1)::int` needs the parentheses.
      return e.value.startsWith('-') ? Prec.Unary : Prec.Primary;
    case 'funcCall':
      return e.sqlSyntax && e.name === 'timezone' ? Prec.AtTimeZone : Prec.Primary;
    default:
      return Prec.Primary;
  }
}

/** `e` printed so that it binds at least as tightly as `min`. */
function sub(e: Expr, min: Prec): string {
  const text = formatExpr(e);
  return precOf(e) < min ? `(${text})` : text;
}

/**
 * SQL text for an expression. Synchronous, pure. The result parses back (with `parseExpression`)
 * to an equal AST apart from `location` fields.
 */
export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      return formatLiteral(e);
    case 'columnRef':
      return e.names.map(quoteIdent).join('.');
    case 'star':
      return [...e.qualifier.map(quoteIdent), '*'].join('.');
    case 'param':
      return `$${e.number}`;
    case 'binaryOp': {
      const p = binaryPrec(e.op);
      // Comparisons do not chain in PostgreSQL: a nested one on the left needs parentheses.
      return `${sub(e.left, p === Prec.Comparison ? p + 1 : p)} ${e.op} ${sub(e.right, p + 1)}`;
    }
    case 'unaryOp': {
      const operand = sub(e.operand, precOf(e));
      return /^[+-]/.test(operand) || e.op.length > 1 ? `${e.op} ${operand}` : `${e.op}${operand}`;
    }
    case 'and':
      return e.args.map((a, i) => sub(a, i === 0 ? Prec.And : Prec.And + 1)).join(' AND ');
    case 'or':
      return e.args.map((a, i) => sub(a, i === 0 ? Prec.Or : Prec.Or + 1)).join(' OR ');
    case 'not':
      return `NOT ${sub(e.arg, Prec.Not)}`;
    case 'nullTest':
      return `${sub(e.arg, Prec.Is)} IS ${e.negated ? 'NOT ' : ''}NULL`;
    case 'booleanTest':
      return `${sub(e.arg, Prec.Is)} IS ${e.negated ? 'NOT ' : ''}${e.test.toUpperCase()}`;
    case 'distinctFrom':
      return `${sub(e.left, Prec.Is + 1)} IS ${e.negated ? 'NOT ' : ''}DISTINCT FROM ${sub(e.right, Prec.Is + 1)}`;
    case 'between':
      return `${sub(e.arg, Prec.Pattern + 1)} ${e.negated ? 'NOT ' : ''}BETWEEN ${e.symmetric ? 'SYMMETRIC ' : ''}${sub(e.low, Prec.Pattern + 1)} AND ${sub(e.high, Prec.Pattern + 1)}`;
    case 'inList':
      return `${sub(e.arg, Prec.Pattern + 1)} ${e.negated ? 'NOT ' : ''}IN (${list(e.list)})`;
    case 'inSubquery':
      return `${sub(e.arg, Prec.Pattern + 1)} ${e.negated ? 'NOT ' : ''}IN (${formatQuery(e.query)})`;
    case 'like': {
      const op = e.op === 'similar' ? 'SIMILAR TO' : e.op.toUpperCase();
      const escapeClause = e.escape ? ` ESCAPE ${sub(e.escape, Prec.Pattern + 1)}` : '';
      return `${sub(e.arg, Prec.Pattern + 1)} ${e.negated ? 'NOT ' : ''}${op} ${sub(e.pattern, Prec.Pattern + 1)}${escapeClause}`;
    }
    case 'quantifiedArray':
      return `${sub(e.left, Prec.OtherOp)} ${quantifiedOp(e.op)} ${e.quantifier.toUpperCase()} (${formatExpr(e.array)})`;
    case 'quantifiedSubquery':
      return `${sub(e.left, Prec.OtherOp)} ${quantifiedOp(e.op)} ${e.quantifier.toUpperCase()} (${formatQuery(e.query)})`;
    case 'exists':
      return `EXISTS (${formatQuery(e.query)})`;
    case 'subquery':
      return `(${formatQuery(e.query)})`;
    case 'arraySubquery':
      return `ARRAY(${formatQuery(e.query)})`;
    case 'cast':
      return `${sub(e.arg, Prec.Cast)}::${formatTypeName(e.type)}`;
    case 'collate':
      return `${sub(e.arg, Prec.Collate)} COLLATE ${quoteIdent(e.collation)}`;
    case 'funcCall':
      return formatFuncCall(e);
    case 'sqlValueFunction':
      return e.precision === undefined ? e.op.toUpperCase() : `${e.op.toUpperCase()}(${e.precision})`;
    case 'case': {
      const arg = e.arg ? ` ${formatExpr(e.arg)}` : '';
      const whens = e.whens.map((w) => ` WHEN ${formatExpr(w.when)} THEN ${formatExpr(w.then)}`).join('');
      const otherwise = e.else ? ` ELSE ${formatExpr(e.else)}` : '';
      return `CASE${arg}${whens}${otherwise} END`;
    }
    case 'coalesce':
      return `COALESCE(${list(e.args)})`;
    case 'nullIf':
      return `NULLIF(${formatExpr(e.left)}, ${formatExpr(e.right)})`;
    case 'minMax':
      return `${e.op.toUpperCase()}(${list(e.args)})`;
    case 'grouping':
      return `GROUPING(${list(e.args)})`;
    case 'array':
      return `${e.explicit ? 'ARRAY' : ''}[${list(e.elements)}]`;
    case 'row':
      return e.explicit || e.args.length < 2 ? `ROW(${list(e.args)})` : `(${list(e.args)})`;
    case 'subscript': {
      const bounds = e.slice
        ? `${e.lower ? formatExpr(e.lower) : ''}:${e.upper ? formatExpr(e.upper) : ''}`
        : formatExpr(e.lower!);
      return `${indirectionBase(e.arg)}[${bounds}]`;
    }
    case 'fieldSelect':
      return `(${formatExpr(e.arg)}).${quoteIdent(e.field)}`;
    case 'fieldStar':
      return `(${formatExpr(e.arg)}).*`;
    case 'default':
      return 'DEFAULT';
    default:
      return assertNever(e, 'expression');
  }
}

function list(items: readonly Expr[]): string {
  return items.map(formatExpr).join(', ');
}

/** Subscripts apply directly to column references, parameters and other subscripts; anything else is parenthesized. */
function indirectionBase(e: Expr): string {
  const text = formatExpr(e);
  return e.kind === 'columnRef' || e.kind === 'param' || e.kind === 'subscript' ? text : `(${text})`;
}

/** LIKE-family operators of `x op ANY (…)` are stored as PostgreSQL's operator names. */
function quantifiedOp(op: string): string {
  switch (op) {
    case '~~':
      return 'LIKE';
    case '!~~':
      return 'NOT LIKE';
    case '~~*':
      return 'ILIKE';
    case '!~~*':
      return 'NOT ILIKE';
    default:
      return op;
  }
}

function formatLiteral(e: Extract<Expr, { kind: 'literal' }>): string {
  switch (e.type) {
    case 'string':
      return quoteString(e.value);
    case 'null':
      return 'NULL';
    case 'bitstring':
      return `${e.value[0].toUpperCase()}'${e.value.slice(1)}'`;
    default:
      return e.value;
  }
}

// Type names that are keywords but valid in type position (produced by normalization).
const KEYWORD_TYPE_NAMES = new Set(['bit', 'numeric', 'time', 'timestamp', 'varchar']);

/** SQL text for a type name (`varchar(10)`, `int4[]`, `interval day to second(3)`, `"char"`). */
export function formatTypeName(t: TypeName): string {
  const mods = t.modifiers.length > 0 ? `(${t.modifiers.join(', ')})` : '';
  let base: string;
  if (t.name === 'interval' && t.schema === undefined) {
    base = t.intervalFields ? `interval ${t.intervalFields}${mods}` : `interval${mods}`;
  } else {
    const name = KEYWORD_TYPE_NAMES.has(t.name) && t.schema === undefined ? t.name : quoteIdent(t.name);
    base = `${t.schema === undefined ? '' : `${quoteIdent(t.schema)}.`}${name}${mods}`;
  }
  return base + t.arrayBounds.map((b) => (b < 0 ? '[]' : `[${b}]`)).join('');
}

function formatFuncCall(e: FuncCall): string {
  if (e.sqlSyntax) {
    const sql = formatSqlSyntaxCall(e);
    if (sql !== undefined) return sql;
  }
  const name = `${e.schema === undefined ? '' : `${quoteIdent(e.schema)}.`}${quoteIdent(e.name)}`;
  let args: string;
  if (e.star) args = '*';
  else {
    args = e.args
      .map((a, i) => {
        const argName = e.argNames?.[i];
        const text = argName ? `${quoteIdent(argName)} => ${formatExpr(a)}` : formatExpr(a);
        return e.variadic && i === e.args.length - 1 ? `VARIADIC ${text}` : text;
      })
      .join(', ');
    if (e.distinct) args = `DISTINCT ${args}`;
    if (e.orderBy.length > 0 && !e.withinGroup) args += ` ORDER BY ${formatSortList(e.orderBy)}`;
  }
  let text = `${name}(${args})`;
  if (e.withinGroup) text += ` WITHIN GROUP (ORDER BY ${formatSortList(e.orderBy)})`;
  if (e.filter) text += ` FILTER (WHERE ${formatExpr(e.filter)})`;
  if (e.over)
    text += ` OVER ${e.over.refName && isBareReference(e.over) ? quoteIdent(e.over.refName) : `(${formatWindowDef(e.over)})`}`;
  return text;
}

/** EXTRACT, POSITION, SUBSTRING, TRIM, OVERLAY and AT TIME ZONE in their SQL spelling. */
function formatSqlSyntaxCall(e: FuncCall): string | undefined {
  const a = e.args.map(formatExpr);
  switch (e.name) {
    case 'extract': {
      const field = e.args[0];
      return field.kind === 'literal' ? `EXTRACT(${quoteIdent(field.value)} FROM ${a[1]})` : undefined;
    }
    case 'position':
      return `POSITION(${sub(e.args[1], Prec.OtherOp)} IN ${sub(e.args[0], Prec.OtherOp)})`;
    case 'substring':
      return a.length === 3
        ? `SUBSTRING(${a[0]} FROM ${a[1]} FOR ${a[2]})`
        : `SUBSTRING(${a[0]} FROM ${a[1]})`;
    case 'btrim':
    case 'ltrim':
    case 'rtrim': {
      const where = e.name === 'btrim' ? 'BOTH' : e.name === 'ltrim' ? 'LEADING' : 'TRAILING';
      return a.length === 2 ? `TRIM(${where} ${a[1]} FROM ${a[0]})` : `TRIM(${where} FROM ${a.join(', ')})`;
    }
    case 'overlay':
      return `OVERLAY(${a[0]} PLACING ${a[1]} FROM ${a[2]}${a.length > 3 ? ` FOR ${a[3]}` : ''})`;
    case 'timezone':
      return `${sub(e.args[1], Prec.AtTimeZone)} AT TIME ZONE ${sub(e.args[0], Prec.AtTimeZone + 1)}`;
    default:
      return undefined;
  }
}

function isBareReference(w: WindowDef): boolean {
  return w.partitionBy.length === 0 && w.orderBy.length === 0 && w.frame === undefined;
}

/** ORDER BY items without the keywords. */
export function formatSortList(items: readonly SortBy[]): string {
  return items
    .map((s) => {
      const dir = s.direction === 'default' ? '' : ` ${s.direction.toUpperCase()}`;
      const nulls = s.nulls === 'default' ? '' : ` NULLS ${s.nulls.toUpperCase()}`;
      return `${formatExpr(s.expr)}${dir}${nulls}`;
    })
    .join(', ');
}

/** The inside of a window's parentheses. */
export function formatWindowDef(w: WindowDef): string {
  const parts: string[] = [];
  if (w.refName) parts.push(quoteIdent(w.refName));
  if (w.partitionBy.length > 0) parts.push(`PARTITION BY ${list(w.partitionBy)}`);
  if (w.orderBy.length > 0) parts.push(`ORDER BY ${formatSortList(w.orderBy)}`);
  const f = w.frame;
  if (f) {
    const bound = (b: NonNullable<typeof f.end>): string => {
      switch (b.type) {
        case 'unboundedPreceding':
          return 'UNBOUNDED PRECEDING';
        case 'unboundedFollowing':
          return 'UNBOUNDED FOLLOWING';
        case 'currentRow':
          return 'CURRENT ROW';
        default:
          return `${formatExpr(b.offset!)} ${b.type.toUpperCase()}`;
      }
    };
    const extent = f.end ? `BETWEEN ${bound(f.start)} AND ${bound(f.end)}` : bound(f.start);
    const exclusion = {
      noOthers: '',
      currentRow: ' EXCLUDE CURRENT ROW',
      group: ' EXCLUDE GROUP',
      ties: ' EXCLUDE TIES',
    }[f.exclusion];
    parts.push(`${f.mode.toUpperCase()} ${extent}${exclusion}`);
  }
  return parts.join(' ');
}
