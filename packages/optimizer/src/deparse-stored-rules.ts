/**
 * The shapes of the binder's calls and operators as PostgreSQL's tree has them, and ruleutils'
 * isSimpleNode (when pretty printing may leave a child without parentheses), for deparseStored.
 */
import type { BoundExpr } from '@rustydb/planner';
import { forEachChild } from './deparse.js';
import { bitwiseOperatorOf } from './deparse-call.js';

type Expr = BoundExpr<unknown>;

/** The regular-expression match calls the binder makes of `~` and `~*`. */
export const REGEX_OPERATORS: Readonly<Record<string, string>> = { textregexeq: '~', texticregexeq: '~*' };

/** A node's printed operator, for the pretty rules (get_simple_binary_op_name). */
export function binaryOperator(e: Expr): string | undefined {
  if (e.kind === 'op') return e.args.length === 2 ? e.op : undefined;
  if (e.kind === 'like') return likeOperator(e);
  if (e.kind === 'func')
    return e.args.length === 2 ? (REGEX_OPERATORS[e.name] ?? bitwiseOperator(e)) : undefined;
  return undefined;
}

export function likeOperator(e: Extract<Expr, { kind: 'like' }>): string {
  if (e.similar) return e.negated ? '!~' : '~';
  return (e.negated ? '!' : '') + (e.caseInsensitive ? '~~*' : '~~');
}

/** Is `e` printed as a function call (ruleutils' looks_like_function, for index keys)? */
export function looksLikeFunction(e: Expr): boolean {
  switch (e.kind) {
    case 'func':
      return (
        e.name !== 'array_constructor' &&
        e.name !== 'row' &&
        e.name !== 'array_subscript' &&
        !isOperatorNode(e) &&
        quantifiedOperator(e) === undefined
      );
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
 * An operand of `||` the binder converted to text without a written cast: PostgreSQL's
 * anytextcat / textanycat take it as it is (`b || a`, a an integer).
 */
export function anyTextOperand(e: Expr): Expr {
  if (e.kind !== 'cast' || e.explicit || e.type.name !== 'text') return e;
  const from = e.arg.type.name;
  return from === 'varchar' || from === 'bpchar' || from === 'name' || from === 'unknown' ? e : e.arg;
}

const ARITHMETIC = new Set(['+', '-', '*', '/']);
const COMPARISON = new Set(['=', '<>', '<', '<=', '>', '>=']);

/**
 * The type families within which PostgreSQL has cross-type operators (int48pl, float84lt,
 * timestamp_lt_timestamptz, texteqname, …): an operand the binder converted within its family
 * is printed as it is, as PostgreSQL's operator takes it without a cast.
 */
const CROSS_TYPE_FAMILIES: readonly {
  readonly types: ReadonlySet<string>;
  readonly ops: ReadonlySet<string>;
}[] = [
  { types: new Set(['int2', 'int4', 'int8']), ops: new Set([...ARITHMETIC, ...COMPARISON]) },
  { types: new Set(['float4', 'float8']), ops: new Set([...ARITHMETIC, ...COMPARISON]) },
  { types: new Set(['date', 'timestamp', 'timestamptz']), ops: COMPARISON },
  { types: new Set(['text', 'name']), ops: COMPARISON },
];

export function crossTypeOperand(op: string, e: Expr): Expr {
  if (e.kind !== 'cast' || e.explicit || e.type.domain !== undefined) return e;
  const from = e.arg.type.name;
  const to = e.type.name;
  const family = CROSS_TYPE_FAMILIES.find((f) => f.types.has(from) && f.types.has(to));
  return family?.ops.has(op) ? e.arg : e;
}

/** Does `e` read a column (so that IN makes a comparison of it, not an array element)? */
export function readsColumns(e: Expr): boolean {
  if (e.kind === 'column') return true;
  let found = false;
  forEachChild(e as never, (c) => {
    found ||= readsColumns(c as Expr);
  });
  return found;
}

/**
 * What PostgreSQL makes of an IN list (transformAExprIn): one `= ANY (ARRAY[…])` ('array'), one
 * comparison ('op'), or an OR (NOT IN: AND) of several ('bool').
 */
export function inListShape(e: Extract<Expr, { kind: 'inList' }>): 'array' | 'op' | 'bool' {
  const columns = e.list.filter(readsColumns).length;
  const arrayed = e.list.length - columns > 1;
  const pieces = arrayed ? 1 + columns : e.list.length;
  return pieces > 1 ? 'bool' : arrayed ? 'array' : 'op';
}

/** `op ANY` / `op ALL`: the binder's call for `x op ANY (array)`. */
export function quantifiedOperator(e: Extract<Expr, { kind: 'func' }>): string | undefined {
  return / (ANY|ALL)$/.test(e.name) && e.args.length === 2 ? e.name : undefined;
}

/** The operator of the binder's bitwise calls (int4and is `&`, int8not `~`). */
export function bitwiseOperator(e: Extract<Expr, { kind: 'func' }>): string | undefined {
  return bitwiseOperatorOf(e.name);
}

/** The operator priorities the pretty rules know: `+ -` low, `* / %` high. */
const priority = (op: string | undefined): 'low' | 'high' | undefined =>
  op === '+' || op === '-' ? 'low' : op === '*' || op === '/' || op === '%' ? 'high' : undefined;

/** ruleutils' isSimpleNode: may `e` go without parentheses as a child of `parent` (pretty only)? */
export function isSimple(e: Expr, parent: Expr): boolean {
  switch (e.kind) {
    case 'const':
    case 'column':
    case 'param':
    case 'case':
    case 'coalesce':
    case 'greatest':
    case 'least':
    case 'nullif':
    case 'outerColumn':
      return true;
    case 'subquery':
      // A sublink sets its own parentheses, which are enough only under AND/OR/NOT and calls.
      return simpleUnder(parent);
    case 'func':
      if (quantifiedOperator(e) !== undefined) return false;
      if (REGEX_OPERATORS[e.name] !== undefined || bitwiseOperator(e) !== undefined)
        return operatorIsSimple(e, parent);
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
      return boolIsSimple(e.kind, parent);
    case 'inList': {
      const shape = inListShape(e);
      if (shape === 'bool') return boolIsSimple(e.negated ? 'and' : 'or', parent);
      return shape === 'op' && operatorIsSimple(e, parent);
    }
    default:
      return false;
  }
}

/** AND, OR and NOT: bare under an AND or OR that binds less tightly (pretty). */
function boolIsSimple(kind: 'and' | 'or' | 'not', parent: Expr): boolean {
  const parentKind =
    parent.kind === 'inList' && inListShape(parent) === 'bool'
      ? parent.negated
        ? 'and'
        : 'or'
      : parent.kind;
  if (parentKind === 'and' || parentKind === 'or' || parentKind === 'not')
    return kind === 'or' ? parentKind === 'or' : parentKind !== 'not';
  return simpleUnder(parent);
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
export const isOperatorNode = (e: Expr): boolean =>
  e.kind === 'op' ||
  e.kind === 'like' ||
  (e.kind === 'func' && (REGEX_OPERATORS[e.name] !== undefined || bitwiseOperator(e) !== undefined));

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
      return !isOperatorNode(parent) && quantifiedOperator(parent) === undefined;
    default:
      return false;
  }
}
