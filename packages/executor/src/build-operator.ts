/**
 * buildOperator: a physical plan → a tree of operators with compiled expressions. Called once per
 * execution (and once per subquery plan); nothing here runs per row.
 */
import { assertNever, InternalError } from '@rustydb/common';
import type { PhysicalExpr, PhysicalPlan } from '@rustydb/optimizer';
import { AggregateOp, DistinctOp } from './aggregate.js';
import { FilterOp, LimitOp, ProjectOp, ProjectSetOp, ResultOp, ValuesScan } from './basic-operators.js';
import { type CompiledExpr, compileExpr } from './compile-expr.js';
import { TableWriter } from './constraints.js';
import { explainRows } from './explain-op.js';
import { FunctionScan } from './function-scan.js';
import { HashJoin, NestedLoopJoin } from './join.js';
import { DeleteOp, InsertOp, UpdateOp } from './modify-table.js';
import type { Operator } from './operator.js';
import type { Runtime } from './runtime.js';
import { IndexScan, SeqScan } from './scan.js';
import { SortOp } from './sort.js';

/** Builds the operator tree of `plan`. Synchronous; throws InternalError on a malformed plan. */
export function buildOperator(plan: PhysicalPlan, rt: Runtime): Operator {
  const c = (e: PhysicalExpr): CompiledExpr => compileExpr(e, rt, buildOperator);
  const opt = (e: PhysicalExpr | undefined): CompiledExpr | undefined => (e ? c(e) : undefined);
  const b = (p: PhysicalPlan) => buildOperator(p, rt);
  switch (plan.kind) {
    case 'seqScan':
      return new SeqScan(rt, plan.table, plan.emitTid, opt(plan.filter));
    case 'indexScan':
      return new IndexScan(
        rt,
        plan.table,
        plan.index,
        plan.emitTid,
        opt(plan.filter),
        plan.keyConds.map((k) => ({ cond: k, value: c(k.value) })),
      );
    case 'valuesScan':
      return new ValuesScan(plan.rows.map((r) => r.map(c)));
    case 'functionScan':
      return new FunctionScan(plan.args.map(c), plan.columns[0].type);
    case 'result':
      return new ResultOp();
    case 'filter':
      return new FilterOp(b(plan.input), c(plan.predicate));
    case 'project':
      return new ProjectOp(b(plan.input), plan.exprs.map(c));
    case 'projectSet':
      return new ProjectSetOp(
        b(plan.input),
        plan.exprs.map(c),
        plan.srfs.map((s) => ({ slot: s.slot, args: s.args.map(c), type: plan.columns[s.slot].type })),
      );
    case 'nestedLoop':
      return new NestedLoopJoin(
        plan.joinType,
        b(plan.left),
        b(plan.right),
        plan.left.columns.length,
        plan.right.columns.length,
        opt(plan.condition),
      );
    case 'hashJoin':
      return new HashJoin(
        plan.joinType,
        b(plan.left),
        b(plan.right),
        plan.left.columns.length,
        plan.right.columns.length,
        plan.leftKeys.map(c),
        plan.rightKeys.map(c),
        plan.leftKeys.map((k) => k.type),
        opt(plan.residual),
      );
    case 'aggregate':
      return new AggregateOp(
        b(plan.input),
        plan.groupBy.map(c),
        plan.groupBy.map((g) => g.type),
        plan.aggregates.map((a) => ({ call: a, args: a.args.map(c), argTypes: a.args.map((x) => x.type) })),
      );
    case 'sort':
      return new SortOp(
        b(plan.input),
        plan.keys.map((k) => ({
          expr: c(k.expr),
          type: k.expr.type,
          descending: k.descending,
          nullsFirst: k.nullsFirst,
        })),
        opt(plan.limit),
        opt(plan.offset),
      );
    case 'limit':
      return new LimitOp(b(plan.input), opt(plan.limit), opt(plan.offset));
    case 'distinct':
      return new DistinctOp(
        b(plan.input),
        plan.columns.map((col) => col.type),
      );
    case 'insert':
    case 'update':
    case 'delete': {
      const writer = new TableWriter(plan.table, rt.ctx.relations.store(plan.table), (d) =>
        rt.ctx.relations.index(d),
      );
      const returning = plan.returning?.exprs.map(c);
      if (plan.kind === 'insert') return new InsertOp(rt, writer, b(plan.input), returning);
      if (plan.kind === 'delete') return new DeleteOp(rt, writer, b(plan.input), returning);
      const assignments = plan.assignments.map((a) => {
        const slot = plan.table.columns.findIndex((col) => col.attnum === a.column.attnum);
        if (slot < 0) throw new InternalError(`column ${a.column.name} not in ${plan.table.name}`);
        return { slot, expr: c(a.expr) };
      });
      return new UpdateOp(rt, writer, b(plan.input), returning, assignments);
    }
    case 'explain':
      return explainRows(plan.plan);
    default:
      return assertNever(plan, 'physical plan node');
  }
}
