/**
 * buildOperator: a physical plan → a tree of operators with compiled expressions. Called once per
 * execution (and once per subquery plan); nothing here runs per row.
 */
import type { ColumnDef, TableDef } from '@rustydb/catalog';
import { assertNever, fixedWidth, InternalError, type SqlType } from '@rustydb/common';
import type {
  FunctionScanNode,
  PhysicalExpr,
  PhysicalPlan,
  Returning as PhysicalReturning,
} from '@rustydb/optimizer';
import { checkPopulated, columnsUsed, type ViewCheck, visitExpr, type WindowCall } from '@rustydb/planner';
import { AggregateOp } from './aggregate.js';
import { FilterOp, LimitOp, ProjectOp, ProjectSetOp, ResultOp, ValuesScan } from './basic-operators.js';
import { type CompiledExpr, compileExpr } from './compile-expr.js';
import { TableWriter } from './constraints.js';
import { CteScanOp, RecursiveUnionOp, WithOp, WorkTableScanOp } from './cte.js';
import { DistinctOp } from './distinct.js';
import { explainRows } from './explain-op.js';
import { FunctionScan } from './function-scan.js';
import { HashJoin } from './hash-join.js';
import { IndexOnlyScan } from './index-only-scan.js';
import { instrumented } from './instrument.js';
import { LateralJoin, NestedLoopJoin } from './join.js';
import { LimitWithTiesOp } from './limit-with-ties.js';
import { LockRowsOp, rowLockModeOf } from './lock-rows.js';
import { MergeJoin } from './merge-join.js';
import { type CompiledMergeAction, MergeOp } from './merge-op.js';
import { DeleteOp, InsertOp, UpdateOp } from './modify-table.js';
import type { Operator } from './operator.js';
import { ParamValuesScan } from './param-values-scan.js';
import { RowLayout } from './row-layout.js';
import type { Runtime } from './runtime.js';
import { IndexScan, SeqScan } from './scan.js';
import { ScanFunction } from './scan-function.js';
import { SemiJoin } from './semi-join.js';
import { listeningChannelsArg } from './session-functions.js';
import { AppendOp, SetOpOp } from './set-op.js';
import { SortOp } from './sort.js';
import { SystemScan } from './system-scan.js';
import { type CompiledWindowCall, WindowOp } from './window.js';

/** A window call with its expressions compiled; calls with equal windows share a `spec`. */
function compileWindowCall(
  call: WindowCall<PhysicalPlan>,
  c: (e: PhysicalExpr) => CompiledExpr,
): CompiledWindowCall {
  const spec = JSON.stringify([call.partitionBy, call.orderBy], (_k, v) =>
    typeof v === 'bigint' ? `${v}n` : v,
  );
  return {
    call,
    args: call.args.map(c),
    partitionBy: call.partitionBy.map(c),
    partitionTypes: call.partitionBy.map((e) => e.type),
    orderBy: call.orderBy.map((k) => ({
      expr: c(k.expr),
      type: k.expr.type,
      descending: k.descending,
      nullsFirst: k.nullsFirst,
    })),
    ...(call.frame.start.offset ? { startOffset: c(call.frame.start.offset) } : {}),
    ...(call.frame.end.offset ? { endOffset: c(call.frame.end.offset) } : {}),
    spec,
  };
}

/**
 * Builds the operator tree of `plan` (each operator wrapped for EXPLAIN ANALYZE when `rt` runs
 * under it: instrument.ts). Synchronous; throws InternalError on a malformed plan.
 */
export function buildOperator(plan: PhysicalPlan, rt: Runtime): Operator {
  return instrumented(rt, plan, buildNode(plan, rt));
}

/**
 * The columns a scan's filter reads, when decoding them first saves work (ScanBase): all of them
 * table columns the scan decodes (not the tid), no correlated subquery (its outer references
 * read the row outside the expression's own column nodes), and a length-prefixed column (text,
 * numeric, …) among the others — a rejected row then skips its decoding, while a filter over a
 * few fixed-width columns would only pay for the second decoding pass of accepted rows.
 */
