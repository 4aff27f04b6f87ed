/**
 * Auto-analyze: re-analyzes tables whose contents changed enough, in the background, a bounded
 * number of versions at a time (PostgreSQL's autovacuum does this too).
 *
 * TRIGGER (PostgreSQL's formula and defaults): a table is analyzed when the rows changed since
 * its last analyze exceed
 *
 *     autovacuum_analyze_threshold (50) + autovacuum_analyze_scale_factor (0.1) × reltuples
 *
 * Changes are counted as PostgreSQL counts n_mod_since_analyze: rows inserted, updated or deleted
 * (1 each) by transactions that committed (`TableStore.committedChanges`, change-tally.ts), since
 * the table was last analyzed here. An open transaction's changes count only once it commits (a
 * long uncommitted load is not analyzed half way, reading none of its rows), an aborted one's and
 * a rolled-back savepoint's never. Counts start at zero when the database opens, so a table never
 * analyzed counts its rows changed since as changes, an analyzed one only new changes.
 * Stores without the count (an embedder's) are not auto-analyzed.
 *
 * WORK. Each tick (every `intervalMs`) continues the pass in progress or starts one on the table
 * furthest over its threshold, among those not auto-analyzed in the last `naptimeMs` (PostgreSQL's
 * autovacuum_naptime, 1 minute: a busy table is re-analyzed at most that often). A pass is a transaction of its own with one snapshot; each tick
 * feeds at most `versionsPerTick` versions of the pages it samples (analyze.ts) to a `TableSampler` (opening a cursor
 * after the last version the previous tick read), then returns to the event loop. The last tick stores the statistics
 * and commits. A table dropped or rewritten between ticks is abandoned (the transaction aborts).
 * An error is logged and ends the pass.
 *
 * WHEN. From an unref'd timer, and from `runIfDue` after every commit (as autovacuum.ts, for
 * sessions that never let the event loop reach its timers). At most one tick runs at a time, and
 * a background tick reads for at most `tickBudgetMs` (a pass cut short continues `continueMs`
 * later), so no statement after which a tick runs pays for a whole table's pass.
 */
import type { Catalog, TableDef, TableStatistics } from '@rustydb/catalog';
import { DEFAULT_STATISTICS_TARGET, sampleRowsFor } from '@rustydb/catalog';
import type { Logger, Oid, Tid } from '@rustydb/common';
import { type LockManager, LockMode, relationLockTag, type Transaction, type TxnManager } from '@rustydb/txn';
import { SampledCursor, TableSampler } from './analyze.js';
import { autovacuumParameters } from './storage-parameters.js';
import type { TableActivity } from './table-activity.js';

/** Tuning of `AutoAnalyze`; PostgreSQL's defaults where it has them. */
export interface AutoAnalyzeOptions {
  /** Milliseconds between ticks (default 1000). */
  readonly intervalMs?: number;
  /** Versions read per tick at most (default 100,000). */
  readonly versionsPerTick?: number;
  /**
   * Milliseconds of reading per background tick at most (default 10), like PostgreSQL's
   * autovacuum cost delay: analyzing a freshly loaded 100,000-row table is ~300 ms of work, which
   * must not land in one statement's latency (a tick runs after a commit, on the session's
   * thread). A pass cut short continues `continueMs` later. Explicit `runOnce()` calls have no budget.
   */
  readonly tickBudgetMs?: number;
  /** Milliseconds between the ticks of a pass in progress (default 50). */
  readonly continueMs?: number;
  /** autovacuum_analyze_threshold (default 50). */
  readonly threshold?: number;
  /** autovacuum_analyze_scale_factor (default 0.1). */
  readonly scaleFactor?: number;
  /**
   * Milliseconds before the same table is auto-analyzed again (default 60,000, PostgreSQL's
   * autovacuum_naptime: its launcher visits a database, and so each table, once per naptime).
   * Without it a table under steady updates is re-read every tick: a 10,000-row table updated a
   * few thousand times a second crossed its threshold every second, about 8% of the CPU.
   */
  readonly naptimeMs?: number;
}

