/**
 * Planner statistics: what ANALYZE learned about a table and its columns (PostgreSQL's
 * pg_statistic and pg_class.reltuples/relpages), stored transactionally in the system relation
 * sys_statistic and read back as frozen `TableStatistics`.
 *
 * sys_statistic (FileId 10; 5 and 9 are reserved for sys_role and sys_description, see
 * system-tables.ts): per analyzed table one row with attnum 0 (the table's size) and one row per
 * analyzed column.
 *
 * | attnum | column      | type    | description                                                |
 * |--------|-------------|---------|------------------------------------------------------------|
 * | 1      | relation    | int4    | OID of the table                                           |
 * | 2      | attnum      | int4    | the column's attnum; 0 for the table row                   |
 * | 3      | rel_tuples  | float8  | table row: live rows counted (reltuples); NULL else        |
 * | 4      | rel_pages   | int4    | table row: pages of the store (relpages); NULL else        |
 * | 5      | type        | text    | column row: the column's type name when analyzed           |
 * | 6      | typmod      | int4    | column row: its typmod                                     |
 * | 7      | null_frac   | float8  | fraction of NULLs (stanullfrac)                            |
 * | 8      | avg_width   | int4    | average width in bytes of non-NULL values (stawidth)       |
 * | 9      | n_distinct  | float8  | > 0: distinct values; < 0: minus a fraction of the rows    |
 * | 10     | mcv_values  | _text   | most common values, in their text form, most common first  |
 * | 11     | mcv_freqs   | _float8 | their frequencies (fraction of all rows)                   |
 * | 12     | histogram   | _text   | histogram bounds (text form) over the values not in MCV    |
 * | 13     | correlation | float8  | physical vs logical order, -1..1; NULL when not sortable   |
 *
 * Values are stored as text (PostgreSQL's output form) because a column's values have the
 * column's type; the row records that type, and a reader whose column has another type now
 * (ALTER COLUMN TYPE) ignores the row. A row must fit a heap page: `writeStatistics` drops
 * histogram bounds and MCVs (keeping the most common) until it does, as PostgreSQL leaves values
 * wider than 1 kB out of its lists.
 *
 * VISIBILITY is the catalog's (system-relations.ts): the committed state plus the reading
 * transaction's own changes. ANALYZE replaces a table's rows: xmax on the visible ones, new ones
 * inserted. Two concurrent ANALYZEs of one table may both commit; readers take, per (table,
 * attnum), the version with the highest xmin, and the next ANALYZE deletes both.
 * NB: dead versions are not reclaimed (system relations are not vacuumed yet); each ANALYZE of
 * a table adds one row per column.
 */

import {
  DbError,
  decodeRow,
  encodeRow,
  fileId,
  formatText,
  type Oid,
  PAGE_SIZE,
  parseText,
  SqlArray,
  type SqlType,
  sqlType,
  type TxnId,
  type TypeName,
  type Value,
} from '@rustydb/common';
import type { StoreContext, TableStore, TableStoreMethod, TupleVersion } from '@rustydb/storage';
import { storedColumnType } from './catalog-data.js';
import { catalogVisible, deletedByOther, noSubtransactions, type XidOracle } from './catalog-visibility.js';

/** The reserved FileId of sys_statistic. Stored on disk: never renumber. */
export const STATISTIC_FILE = fileId(10);

/** What ANALYZE learned about one column (pg_statistic's slots PostgreSQL fills for scalars). */
export interface ColumnStatistics {
  readonly attnum: number;
  /** The column's type when analyzed. */
  readonly type: SqlType;
  /** Fraction of rows whose value is NULL. */
  readonly nullFrac: number;
  /** Average width in bytes of the non-NULL values. */
  readonly avgWidth: number;
  /** Distinct non-NULL values: > 0 a count, < 0 minus a fraction of the rows (scales with the table). */
  readonly nDistinct: number;
  /** Most common values, most common first. */
  readonly mostCommonValues: readonly Value[];
  /** Their frequencies as fractions of all rows (NULLs included in the denominator). */
  readonly mostCommonFreqs: readonly number[];
  /** Bounds of equal-population bins over the non-NULL values that are not MCVs (ascending). */
  readonly histogramBounds: readonly Value[];
  /** Correlation of physical order with the column's sort order; undefined when not sortable. */
  readonly correlation?: number;
}

