/**
 * ExprBinder: AST expressions → bound expressions (bound-expr.ts), resolving names against a
 * Scope and types with PostgreSQL's rules (type-rules.ts, functions.ts, coerce.ts).
 *
 * Positions: AST locations are 0-based offsets; errors carry PostgreSQL's 1-based `position`.
 *
 * Grouped queries: when a context carries `grouping`, the expression is evaluated over the
 * aggregate's output row (group keys, then aggregate values). Each subexpression that equals a
 * group key becomes a reference to that key's slot; aggregate calls are collected into the
 * grouping's list and become references to their slots; any other column of this query level is
 * a 42803 grouping error, as in PostgreSQL.
 */

import { formatEnumType } from '@rustydb/catalog';
import {
  arrayTypeOf,
  canCast,
  DbError,
  formatType,
  formatTypeName,
  isArrayType,
  type SqlType,
  sqlType,
  undefinedFunction,
} from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { isAggregateCall } from './aggregates.js';
import { arraySubqueryAsScalar } from './array-subquery.js';
import { containsAggregate, containsWindowCall, startOf } from './ast-walk.js';
import { bindAggregateCall, bindGroupingCall } from './bind-aggregate-call.js';
import { bindBitwiseNot, bindBitwiseOperator } from './bind-bitwise.js';
import {
  bindArrayConstructor,
  bindEmptyArrayCast,
  bindExtendedOperator,
  bindQuantifiedArray,
  bindSqlValueFunction,
  bindSubscript,
  noOperator,
} from './bind-extended.js';
import { bindFieldSelect, bindRowConstructor, bindWholeRow } from './bind-field-select.js';
import { bindLiteral, narrowIntConstant } from './bind-literal.js';
import type { ExportedLock } from './bind-locking.js';
import { bindNetworkNot, bindNetworkOperator } from './bind-network.js';
import { bindRangeOperator, checkRangeCandidates } from './bind-range.js';
import { bindRegexMatch, isRegexMatchOperator } from './bind-regex-match.js';
import { bindRoutineCall } from './bind-routine-call.js';
import { bindRowComparison, bindRowDistinct, type RowComparisonOp } from './bind-row-comparison.js';
import { isSetReturningCall } from './bind-set-returning.js';
import { bindRowSubquery, bindSubquery } from './bind-subquery.js';
import { bindWindowCall, type WindowCollector } from './bind-window.js';
import type { OpExpr, OpName } from './bound-expr.js';
import { asOidIfReg, coerce, coerceExplicit, coerceImplicit, enumLookup, type ParamTypes } from './coerce.js';
import { coerceRowToComposite } from './coerce-composite.js';
import { exprEquals, hasLocalColumn } from './expr-walk.js';
import { type ExtensionLookup, extensionSignatures } from './extension-signatures.js';
import { bindSignature, builtinSignatures, type FunctionSignature, rankFunctions } from './functions.js';
import type { AggregateCall, LogicalExpr, LogicalPlan, PlanColumn } from './logical-plan.js';
import { describeNamedCall, positionalArguments } from './named-arguments.js';
import { quantifiedAsScalarSubquery } from './quantified-subquery.js';
import type { PrivilegeCollector } from './required-privileges.js';
import { resolveTypeName, type TypeLookup, typeNameOf } from './resolve-type-name.js';
import {
  namedRoutineArguments,
  type RoutineLookup,
  routineSignatures,
  undefinedProcedure,
} from './routine-signatures.js';
import type { Scope } from './scope.js';
import { tupleField } from './system-columns.js';
import {
  arithmeticType,
  commonType,
  comparisonCommonType,
  isIntegerType,
  isStringType,
  typeCategory,
} from './type-rules.js';

/** PostgreSQL's FUNC_MAX_ARGS. */
export const MAX_FUNCTION_ARGS = 100;

export { containsAggregate, containsWindowCall, startOf };

const BOOL = sqlType('bool');
const TEXT = sqlType('text');
const BYTEA = sqlType('bytea');
const UNKNOWN = sqlType('unknown');

/** What binding a statement shares across its expressions and subqueries. */
export interface BindState {
  readonly sql: string;
  readonly params: ParamTypes;
  /** Binds a subquery whose outer names resolve in `outer`. */
  readonly bindQuery: (query: ast.SelectStmt, outer: Scope, exportLocks?: ExportedLock[]) => LogicalPlan;
  /** Per scope level: did a column reference reach out of it (a correlated subquery)? */
  readonly correlated: boolean[];
  /** The WITH clauses in effect, innermost last (bind-with.ts). */
  readonly ctes: Map<string, CteRef>[];
  /**
   * The statement's own (top-level) WITH clause: the only one whose CTEs may be INSERT / UPDATE /
   * DELETE, as in PostgreSQL. Undefined where no data-modifying WITH is allowed (views, cursors).
   */
  topWith?: ast.WithClause;
  /** Binds a data-modifying CTE's statement (the DmlBinder's entry points). */
  bindDml?: (stmt: ast.InsertStmt | ast.UpdateStmt | ast.DeleteStmt) => LogicalPlan;
  /** Ids handed out to CTEs so far in this statement. */
  cteCount: number;
  /** The privileges the statement needs per relation (required-privileges.ts). */
  readonly privileges: PrivilegeCollector;
  /** Where `::t` and CAST find user-defined (enum) types. */
  readonly types?: TypeLookup;
  /** Which extensions are installed, and where (their functions are callable then). */
  readonly extensions?: ExtensionLookup & RoutineLookup;
  /** Told what each AST expression was bound to (printing a view's query: bindTracedQuery). */
  readonly trace?: BindTrace;
}

