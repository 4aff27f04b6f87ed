/**
 * Runtime: the state compiled expressions and operators share while one plan runs — the
 * execution context, and the stack of outer rows correlated subqueries read (`outerColumn` with
 * depth d reads `outer[outer.length - d]`).
 */
import type { Row } from '@rustydb/common';
import type { ExecutionContext } from './execution-context.js';

export class Runtime {
  /** Rows of the enclosing queries, innermost last, while a correlated subquery runs. */
  readonly outer: Row[] = [];
  private ticks = 0;

  constructor(readonly ctx: ExecutionContext) {}

  /** Called by scans per version read: checks for cancellation every 1024 calls. */
  tick(): void {
    if ((++this.ticks & 1023) === 0) this.ctx.checkInterrupts();
  }
}