function filterFirstSlots(
  filter: PhysicalExpr | undefined,
  table: TableDef,
  readSlots: readonly number[] | undefined,
): readonly number[] | undefined {
  const width = table.columns.length;
  if (filter === undefined) return undefined;
  let correlated = false;
  visitExpr(filter, (x) => {
    if (x.kind === 'subquery' && x.correlated) correlated = true;
  });
  if (correlated) return undefined;
  const used = [...columnsUsed(filter)].sort((a, b) => a - b);
  const decoded = readSlots ?? [];
  if (used.some((s) => s >= width || (readSlots !== undefined && !decoded.includes(s)))) return undefined;
  const rest = (readSlots ?? table.columns.map((_, i) => i)).filter((i) => !used.includes(i));
  return rest.some((i) => fixedWidth(table.columns[i]!.type) < 0) ? used : undefined;
}

function buildNode(plan: PhysicalPlan, rt: Runtime): Operator {
  const c = (e: PhysicalExpr): CompiledExpr => compileExpr(e, rt, buildOperator);
  const opt = (e: PhysicalExpr | undefined): CompiledExpr | undefined => (e ? c(e) : undefined);
  const b = (p: PhysicalPlan) => buildOperator(p, rt);
  switch (plan.kind) {
    case 'seqScan':
      checkPopulated(plan.table);
      return new SeqScan(
        rt,
        plan.table,
        plan.emitTid,
        opt(plan.filter),
        plan.readSlots,
        filterFirstSlots(plan.filter, plan.table, plan.readSlots),
      );
    case 'indexScan':
      checkPopulated(plan.table);
      if (plan.indexOnly) {
        return new IndexOnlyScan(
          rt,
          plan.table,
          plan.index,
          opt(plan.filter),
          plan.keyConds.map((k) => ({ cond: k, value: c(k.value) })),
          plan.indexOnly.readSlots,
        );
      }
      return new IndexScan(
        rt,
        plan.table,
        plan.index,
        plan.emitTid,
        opt(plan.filter),
        plan.keyConds.map((k) => ({ cond: k, value: c(k.value) })),
        plan.readSlots,
      );
    case 'valuesScan':
      return ParamValuesScan.tryBuild(plan.rows, rt) ?? new ValuesScan(plan.rows.map((r) => r.map(c)));
    case 'systemScan':
      return new SystemScan(rt, plan.relation);
    case 'functionScan':
      return new FunctionScan(scanFunctions(plan, rt, c), plan.ordinality, rt);
    case 'result':
      return new ResultOp();
    case 'cteScan':
      return new CteScanOp(rt, plan.cteId);
    case 'workTableScan':
      return new WorkTableScanOp(rt, plan.cteId);
    case 'with':
      return new WithOp(
        rt,
        plan.ctes.map((cte) => ({ id: cte.id, op: b(cte.plan), dataModifying: isModifyTable(cte.plan) })),
        b(plan.input),
      );
    case 'recursiveUnion':
      return new RecursiveUnionOp(
        rt,
        plan.cteId,
        plan.all,
        b(plan.nonRecursive),
        b(plan.recursive),
        plan.columns.map((col) => col.type),
      );
    case 'setOp': {
      const types = plan.columns.map((col) => col.type);
      if (plan.op === 'union') {
        const append = new AppendOp(b(plan.left), b(plan.right));
        return plan.all ? append : new DistinctOp(rt, append, types);
      }
      return new SetOpOp(plan.op, plan.all, b(plan.left), b(plan.right), types);
    }
    case 'window':
      return new WindowOp(
        rt,
        b(plan.input),
        columnTypes(plan.input),
        plan.calls.map((call) => compileWindowCall(call, c)),
      );
    case 'filter':
      return new FilterOp(b(plan.input), c(plan.predicate), rt);
    case 'project':
      return new ProjectOp(b(plan.input), plan.exprs.map(c), rt);
    case 'projectSet':
      return new ProjectSetOp(
        b(plan.input),
        plan.exprs.map(c),
        plan.srfs.map((s) => ({
          slot: s.slot,
          args: s.fn === 'pg_listening_channels' ? [listeningChannelsArg(rt)] : s.args.map(c),
          type: plan.columns[s.slot].type,
          ...(s.fn ? { fn: s.fn } : {}),
          ...(s.field !== undefined ? { field: s.field } : {}),
          ...(s.routine !== undefined ? { routine: s.routine } : {}),
        })),
        rt.zone,
        rt.ctx.checkInterrupts,
        rt,
      );
    case 'nestedLoop':
      if (plan.lateral) {
        return new LateralJoin(
          rt,
          plan.joinType,
          b(plan.left),
          b(plan.right),
          plan.left.columns.length,
          plan.right.columns.length,
          opt(plan.condition),
        );
      }
      return new NestedLoopJoin(
        rt,
        plan.joinType,
        b(plan.left),
        b(plan.right),
        plan.left.columns.length,
        plan.right.columns.length,
        opt(plan.condition),
      );
    case 'hashJoin':
      return new HashJoin(
        rt,
        plan.joinType,
        b(plan.left),
        b(plan.right),
        columnTypes(plan.left),
        columnTypes(plan.right),
        plan.leftKeys.map(c),
        plan.rightKeys.map(c),
        plan.leftKeys.map((k) => k.type),
        opt(plan.residual),
      );
    case 'mergeJoin':
      return new MergeJoin(
        plan.joinType,
        b(plan.left),
        b(plan.right),
        plan.left.columns.length,
        plan.right.columns.length,
        plan.leftKeys.map(c),
        plan.rightKeys.map(c),
        plan.leftKeys.map((k) => k.type),
        opt(plan.residual),
        rt,
      );
    case 'semiJoin':
      return new SemiJoin(
        plan.anti,
        plan.method === 'hash',
        b(plan.left),
        b(plan.right),
        plan.left.columns.length,
        plan.rightWidth,
        plan.leftKeys.map(c),
        plan.rightKeys.map(c),
        plan.leftKeys.map((k) => k.type),
        opt(plan.residual),
      );
    case 'aggregate':
      return new AggregateOp(
        rt,
        b(plan.input),
        columnTypes(plan.input),
        plan.groupBy.map(c),
        plan.groupBy.map((g) => g.type),
        plan.aggregates.map((a) => ({
          call: a,
          args: a.args.map(c),
          argTypes: a.args.map((x) => x.type),
          zone: rt.zone,
          style: rt.style,
          ...(a.filter ? { filter: c(a.filter) } : {}),
          ...(a.orderBy
            ? {
                orderBy: a.orderBy.map((k) => ({
                  expr: c(k.expr),
                  type: k.expr.type,
                  descending: k.descending,
                  nullsFirst: k.nullsFirst,
                })),
              }
            : {}),
        })),
        plan.groupingSets,
      );
    case 'sort':
      return new SortOp(
        rt,
        b(plan.input),
        columnTypes(plan.input),
        plan.keys.map((k) => ({
          expr: c(k.expr),
          type: k.expr.type,
          descending: k.descending,
          nullsFirst: k.nullsFirst,
          ...(k.expr.kind === 'column' ? { column: k.expr.index } : {}),
        })),
        opt(plan.limit),
        opt(plan.offset),
      );
    case 'limit':
      if (plan.withTies !== undefined && plan.limit !== undefined) {
        return new LimitWithTiesOp(
          b(plan.input),
          c(plan.limit),
          opt(plan.offset),
          plan.withTies.map(c),
          plan.withTies.map((k) => k.type),
        );
      }
      return new LimitOp(b(plan.input), opt(plan.limit), opt(plan.offset));
    case 'lockRows':
      return new LockRowsOp(
        rt,
        b(plan.input),
        plan.targets.map((t) => ({
          table: t.table,
          store: rt.ctx.relations.store(t.table),
          slot: t.slot,
          tableSlot: t.tableSlot ?? 0,
          layout: new RowLayout(t.table),
          mode: rowLockModeOf(t.strength),
          waitPolicy: t.waitPolicy,
        })),
        rt.topLockRows === plan,
        plan.recheck
          ? {
              fromBase: plan.recheck.fromBase,
              fromWidth: plan.recheck.fromWidth,
              ...(plan.recheck.predicate ? { predicate: c(plan.recheck.predicate) } : {}),
              outputs: plan.recheck.outputs.map(c),
            }
          : undefined,
      );
    case 'distinct':
      return new DistinctOp(
        rt,
        b(plan.input),
        plan.columns.map((col) => col.type),
        plan.on,
      );
    case 'insert':
    case 'update':
    case 'delete': {
      const writer = new TableWriter(
        plan.table,
        rt.ctx.relations.store(plan.table),
        (d) => rt.ctx.relations.index(d),
        rt,
      );
      const returning = plan.returning?.exprs.map(c);
      const readsInput = plan.returning?.readsInput === true;
      const table = plan.table;
      const viewChecks = (list: readonly ViewCheck<PhysicalExpr>[] | undefined) =>
        list?.map((v) => ({ view: v.view, test: c(v.predicate) }));
      const assign = (list: readonly { column: ColumnDef; expr: PhysicalExpr }[]) =>
        list.map((a) => {
          const slot = table.columns.findIndex((col) => col.attnum === a.column.attnum);
          if (slot < 0) throw new InternalError(`column ${a.column.name} not in ${table.name}`);
          return { slot, expr: c(a.expr) };
        });
      if (plan.kind === 'insert') {
        const oc = plan.onConflict;
        const onConflict = oc
          ? {
              action: oc.action,
              arbiters: new Set<number>(oc.arbiters.map((ix) => ix.oid)),
              assignments: assign(oc.assignments),
              ...(oc.where ? { where: c(oc.where) } : {}),
            }
          : undefined;
        const op = new InsertOp(rt, writer, b(plan.input), returning, onConflict);
        op.viewChecks = viewChecks(plan.viewChecks);
        return readingTid(op, plan.returning);
      }
      const recheck = plan.recheck ? c(plan.recheck) : undefined;
      if (plan.kind === 'delete')
        return readingTid(
          new DeleteOp(rt, writer, b(plan.input), returning, readsInput, recheck),
          plan.returning,
        );
      const op = new UpdateOp(
        rt,
        writer,
        b(plan.input),
        returning,
        assign(plan.assignments),
        readsInput,
        recheck,
      );
      op.viewChecks = viewChecks(plan.viewChecks);
      return readingTid(op, plan.returning);
    }
    case 'merge':
      return buildMerge(rt, plan, c, b(plan.input));
    case 'explain':
      return explainRows(plan.plan);
    default:
      return assertNever(plan, 'physical plan node');
  }
}

