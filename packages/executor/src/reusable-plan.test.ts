/**
 * reusable-plan.ts: a kept operator tree is handed out only while idle, rebound to each
 * execution's parameters, and dropped after a failure.
 */
import { sqlType } from '@rustydb/common';
import type { PhysicalPlan } from '@rustydb/optimizer';
import { describe, expect, it } from 'vitest';
import { executePlan } from './execute-plan.js';
import type { ExecutionContext } from './execution-context.js';
import {
  acquireOperator,
  isReusable,
  isReusableQuery,
  operatorTreeStats,
  releaseOperator,
} from './reusable-plan.js';

const int4 = sqlType('int4');
const col = { name: 'x', type: int4 };
const result = { kind: 'result', columns: [] } as unknown as PhysicalPlan;
/** SELECT $1 */
const selectParam = (): PhysicalPlan =>
  ({
    kind: 'project',
    input: result,
    exprs: [{ kind: 'param', index: 0, type: int4 }],
    columns: [col],
  }) as unknown as PhysicalPlan;

const ctxOf = (params: unknown[]): ExecutionContext =>
  ({
    params,
    checkInterrupts: () => {},
    relations: {
      store: () => {
        throw new Error('no storage');
      },
      index: () => {
        throw new Error('no storage');
      },
    },
  }) as unknown as ExecutionContext;

async function run(plan: PhysicalPlan, params: unknown[]): Promise<unknown[]> {
  const out: unknown[] = [];
  await executePlan(plan, ctxOf(params), {
    rows: (b) => {
      for (const r of b) out.push(r[0]);
    },
  });
  return out;
}

describe('reusable operator trees', () => {
  it('keeps the tree of a qualifying plan and hands it out only while idle', () => {
    const plan = selectParam();
    expect(isReusable(plan)).toBe(true);
    const first = acquireOperator(plan, ctxOf([1]));
    expect(first.entry).toBeDefined();
    // Re-entrant: the kept tree is busy, so a fresh, unkept one.
    const second = acquireOperator(plan, ctxOf([2]));
    expect(second.entry).toBeUndefined();
    expect(second.op).not.toBe(first.op);
    releaseOperator(plan, second, true);
    releaseOperator(plan, first, true);
    const third = acquireOperator(plan, ctxOf([3]));
    expect(third.op).toBe(first.op);
    expect(third.rt.ctx.params).toEqual([3]);
    releaseOperator(plan, third, false);
    // Dropped after a failure.
    const fourth = acquireOperator(plan, ctxOf([4]));
    expect(fourth.op).not.toBe(first.op);
    releaseOperator(plan, fourth, true);
  });

  it('builds afresh when the parameter count or the TimeZone differs', () => {
    const plan = selectParam();
    const a = acquireOperator(plan, ctxOf([1]));
    releaseOperator(plan, a, true);
    const b = acquireOperator(plan, ctxOf([1, 2]));
    expect(b.op).not.toBe(a.op);
    releaseOperator(plan, b, true);
    const c = acquireOperator(plan, { ...ctxOf([1, 2]), timeZone: 'Asia/Tokyo' } as ExecutionContext);
    expect(c.op).not.toBe(b.op);
    releaseOperator(plan, c, true);
  });

  it('evaluates each execution’s parameters', async () => {
    const plan = selectParam();
    for (let i = 0; i < 5; i++) expect(await run(plan, [i])).toEqual([i]);
  });

  it('does not keep plans whose expressions capture the execution', () => {
    const plan = {
      kind: 'project',
      input: result,
      exprs: [{ kind: 'func', name: 'current_user', args: [], type: int4 }],
      columns: [col],
    } as unknown as PhysicalPlan;
    expect(isReusable(plan)).toBe(false);
    const a = acquireOperator(plan, ctxOf([]));
    expect(a.entry).toBeUndefined();
  });

  it('keeps plans calling now() & co., each execution reading its own clock', async () => {
    const timestamptz = sqlType('timestamptz');
    /** SELECT now(), statement_timestamp() */
    const plan = {
      kind: 'project',
      input: result,
      exprs: [
        { kind: 'func', name: 'now', args: [], type: timestamptz },
        { kind: 'func', name: 'statement_timestamp', args: [], type: timestamptz },
      ],
      columns: [col, { name: 'y', type: timestamptz }],
    } as unknown as PhysicalPlan;
    expect(isReusable(plan)).toBe(true);
    const runAt = async (transactionStart: bigint) => {
      const rows: unknown[][] = [];
      await executePlan(plan, { ...ctxOf([]), transactionStart } as ExecutionContext, {
        rows: (b) => {
          for (const r of b) rows.push([...r]);
        },
      });
      return rows[0]!;
    };
    const reusedBefore = operatorTreeStats.reused;
    const [first] = await runAt(1_000_000n);
    const [second, statementStart] = await runAt(2_000_000n);
    expect(first).toBe(1_000_000n);
    // The kept tree ran the second time, with the second transaction's start.
    expect(operatorTreeStats.reused).toBeGreaterThan(reusedBefore);
    expect(second).toBe(2_000_000n);
    expect(typeof statementStart).toBe('bigint');
  });

  it('judges a write only with a catalog, and does not remember a verdict made without one', () => {
    const table = { oid: 1, name: 't', columns: [], indexes: [], constraints: [], referencedBy: [] };
    const insert = { kind: 'insert', table, input: result, columns: [] } as unknown as PhysicalPlan;
    // The query path asks first (without a catalog): a write is no query, and not judged.
    expect(isReusableQuery(insert)).toBe(false);
    expect(isReusable(insert)).toBe(false);
    // executePlan asks with the catalog afterwards: the plan is still reusable.
    expect(isReusable(insert, {} as never)).toBe(true);
    expect(isReusableQuery(insert)).toBe(false);
    expect(isReusableQuery(selectParam())).toBe(true);
  });
});
