/**
 * compileExpr: a physical expression → a closure `(row) => Value`, built once per plan.
 *
 * Every node picks its kernel when compiled (operator-kernels.ts in the planner, functions.ts
 * here), so evaluation never looks at types or walks the tree: a row costs one closure call per
 * node and allocates only the values it produces. SQL's NULL rules live here: operators and
 * functions are strict, AND/OR use three-valued logic, comparisons with NULL yield NULL.
 *
 * Subqueries: an uncorrelated one runs once, on first use, and its result is kept; a correlated
 * one runs per evaluation with the current row pushed on the runtime's outer-row stack.
 */

import {
  castNeedsCatalog,
  castValue,
  compareValues,
  DbError,
  Numeric,
  type Row,
  type SqlType,
  type Value,
  valuesEqual,
} from '@rustydb/common';
import type { PhysicalExpr, PhysicalPlan } from '@rustydb/optimizer';
import { binaryKernel, negateKernel } from '@rustydb/planner';
import { compileAdvisoryLockFunction, isAdvisoryLockFunction } from './advisory-lock-functions.js';
import { compileBitwiseFunction, isBitwiseFunction } from './bitwise-functions.js';
import { compileCatalogFunction, compileRegCast, isCatalogFunction } from './catalog-functions.js';
import { compileDomainCheck } from './domain-check.js';
import { compileExtendedFunction } from './extended-functions.js';
import { compileFunction } from './functions.js';
import { compileLike } from './like.js';
import { drain, nextRows, type Operator } from './operator.js';
import { compileRecordFunction, isRecordFunction } from './record-functions.js';
import { compileRegexMatch, isRegexMatch } from './regex-match.js';
import { compileRoutineCall } from './routine-call.js';
import { untypedKey } from './row-key.js';
import type { Runtime } from './runtime.js';
import { compileSequenceFunction, isSequenceFunction } from './sequence-functions.js';
import { compileSessionFunction, isSessionFunction } from './session-functions.js';
import { compileSignalFunction, isSignalFunction } from './signal-functions.js';
import { compileSleepFunction, isSleepFunction } from './sleep-functions.js';
import { compileTupleField, isTupleFieldFunction } from './tuple-field-functions.js';
import { compileVariadicAnyFunction } from './variadic-any-functions.js';

export type CompiledExpr = (row: Row) => Value;

/** Builds operators for subquery plans (build-operator.ts passes itself in). */
export type OperatorBuilder = (plan: PhysicalPlan, rt: Runtime) => Operator;

/** Compiles `e`. Synchronous; compile errors are InternalErrors (the binder checked types). */
/** A cast of `arg`'s values from `from` to `to` (a domain's: to its base type; the caller checks). */
function compileCastTo(
  arg: CompiledExpr,
  from: SqlType,
  to: SqlType,
  explicit: boolean,
  rt: Runtime,
): CompiledExpr {
  if (castNeedsCatalog(from, to)) return compileRegCast(arg, from, to, rt);
  if (from.domain !== undefined && to.domain === undefined && from.name === to.name && to.typmod === -1)
    return arg;
  const zone = rt.zone;
  const style = rt.style;
  return (row) => {
    const v = arg(row);
    return v === null ? null : castValue(v, from, to, explicit, zone, style);
  };
}

