/**
 * spillTypes: the column types a spilling operator writes a plan's rows to temporary files with.
 *
 * They are the plan's column types, except for the hidden tid column of an UPDATE/DELETE target
 * scan: the planner types it int8, but the scan stores the packed tid as a JavaScript number
 * (packTid), which the row codec's int8 (a bigint) cannot take. Its slot is found structurally —
 * from the scan up through the nodes that pass columns on unchanged (filters, sorts, limits,
 * joins, plain column projections) — and written as float8, which keeps every packed tid exactly.
 * A user column that happens to be called "ctid" is not affected.
 */
import { type SqlType, sqlType } from '@rustydb/common';
import type { PhysicalPlan } from '@rustydb/optimizer';

const FLOAT8 = sqlType('float8');

/** The types to spill rows of `plan` with (one per column). Synchronous; a fresh array. */
export function spillTypes(plan: PhysicalPlan): SqlType[] {
  const types = plan.columns.map((c) => c.type);
  for (const slot of tidSlots(plan)) types[slot] = FLOAT8;
  return types;
}

/** The slots of `plan`'s rows that hold a packed tid (number). */
function tidSlots(plan: PhysicalPlan): number[] {
  switch (plan.kind) {
    case 'seqScan':
    case 'indexScan':
      return plan.emitTid ? [plan.columns.length - 1] : [];
    case 'filter':
    case 'sort':
    case 'limit':
    case 'distinct':
      return tidSlots(plan.input);
    case 'hashJoin':
    case 'nestedLoop': {
      const width = plan.left.columns.length;
      return [...tidSlots(plan.left), ...tidSlots(plan.right).map((s) => s + width)];
    }
    case 'project': {
      const inner = new Set(tidSlots(plan.input));
      if (inner.size === 0) return [];
      const out: number[] = [];
      plan.exprs.forEach((e, i) => {
        if (e.kind === 'column' && inner.has(e.index)) out.push(i);
      });
      return out;
    }
    default:
      return [];
  }
}