/**
 * What binding made of the AST, for printers that walk the AST and print the bound tree (a
 * view's definition, as ruleutils prints the analysed query). Bound nodes keep their identity,
 * so a printer can find the AST expression a bound node came from.
 */
export interface BindTrace {
  /**
   * `e` bound to `bound`. `grouped`: in a grouped query level, `bound` is the slot of the group
   * key or aggregate `e` is (the expression as written was traced before, ungrouped).
   */
  expr(e: ast.Expr, bound: LogicalExpr, grouped: boolean): void;
  /** A select list's `*` (or `t.*`) and the columns it stands for, before any grouping. */
  star(e: ast.Star, columns: readonly LogicalExpr[]): void;
  /**
   * A function in FROM, its column names and whether it reads the items on its left (LATERAL);
   * a join and the columns it merges (USING, NATURAL).
   */
  fromItem(item: ast.FunctionRef | ast.JoinRef, columns: readonly string[], lateral: boolean): void;
}

/** A CTE name visible in FROM: its id and output columns; `workTable` inside its recursive term. */
export interface CteRef {
  readonly id: number;
  readonly name: string;
  readonly columns: readonly PlanColumn[];
  readonly workTable: boolean;
  /** A data-modifying CTE without RETURNING: naming it in FROM is 0A000. */
  readonly noReturning?: boolean;
}

/** The group keys and the aggregates of a grouped query level. */
export interface Grouping {
  /** Bound over `inputScope`; output slots 0..keys.length-1. */
  readonly keys: readonly LogicalExpr[];
  /** Collected while binding; output slots aggregateBase + i. */
  readonly aggregates: AggregateCall<LogicalPlan>[];
  readonly inputScope: Scope;
  /** ROLLUP / CUBE / GROUPING SETS: the key indexes of each set (slot keys.length is the set's index). */
  readonly sets?: readonly (readonly number[])[];
  /** The first aggregate's slot: keys.length, or keys.length + 1 with grouping sets. */
  readonly aggregateBase: number;
}

/** Where an expression is bound. */
export interface ExprContext {
  readonly scope: Scope;
  /** The clause name used in "… are not allowed in WHERE" errors. */
  readonly clause: string;
  /** Present when aggregates are allowed (select list, HAVING, ORDER BY of a grouped level). */
  readonly grouping?: Grouping;
  /** Present where window functions are allowed (select list and ORDER BY of a SELECT). */
  readonly windows?: WindowCollector;
  /**
   * The call itself of a CALL statement (bind-call.ts): overload resolution counts a
   * procedure's OUT parameters, and must choose a procedure (its arguments bind without this).
   */
  readonly call?: true;
}

const COMPARISONS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '^']);

/** Type names that are not a cast's target (function-style casts). */
const PSEUDO_TYPES = new Set([
  'any',
  'anyarray',
  'anyelement',
  'anyenum',
  '_anyenum',
  'record',
  'void',
  'unknown',
]);

export class ExprBinder {
  constructor(readonly state: BindState) {}

  /** Binds `e` in `ctx`. Throws DbError (42703, 42702, 42883, 42804, 42803, …) with a position. */
  bind(e: ast.Expr, ctx: ExprContext): LogicalExpr {
    const g = ctx.grouping;
    if (g) {
      if (e.kind === 'funcCall' && e.over === undefined && isAggregateCall(e)) {
        const slot = bindAggregateCall(this, e, g);
        this.state.trace?.expr(e, slot, true);
        return slot;
      }
      if (e.kind !== 'literal' && e.kind !== 'param' && !containsAggregate(e) && !containsWindowCall(e)) {
        const plain = this.bindPlain(e, { scope: g.inputScope, clause: ctx.clause });
        const k = g.keys.findIndex((key) => exprEquals(key, plain));
        if (k >= 0) {
          const key: LogicalExpr = { kind: 'column', type: plain.type, index: k, name: columnLabel(plain) };
          this.state.trace?.expr(e, key, true);
          return key;
        }
        if (!hasLocalColumn(plain)) return plain;
      }
    }
    return this.bindPlain(e, ctx);
  }

  /** `bind`, then a 42804 unless the result is boolean (WHERE, HAVING, ON, …). */
  bindCondition(e: ast.Expr, ctx: ExprContext, what = ctx.clause): LogicalExpr {
    return this.toBool(this.bind(e, ctx), what, startOf(e));
  }

