/**
 * Domain constraints at run time (PostgreSQL's ExecEvalConstraintNotNull / ExecEvalConstraintCheck):
 * a value becoming a domain's (a cast, an assignment to a domain column, a bound parameter, a
 * default, COPY FROM) must satisfy the NOT NULL and CHECK constraints of the domain and of every
 * domain under it, the innermost base domain's first. A CHECK passes unless it is false (NULL
 * passes), as for tables; NOT VALID checks hold for new values too.
 *
 * Each CHECK is bound once per Runtime over a one-column row named `value` (so the planner's
 * VALUE is a column reference) and evaluated on a slot reused for every value.
 */
import {
  DbError,
  type DomainCheck,
  type DomainType,
  type Row,
  type SqlType,
  type Value,
} from '@rustydb/common';
import type { PhysicalExpr } from '@rustydb/optimizer';
import { bindCheckSql } from '@rustydb/planner';
import type { CompiledExpr } from './compile-expr.js';
import type { Runtime } from './runtime.js';

/** Builds a compiled expression (compile-expr.ts passes its compiler in, avoiding an import cycle). */
type Compile = (e: PhysicalExpr) => CompiledExpr;

interface DomainStep {
  readonly domain: DomainType;
  readonly checks: readonly { readonly name: string; readonly test: CompiledExpr }[];
}

/**
 * The compiled steps of each domain, per Runtime: a bulk INSERT's VALUES has a cast per row and
 * column, and binding the CHECK text for each would parse it thousands of times per statement.
 */
const stepsByRuntime = new WeakMap<Runtime, Map<DomainType, DomainStep[]>>();
const boundChecks = new WeakMap<DomainCheck, PhysicalExpr>();

/** The domains of `t`, innermost first, with their bound checks (compiled once per Runtime). */
function domainSteps(t: SqlType, rt: Runtime, compile: Compile): DomainStep[] {
  let byDomain = stepsByRuntime.get(rt);
  if (byDomain === undefined) {
    byDomain = new Map();
    stepsByRuntime.set(rt, byDomain);
  }
  let steps = byDomain.get(t.domain!);
  if (steps === undefined) {
    steps = compileSteps(t, rt, compile);
    byDomain.set(t.domain!, steps);
  }
  return steps;
}

function compileSteps(t: SqlType, rt: Runtime, compile: Compile): DomainStep[] {
  const steps: DomainStep[] = [];
  for (let d = t.domain; d !== undefined; d = d.baseType.domain) {
    const scope = { name: d.name, columns: [{ name: 'value', type: d.baseType }] };
    const checks = d.checks.map((c) => {
      // Bound once per check: a DomainCheck belongs to one catalog snapshot, so what its
      // functions resolve to cannot change under it.
      let bound = boundChecks.get(c);
      if (bound === undefined) {
        bound = bindCheckSql(c.checkSql, scope, rt.ctx.catalog) as unknown as PhysicalExpr;
        boundChecks.set(c, bound);
      }
      return { name: c.name, test: compile(bound) };
    });
    steps.unshift({ domain: d, checks });
  }
  return steps;
}

/** 23502 `domain d does not allow null values`. */
export const domainNullError = (d: DomainType): DbError =>
  new DbError('23502', `domain ${d.name} does not allow null values`, { dataType: d.name });

/**
 * `value` followed by the checks of domain type `t`: returns the value, or throws 23502 / 23514
 * `value for domain d violates check constraint "c"`.
 */
export function compileDomainCheck(
  value: CompiledExpr,
  t: SqlType,
  rt: Runtime,
  compile: Compile,
): CompiledExpr {
  const steps = domainSteps(t, rt, compile);
  const slot: Value[] = [null];
  return (row: Row) => {
    const v = value(row);
    for (const step of steps) {
      if (v === null) {
        if (step.domain.notNull) throw domainNullError(step.domain);
        continue;
      }
      slot[0] = v;
      for (const c of step.checks) {
        if (c.test(slot) === false) {
          throw new DbError(
            '23514',
            `value for domain ${step.domain.name} violates check constraint "${c.name}"`,
            {
              dataType: step.domain.name,
              constraint: c.name,
            },
          );
        }
      }
    }
    return v;
  };
}