/** What ANALYZE learned about one table. */
export interface TableStatistics {
  readonly table: Oid;
  /** Live rows when analyzed (pg_class.reltuples). */
  readonly relTuples: number;
  /** Pages of the store when analyzed (pg_class.relpages). */
  readonly relPages: number;
  /** By attnum; columns never analyzed are absent. */
  readonly columns: ReadonlyMap<number, ColumnStatistics>;
}

const int4 = sqlType('int4');
const float8 = sqlType('float8');
const text = sqlType('text');
const textArray = sqlType('_text');
const float8Array = sqlType('_float8');

const COLUMNS: readonly SqlType[] = [
  int4,
  int4,
  float8,
  int4,
  text,
  int4,
  float8,
  int4,
  float8,
  textArray,
  float8Array,
  textArray,
  float8,
];

/** A row must leave room for the heap page's header and a line pointer. */
const MAX_ROW_BYTES = PAGE_SIZE - 256;

/** Commit-log state, as the catalog's visibility rule needs it. */
type XidStatus = 'committed' | 'aborted' | 'in-progress';

/** The part of a transaction a write needs (stamped on the versions). */
export interface StatisticsWriter {
  readonly xid: TxnId;
  readonly cid: number;
}

interface StoredRow {
  readonly relation: number;
  readonly attnum: number;
  readonly xmin: TxnId;
  readonly table?: { relTuples: number; relPages: number };
  readonly column?: ColumnStatistics;
}

/**
 * sys_statistic: see the file comment. Synchronous; the committed state is cached and rebuilt
 * after `invalidate()` (the catalog calls it when a transaction that wrote statistics ends).
 */
export class StatisticsStore {
  readonly #store: TableStore;
  readonly #topXid: (xid: TxnId) => TxnId;
  readonly #oracle: XidOracle;
  #committed: Map<number, TableStatistics> | undefined;
  readonly #own = new Map<TxnId, Map<number, TableStatistics>>();

  constructor(
    method: TableStoreMethod,
    ctx: StoreContext,
    create: boolean,
    status: (xid: TxnId) => XidStatus,
    topXid: (xid: TxnId) => TxnId = noSubtransactions,
  ) {
    this.#topXid = topXid;
    this.#oracle = { status, topXid };
    // A directory made before statistics existed gets the relation, empty, on open.
    const missing = !create && ctx.pool.pageCount(STATISTIC_FILE) === 0;
    this.#store = create || missing ? method.create(ctx, STATISTIC_FILE) : method.open(ctx, STATISTIC_FILE);
  }

  /**
   * The statistics of table `oid` as transaction `xid` sees them (0: the committed state), or
   * undefined when it was never analyzed. Sync.
   */
  read(oid: Oid | number, xid: TxnId = 0 as TxnId): TableStatistics | undefined {
    if (xid !== 0) {
      const own = this.#own.get(xid);
      if (own) return own.get(oid);
    }
    this.#committed ??= this.#load(0 as TxnId);
    return this.#committed.get(oid);
  }