  private toBool(b: LogicalExpr, what: string, location: number): LogicalExpr {
    const out = coerce(b, BOOL, 'implicit', this.state.params, location + 1);
    if (!out) {
      throw new DbError('42804', `argument of ${what} must be type boolean, not type ${formatType(b.type)}`, {
        position: location + 1,
      });
    }
    return out;
  }

  /** `bind` without the grouped-query rewrite (GROUPING's arguments, bind-aggregate-call.ts). */
  bindPlain(e: ast.Expr, ctx: ExprContext): LogicalExpr {
    const bound = this.bindNode(e, ctx);
    this.state.trace?.expr(e, bound, false);
    return bound;
  }

  private bindNode(e: ast.Expr, ctx: ExprContext): LogicalExpr {
    const pos = e.location + 1;
    switch (e.kind) {
      case 'literal':
        return bindLiteral(e);
      case 'columnRef':
        return this.bindColumn(e, ctx);
      case 'param':
        return this.bindParam(e);
      case 'binaryOp':
        if (COMPARISONS.has(e.op) && e.left.kind === 'row' && e.right.kind === 'row') {
          return bindRowComparison(this, e.op as RowComparisonOp, e.left, e.right, ctx, pos);
        }
        if (COMPARISONS.has(e.op) && e.left.kind === 'row' && e.right.kind === 'subquery') {
          return bindRowSubquery(this, e.left, e.op, 'single', e.right.query, false, ctx, pos);
        }
        return this.bindBinary(e.op, this.bind(e.left, ctx), this.bind(e.right, ctx), pos);
      case 'unaryOp':
        return this.bindUnary(e, ctx);
      case 'and':
      case 'or':
        return {
          kind: e.kind,
          type: BOOL,
          args: e.args.map((a) => this.bindCondition(a, ctx, e.kind.toUpperCase())),
        };
      case 'not':
        return { kind: 'not', type: BOOL, arg: this.bindCondition(e.arg, ctx, 'NOT') };
      case 'nullTest':
        return { kind: 'isNull', type: BOOL, arg: this.bind(e.arg, ctx), negated: e.negated };
      case 'booleanTest': {
        const what = `IS ${e.negated ? 'NOT ' : ''}${e.test.toUpperCase()}`;
        return {
          kind: 'isBool',
          type: BOOL,
          arg: this.bindCondition(e.arg, ctx, what),
          test: e.test,
          negated: e.negated,
        };
      }
      case 'distinctFrom': {
        if (e.left.kind === 'row' && e.right.kind === 'row') {
          return bindRowDistinct(this, e.left, e.right, e.negated, ctx, pos);
        }
        const eq = this.comparison('=', this.bind(e.left, ctx), this.bind(e.right, ctx), pos);
        return { kind: 'isDistinct', type: BOOL, eq, negated: e.negated };
      }
      case 'between':
        return this.bindBetween(e, ctx);
      case 'inList':
        return this.bindInList(e, ctx);
      case 'like':
        return this.bindLike(e, ctx);
      case 'exists':
        return bindSubquery(this, 'exists', e.query, ctx, pos, undefined, false);
      case 'subquery':
        return bindSubquery(this, 'scalar', e.query, ctx, pos, undefined, false);
      case 'inSubquery':
        if (e.arg.kind === 'row')
          return bindRowSubquery(this, e.arg, '=', 'any', e.query, e.negated, ctx, pos);
        return bindSubquery(this, 'in', e.query, ctx, pos, this.bind(e.arg, ctx), e.negated);
      case 'quantifiedSubquery':
        if (e.left.kind === 'row') {
          return bindRowSubquery(this, e.left, e.op, e.quantifier, e.query, false, ctx, pos);
        }
        if (e.op === '=' && e.quantifier === 'any') {
          return bindSubquery(this, 'in', e.query, ctx, pos, this.bind(e.left, ctx), false);
        }
        if (e.op === '<>' && e.quantifier === 'all') {
          return bindSubquery(this, 'in', e.query, ctx, pos, this.bind(e.left, ctx), true);
        }
        return this.bind(quantifiedAsScalarSubquery(e), ctx);
      case 'cast': {
        const empty = bindEmptyArrayCast(e, this.state.types);
        if (empty) return empty;
        const target = resolveTypeName(e.type, this.state.types);
        if (e.arg.kind === 'row' && target.composite !== undefined) {
          // Items bound as written: an unknown literal takes its field's type (not text).
          const items = e.arg.args.map((a) => this.bind(a, ctx));
          return coerceRowToComposite(items, target, 'explicit', this.state.params, pos);
        }
        return coerceExplicit(this.bind(e.arg, ctx), target, this.state.params, pos);
      }
      case 'collate':
        if (e.collation !== 'C' && e.collation !== 'POSIX' && e.collation !== 'default') {
          throw new DbError('42704', `collation "${e.collation}" for encoding "UTF8" does not exist`, {
            position: pos,
          });
        }
        return this.bind(e.arg, ctx);
      case 'funcCall':
        return this.bindFunction(e, ctx);
      case 'case':
        return this.bindCase(e, ctx);
      case 'coalesce':
      case 'minMax': {
        const kind = e.kind === 'coalesce' ? 'coalesce' : e.op;
        const args = this.unify(
          e.args.map((a) => this.bind(a, ctx)),
          e.args,
          kind.toUpperCase(),
        );
        return { kind, type: args[0].type, args };
      }
      case 'nullIf': {
        const cmp = this.comparison('=', this.bind(e.left, ctx), this.bind(e.right, ctx), pos);
        return { kind: 'nullif', type: cmp.args[0].type, arg: cmp.args[0], cmp };
      }
      case 'default':
        throw new DbError('42601', 'DEFAULT is not allowed in this context', { position: pos });
      case 'star':
        throw new DbError('42601', 'row expansion via "*" is not supported here', { position: pos });
      case 'sqlValueFunction': {
        const v = bindSqlValueFunction(e);
        if (v) return v;
        throw new DbError('0A000', `${describeKind(e.kind)} is not supported`, { position: pos });
      }
      case 'quantifiedArray':
        return bindQuantifiedArray(this, e, ctx);
      case 'array':
        return bindArrayConstructor(this, e, ctx);
      case 'subscript':
        return bindSubscript(this, e, ctx);
      case 'arraySubquery':
        return this.bind(arraySubqueryAsScalar(e), ctx);
      case 'row':
        return bindRowConstructor(this, e, ctx);
      case 'fieldSelect':
        return bindFieldSelect(this, e, ctx);
      case 'fieldStar':
        throw new DbError('0A000', `${describeKind(e.kind)} is not supported`, { position: pos });
      case 'grouping':
        return bindGroupingCall(this, e, ctx);
    }
  }