export function compileExpr(e: PhysicalExpr, rt: Runtime, build: OperatorBuilder): CompiledExpr {
  const c = (x: PhysicalExpr) => compileExpr(x, rt, build);
  switch (e.kind) {
    case 'const': {
      const v = e.value;
      return () => v;
    }
    case 'column': {
      const i = e.index;
      return (row) => row[i];
    }
    case 'outerColumn': {
      const { depth, index } = e;
      const outer = rt.outer;
      return () => outer[outer.length - depth][index];
    }
    case 'param': {
      const i = e.index;
      if (i >= rt.ctx.params.length) throw new DbError('08P01', `no value found for parameter ${i + 1}`);
      // Read through the Runtime: a cached operator tree runs again with other values.
      return () => rt.ctx.params[i];
    }
    case 'op':
      return compileOp(e, c, rt);
    case 'func':
      if (e.routine !== undefined) return compileRoutineCall(e.routine, e.args.map(c), rt);
      if (isSequenceFunction(e.name)) return compileSequenceFunction(e.name, e.args.map(c), rt);
      if (isAdvisoryLockFunction(e.name)) return compileAdvisoryLockFunction(e.name, e.args.map(c), rt);
      if (isSleepFunction(e.name)) return compileSleepFunction(e.name, e.args.map(c), rt);
      if (isSignalFunction(e.name)) return compileSignalFunction(e.name, e.args.map(c), rt);
      if (isCatalogFunction(e.name)) return compileCatalogFunction(e.name, e.args.map(c), rt);
      if (isRegexMatch(e.name)) return compileRegexMatch(e.name, e.args.map(c), rt);
      if (isSessionFunction(e.name)) return compileSessionFunction(e.name, e.args.map(c), rt);
      if (isRecordFunction(e.name)) return compileRecordFunction(e.name, e.args.map(c));
      if (isBitwiseFunction(e.name)) return compileBitwiseFunction(e.name, e.args.map(c));
      if (isTupleFieldFunction(e.name)) return compileTupleField(e.name, e.args.map(c), rt);
      if (e.variadicArray) {
        return compileVariadicAnyFunction(
          e.name,
          e.args.map((a) => a.type),
          e.args.map(c),
          true,
          rt.zone,
          rt.style,
        );
      }
      return (
        compileExtendedFunction(
          e.name,
          e.args.map((a) => a.type),
          e.args.map(c),
          rt,
        ) ??
        compileFunction(
          e.name,
          e.args.map((a) => a.type),
          e.args.map(c),
          e.type,
          rt,
        )
      );
    case 'cast': {
      const arg = c(e.arg);
      const from = e.arg.type;
      const to = e.type;
      if (to.domain !== undefined)
        return compileDomainCheck(compileCastTo(arg, from, to, e.explicit, rt), to, rt, c);
      return compileCastTo(arg, from, to, e.explicit, rt);
    }
    case 'and':
      return compileAnd(e.args.map(c));
    case 'or':
      return compileOr(e.args.map(c));
    case 'not': {
      const arg = c(e.arg);
      return (row) => {
        const v = arg(row);
        return v === null ? null : !v;
      };
    }
    case 'isNull': {
      const arg = c(e.arg);
      return e.negated ? (row) => arg(row) !== null : (row) => arg(row) === null;
    }
    case 'isBool': {
      const arg = c(e.arg);
      const want = e.test === 'true' ? true : e.test === 'false' ? false : null;
      const neg = e.negated;
      return (row) => (arg(row) === want) !== neg;
    }
    case 'isDistinct': {
      const [a, b] = e.eq.args.map(c);
      const t = e.eq.args[0].type;
      const neg = e.negated;
      return (row) => {
        const x = a(row);
        const y = b(row);
        const same = x === null || y === null ? x === y : valuesEqual(x, y, t);
        return same === neg;
      };
    }
    case 'case': {
      const conds = e.whens.map((w) => c(w.cond));
      const results = e.whens.map((w) => c(w.result));
      const otherwise = c(e.otherwise);
      const n = conds.length;
      return (row) => {
        for (let i = 0; i < n; i++) if (conds[i](row) === true) return results[i](row);
        return otherwise(row);
      };
    }
    case 'coalesce': {
      const args = e.args.map(c);
      return (row) => {
        for (const a of args) {
          const v = a(row);
          if (v !== null) return v;
        }
        return null;
      };
    }
    case 'greatest':
    case 'least': {
      const args = e.args.map(c);
      const t = e.type;
      const sign = e.kind === 'greatest' ? 1 : -1;
      return (row) => {
        let best: Value = null;
        for (const a of args) {
          const v = a(row);
          if (v !== null && (best === null || sign * compareValues(v, best, t) > 0)) best = v;
        }
        return best;
      };
    }
    case 'nullif': {
      const arg = c(e.cmp.kind === 'op' ? e.cmp.args[0] : e.arg);
      const other = c(e.cmp.kind === 'op' ? e.cmp.args[1] : e.arg);
      const t = e.type;
      return (row) => {
        const a = arg(row);
        if (a === null) return null;
        const b = other(row);
        return b !== null && valuesEqual(a, b, t) ? null : a;
      };
    }
    case 'like':
      return compileLike(
        c(e.arg),
        c(e.pattern),
        e.escape ? c(e.escape) : undefined,
        e.caseInsensitive,
        e.negated,
        e.similar === true,
        rt,
      );
    case 'inList':
      return compileInList(c(e.arg), e.list.map(c), e.arg.type, e.negated);
    case 'subquery':
      return compileSubquery(e, rt, build, c);
  }
}

function compileOp(
  e: Extract<PhysicalExpr, { kind: 'op' }>,
  c: (x: PhysicalExpr) => CompiledExpr,
  rt: Runtime,
): CompiledExpr {
  if (e.op === 'neg') {
    const k = negateKernel(e.args[0].type);
    const a = c(e.args[0]);
    return (row) => {
      const v = a(row);
      return v === null ? null : k(v);
    };
  }
  const k = binaryKernel(e.op, e.args[0].type, e.args[1].type, rt.zone);
  const a = c(e.args[0]);
  const b = c(e.args[1]);
  return (row) => {
    const x = a(row);
    if (x === null) return null;
    const y = b(row);
    return y === null ? null : k(x, y);
  };
}