function buildMerge(
  rt: Runtime,
  plan: Extract<PhysicalPlan, { kind: 'merge' }>,
  c: (e: PhysicalExpr) => CompiledExpr,
  input: Operator,
): MergeOp {
  const table = plan.table;
  const writer = new TableWriter(table, rt.ctx.relations.store(table), (d) => rt.ctx.relations.index(d), rt);
  const compile = (a: (typeof plan.actions)[number]): CompiledMergeAction => ({
    action: a.action,
    ...(a.condition ? { condition: c(a.condition) } : {}),
    assignments: a.assignments.map((x) => ({
      slot: table.columns.findIndex((col) => col.attnum === x.column.attnum),
      expr: c(x.expr),
    })),
    values: a.values.map(c),
  });
  const matched = plan.actions.filter((a) => a.matched).map(compile);
  const notMatched = plan.actions.filter((a) => !a.matched).map(compile);
  return new MergeOp(rt, writer, input, matched, notMatched, c(plan.recheck));
}

/** Is `plan` an INSERT, UPDATE or DELETE (a data-modifying CTE)? */
export function isModifyTable(plan: PhysicalPlan): boolean {
  return plan.kind === 'insert' || plan.kind === 'update' || plan.kind === 'delete';
}

/** The types of `plan`'s columns: what a spilling operator writes its rows to temporary files with. */
/** The functions of a Function Scan, each with its arguments compiled and its first column's type. */
function scanFunctions(
  plan: FunctionScanNode,
  rt: Runtime,
  c: (e: PhysicalExpr) => CompiledExpr,
): ScanFunction[] {
  let column = 0;
  return plan.functions.map((f) => {
    const type = plan.columns[column].type;
    column += f.width;
    // pg_listening_channels gets the session's channels as its argument (session-functions.ts).
    const args = f.fn === 'pg_listening_channels' ? [listeningChannelsArg(rt)] : f.args.map(c);
    const spec = { fn: f.fn, args, type, width: f.width, recordFields: f.recordFields, routine: f.routine };
    return new ScanFunction(spec, rt.zone, rt);
  });
}

function columnTypes(plan: PhysicalPlan): SqlType[] {
  return plan.columns.map((c) => c.type);
}

/** `op` told whether its RETURNING reads the written version's tid (ctid, xmin, xmax). */
function readingTid<T extends { returningReadsTid: boolean }>(
  op: T,
  returning: PhysicalReturning | undefined,
): T {
  op.returningReadsTid = returning?.readsTid === true;
  return op;
}