  private bindColumn(e: ast.ColumnRef, ctx: ExprContext): LogicalExpr {
    let r: ReturnType<Scope['resolve']>;
    try {
      r = ctx.scope.resolve(e.names, e.location + 1);
    } catch (err) {
      const row = err instanceof DbError && err.code === '42703' ? bindWholeRow(this, e, ctx) : undefined;
      if (row === undefined) throw err;
      return row;
    }
    if (r.column.constant !== undefined)
      return { kind: 'const', type: r.column.type, value: r.column.constant };
    const table = r.item.alias || (this.state.trace && r.column.printedAs) || undefined;
    if (r.depth > 0 && r.column.ungrouped) {
      const name = table ? `${table}.${r.column.name}` : r.column.name;
      throw new DbError('42803', `subquery uses ungrouped column "${name}" from outer query`, {
        position: e.location + 1,
      });
    }
    if (r.depth === 0) {
      if (ctx.grouping) {
        const name = table ? `${table}.${r.column.name}` : r.column.name;
        throw new DbError(
          '42803',
          `column "${name}" must appear in the GROUP BY clause or be used in an aggregate function`,
          { position: e.location + 1 },
        );
      }
      return tupleField(r, {
        kind: 'column',
        type: r.column.type,
        index: r.index,
        name: r.column.name,
        table,
      });
    }
    let level = ctx.scope.level;
    for (let d = 0; d < r.depth; d++) this.state.correlated[level--] = true;
    return tupleField(r, {
      kind: 'outerColumn',
      type: r.column.type,
      depth: r.depth,
      index: r.index,
      name: r.column.name,
      table,
    });
  }

  private bindParam(e: ast.Param): LogicalExpr {
    const types = this.state.params.types;
    if (e.number < 1 || (e.number > types.length && !this.state.params.open)) {
      throw new DbError('42P02', `there is no parameter $${e.number}`, { position: e.location + 1 });
    }
    // Counted even while untyped: a context may type it later, or nothing does (42P18 at Parse).
    if (e.number > types.length) types.length = e.number;
    const t = types[e.number - 1];
    return { kind: 'param', type: t ?? UNKNOWN, index: e.number - 1 };
  }

  private bindUnary(e: ast.UnaryOp, ctx: ExprContext): LogicalExpr {
    const arg = this.bind(e.operand, ctx);
    const pos = e.location + 1;
    if ((e.op === '-' || e.op === '+') && arg.type.name === 'unknown') {
      throw new DbError('42725', `operator is not unique: ${e.op} unknown`, {
        position: pos,
        hint: 'Could not choose a best candidate operator. You might need to add explicit type casts.',
      });
    }
    if (
      (e.op === '-' || e.op === '+') &&
      (typeCategory(arg.type) === 'numeric' || arg.type.name === 'interval')
    ) {
      if (e.op === '+') return arg;
      return { kind: 'op', type: sqlType(arg.type.name), op: 'neg', args: [arg] };
    }
    const not =
      e.op === '~' ? (bindBitwiseNot(arg) ?? bindNetworkNot(arg, this.state.params, pos)) : undefined;
    if (not) return not;
    // `!! q`: PostgreSQL's tsquery_not.
    if (e.op === '!!' && (arg.type.name === 'tsquery' || arg.type.name === 'unknown')) {
      const q = coerceImplicit(arg, sqlType('tsquery'), this.state.params, pos);
      return { kind: 'func', type: q.type, name: 'tsquery_not', args: [q] };
    }
    throw noOperator(`${e.op} ${formatTypeName(arg.type)}`, pos);
  }

