/**
 * Autovacuum: vacuums tables that collected enough dead versions, in the background, a bounded
 * number of pages at a time so sessions sharing the event loop are never held up for long.
 *
 * TRIGGER (PostgreSQL's formula and defaults): a table is vacuumed when the versions deleted or
 * replaced since its last vacuum exceed
 *
 *     autovacuum_vacuum_threshold (50) + autovacuum_vacuum_scale_factor (0.2) × live versions
 *
 * (the table's own autovacuum_vacuum_threshold / _scale_factor reloptions replace the defaults, and
 * `autovacuum_enabled = false` keeps autovacuum off the table, as in PostgreSQL). Both numbers come from the table's store (`TableStore.vacuumCounters`: setXmax calls since the
 * last finished pass, and the live estimate), counted in memory: they start at zero when the
 * store is opened, so after a restart a table waits for new changes, and its live versions are
 * at least the row count its last ANALYZE saw (reltuples, which is kept). NB: versions of aborted
 * inserts are not counted (PostgreSQL counts them); they are removed by the next pass anyway.
 *
 * WORK. Each tick (every `intervalMs`) continues the pass in progress, or starts
 * one on the table over its threshold with the most dead versions, and vacuums at most
 * `pagesPerTick` pages of it synchronously (vacuum.ts), then returns to the event loop. A table
 * dropped or rewritten (new file) between ticks is abandoned. An error is logged and ends that
 * table's pass; the next tick starts afresh.
 *
 * LOCKS. Autovacuum takes no lock but defers to the holders of one that conflicts with the
 * ShareUpdateExclusive PostgreSQL's autovacuum takes (a VACUUM or ANALYZE statement, CREATE INDEX,
 * ALTER TABLE, TRUNCATE, DROP, LOCK TABLE in those modes): such a table is not picked, and a pass
 * in progress on it waits, tick after tick, until the lock is gone. An index being built in an
 * open transaction is not in the committed catalog this pass reads, so pruning under it would
 * leave the new index's entries pointing at freed slots.
 *
 * WHEN. Ticks come from an unref'd timer, and also from `runIfDue`, which the database calls
 * after every commit: a session that runs statement after statement whose commits resolve
 * without real I/O (an embedded loop without fsync) never lets the event loop reach the timers
 * phase, and would otherwise starve autovacuum. Either way a tick runs at most once per
 * `intervalMs`, between statements, never inside one.
 */
import type { TableDef } from '@rustydb/catalog';
import type { Logger, Oid } from '@rustydb/common';
import { LockMode, relationLockTag } from '@rustydb/txn';
import { autovacuumParameters } from './storage-parameters.js';
import {
  emptyVacuumStats,
  type TableVacuumStats,
  type VacuumHost,
  vacuumRowCounts,
  vacuumTablePages,
} from './vacuum.js';

/** Tuning of `Autovacuum`; every field has PostgreSQL's default or a small-server one. */
export interface AutovacuumOptions {
  /**
   * Milliseconds between ticks (default 100). Short because an UPDATE adds an index entry per
   * version (no HOT): a row updated by every transaction (pgbench_branches) collects dead entries
   * that every lookup of its key walks until vacuum removes them; a tick that finds no table
   * over its threshold costs a walk over the table list only.
   */
  readonly intervalMs?: number;
  /** Pages vacuumed per tick at most (default 256, about 2 MiB of pages). */
  readonly pagesPerTick?: number;
  /** autovacuum_vacuum_threshold (default 50). */
  readonly threshold?: number;
  /** autovacuum_vacuum_scale_factor (default 0.2). */
  readonly scaleFactor?: number;
}

/** What one tick did. */
export interface AutovacuumTick {
  /** The table worked on (`schema.name`), or undefined when none needed a vacuum. */
  readonly table?: string;
  /** Pages vacuumed in this tick. */
  readonly pages: number;
  /** Did the table's pass finish in this tick? */
  readonly finished: boolean;
}

/** The pass in progress. */
interface Pass {
  readonly oid: Oid;
  readonly file: number;
  nextPage: number;
  readonly stats: TableVacuumStats;
}

/** See the file comment. Synchronous ticks; `start`/`stop` manage the timer. */
export class Autovacuum {
  readonly #host: VacuumHost;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #pagesPerTick: number;
  readonly #threshold: number;
  readonly #scaleFactor: number;
  #timer: NodeJS.Timeout | undefined;
  #pass: Pass | undefined;
  /** When the last tick ran (performance.now()). */
  #lastTick = 0;
  /** Passes finished, for tests and metrics. */
  passes = 0;

