/**
 * @internal SqlHarness: the SQL layers wired to real storage for tests — parser → binder →
 * optimizer → executor over MemoryStores, B+tree indexes on a TestDatabase's buffer pool, and a
 * real TxnManager. DDL (CREATE TABLE / INDEX, DROP TABLE) is handled here by a tiny in-test
 * catalog, since the catalog and the engine are other packages' business; every other statement
 * goes through bindStatement / optimize / executePlan as the engine will call them.
 *
 * Statements autocommit unless inside BEGIN … COMMIT/ROLLBACK. Not exported from the package.
 */
import type { CatalogReader, ColumnDef, IndexDef, TableDef } from '@rustydb/catalog';
import {
  DbError,
  type FileId,
  fileId,
  type Oid,
  oid,
  type Row,
  type SqlType,
  type Value,
} from '@rustydb/common';
import { btreeMethod, type Index } from '@rustydb/index';
import { explainPlan, optimize } from '@rustydb/optimizer';
import {
  type CreateIndexStmt,
  type CreateTableStmt,
  formatExpr,
  parse,
  type Statement,
} from '@rustydb/parser';
import { bindColumnDefault, bindStatement, outputColumns, resolveTypeName } from '@rustydb/planner';
import { MemoryStore, type TableStore } from '@rustydb/storage';
import { TestDatabase } from '@rustydb/storage/testing';
import { type Transaction, TxnManager } from '@rustydb/txn';
import { executePlan } from '../execute-plan.js';
import type { ExecutionContext, SpillReport } from '../execution-context.js';
import { populateIndex } from '../populate-index.js';

/** How a harness runs its statements (ExecutionContext fields; absent: the defaults). */
export interface HarnessOptions {
  /** work_mem in bytes; may be below PostgreSQL's 64kB minimum to make every operator spill. */
  readonly workMem?: number;
  readonly tempDir?: string;
  readonly onSpillStats?: (report: SpillReport) => void;
  /** Replaces the no-op interrupt check (to cancel a statement mid-way). */
  readonly checkInterrupts?: () => void;
  /** Every scan hands back YIELD between every two rows (ExecutionContext.yieldEveryRow). */
  readonly yieldEveryRow?: boolean;
}

export interface QueryResult {
  readonly tag: string;
  readonly columns: readonly { name: string; type: SqlType }[];
  readonly rows: Row[];
}

class TestCatalog implements CatalogReader {
  readonly byName = new Map<string, TableDef>();
  table(name: string): TableDef | undefined {
    return this.byName.get(name);
  }
  tableByOid(o: Oid): TableDef | undefined {
    return [...this.byName.values()].find((t) => t.oid === o);
  }
  tables(): readonly TableDef[] {
    return [...this.byName.values()];
  }
}

export class SqlHarness {
  readonly catalog = new TestCatalog();
  private readonly stores = new Map<number, TableStore>();
  private readonly indexes = new Map<number, Index>();
  private nextOid = 16384;
  private main: ReturnType<SqlHarness['session']> | undefined;

  private constructor(
    private readonly db: TestDatabase,
    private readonly txm: TxnManager,
    private readonly options: HarnessOptions,
  ) {}

  static create(options: HarnessOptions = {}): SqlHarness {
    const db = TestDatabase.create({ frames: 64 });
    return new SqlHarness(db, TxnManager.open(db.dir, db.wal), options);
  }

  close(): void {
    this.db.destroy();
  }

  /** Runs every statement of `sql` in the default session; returns the last result. */
  run(sql: string, params: readonly Value[] = []): Promise<QueryResult> {
    this.main ??= this.session();
    return this.main.run(sql, params);
  }

  /** A new session (its own transaction state) on the same database. */
  session(): { run(sql: string, params?: readonly Value[]): Promise<QueryResult> } {
    const state: { tx: Transaction | undefined; explicit: boolean } = { tx: undefined, explicit: false };
    return {
      run: async (sql, params = []) => {
        let last: QueryResult = { tag: '', columns: [], rows: [] };
        for (const p of parse(sql)) last = await this.statement(state, p.stmt, sql, params);
        return last;
      },
    };
  }

  /** The EXPLAIN lines of a query. */
  explain(sql: string): string[] {
    const [p] = parse(sql);
    return explainPlan(
      optimize(bindStatement(p.stmt, { catalog: this.catalog, sql }), { catalog: this.catalog }),
    );
  }

  private async statement(
    state: { tx: Transaction | undefined; explicit: boolean },
    stmt: Statement,
    sql: string,
    params: readonly Value[],
  ): Promise<QueryResult> {
    switch (stmt.kind) {
      case 'begin':
        state.tx = this.txm.begin();
        state.explicit = true;
        return { tag: 'BEGIN', columns: [], rows: [] };
      case 'commit':
        await state.tx?.commit();
        state.tx = undefined;
        state.explicit = false;
        return { tag: 'COMMIT', columns: [], rows: [] };
      case 'rollback':
        state.tx?.abort();
        state.tx = undefined;
        state.explicit = false;
        return { tag: 'ROLLBACK', columns: [], rows: [] };
      default:
        break;
    }
    const tx = state.tx ?? this.txm.begin();
    try {
      tx.startStatement();
      const result = await this.execute(stmt, sql, params, tx);
      tx.nextCommand();
      if (!state.explicit) await tx.commit();
      return result;
    } catch (err) {
      if (tx.state === 'active') tx.abort();
      state.tx = undefined;
      state.explicit = false;
      throw err;
    }
  }