  /**
   * `typename(x)` where no function of that name takes x: PostgreSQL's function-style cast
   * (func_get_detail's FUNCDETAIL_COERCION), e.g. `date(created_at)`, `int4('5')`, `text(12)`,
   * `inet(x)`. A built-in type name only, one unqualified argument that casts explicitly.
   */
  private functionStyleCast(e: ast.FuncCall, arg: LogicalExpr, pos: number): LogicalExpr | undefined {
    if ((e.schema !== undefined && e.schema !== 'pg_catalog') || e.variadic) return undefined;
    const name = typeNameOf(e.name);
    if (name === undefined || PSEUDO_TYPES.has(name)) return undefined;
    const target = sqlType(name);
    if (arg.type.name !== 'unknown' && !canCast(arg.type, target, 'explicit')) return undefined;
    return coerceExplicit(arg, target, this.state.params, pos);
  }

  /** A binary operator over bound operands: arithmetic, comparison or `||`. */
  bindBinary(op: string, left: LogicalExpr, right: LogicalExpr, pos: number): LogicalExpr {
    if (COMPARISONS.has(op)) {
      if (left.type.name === 'json' || right.type.name === 'json') {
        throw noOperator(`${typeText(left.type)} ${op} ${typeText(right.type)}`, pos);
      }
      return this.comparison(op as OpName, left, right, pos);
    }
    if (isRegexMatchOperator(op)) {
      const match = bindRegexMatch(op, left, right, pos, this.state.params);
      if (match) return match;
    }
    const network = bindNetworkOperator(op, left, right, pos, this.state.params);
    if (network) return network;
    const range = bindRangeOperator(op, left, right, pos, this.state.params);
    if (range) return range;
    const bitwise = bindBitwiseOperator(op, left, right, pos, this.state.params);
    if (bitwise) return bitwise;
    const extended = bindExtendedOperator(op, left, right, pos, this.state.params);
    if (extended) return extended;
    if (op === '||') return this.concat(left, right, pos);
    if (!ARITHMETIC.has(op)) throw noOperator(`${typeText(left.type)} ${op} ${typeText(right.type)}`, pos);
    if (left.type.name === 'unknown' && right.type.name === 'unknown') {
      throw new DbError('42725', `operator is not unique: unknown ${op} unknown`, {
        position: pos,
        hint: 'Could not choose a best candidate operator. You might need to add explicit type casts.',
      });
    }
    const lt = left.type.name === 'unknown' ? right.type : left.type;
    const rt = right.type.name === 'unknown' ? left.type : right.type;
    let operand = arithmeticType(lt, rt);
    if (operand && op === '%' && (operand.name === 'float4' || operand.name === 'float8'))
      operand = undefined;
    if (operand && op === '^') operand = sqlType(operand.name === 'numeric' ? 'numeric' : 'float8');
    if (!operand) throw noOperator(`${typeText(left.type)} ${op} ${typeText(right.type)}`, pos);
    const args = [
      coerceImplicit(left, operand, this.state.params, pos),
      coerceImplicit(right, operand, this.state.params, pos),
    ];
    return { kind: 'op', type: operand, op: op as OpName, args };
  }

  /**
   * A comparison with both sides coerced to one type. NB: when one side is an integer column and
   * the other an integer constant that fits the column's type, the constant is converted instead
   * of the column, so `int4col = 5::int8` can still use an index on the column.
   */
  comparison(op: OpName, left: LogicalExpr, right: LogicalExpr, pos: number): OpExpr<LogicalPlan> {
    const [l, r] = this.unifyPair(left, right, `${typeText(left.type)} ${op} ${typeText(right.type)}`, pos);
    return { kind: 'op', type: BOOL, op, args: [asOidIfReg(l), asOidIfReg(r)] };
  }

  private unifyPair(
    left: LogicalExpr,
    right: LogicalExpr,
    opText: string,
    pos: number,
  ): [LogicalExpr, LogicalExpr] {
    // narrowIntConstant returns [expression, constant]: keep the operands in their written order.
    const narrowedRight = narrowIntConstant(left, right);
    if (narrowedRight) return narrowedRight;
    const narrowedLeft = narrowIntConstant(right, left);
    if (narrowedLeft) return [narrowedLeft[1], narrowedLeft[0]];
    let target: SqlType | undefined;
    if (left.type.name === 'unknown' && right.type.name === 'unknown') target = TEXT;
    else if (left.type.name === 'unknown') target = right.type;
    else if (right.type.name === 'unknown') target = left.type;
    else if (typeCategory(left.type) === 'numeric' && typeCategory(right.type) === 'numeric') {
      target = arithmeticType(left.type, right.type);
    } else target = comparisonCommonType(left.type, right.type);
    if (!target) throw noOperator(opText, pos);
    if (target.typmod !== -1 && !sameName(left.type, right.type)) target = sqlType(target.name);
    // Mixed string types compare as text; an unknown literal takes the other side's type, so
    // `c = 'ab   '` on a character(n) column is bpchar = bpchar (trailing blanks ignored).
    const literalVsBpchar =
      target.name === 'bpchar' && (left.type.name === 'unknown' || right.type.name === 'unknown');
    if (isStringType(target) && !sameName(left.type, right.type) && !literalVsBpchar) target = TEXT;
    const p = this.state.params;
    return [
      coerceImplicit(left, sameName(left.type, target) ? left.type : target, p, pos),
      coerceImplicit(right, sameName(right.type, target) ? right.type : target, p, pos),
    ];
  }