  /**
   * Replaces the statistics of `stats.table` in `w`'s transaction. Sync.
   * @throws DbError from the store (54000 cannot happen: rows are shrunk to fit a page).
   */
  write(w: StatisticsWriter, stats: TableStatistics): void {
    // `w.xid` is stamped (a sub-xid after a SAVEPOINT); `own` is the transaction's identity.
    const own = this.#topXid(w.xid);
    const cursor = this.#store.scan();
    const old: TupleVersion['tid'][] = [];
    try {
      for (let v = cursor.next(); v; v = cursor.next()) {
        if (!this.#visible(v, own)) continue;
        if (deletedByOther(v.xmax, own, this.#oracle)) continue; // another live ANALYZE's: see file comment
        const relation = readInt(v.data);
        if (relation === stats.table) old.push(v.tid);
      }
    } finally {
      cursor.close();
    }
    for (const tid of old) this.#store.setXmax(tid, w.xid, w.cid as never);
    const insert = (values: Value[]) => this.#store.insert(w.xid, w.cid as never, encodeRow(values, COLUMNS));
    insert([
      stats.table,
      0,
      stats.relTuples,
      stats.relPages,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    for (const c of stats.columns.values()) insert(fitToPage(c, stats.table));
    this.#own.set(own, this.#load(own));
  }

  /** A transaction that wrote statistics committed or aborted: every cached state may be stale. */
  invalidate(): void {
    this.#committed = undefined;
    this.#own.clear();
  }

  /** Has transaction `xid` written statistics (so it needs its own view)? */
  wrote(xid: TxnId): boolean {
    return this.#own.has(xid);
  }

  #load(xid: TxnId): Map<number, TableStatistics> {
    const newest = new Map<string, StoredRow>();
    const cursor = this.#store.scan();
    try {
      for (let v = cursor.next(); v; v = cursor.next()) {
        if (!this.#visible(v, xid)) continue;
        const row = decodeStatisticRow(v.data, this.#topXid(v.xmin));
        const key = `${row.relation}:${row.attnum}`;
        const seen = newest.get(key);
        // Own changes first, else the newest committed version (see file comment).
        const better = !seen || (seen.xmin !== xid && (row.xmin === xid || row.xmin > seen.xmin));
        if (better) newest.set(key, row);
      }
    } finally {
      cursor.close();
    }
    const tables = new Map<
      number,
      { relTuples: number; relPages: number; columns: Map<number, ColumnStatistics> }
    >();
    for (const row of newest.values()) {
      let t = tables.get(row.relation);
      if (!t) {
        t = { relTuples: 0, relPages: 0, columns: new Map() };
        tables.set(row.relation, t);
      }
      if (row.table) {
        t.relTuples = row.table.relTuples;
        t.relPages = row.table.relPages;
      } else if (row.column) t.columns.set(row.attnum, row.column);
    }
    const out = new Map<number, TableStatistics>();
    for (const [oid, t] of tables) out.set(oid, Object.freeze({ table: oid as Oid, ...t }));
    return out;
  }

  /** The catalog's rule (system-relations.ts): committed, or this transaction's own. */
  #visible(v: TupleVersion, xid: TxnId): boolean {
    return catalogVisible(v, xid, this.#oracle);
  }
}

/** The first int4 of a row (its relation) without decoding the rest. */
function readInt(data: Uint8Array): number {
  const v: Value[] = [];
  decodeRow(data, [int4], v);
  return v[0] as number;
}

function decodeStatisticRow(data: Uint8Array, xmin: TxnId): StoredRow {
  const v: Value[] = [];
  decodeRow(data, COLUMNS, v);
  const relation = v[0] as number;
  const attnum = v[1] as number;
  if (attnum === 0) {
    return { relation, attnum, xmin, table: { relTuples: v[2] as number, relPages: v[3] as number } };
  }
  // An enum is stored as sys_attribute stores it (catalog-data.ts): 'anyenum' with the enum's OID
  // as typmod. Its values are labels, read as text here; CatalogView.statistics gives them the enum.
  const type = sqlType(v[4] as TypeName, v[5] as number);
  const textType = type.name === 'anyenum' ? text : type.name === '_anyenum' ? textArray : type;
  const parse = (a: Value): Value[] =>
    a instanceof SqlArray
      ? a.elements.map((s) => (s === null ? null : parseText(s as string, textType)))
      : [];
  const column: ColumnStatistics = Object.freeze({
    attnum,
    type,
    nullFrac: v[6] as number,
    avgWidth: v[7] as number,
    nDistinct: v[8] as number,
    mostCommonValues: parse(v[9]),
    mostCommonFreqs: v[10] instanceof SqlArray ? (v[10].elements as number[]) : [],
    histogramBounds: parse(v[11]),
    ...(v[12] === null ? {} : { correlation: v[12] as number }),
  });
  return { relation, attnum, xmin, column };
}

/**
 * The stored row of column statistics `c`, shrunk until it fits a page: histogram bounds are
 * thinned (every other one), then the least common MCVs dropped.
 */
function fitToPage(c: ColumnStatistics, table: Oid): Value[] {
  let mcv = c.mostCommonValues.map((x) => formatText(x, c.type));
  let freqs = [...c.mostCommonFreqs];
  let hist = c.histogramBounds.map((x) => formatText(x, c.type));
  for (;;) {
    const row: Value[] = [
      table,
      c.attnum,
      null,
      null,
      storedColumnType(c.type).type,
      storedColumnType(c.type).typmod,
      c.nullFrac,
      c.avgWidth,
      c.nDistinct,
      SqlArray.of(mcv),
      SqlArray.of(freqs),
      SqlArray.of(hist),
      c.correlation ?? null,
    ];
    const size = encodeRow(row, COLUMNS).length;
    if (size <= MAX_ROW_BYTES) return row;
    if (hist.length > 2) hist = hist.filter((_, i) => i % 2 === 0 || i === hist.length - 1);
    else if (hist.length > 0) hist = [];
    else if (mcv.length > 0) {
      mcv = mcv.slice(0, mcv.length >> 1);
      freqs = freqs.slice(0, mcv.length);
    } else throw new DbError('XX000', `statistics row of column ${c.attnum} does not fit a page`);
  }
}
