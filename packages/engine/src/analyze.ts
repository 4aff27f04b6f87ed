/**
 * ANALYZE: collects the planner's statistics of tables (PostgreSQL's analyze.c, reduced).
 *
 * SAMPLING, in two stages as PostgreSQL's acquire_sample_rows. The sample holds targetRows =
 * 300 × default_statistics_target rows (30,000 by default). A table of at most targetRows pages
 * is read whole; of a bigger one, targetRows pages are read, chosen by Knuth's selection
 * sampling (algorithm S, PostgreSQL's BlockSampler). Of the versions read, those the
 * transaction's snapshot sees are live rows, and a reservoir (Vitter's algorithm R) keeps
 * targetRows of them as payload copies, decoded only at the end. Both draws use generators
 * seeded by the table, so a table's sample is reproducible. reltuples (and the live and dead
 * counts reported to pg_stat) are the counts in the pages read, scaled to the table's pages:
 * exact when every page was read, PostgreSQL's extrapolation otherwise.
 *
 * Per column, `computeColumnStatistics` (@rustydb/catalog) derives null fraction, width,
 * n_distinct, MCVs, histogram and correlation from the sample in physical order; the table's
 * row gets reltuples and relpages; `Catalog.setStatistics` stores them in the transaction.
 *
 * `TableSampler` is resumable (auto-analyze feeds it a bounded number of versions per tick); the
 * ANALYZE statement feeds it the whole table at once.
 *
 * The statement: `ANALYZE [VERBOSE] [t [(col, …)], …]` — no table: every table the session can
 * see, other sessions' temporary tables excepted. A column list analyzes those columns and keeps
 * the others' earlier statistics. Runs in the session's transaction (inside BEGIN too, as in
 * PostgreSQL); 25006 in a read-only transaction.
 */
import {
  type Catalog,
  type ColumnStatistics,
  computeColumnStatistics,
  DEFAULT_STATISTICS_TARGET,
  isTempSchema,
  sampleRowsFor,
  type TableDef,
} from '@rustydb/catalog';
import {
  DbError,
  decodeRow,
  type SqlType,
  seededRandom,
  type Tid,
  undefinedTable,
  type Value,
} from '@rustydb/common';
import { Turns } from '@rustydb/executor';
import type { AnalyzeStmt, UtilityOption } from '@rustydb/parser';
import type { TableStore, TupleCursor, TupleVersion } from '@rustydb/storage';
import type { Transaction } from '@rustydb/txn';
import type { StatementContext } from './session.js';

/** Mixed into the table's seed for the page draw, a stream apart from the row reservoir's. */
const PAGE_SEED = 0x5bd1e995;

/**
 * The pages to read of a table of `total` pages for a sample of `targetRows` rows: undefined
 * (all of them) when there are no more than targetRows, else targetRows page numbers, ascending,
 * by Knuth's algorithm S (each page taken with probability still-wanted / still-left).
 */
export function samplePages(total: number, targetRows: number, random: () => number): Int32Array | undefined {
  if (total <= targetRows) return undefined;
  const pages = new Int32Array(targetRows);
  let m = 0;
  for (let t = 0; t < total && m < targetRows; t++) {
    if ((total - t) * random() < targetRows - m) pages[m++] = t;
  }
  return pages;
}

/**
 * The versions of `store` on the pages of `pages` (every page when undefined), in storage order,
 * starting after `after`: one cursor, reopened at the next page sampled when the one it reads is
 * not. Sync; close it when done.
 */
export class SampledCursor {
  #cursor: TupleCursor;
  /** Index into `pages` of the page being read (or the next one to read). */
  #k = 0;

  constructor(
    private readonly store: TableStore,
    private readonly pages: Int32Array | undefined,
    after: Tid | undefined,
  ) {
    if (pages === undefined) {
      this.#cursor = store.scan(undefined, after);
      return;
    }
    const from = after?.page ?? 0;
    while (this.#k < pages.length && pages[this.#k]! < from) this.#k++;
    const start =
      this.#k < pages.length && pages[this.#k] === from && after !== undefined ? after : undefined;
    this.#cursor = store.scan(undefined, start ?? this.#startOf(this.#k));
  }

  /** Where a scan of sampled page k starts: after slot 0 of it (its first version). */
  #startOf(k: number): Tid {
    const page = k < this.pages!.length ? this.pages![k]! : Number.MAX_SAFE_INTEGER;
    return { page, slot: 0 };
  }