  private concat(left: LogicalExpr, right: LogicalExpr, pos: number): LogicalExpr {
    // byteacat: bytea || bytea (an unknown literal side is read as bytea).
    const bytea = (e: LogicalExpr) => e.type.name === 'bytea';
    if ((bytea(left) || bytea(right)) && [left, right].every((e) => bytea(e) || e.type.name === 'unknown')) {
      const args = [left, right].map((e) => coerceImplicit(e, BYTEA, this.state.params, pos));
      return { kind: 'op', type: BYTEA, op: '||', args };
    }
    const ls = isStringType(left.type) || left.type.name === 'unknown';
    const rs = isStringType(right.type) || right.type.name === 'unknown';
    if (!ls && !rs) throw noOperator(`${typeText(left.type)} || ${typeText(right.type)}`, pos);
    // A side of another type is converted to text as by an explicit cast, though not written
    // (PostgreSQL's anytextcat / textanycat take it as it is, and print no cast).
    const toText = (e: LogicalExpr): LogicalExpr => {
      if (e.type.name === 'text') return e;
      const c = coerce(e, TEXT, 'explicit', this.state.params, pos) ?? e;
      return c.kind === 'cast' && !isStringType(e.type) ? { ...c, explicit: false } : c;
    };
    return { kind: 'op', type: TEXT, op: '||', args: [toText(left), toText(right)] };
  }

  private bindBetween(e: ast.Between, ctx: ExprContext): LogicalExpr {
    const pos = e.location + 1;
    const arg = this.bind(e.arg, ctx);
    const low = this.bind(e.low, ctx);
    const high = this.bind(e.high, ctx);
    const range = (lo: LogicalExpr, hi: LogicalExpr): LogicalExpr =>
      e.negated
        ? {
            kind: 'or',
            type: BOOL,
            args: [this.comparison('<', arg, lo, pos), this.comparison('>', arg, hi, pos)],
          }
        : {
            kind: 'and',
            type: BOOL,
            args: [this.comparison('>=', arg, lo, pos), this.comparison('<=', arg, hi, pos)],
          };
    if (!e.symmetric) return range(low, high);
    return { kind: e.negated ? 'and' : 'or', type: BOOL, args: [range(low, high), range(high, low)] };
  }

  private bindInList(e: ast.InList, ctx: ExprContext): LogicalExpr {
    const pos = e.location + 1;
    const arg = this.bind(e.arg, ctx);
    const list = e.list.map((x) => this.bind(x, ctx));
    // Integer constants against an integer expression keep the expression's type (index use).
    if (isIntegerType(arg.type) && list.every((x) => narrowIntConstant(arg, x))) {
      const items = list.map((x) => narrowIntConstant(arg, x)![1]);
      return { kind: 'inList', type: BOOL, arg, list: items, negated: e.negated };
    }
    const all = [arg, ...list];
    let target = commonType(all.map((x) => x.type));
    if (target && typeCategory(target) === 'numeric') {
      for (const x of all) if (x.type.name !== 'unknown') target = arithmeticType(target!, x.type) ?? target;
    }
    if (!target) {
      const bad = list.find((x) => x.type.name !== 'unknown' && !commonType([arg.type, x.type]));
      throw noOperator(`${typeText(arg.type)} = ${typeText((bad ?? list[0]).type)}`, pos);
    }
    const p = this.state.params;
    const coerced = all.map((x, i) =>
      asOidIfReg(coerceImplicit(x, target!, p, i === 0 ? pos : e.list[i - 1].location + 1)),
    );
    return { kind: 'inList', type: BOOL, arg: coerced[0], list: coerced.slice(1), negated: e.negated };
  }

  private bindLike(e: ast.Like, ctx: ExprContext): LogicalExpr {
    const pos = e.location + 1;
    const arg = this.bind(e.arg, ctx);
    const pattern = this.bind(e.pattern, ctx);
    const opName = e.op === 'like' ? '~~' : e.op === 'ilike' ? '~~*' : '~';
    const text = (x: LogicalExpr): LogicalExpr => {
      if (x.type.name === 'unknown' || isStringType(x.type))
        return coerceImplicit(x, TEXT, this.state.params, pos);
      throw noOperator(
        `${typeText(arg.type)} ${e.negated ? `!${opName}` : opName} ${typeText(pattern.type)}`,
        pos,
      );
    };
    const escapeExpr = e.escape ? text(this.bind(e.escape, ctx)) : undefined;
    return {
      kind: 'like',
      type: BOOL,
      arg: text(arg),
      pattern: text(pattern),
      ...(escapeExpr ? { escape: escapeExpr } : {}),
      caseInsensitive: e.op === 'ilike',
      ...(e.op === 'similar' ? { similar: true } : {}),
      negated: e.negated,
    };
  }