/** What one tick did. */
export interface AutoAnalyzeTick {
  /** The table worked on (`schema.name`), or undefined when none needed an analyze. */
  readonly table?: string;
  /** Versions read in this tick. */
  readonly versions: number;
  /** Did the table's statistics get stored (the pass finished)? */
  readonly finished: boolean;
}

/** What the background work needs of the database. */
export interface AutoAnalyzeHost {
  readonly txns: TxnManager;
  readonly catalog: Catalog;
  /** The lock table: a table an open transaction writes is left until it ends. Absent: not checked. */
  readonly locks?: LockManager;
  /** Where finished passes are recorded for pg_stat_all_tables. Absent: not recorded. */
  readonly tableActivity?: TableActivity;
}

/** The table's `committedChanges` at its last analyze. */
type Baseline = number;

interface Pass {
  readonly oid: Oid;
  readonly file: number;
  readonly tx: Transaction;
  readonly sampler: TableSampler;
  /** The pages the pass reads (undefined: all), chosen when it starts (analyze.ts samplePages). */
  readonly pages: Int32Array | undefined;
  readonly start: Baseline;
  /** The last version read, where the next tick's scan starts after; undefined before the first. */
  after: Tid | undefined;
  /** The sample is complete; statistics are being computed, a column per tick. */
  sampled: boolean;
  /** The next column (index into the table's columns) whose statistics to compute. */
  nextColumn: number;
  statistics: TableStatistics | undefined;
}

/** See the file comment. `start`/`stop` manage the timer. */
export class AutoAnalyze {
  readonly #host: AutoAnalyzeHost;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #versionsPerTick: number;
  readonly #tickBudgetMs: number;
  readonly #continueMs: number;
  readonly #threshold: number;
  readonly #scaleFactor: number;
  readonly #baselines = new Map<number, Baseline>();
  readonly #naptimeMs: number;
  /** When each table (by file) was last auto-analyzed (performance.now()). */
  readonly #analyzedAt = new Map<number, number>();
  #timer: NodeJS.Timeout | undefined;
  #pass: Pass | undefined;
  #running: Promise<unknown> | undefined;
  #lastTick = 0;
  /** Passes finished, for tests and metrics. */
  passes = 0;

  constructor(host: AutoAnalyzeHost, logger: Logger, options: AutoAnalyzeOptions = {}) {
    this.#host = host;
    this.#logger = logger;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#versionsPerTick = options.versionsPerTick ?? 100_000;
    this.#tickBudgetMs = options.tickBudgetMs ?? 10;
    this.#continueMs = options.continueMs ?? 50;
    this.#threshold = options.threshold ?? 50;
    this.#scaleFactor = options.scaleFactor ?? 0.1;
    this.#naptimeMs = options.naptimeMs ?? 60_000;
  }