function compileAnd(args: CompiledExpr[]): CompiledExpr {
  if (args.length === 2) {
    const [a, b] = args;
    return (row) => {
      const x = a(row);
      if (x === false) return false;
      const y = b(row);
      if (y === false) return false;
      return x === null || y === null ? null : true;
    };
  }
  return (row) => {
    let sawNull = false;
    for (const a of args) {
      const v = a(row);
      if (v === false) return false;
      if (v === null) sawNull = true;
    }
    return sawNull ? null : true;
  };
}

function compileOr(args: CompiledExpr[]): CompiledExpr {
  return (row) => {
    let sawNull = false;
    for (const a of args) {
      const v = a(row);
      if (v === true) return true;
      if (v === null) sawNull = true;
    }
    return sawNull ? null : false;
  };
}

/** `x IN (list)`: true on a match, else NULL if x or any item is NULL, else false. */
function compileInList(arg: CompiledExpr, list: CompiledExpr[], t: SqlType, negated: boolean): CompiledExpr {
  return (row) => {
    const x = arg(row);
    if (x === null) return null;
    let sawNull = false;
    for (const item of list) {
      const v = item(row);
      if (v === null) sawNull = true;
      else if (valuesEqual(x, v, t)) return !negated;
    }
    return sawNull ? null : negated;
  };
}

/** Hashable form of a value for IN (subquery) sets: consistent with valuesEqual. */
export function hashValue(v: Value): string | number | bigint | boolean {
  if (typeof v === 'string' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 0 ? 0 : Number.isNaN(v) ? 'NaN' : v;
  if (v instanceof Uint8Array) return `\\x${Buffer.from(v).toString('hex')}`;
  if (v instanceof Numeric) return `n:${normalizeNumeric(v)}`;
  return `o:${String(untypedKey(v))}`;
}

/** A numeric's text without insignificant trailing zeros, so 1.0 and 1.00 hash alike. */
function normalizeNumeric(n: Numeric): string {
  const s = n.toString();
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function compileSubquery(
  e: Extract<PhysicalExpr, { kind: 'subquery' }>,
  rt: Runtime,
  build: OperatorBuilder,
  c: (x: PhysicalExpr) => CompiledExpr,
): CompiledExpr {
  const op = build(e.plan, rt);
  const correlated = e.correlated;
  const run = (row: Row, f: () => Value): Value => {
    if (!correlated) return f();
    rt.outer.push(row);
    try {
      return f();
    } finally {
      rt.outer.pop();
    }
  };
  switch (e.mode) {
    case 'exists': {
      let cached: Value | undefined;
      const once = () => {
        op.open();
        try {
          // Subplans run inside an expression, which cannot suspend: run through YIELDs.
          return nextRows(op, rt) !== undefined;
        } finally {
          op.close();
        }
      };
      return (row) => {
        if (correlated) return run(row, once) !== e.negated;
        cached ??= once();
        return cached !== e.negated;
      };
    }
    case 'scalar': {
      let cached: Value | undefined;
      const once = (): Value => {
        op.open();
        try {
          let value: Value = null;
          let seen = false;
          for (let b = nextRows(op, rt); b; b = nextRows(op, rt)) {
            if (seen || b.length > 1) {
              throw new DbError('21000', 'more than one row returned by a subquery used as an expression');
            }
            seen = true;
            value = b[0][0];
          }
          return value;
        } finally {
          op.close();
        }
      };
      return (row) => {
        if (correlated) return run(row, once);
        if (cached === undefined) cached = once();
        return cached;
      };
    }
    case 'in': {
      const test = c(e.testExpr!);
      let set: { values: Set<unknown>; hasNull: boolean } | undefined;
      const load = () => {
        const values = new Set<unknown>();
        let hasNull = false;
        for (const r of drain(op, rt)) {
          if (r[0] === null) hasNull = true;
          else values.add(hashValue(r[0]));
        }
        return { values, hasNull };
      };
      const neg = e.negated;
      const probe = (x: Value, s: { values: Set<unknown>; hasNull: boolean }): Value => {
        if (x === null) return s.values.size > 0 || s.hasNull ? null : neg;
        if (s.values.has(hashValue(x))) return !neg;
        if (s.hasNull || (x === null && s.values.size > 0)) return null;
        return neg;
      };
      return (row) => {
        const x = test(row);
        if (correlated) return run(row, () => probe(x, load()));
        set ??= load();
        return probe(x, set);
      };
    }
  }
}