  private bindCase(e: ast.Case, ctx: ExprContext): LogicalExpr {
    const operand = e.arg ? this.bind(e.arg, ctx) : undefined;
    const conds = e.whens.map((w) => {
      if (!operand) return this.bindCondition(w.when, ctx, 'CASE/WHEN');
      return this.comparison('=', operand, this.bind(w.when, ctx), w.location + 1);
    });
    const resultsAst = [...e.whens.map((w) => w.then), ...(e.else ? [e.else] : [])];
    const results = this.unify(
      resultsAst.map((r) => this.bind(r, ctx)),
      resultsAst,
      'CASE',
    );
    const type = results[0].type;
    const otherwise: LogicalExpr = e.else
      ? results[results.length - 1]
      : { kind: 'const', type, value: null };
    return {
      kind: 'case',
      type,
      whens: conds.map((cond, i) => ({ cond, result: results[i] })),
      otherwise,
      ...(operand ? { simple: true as const } : {}),
    };
  }

  /**
   * Coerces expressions to their common type (CASE, COALESCE, VALUES columns, …): 42804
   * `CASE types integer and boolean cannot be matched` when there is none.
   */
  unify(exprs: LogicalExpr[], asts: readonly ast.Expr[], what: string): LogicalExpr[] {
    let target: SqlType | undefined;
    for (let i = 0; i < exprs.length; i++) {
      const t = exprs[i].type;
      if (t.name === 'unknown') continue;
      const next = target === undefined ? t : commonType([target, t]);
      if (!next) {
        throw new DbError(
          '42804',
          `${what} types ${formatTypeName(target!)} and ${formatTypeName(t)} cannot be matched`,
          { position: startOf(asts[i]) + 1 },
        );
      }
      target = next;
    }
    const type = target ?? TEXT;
    return exprs.map((x, i) => coerceImplicit(x, type, this.state.params, startOf(asts[i]) + 1));
  }