  /** Starts the timer (unref'd: it never keeps the process alive). Idempotent. */
  start(): void {
    if (this.#timer !== undefined) return;
    // The timer runs at the faster of the two periods; `#due` decides whether a tick is due.
    this.#timer = setInterval(() => this.runIfDue(), Math.min(this.#intervalMs, this.#continueMs));
    this.#timer.unref();
  }

  /** A tick if the timer is on and one is due at `now` (performance.now(); a pass in progress: `continueMs`, else `intervalMs`). Sync; never throws. */
  runIfDue(now = performance.now()): void {
    if (this.#timer === undefined) return;
    const period = this.#pass === undefined ? this.#intervalMs : this.#continueMs;
    if (now - this.#lastTick >= period) this.#tick();
  }

  /** Stops the timer and abandons a pass in progress (its transaction aborts). Async: waits for a running tick. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
    this.#abandon();
  }

  /**
   * One tick (see the file comment). Async only when it commits a finished pass.
   * @throws DbError from the store or the commit (the pass is abandoned first).
   */
  async runOnce(budgetMs = Number.POSITIVE_INFINITY): Promise<AutoAnalyzeTick> {
    this.#lastTick = performance.now();
    const catalog = this.#host.catalog;
    let pass = this.#pass;
    let table = pass ? catalog.reader().tableByOid(pass.oid) : undefined;
    if (pass && (!table || table.file !== pass.file)) {
      this.#abandon();
      pass = undefined;
    }
    if (!pass) {
      const picked = this.#pickTable();
      if (!picked) return { versions: 0, finished: false };
      table = picked.table;
      const tx = this.#host.txns.begin();
      tx.startStatement();
      const sampler = new TableSampler(table, sampleRowsFor(DEFAULT_STATISTICS_TARGET));
      pass = {
        oid: table.oid,
        file: table.file,
        tx,
        sampler,
        pages: sampler.choosePages(catalog.store(table).pageCount()),
        start: picked.counters,
        after: undefined,
        sampled: false,
        nextColumn: 0,
        statistics: undefined,
      };
      this.#pass = pass;
    }
    const name = `${table!.schema}.${table!.name}`;
    try {
      const started = performance.now();
      let read = 0;
      let worked = false;
      if (!pass.sampled) {
        const fed = this.#feed(table!, pass, budgetMs);
        read = fed.read;
        if (!fed.done) return { table: name, versions: read, finished: false };
        pass.sampled = true;
        worked = read > 0;
      }
      // The statistics a column at a time while the budget lasts (a tick does one at least), so
      // computing them (~100 ms for a 30,000-row sample of four columns) is spread as well.
      const store = catalog.store(table!);
      const columns = table!.columns;
      while (pass.nextColumn < columns.length) {
        if (worked && performance.now() - started > budgetMs) {
          return { table: name, versions: read, finished: false };
        }
        const previous = pass.statistics?.columns ?? catalog.reader(pass.tx).statistics(table!.oid)?.columns;
        pass.statistics = pass.sampler.finish(
          store.pageCount(),
          [columns[pass.nextColumn]!.attnum],
          previous,
        );
        pass.nextColumn++;
        worked = true;
      }
      this.#pass = undefined;
      catalog.setStatistics(
        pass.tx,
        pass.statistics ?? pass.sampler.finish(store.pageCount(), undefined, undefined),
      );
      await pass.tx.commit();
      catalog.commitTransaction(pass.tx);
      this.#baselines.set(table!.file, pass.start);
      this.#analyzedAt.set(table!.file, performance.now());
      this.#host.tableActivity?.note(table!.oid, 'autoanalyze', {
        live: pass.sampler.estimatedLive,
        dead: pass.sampler.estimatedDead,
      });
      this.passes++;
      this.#logger.info({ table: name, rows: pass.sampler.estimatedLive }, 'automatic analyze finished');
      return { table: name, versions: read, finished: true };
    } catch (err) {
      if (this.#pass === pass) this.#pass = undefined;
      this.#rollback(pass.tx);
      throw err;
    }
  }

  /**
   * Reads up to versionsPerTick more versions of the pass's table, for at most `budgetMs`,
   * starting after the last version the previous tick read.
   */
  #feed(table: TableDef, pass: Pass, budgetMs: number): { read: number; done: boolean } {
    const cursor = new SampledCursor(this.#host.catalog.store(table), pass.pages, pass.after);
    const deadline = performance.now() + budgetMs;
    let read = 0;
    let page = 0;
    let slot = 0;
    try {
      for (let v = cursor.next(); v; v = cursor.next()) {
        if (read === this.#versionsPerTick) return { read, done: false };
        // The clock is read every 1,024 versions (~0.3 ms of sampling).
        if ((read & 1023) === 1023 && performance.now() > deadline) return { read, done: false };
        pass.sampler.add(v, pass.tx.isVisible(v));
        page = v.tid.page;
        slot = v.tid.slot;
        read++;
      }
      return { read, done: true };
    } finally {
      if (read > 0) pass.after = { page, slot };
      cursor.close();
    }
  }

  /**
   * A manual ANALYZE sampled `table`: its changes count from now, and it is not auto-analyzed
   * again within the naptime (PostgreSQL's ANALYZE resets n_mod_since_analyze). Also when the
   * ANALYZE's transaction rolls back: PostgreSQL 15's report is not transactional either (its
   * pg_statistic rows roll back, the reset and last_analyze stay). A pass of ours in progress on
   * the table is given up: it would finish by reading the rest of the table again, on the event
   * loop, to store statistics older than the ones just computed (a bulk load's commit starts
   * one, and the ANALYZE that usually follows the load left it running). Sync.
   */
  noteAnalyzed(table: TableDef): void {
    if (this.#pass?.file === table.file) this.#abandon();
    const changes = this.#host.catalog.store(table).committedChanges?.();
    if (changes === undefined) return;
    this.#baselines.set(table.file, changes);
    this.#analyzedAt.set(table.file, performance.now());
  }

  /**
   * n_mod_since_analyze of `table`: rows changed by committed transactions since its last
   * ANALYZE here (all since the server started when never analyzed). Sync.
   */
  changesSinceAnalyze(table: TableDef): number {
    const counters = this.#host.catalog.store(table).committedChanges?.();
    if (counters === undefined) return 0;
    const base =
      this.#baselines.get(table.file) ?? (this.#host.catalog.reader().statistics(table.oid) ? counters : 0);
    return Math.max(0, counters - base);
  }

  /** The table furthest over its threshold, with its counters now. */
  #pickTable(): { table: TableDef; counters: Baseline } | undefined {
    const catalog = this.#host.catalog;
    const view = catalog.reader();
    let best: { table: TableDef; counters: Baseline; over: number } | undefined;
    const now = performance.now();
    for (const table of view.tables()) {
      const analyzedAt = this.#analyzedAt.get(table.file);
      if (analyzedAt !== undefined && now - analyzedAt < this.#naptimeMs) continue;
      const counters = catalog.store(table).committedChanges?.();
      if (counters === undefined || this.#beingWritten(table)) continue;
      const stats = view.statistics(table.oid);
      let base = this.#baselines.get(table.file);
      if (base === undefined) {
        // First sight: an analyzed table starts from now; a never analyzed one from empty.
        base = stats ? counters : 0;
        this.#baselines.set(table.file, base);
      }
      const own = autovacuumParameters(table.options);
      if (!own.enabled) continue;
      const changes = counters - base;
      const limit =
        (own.analyzeThreshold ?? this.#threshold) +
        (own.analyzeScaleFactor ?? this.#scaleFactor) * (stats?.relTuples ?? 0);
      if (changes > limit && (!best || changes - limit > best.over))
        best = { table, counters, over: changes - limit };
    }
    return best;
  }

  /**
   * True while an open transaction holds a write lock (or DDL's) on `table`: an analyze now would
   * commit statistics that move the catalog epoch under the writer's cached statements (a bulk
   * load into a table with earlier committed changes would learn its INSERT's shape again).
   */
  #beingWritten(table: TableDef): boolean {
    return this.#host.locks?.heldInConflict(relationLockTag(table.oid, table.name), LockMode.Share) ?? false;
  }

  #abandon(): void {
    const pass = this.#pass;
    this.#pass = undefined;
    if (pass) this.#rollback(pass.tx);
  }

  #rollback(tx: Transaction): void {
    if (tx.state !== 'active') return;
    tx.abort();
    this.#host.catalog.abortTransaction(tx);
  }

  #tick(): void {
    if (this.#running) return;
    this.#running = this.runOnce(this.#tickBudgetMs)
      .catch((err: unknown) => this.#logger.error({ err }, 'automatic analyze failed'))
      .finally(() => {
        this.#running = undefined;
      });
  }
}
