/**
 * When each table was last vacuumed and analyzed, manually or automatically, and how often,
 * since the server started: pg_stat_all_tables' last_vacuum … autoanalyze_count. Kept in memory
 * (PostgreSQL's cumulative statistics survive a clean restart; these start over). Sync.
 */
import type { TableActivityInfo } from '@rustydb/catalog';
import { pgNow } from './session-catalog-info.js';

export type TableActivityKind = 'vacuum' | 'autovacuum' | 'analyze' | 'autoanalyze';

interface Counts {
  last: Partial<Record<TableActivityKind, bigint>>;
  count: Record<TableActivityKind, number>;
}

export class TableActivity {
  readonly #byTable = new Map<number, Counts>();

  /** Table `oid` was just vacuumed / analyzed (`kind`). */
  note(oid: number, kind: TableActivityKind): void {
    let c = this.#byTable.get(oid);
    if (!c) {
      c = { last: {}, count: { vacuum: 0, autovacuum: 0, analyze: 0, autoanalyze: 0 } };
      this.#byTable.set(oid, c);
    }
    c.last[kind] = pgNow();
    c.count[kind]++;
  }

  /** The view's counters for table `oid`, with `modSinceAnalyze` from the change tally. */
  info(oid: number, modSinceAnalyze: number): TableActivityInfo {
    const c = this.#byTable.get(oid);
    const last = c?.last ?? {};
    return {
      modSinceAnalyze,
      ...(last.vacuum === undefined ? {} : { lastVacuum: last.vacuum }),
      ...(last.autovacuum === undefined ? {} : { lastAutovacuum: last.autovacuum }),
      ...(last.analyze === undefined ? {} : { lastAnalyze: last.analyze }),
      ...(last.autoanalyze === undefined ? {} : { lastAutoanalyze: last.autoanalyze }),
      vacuumCount: c?.count.vacuum ?? 0,
      autovacuumCount: c?.count.autovacuum ?? 0,
      analyzeCount: c?.count.analyze ?? 0,
      autoanalyzeCount: c?.count.autoanalyze ?? 0,
    };
  }
}