  private bindFunction(e: ast.FuncCall, outer: ExprContext): LogicalExpr {
    const pos = e.location + 1;
    const call = outer.call === true;
    // A CALL's arguments are ordinary expressions: only the call itself is the procedure's.
    const ctx: ExprContext = call ? { scope: outer.scope, clause: outer.clause } : outer;
    const missing = (signature: string): DbError =>
      (call ? undefinedProcedure : undefinedFunction)(signature, pos);
    if (e.args.length > MAX_FUNCTION_ARGS) {
      throw new DbError('54023', `cannot pass more than ${MAX_FUNCTION_ARGS} arguments to a function`, {
        position: pos,
      });
    }
    if (e.over) return bindWindowCall(this, e, ctx);
    // As written (named notation's names; before defaults were added).
    const described = () =>
      describeNamedCall(
        e,
        e.args.map((a) => typeText(this.bind(a, ctx).type)),
      );
    const notProcedure = () =>
      new DbError('42809', `${described()} is not a procedure`, {
        hint: 'To call a function, use SELECT.',
        position: pos,
      });
    // CALL of a built-in aggregate or set-returning function: a function like any other.
    if (call && (isAggregateCall(e) || e.name === 'generate_series' || isSetReturningCall(e))) {
      throw notProcedure();
    }
    if (isAggregateCall(e)) {
      if (ctx.clause === 'aggregate') {
        throw new DbError('42803', 'aggregate function calls cannot be nested', { position: pos });
      }
      throw new DbError('42803', `aggregate functions are not allowed in ${ctx.clause}`, { position: pos });
    }
    if (e.name === 'generate_series' || isSetReturningCall(e)) {
      throw new DbError('0A000', `set-returning functions are not allowed in ${ctx.clause}`, {
        position: pos,
      });
    }
    const builtins = callableSignatures(e, this.state.extensions);
    const argExprs = positionalArguments(e) ?? namedRoutineArguments(e, this.state.extensions, call);
    const argc = (argExprs ?? e.args).length;
    const routines = routineSignatures(e.name, e.schema, argc, this.state.extensions, builtins, call);
    const candidates = routines.length === 0 ? builtins : [...builtins, ...routines];
    if (candidates.length === 0 && e.schema !== undefined && e.schema !== 'pg_catalog') {
      if (this.state.extensions?.schemaExists?.(e.schema) === false) {
        throw new DbError('3F000', `schema "${e.schema}" does not exist`, { position: pos });
      }
      throw missing(`${e.schema}.${e.name}()`);
    }
    if (e.star || e.distinct || e.orderBy.length > 0 || e.filter) {
      throw new DbError(
        '42809',
        `${e.star ? `${e.name}(*)` : 'DISTINCT/ORDER BY/FILTER'} specified, but ${e.name} is not an aggregate function`,
        { position: pos },
      );
    }
    if (argExprs === undefined) {
      const types = e.args.map((a) => typeText(this.bind(a, ctx).type));
      throw missing(describeNamedCall(e, types));
    }
    const args = argExprs.map((a) => this.bind(a, ctx));
    if (e.name === 'pg_typeof' && args.length === 1) {
      // pg_typeof(any): the argument's type, known here; the argument is still evaluated.
      const t = args[0]!.type;
      const text = t.enum ? formatEnumType(t, enumLookup(this.state.types)) : formatTypeName(t);
      const name: LogicalExpr = { kind: 'const', type: TEXT, value: text };
      return { kind: 'func', type: sqlType('regtype'), name: 'pg_typeof', args: [args[0]!, name] };
    }
    const ranked = rankFunctions(
      args.map((a) => a.type),
      e.variadic,
      candidates,
    );
    const s = ranked[0];
    checkRangeCandidates(
      e.name,
      ranked,
      args.map((a) => a.type),
      pos,
    );
    if (ranked.length > 1 && ranked.some((r) => r.routine !== undefined)) {
      throw new DbError(
        '42725',
        `function ${e.name}(${args.map((a) => typeText(a.type)).join(', ')}) is not unique`,
        {
          hint: 'Could not choose a best candidate function. You might need to add explicit type casts.',
          position: pos,
        },
      );
    }
    const bound =
      s &&
      bindSignature(
        s,
        args.map((a) => a.type),
        !e.variadic,
      );
    if (!s || !bound) {
      const cast = args.length === 1 && !call ? this.functionStyleCast(e, args[0]!, pos) : undefined;
      if (cast) return cast;
      throw missing(`${e.name}(${args.map((a) => typeText(a.type)).join(', ')})`);
    }
    const p = this.state.params;
    if (call && s.routine?.row.kind !== 'p') throw notProcedure();
    if (s.routine !== undefined) {
      if (s.routine.row.kind === 'p' && !call) {
        throw new DbError('42809', `${described()} is a procedure`, {
          hint: 'To call a procedure, use CALL.',
          position: pos,
        });
      }
      return bindRoutineCall(this, s.routine, args, argExprs, ctx, pos, call);
    }
    const coerced = args.map((a, i) => {
      const at = argExprs[i].location + 1;
      if (i < s.args.length || s.variadicRaw || s.variadic) return coerceImplicit(a, bound.args[i], p, at);
      // concat's extra arguments print with their type's output function (true → t).
      return a.type.name === 'unknown' ? coerceImplicit(a, TEXT, p, at) : a;
    });
    if (s.variadic && !e.variadic) {
      // The function takes its VARIADIC arguments as one array, as PostgreSQL passes them.
      const spread = coerced.splice(s.args.length);
      const type = arrayTypeOf(sqlType(s.variadic))!;
      coerced.push({ kind: 'func', type, name: 'array_constructor', args: spread });
    }
    if (e.variadic && s.variadicAny) {
      const last = coerced[coerced.length - 1]!;
      if (!isArrayType(last.type)) {
        throw new DbError('42804', 'VARIADIC argument must be an array', {
          position: argExprs[argExprs.length - 1]!.location + 1,
        });
      }
      return { kind: 'func', type: bound.result, name: s.name, args: coerced, variadicArray: true };
    }
    return { kind: 'func', type: bound.result, name: s.name, args: coerced };
  }
}

const sameName = (a: SqlType, b: SqlType): boolean => a.name === b.name;

/**
 * The signatures a call reaches: pg_catalog's built-ins when unqualified or qualified with
 * pg_catalog, and the installed extensions' functions in the written schema or on the path.
 */
function callableSignatures(
  e: ast.FuncCall,
  extensions: ExtensionLookup | undefined,
): readonly FunctionSignature[] {
  const builtins = e.schema === undefined || e.schema === 'pg_catalog' ? builtinSignatures(e.name) : [];
  const extra = extensionSignatures(e.name, e.schema, extensions);
  return extra.length === 0 ? builtins : [...builtins, ...extra];
}

const typeText = (t: SqlType): string => formatTypeName(t);

function columnLabel(e: LogicalExpr): string {
  return e.kind === 'column' ? e.name : '?column?';
}

function describeKind(kind: ast.Expr['kind']): string {
  const names: Partial<Record<ast.Expr['kind'], string>> = {
    sqlValueFunction: 'this SQL value function',
    quantifiedArray: 'ANY/ALL (array)',
    arraySubquery: 'ARRAY(subquery)',
    array: 'ARRAY',
    row: 'ROW expression',
    subscript: 'array subscript',
    fieldSelect: 'field selection',
    fieldStar: 'field expansion',
    grouping: 'GROUPING',
  };
  return names[kind] ?? kind;
}
