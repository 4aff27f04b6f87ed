/**
 * Constant folding, applied while logical expressions become physical ones (subquery plans are
 * optimized on the way). Folds operators and casts whose operands are constants (with the same
 * kernels the executor runs), and simplifies AND/OR/NOT/IS NULL/CASE/COALESCE around constants.
 *
 * NB: a fold that raises (`1/0`, `'x'::int` in a CASE branch) is left unfolded, so the error
 * happens only if the row ever evaluates it. PostgreSQL raises some of these at plan time; we
 * prefer never failing a statement for an expression it would not evaluate.
 * Functions are not folded: their implementations live in the executor.
 */
import {
  castDependsOnDateStyle,
  castDependsOnTimeZone,
  castNeedsCatalog,
  castValue,
  DbError,
  type SqlType,
  sqlType,
  type Value,
} from '@rustydb/common';
import {
  type BoundExpr,
  binaryKernel,
  type LogicalExpr,
  type LogicalPlan,
  negateKernel,
} from '@rustydb/planner';
import type { PhysicalExpr, PhysicalPlan } from './physical-plan.js';

const BOOL = sqlType('bool');

const constant = (type: SqlType, value: Value): PhysicalExpr => ({ kind: 'const', type, value });

/** Converts `e` to a physical expression, folding constants; `plan` optimizes subqueries. */
export function foldExpr(e: LogicalExpr, plan: (p: LogicalPlan) => PhysicalPlan): PhysicalExpr {
  const f = (x: LogicalExpr) => foldExpr(x, plan);
  switch (e.kind) {
    case 'const':
    case 'column':
    case 'outerColumn':
    case 'param':
      return e;
    case 'op': {
      const args = e.args.map(f);
      return tryFold({ ...e, args }, () => {
        if (!args.every(isConst)) return undefined;
        const vals = args.map((a) => (a as { value: Value }).value);
        if (vals.some((v) => v === null)) return constant(e.type, null);
        if (e.op === 'neg') return constant(e.type, negateKernel(args[0].type)(vals[0]));
        return constant(e.type, binaryKernel(e.op, args[0].type, args[1].type)(vals[0], vals[1]));
      });
    }
    case 'cast': {
      const arg = f(e.arg);
      return tryFold({ ...e, arg }, () =>
        arg.kind === 'const' &&
        // A cast to a domain checks its constraints, which only the executor can evaluate.
        e.type.domain === undefined &&
        !castDependsOnTimeZone(arg.type, e.type) &&
        !castDependsOnDateStyle(arg.type, e.type, arg.value) &&
        !castNeedsCatalog(arg.type, e.type)
          ? constant(e.type, castValue(arg.value, arg.type, e.type, e.explicit))
          : undefined,
      );
    }
    case 'func':
      return { ...e, args: e.args.map(f) };
    case 'and':
    case 'or':
      return foldBool(e.kind, e.args.map(f));
    case 'not': {
      const arg = f(e.arg);
      if (arg.kind === 'const') return constant(BOOL, arg.value === null ? null : !arg.value);
      return { ...e, arg };
    }
    case 'isNull': {
      const arg = f(e.arg);
      if (arg.kind === 'const') return constant(BOOL, (arg.value === null) !== e.negated);
      return { ...e, arg };
    }
    case 'isBool': {
      const arg = f(e.arg);
      return { ...e, arg };
    }
    case 'case': {
      const whens: { cond: PhysicalExpr; result: PhysicalExpr }[] = [];
      for (const w of e.whens) {
        const cond = f(w.cond);
        if (cond.kind === 'const' && cond.value !== true) continue; // never taken
        const result = f(w.result);
        if (cond.kind === 'const' && whens.length === 0) return result; // always taken first
        whens.push({ cond, result });
        if (cond.kind === 'const') break;
      }
      const otherwise = f(e.otherwise);
      return whens.length === 0 ? otherwise : { ...e, whens, otherwise };
    }
    case 'coalesce': {
      const args: PhysicalExpr[] = [];
      for (const a of e.args.map(f)) {
        if (a.kind === 'const' && a.value === null) continue;
        args.push(a);
        if (a.kind === 'const') break;
      }
      if (args.length === 0) return constant(e.type, null);
      return args.length === 1 ? args[0] : { ...e, args };
    }
    case 'greatest':
    case 'least':
      return { ...e, args: e.args.map(f) };
    case 'nullif': {
      // The comparison keeps its shape (its operands are what NULLIF returns and compares).
      const cmp: PhysicalExpr = e.cmp.kind === 'op' ? { ...e.cmp, args: e.cmp.args.map(f) } : f(e.cmp);
      return { ...e, arg: f(e.arg), cmp };
    }
    case 'isDistinct':
      return { ...e, eq: { ...e.eq, args: e.eq.args.map(f) } };
    case 'like':
      return {
        kind: 'like',
        type: e.type,
        arg: f(e.arg),
        pattern: f(e.pattern),
        ...(e.escape ? { escape: f(e.escape) } : {}),
        caseInsensitive: e.caseInsensitive,
        ...(e.similar ? { similar: true } : {}),
        negated: e.negated,
      };
    case 'inList':
      return { ...e, arg: f(e.arg), list: e.list.map(f) };
    case 'subquery':
      return {
        kind: 'subquery',
        type: e.type,
        mode: e.mode,
        plan: plan(e.plan),
        ...(e.testExpr ? { testExpr: f(e.testExpr) } : {}),
        negated: e.negated,
        correlated: e.correlated,
      };
  }
}

const isConst = (e: PhysicalExpr): boolean => e.kind === 'const';

function tryFold(unfolded: PhysicalExpr, fold: () => PhysicalExpr | undefined): PhysicalExpr {
  try {
    return fold() ?? unfolded;
  } catch (err) {
    // Leave the expression to raise at run time, only if a row evaluates it (see file comment).
    if (err instanceof DbError) return unfolded;
    throw err;
  }
}

/** AND/OR with constants: a deciding constant wins, neutral constants disappear. */
function foldBool(kind: 'and' | 'or', args: PhysicalExpr[]): PhysicalExpr {
  const decide = kind === 'or';
  const kept: PhysicalExpr[] = [];
  let sawNull = false;
  for (const a of args) {
    if (a.kind === 'const') {
      if (a.value === null) sawNull = true;
      else if (a.value === decide) return constant(BOOL, decide);
      continue;
    }
    if (a.kind === kind) kept.push(...a.args);
    else kept.push(a);
  }
  if (sawNull) kept.push(constant(BOOL, null));
  if (kept.length === 0) return constant(BOOL, !decide);
  if (kept.length === 1) return kept[0];
  return { kind, type: BOOL, args: kept };
}

/** Splits a predicate into its AND-ed conjuncts. */
export function conjuncts<P>(e: BoundExpr<P>): BoundExpr<P>[] {
  return e.kind === 'and' ? e.args.flatMap((a) => conjuncts(a)) : [e];
}

/** ANDs conjuncts back together (undefined for none). */
export function andAll(list: readonly PhysicalExpr[]): PhysicalExpr | undefined {
  if (list.length === 0) return undefined;
  return list.length === 1 ? list[0] : { kind: 'and', type: BOOL, args: list };
}
