/**
 * SystemScan: reads a computed catalog relation (pg_class, information_schema.columns, …). Its
 * rows come from the statement's SystemCatalog (ExecutionContext.system), which computes them
 * once per statement from the catalog the transaction sees; each scan hands out copies, so an
 * operator above may keep or change them.
 */
import type { SystemRelation } from '@rustydb/catalog';
import { DbError, emptyArray, type Row, type Value } from '@rustydb/common';
import { BATCH_SIZE, type Operator } from './operator.js';
import type { Runtime } from './runtime.js';

export class SystemScan implements Operator {
  private rows: readonly Value[][] = [];
  private pos = 0;
  private readonly batch: Row[] = [];

  constructor(
    private readonly rt: Runtime,
    private readonly relation: SystemRelation,
  ) {}

  /** @throws DbError 0A000 when the context has no SystemCatalog (catalogs cannot be read there). */
  open(): void {
    const system = this.rt.ctx.system;
    if (!system) {
      throw new DbError(
        '0A000',
        `relation "${this.relation.schema}.${this.relation.name}" cannot be read here`,
      );
    }
    this.rows = system.rows(this.relation);
    this.pos = 0;
  }

  next(): Row[] | undefined {
    if (this.pos >= this.rows.length) return undefined;
    emptyArray(this.batch);
    while (this.pos < this.rows.length && this.batch.length < BATCH_SIZE)
      this.batch.push(this.rows[this.pos++].slice());
    return this.batch;
  }

  close(): void {
    this.rows = [];
  }
}