  private async execute(
    stmt: Statement,
    sql: string,
    params: readonly Value[],
    tx: Transaction,
  ): Promise<QueryResult> {
    const ctx: ExecutionContext = {
      tx,
      relations: { store: (t) => this.stores.get(t.oid)!, index: (d) => this.indexes.get(d.oid)! },
      catalog: this.catalog,
      params,
      checkInterrupts: () => {},
      ...this.options,
    };
    switch (stmt.kind) {
      case 'createTable':
        this.createTable(stmt);
        return { tag: 'CREATE TABLE', columns: [], rows: [] };
      case 'createIndex':
        await this.createIndex(stmt, ctx);
        return { tag: 'CREATE INDEX', columns: [], rows: [] };
      case 'drop':
        for (const n of stmt.names) this.catalog.byName.delete(n.name);
        return { tag: 'DROP TABLE', columns: [], rows: [] };
      default: {
        const plan = bindStatement(stmt, {
          catalog: this.catalog,
          sql,
          ...(params.length > 0 ? { paramTypes: [] } : {}),
        });
        const physical = optimize(plan, { catalog: this.catalog });
        const rows: Row[] = [];
        const { tag } = await executePlan(physical, ctx, {
          rows: (b) => rows.push(...b.map((r) => r.slice())),
        });
        const columns = outputColumns(plan).map((c) => ({ name: c.name, type: c.type }));
        return { tag, columns, rows };
      }
    }
  }

  private createTable(s: CreateTableStmt): void {
    const tableOid = oid(this.nextOid++);
    const columns: ColumnDef[] = s.columns.map((c, i) => {
      const type = resolveTypeName(c.type);
      const def = c.constraints.find((k) => k.kind === 'columnDefault');
      const defaultSql = def && def.kind === 'columnDefault' ? formatExpr(def.expr) : undefined;
      if (def && def.kind === 'columnDefault')
        bindColumnDefault(def.expr, { name: c.name, type }, this.catalog);
      const notNull = c.constraints.some((k) => k.kind === 'notNull' || k.kind === 'primaryKey');
      return { attnum: i + 1, name: c.name, type, notNull, ...(defaultSql ? { defaultSql } : {}) };
    });
    const table: TableDef = {
      oid: tableOid,
      schema: 'public',
      name: s.name.name,
      method: 'memory',
      file: fileId(tableOid) as FileId,
      columns,
      indexes: [],
      constraints: [],
    };
    this.catalog.byName.set(table.name, table);
    this.stores.set(tableOid, new MemoryStore());
    const keys: { cols: string[]; primary: boolean }[] = [];
    for (const c of s.columns) {
      for (const k of c.constraints) {
        if (k.kind === 'primaryKey' || k.kind === 'unique')
          keys.push({ cols: [c.name], primary: k.kind === 'primaryKey' });
      }
    }
    for (const k of s.constraints) {
      if (k.kind === 'primaryKey' || k.kind === 'unique')
        keys.push({ cols: [...k.columns], primary: k.kind === 'primaryKey' });
    }
    for (const k of keys) {
      const name = k.primary ? `${table.name}_pkey` : `${table.name}_${k.cols.join('_')}_key`;
      this.addIndex(
        table.name,
        name,
        k.cols,
        true,
        k.primary,
        k.cols.map(() => false),
      );
    }
  }

  private async createIndex(s: CreateIndexStmt, ctx: ExecutionContext): Promise<void> {
    const cols = s.elements.map((e) => e.column!);
    const name = s.name ?? `${s.table.name}_${cols.join('_')}_idx`;
    const def = this.addIndex(
      s.table.name,
      name,
      cols,
      s.unique,
      false,
      s.elements.map((e) => e.direction === 'desc'),
    );
    await populateIndex(this.catalog.byName.get(s.table.name)!, def, ctx);
  }

  private addIndex(
    tableName: string,
    name: string,
    cols: string[],
    unique: boolean,
    primary: boolean,
    descending: boolean[],
  ): IndexDef {
    const table = this.catalog.byName.get(tableName);
    if (!table) throw new DbError('42P01', `relation "${tableName}" does not exist`);
    const indexOid = oid(this.nextOid++);
    const def: IndexDef = {
      oid: indexOid,
      name,
      table: table.oid,
      file: fileId(indexOid) as FileId,
      method: 'btree',
      columns: cols.map((c) => table.columns.find((x) => x.name === c)!.attnum),
      descending,
      unique,
      primary,
    };
    this.indexes.set(indexOid, btreeMethod.create(this.db.ctx, def.file));
    this.catalog.byName.set(tableName, { ...table, indexes: [...table.indexes, def] });
    return def;
  }
}
