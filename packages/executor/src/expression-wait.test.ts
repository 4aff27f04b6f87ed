import type { Row } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { ProjectOp, ValuesScan } from './basic-operators.js';
import type { CompiledExpr } from './compile-expr.js';
import { EXPRESSION_WAIT, takeGrant, waitInExpression } from './expression-wait.js';
import type { Runtime } from './runtime.js';

/** The Runtime fields a waiting Project and expression use. */
const runtime = () =>
  ({
    waitingProject: undefined,
    expressionWaitAllowed: false,
    grantedWaits: [],
    pendingWait: undefined,
  }) as {
    waitingProject: object | undefined;
    expressionWaitAllowed: boolean;
    grantedWaits: string[];
    pendingWait: Promise<void> | undefined;
  };

describe('waits inside expressions', () => {
  it('the top Project returns the rows before a waiting one and computes that row again after the wait', async () => {
    const rt = runtime();
    let release!: () => void;
    const calls: number[] = [];
    // Waits once, on row 2, until released; the retry finds the grant.
    const waitOnTwo: CompiledExpr = (row) => {
      const v = row[0] as number;
      calls.push(v);
      if (v !== 2 || takeGrant(rt as unknown as Runtime, 'k')) return v * 10;
      if (!rt.expressionWaitAllowed) throw new Error('may not wait here');
      waitInExpression(rt as unknown as Runtime, new Promise<void>((r) => (release = r)), 'k');
      return null;
    };
    const input = new ValuesScan([[() => 1], [() => 2], [() => 3]]);
    const op = new ProjectOp(input, [waitOnTwo], rt as unknown as Runtime);
    rt.waitingProject = op;
    op.open();
    const first = op.next() as Row[];
    expect(first.map((r) => r[0])).toEqual([10]);
    expect(rt.expressionWaitAllowed).toBe(false);
    const wait = rt.pendingWait!;
    rt.pendingWait = undefined;
    release();
    await wait;
    expect((op.next() as Row[]).map((r) => r[0])).toEqual([20, 30]);
    expect(op.next()).toBeUndefined();
    expect(calls).toEqual([1, 2, 2, 3]);
  });

  it('two waiting calls in one row wait once each, and the next row waits again', async () => {
    const rt = runtime();
    const waits: string[] = [];
    // Each call site waits once per row: its grant holds for the row's later retries.
    const site =
      (token: string): CompiledExpr =>
      (row) => {
        if (takeGrant(rt as unknown as Runtime, token)) return row[0];
        waits.push(`${token}${row[0] as number}`);
        waitInExpression(rt as unknown as Runtime, Promise.resolve(), token);
        return null;
      };
    const op = new ProjectOp(
      new ValuesScan([[() => 1], [() => 2]]),
      [site('a'), site('b')],
      rt as unknown as Runtime,
    );
    rt.waitingProject = op;
    op.open();
    const out: unknown[] = [];
    for (let i = 0; i < 10; i++) {
      const b = op.next();
      if (b === undefined) break;
      for (const r of b as Row[]) out.push([...r]);
      const wait = rt.pendingWait;
      rt.pendingWait = undefined;
      if (wait !== undefined) await wait;
    }
    expect(waits).toEqual(['a1', 'b1', 'a2', 'b2']);
    expect(out).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('a Project no driver waits for does not let expressions wait', () => {
    const rt = runtime();
    let allowed: boolean | undefined;
    const probe: CompiledExpr = () => {
      allowed = rt.expressionWaitAllowed;
      return 1;
    };
    const op = new ProjectOp(new ValuesScan([[() => 1]]), [probe], rt as unknown as Runtime);
    op.open();
    op.next();
    expect(allowed).toBe(false);
    expect(() => waitInExpression(rt as unknown as Runtime, Promise.resolve(), 'k')).toThrow();
    expect(EXPRESSION_WAIT).toBeTypeOf('symbol');
  });
});