  next(): TupleVersion | undefined {
    const pages = this.pages;
    if (pages === undefined) return this.#cursor.next();
    for (;;) {
      if (this.#k >= pages.length) return undefined;
      const v = this.#cursor.next();
      if (v === undefined) return undefined;
      const page = v.tid.page;
      if (page === pages[this.#k]) return v;
      // Past the sampled page: on to the first sampled page at or after this one.
      while (this.#k < pages.length && pages[this.#k]! < page) this.#k++;
      if (this.#k >= pages.length) return undefined;
      if (pages[this.#k] === page) return v;
      this.#cursor.close();
      this.#cursor = this.store.scan(undefined, this.#startOf(this.#k));
    }
  }

  close(): void {
    this.#cursor.close();
  }
}

/**
 * Copies `length` bytes of `from` at `start` to `to` at `at`. A loop: the rows are tens of bytes,
 * where TypedArray.set (and the subarray it would need) costs more than the copy.
 */
function copyBytes(from: Uint8Array, start: number, length: number, to: Uint8Array, at: number): void {
  for (let i = 0; i < length; i++) to[at + i] = from[start + i]!;
}

/** Bytes of sampled payloads an empty sampler makes room for. */
const FIRST_ARENA_BYTES = 64 * 1024;
/** Sampled rows an empty sampler makes room for. */
const FIRST_SLOTS = 1024;

/**
 * A reservoir sample of one table's live rows, fed versions in storage order.
 *
 * The kept payloads are copied into one arena (no object per sampled row: a 100,000-row table
 * replaces some 36,000 of its 30,000 sampled rows, and the garbage of as many small buffers was
 * most of an ANALYZE's time); a replaced row's bytes stay in the arena until it fills, when
 * the rows still kept move to a fresh one.
 */
export class TableSampler {
  readonly #random: () => number;
  /** Rows in the sample (at most targetRows). */
  #count = 0;
  /** Per sample slot: the row's position among the live rows of the scan, its arena offset and length. */
  #pos = new Float64Array(0);
  #start = new Int32Array(0);
  #length = new Int32Array(0);
  #arena = new Uint8Array(FIRST_ARENA_BYTES);
  /** Arena bytes written, and those of rows still in the sample. */
  #used = 0;
  #kept = 0;
  /** The sample decoded, per stored column in scan order (made by the first `finish`, dropped by `add`). */
  #decoded: Value[][] | undefined;
  /** Live rows seen. */
  live = 0;
  /** Versions seen that the snapshot does not (dead or not yet visible). */
  dead = 0;
  /** The table's pages, and how many of them are read (`choosePages`). */
  totalPages = 0;
  pagesRead = 0;

  constructor(
    readonly table: TableDef,
    readonly targetRows: number,
  ) {
    this.#random = seededRandom(table.oid);
  }

  /**
   * The pages to read of the table's `total` pages (undefined: all of them; see `samplePages`),
   * remembered for the estimates.
   */
  choosePages(total: number): Int32Array | undefined {
    const pages = samplePages(total, this.targetRows, seededRandom(this.table.oid ^ PAGE_SEED));
    this.totalPages = total;
    this.pagesRead = pages?.length ?? total;
    return pages;
  }

  /** Live rows in the table: those seen, scaled to every page when only some were read. */
  get estimatedLive(): number {
    return this.#scaled(this.live);
  }

  /** Dead versions in the table, estimated as `estimatedLive`. */
  get estimatedDead(): number {
    return this.#scaled(this.dead);
  }

  #scaled(n: number): number {
    if (this.pagesRead >= this.totalPages || this.pagesRead === 0) return n;
    return Math.floor((n / this.pagesRead) * this.totalPages + 0.5);
  }

  /** Offers one version (its `data` may be a page view: copied if kept). */
  add(v: TupleVersion, visible: boolean): void {
    this.#decoded = undefined;
    if (!visible) {
      this.dead++;
      return;
    }
    const pos = this.live++;
    if (this.#count < this.targetRows) {
      this.#keep(this.#count++, pos, v.data);
      return;
    }
    const j = Math.floor(this.#random() * this.live);
    if (j < this.targetRows) {
      this.#kept -= this.#length[j]!;
      this.#keep(j, pos, v.data);
    }
  }

  #keep(slot: number, pos: number, data: Uint8Array): void {
    if (slot >= this.#pos.length) this.#growSlots();
    if (this.#used + data.length > this.#arena.length) this.#newArena(data.length, slot);
    copyBytes(data, 0, data.length, this.#arena, this.#used);
    this.#pos[slot] = pos;
    this.#start[slot] = this.#used;
    this.#length[slot] = data.length;
    this.#used += data.length;
    this.#kept += data.length;
  }

  #growSlots(): void {
    const size = Math.min(this.targetRows, Math.max(FIRST_SLOTS, this.#pos.length * 2));
    const grow = <T extends Float64Array | Int32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.#pos = grow(this.#pos, new Float64Array(size));
    this.#start = grow(this.#start, new Int32Array(size));
    this.#length = grow(this.#length, new Int32Array(size));
  }

  /**
   * Moves the kept rows to an arena with room for `more` bytes (twice what they need), leaving
   * out `filling`, the slot about to take them.
   */
  #newArena(more: number, filling: number): void {
    const from = this.#arena;
    const to = new Uint8Array(Math.max(FIRST_ARENA_BYTES, 2 * (this.#kept + more)));
    let used = 0;
    for (let slot = 0; slot < this.#count; slot++) {
      if (slot === filling) continue;
      const start = this.#start[slot]!;
      const length = this.#length[slot]!;
      copyBytes(from, start, length, to, used);
      this.#start[slot] = used;
      used += length;
    }
    this.#arena = to;
    this.#used = used;
  }

  /**
   * The statistics of columns `attnums` (all when undefined); `previous` supplies the other
   * columns' earlier statistics. Synchronous; throws DbError on an undecodable row.
   */
  finish(
    pages: number,
    attnums: readonly number[] | undefined,
    previous: ReadonlyMap<number, ColumnStatistics> | undefined,
  ) {
    const table = this.table;
    // Decoded once: auto-analyze asks for one column per tick (auto-analyze.ts).
    this.#decoded ??= this.#decode();
    const decoded = this.#decoded;
    const columns = new Map<number, ColumnStatistics>();
    for (const c of table.columns) {
      const prev = previous?.get(c.attnum);
      if (prev && prev.type.name === c.type.name) columns.set(c.attnum, prev);
    }
    for (const c of table.columns) {
      if (attnums && !attnums.includes(c.attnum)) continue;
      const values = decoded[c.attnum - 1]!;
      columns.set(c.attnum, computeColumnStatistics(c.attnum, c.type, values, this.estimatedLive));
    }
    return { table: table.oid, relTuples: this.estimatedLive, relPages: pages, columns };
  }

  /** Per stored column, its values in the sampled rows in scan order. */
  #decode(): Value[][] {
    const n = this.#count;
    const types: readonly SqlType[] = this.table.storedTypes ?? this.table.columns.map((c) => c.type);
    // Scan order: positions packed with slots into float64 keys, sorted natively (30,000 rows).
    const scale = 2 ** Math.ceil(Math.log2(n + 1));
    const exact = this.live * scale <= Number.MAX_SAFE_INTEGER;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = exact ? this.#pos[i]! * scale + i : i;
    if (exact) keys.sort();
    else keys.sort((a, b) => this.#pos[a]! - this.#pos[b]!);
    const out: Value[][] = types.map(() => new Array<Value>(n));
    const row: Value[] = new Array(types.length);
    for (let i = 0; i < n; i++) {
      const slot = keys[i]! % scale;
      const start = this.#start[slot]!;
      decodeRow(this.#arena.subarray(start, start + this.#length[slot]!), types, row);
      for (let c = 0; c < types.length; c++) out[c]![i] = row[c] ?? null;
    }
    return out;
  }
}

/**
 * Analyzes `table` in `tx`: samples its store, computes and stores its statistics (visible to
 * `tx` at once). The scan takes turns (executor turns.ts: `checkInterrupts` every 1,024 versions,
 * the event loop when a time slice is over), under the ShareUpdateExclusive lock the statement
 * holds. Returns the sampler (its counts, for VERBOSE).
 */
export async function analyzeTable(
  catalog: Catalog,
  tx: Transaction,
  table: TableDef,
  checkInterrupts: () => void,
  attnums?: readonly number[],
  target = DEFAULT_STATISTICS_TARGET,
): Promise<TableSampler> {
  const store = catalog.store(table);
  const sampler = new TableSampler(table, sampleRowsFor(target));
  const turns = new Turns(checkInterrupts);
  const cursor = new SampledCursor(store, sampler.choosePages(store.pageCount()), undefined);
  let n = 0;
  try {
    for (let v = cursor.next(); v; v = cursor.next()) {
      sampler.add(v, tx.isVisible(v));
      if ((++n & 1023) === 0 && turns.due()) await turns.take();
    }
  } finally {
    cursor.close();
  }
  const previous = catalog.reader(tx).statistics(table.oid)?.columns;
  catalog.setStatistics(tx, sampler.finish(store.pageCount(), attnums, previous));
  return sampler;
}

/** default_statistics_target from the session (1..10000), PostgreSQL's 100 otherwise. */
export function statisticsTarget(settings: ReadonlyMap<string, string>): number {
  const n = Number(settings.get('default_statistics_target'));
  return Number.isInteger(n) && n >= 1 && n <= 10000 ? n : DEFAULT_STATISTICS_TARGET;
}

/**
 * Runs the ANALYZE statement (see the file comment); its scans take turns (`analyzeTable`).
 * Notices and the tag go to `ctx.out`. @throws DbError 42P01 (unknown table), 42703 (unknown column), 42601 (unknown
 * option), 25006 (read-only transaction), and whatever the store throws.
 */
export async function runAnalyzeStatement(stmt: AnalyzeStmt, ctx: StatementContext): Promise<void> {
  await analyzeTables(stmt, ctx);
  ctx.out.commandComplete('ANALYZE');
}

/**
 * The work of `runAnalyzeStatement` without its command tag (VACUUM (ANALYZE) sends its own).
 * Same throws.
 */
export async function analyzeTables(stmt: AnalyzeStmt, ctx: StatementContext): Promise<void> {
  const verbose = analyzeOptions(stmt.options);
  if (ctx.tx.readOnly) throw new DbError('25006', 'cannot execute ANALYZE in a read-only transaction');
  const catalog = ctx.catalog;
  const targets: { table: TableDef; attnums?: number[] }[] = [];
  for (const rel of stmt.tables) {
    const table = catalog.table(rel.name.name, rel.name.schema);
    if (!table) {
      if (catalog.view(rel.name.name, rel.name.schema) || catalog.sequence(rel.name.name, rel.name.schema)) {
        ctx.out.notice(
          new DbError(
            '01000',
            `skipping "${rel.name.name}" --- cannot analyze non-tables or special system tables`,
            {
              severity: 'WARNING',
            },
          ),
        );
        continue;
      }
      throw undefinedTable(rel.name.name);
    }
    if (rel.columns.length === 0) {
      targets.push({ table });
      continue;
    }
    const attnums = rel.columns.map((name) => {
      const col = table.columns.find((c) => c.name === name);
      if (!col) throw new DbError('42703', `column "${name}" of relation "${table.name}" does not exist`);
      return col.attnum;
    });
    targets.push({ table, attnums });
  }
  if (stmt.tables.length === 0) {
    // Every table but other sessions' temporary ones.
    const own = catalog.searchPath.tempSchema;
    for (const table of catalog.tables()) {
      if (isTempSchema(table.schema) && table.schema !== own) continue;
      targets.push({ table });
    }
  }
  const target = statisticsTarget(ctx.settings.all());
  const exec = ctx.execution();
  for (const { table, attnums } of targets) {
    const name = `${table.schema}.${table.name}`;
    if (verbose) ctx.out.notice(info(`analyzing "${name}"`));
    const s = await analyzeTable(ctx.engine.catalog, ctx.tx, table, exec.checkInterrupts, attnums, target);
    ctx.engine.tableAnalyzed?.(table, { live: s.estimatedLive, dead: s.estimatedDead });
    if (verbose) {
      const sampled = Math.min(s.live, s.targetRows);
      ctx.out.notice(
        info(
          `"${table.name}": scanned ${s.pagesRead} of ${s.totalPages} pages, containing ${s.live} live rows and ${s.dead} dead rows; ${sampled} rows in sample, ${s.estimatedLive} estimated total rows`,
        ),
      );
    }
  }
}

const info = (message: string): DbError => new DbError('00000', message, { severity: 'INFO' });

/** VERBOSE (and SKIP_LOCKED, accepted: nothing waits here); anything else is 42601. */
function analyzeOptions(options: readonly UtilityOption[]): boolean {
  let verbose = false;
  for (const o of options) {
    const name = o.name.toLowerCase();
    const on = o.value === undefined || ['true', 'on', '1'].includes(o.value.toLowerCase());
    if (name === 'verbose') verbose = on;
    else if (name !== 'skip_locked') throw new DbError('42601', `unrecognized ANALYZE option "${o.name}"`);
  }
  return verbose;
}