  constructor(host: VacuumHost, logger: Logger, options: AutovacuumOptions = {}) {
    this.#host = host;
    this.#logger = logger;
    this.#intervalMs = options.intervalMs ?? 100;
    this.#pagesPerTick = options.pagesPerTick ?? 256;
    this.#threshold = options.threshold ?? 50;
    this.#scaleFactor = options.scaleFactor ?? 0.2;
  }

  /** Starts the timer (unref'd: it never keeps the process alive). Idempotent. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.#tick(), this.#intervalMs);
    this.#timer.unref();
  }

  /** A tick if the timer is on and the last tick is `intervalMs` old at `now` (performance.now()). Sync; logs errors, never throws. */
  runIfDue(now = performance.now()): void {
    if (this.#timer !== undefined && now - this.#lastTick >= this.#intervalMs) this.#tick();
  }

  /**
   * A manual VACUUM finished a pass over `table`: a pass of ours in progress on it is given up.
   * Its remaining pages were just vacuumed, and finishing it would read them again on the event
   * loop to find little (PostgreSQL's autovacuum worker is cancelled when VACUUM wants the
   * table's lock). The table is picked again once its dead versions pass the threshold. Sync.
   */
  noteVacuumed(table: TableDef): void {
    if (this.#pass?.file === table.file) this.#pass = undefined;
  }

  /** Stops the timer; a pass in progress is abandoned. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#pass = undefined;
  }

  /**
   * One tick: see the file comment. Synchronous.
   * @throws DbError from the store or an index (the pass is abandoned first).
   */
  runOnce(): AutovacuumTick {
    this.#lastTick = performance.now();
    const catalog = this.#host.catalog.reader();
    let pass = this.#pass;
    let table = pass === undefined ? undefined : catalog.tableByOid(pass.oid);
    if (pass !== undefined && (table === undefined || table.file !== pass.file)) {
      pass = undefined;
      table = undefined;
    }
    if (pass === undefined) {
      table = this.#pickTable();
      if (table === undefined) {
        this.#pass = undefined;
        return { pages: 0, finished: false };
      }
      pass = { oid: table.oid, file: table.file, nextPage: 0, stats: emptyVacuumStats() };
    }
    this.#pass = pass;
    const name = `${table!.schema}.${table!.name}`;
    if (this.#locked(table!)) return { table: name, pages: 0, finished: false };
    const before = pass.stats.scannedPages;
    let result: ReturnType<typeof vacuumTablePages>;
    try {
      result = vacuumTablePages(this.#host, table!, pass.nextPage, this.#pagesPerTick, pass.stats);
    } catch (err) {
      this.#pass = undefined;
      throw err;
    }
    const pages = pass.stats.scannedPages - before;
    if (result === undefined || result.nextPage < 0) {
      this.#pass = undefined;
      this.#host.tableActivity?.note(pass.oid, 'autovacuum', vacuumRowCounts(pass.stats));
      this.passes++;
      this.#logger.info({ table: name, ...pass.stats }, 'automatic vacuum finished');
      return { table: name, pages, finished: true };
    }
    pass.nextPage = result.nextPage;
    return { table: name, pages, finished: false };
  }

  /** The table over its threshold with the most dead versions, if any. */
  #pickTable(): TableDef | undefined {
    const catalog = this.#host.catalog;
    const reader = catalog.reader();
    let best: { table: TableDef; dead: number } | undefined;
    for (const table of reader.tables()) {
      const store = catalog.store(table);
      const counters = store.vacuum ? store.vacuumCounters?.() : undefined;
      if (counters === undefined || this.#locked(table)) continue;
      const own = autovacuumParameters(table.options);
      if (!own.enabled) continue;
      // The store's live estimate starts at zero when it is opened; the analyzed row count
      // (pg_class.reltuples, which PostgreSQL's formula uses) survives a restart.
      const live = Math.max(counters.liveEstimate, reader.statistics(table.oid)?.relTuples ?? 0);
      const limit =
        (own.vacuumThreshold ?? this.#threshold) + (own.vacuumScaleFactor ?? this.#scaleFactor) * live;
      if (counters.deadSinceVacuum > limit && (best === undefined || counters.deadSinceVacuum > best.dead)) {
        best = { table, dead: counters.deadSinceVacuum };
      }
    }
    return best?.table;
  }

  /** Someone holds a lock on `table` that autovacuum's ShareUpdateExclusive would wait for. */
  #locked(table: TableDef): boolean {
    const tag = relationLockTag(table.oid, table.name);
    return this.#host.locks?.heldInConflict(tag, LockMode.ShareUpdateExclusive) ?? false;
  }

  #tick(): void {
    try {
      this.runOnce();
    } catch (err) {
      this.#logger.error({ err }, 'automatic vacuum failed');
    }
  }
}
