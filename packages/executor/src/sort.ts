/**
 * Sort: an ExternalSorter (spill/external-sorter.ts) bounded by `work_mem` — in memory while
 * the rows fit (quicksort), sorted runs in temporary files and a k-way merge past it (external
 * merge), a bounded heap with a limit (ORDER BY … LIMIT n: top-N, keeping `limit + offset`
 * rows). PostgreSQL's per-type order (compareValues: C collation for text) and each key's
 * NULLS FIRST/LAST; the sort is stable.
 *
 * Key values are computed once per row: a key that is a plain input column is read in place;
 * any other key's value is appended to the row copy the sorter keeps (so runs carry it too) and
 * cut off again on output.
 *
 * The input is read on the first next() calls (resumable: a YIELD from the input is handed up
 * and the next call reads on), then the sorted rows come out.
 *
 * The operator owns one TempFileSet (from the Runtime) for all its opens; close() and a failed
 * open() delete its files.
 */
import type { Row, SqlType } from '@rustydb/common';
import { limitValues } from './basic-operators.js';
import type { CompiledExpr } from './compile-expr.js';
import { type Operator, releaseThenCloseInput, YIELD, type Yield } from './operator.js';
import type { Runtime } from './runtime.js';
import { ExternalSorter, type SortStats } from './spill/external-sorter.js';
import { compareRowsBy, type RowComparator, type RowSortKey } from './spill/row-comparator.js';
import type { TempFileSet } from './spill/temp-file-set.js';

export interface CompiledSortKey {
  readonly expr: CompiledExpr;
  readonly type: SqlType;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
  /** The input slot when the key is a plain column reference (read in place, not appended). */
  readonly column?: number;
}

export class SortOp implements Operator {
  private sorter: ExternalSorter | undefined;
  private files: TempFileSet | undefined;
  private readonly width: number;
  /** Keys whose values are appended to the row, after the `width` input columns. */
  private readonly appended: readonly CompiledSortKey[];
  /** Input types, then the appended keys' types: what runs are written with. */
  private readonly types: readonly SqlType[];
  private readonly compare: RowComparator;
  /** The input is open and being read into the sorter. */
  private reading = false;

  /** `inputTypes` are the input's spill types (its column types), one per input column. */
  constructor(
    private readonly rt: Runtime,
    private readonly input: Operator,
    inputTypes: readonly SqlType[],
    keys: readonly CompiledSortKey[],
    private readonly limit: CompiledExpr | undefined,
    private readonly offset: CompiledExpr | undefined,
  ) {
    this.width = inputTypes.length;
    const appended: CompiledSortKey[] = [];
    const sortKeys: RowSortKey[] = keys.map((k) => ({
      column: k.column ?? this.width + appended.push(k) - 1,
      type: k.type,
      descending: k.descending,
      nullsFirst: k.nullsFirst,
    }));
    this.appended = appended;
    this.types = [...inputTypes, ...appended.map((k) => k.type)];
    this.compare = compareRowsBy(sortKeys);
  }

  /** The statistics of the last sort (method, memory, disk), or undefined before open. */
  get stats(): SortStats | undefined {
    return this.sorter?.stats;
  }

  open(): void {
    this.release();
    const bound = this.limit ? limitValues(this.limit, this.offset) : undefined;
    this.files ??= this.rt.tempFiles();
    const sorter = new ExternalSorter({
      types: this.types,
      compare: this.compare,
      files: this.files,
      workMem: this.rt.workMem,
      ...(bound ? { limit: bound.limit + bound.offset } : {}),
    });
    this.sorter = sorter;
    try {
      this.input.open();
    } catch (err) {
      this.release();
      throw err;
    }
    this.reading = true;
  }

  /** Adds input rows until the input ends (then sorts: true) or yields (false). */
  private read(sorter: ExternalSorter): boolean {
    for (let b = this.input.next(); b; b = this.input.next()) {
      if (b === YIELD) return false;
      for (let i = 0; i < b.length; i++) sorter.add(this.copy(b[i]));
    }
    this.reading = false;
    this.input.close();
    sorter.finish();
    return true;
  }

  /** The row copy the sorter keeps: the input row, then the appended key values. */
  private copy(r: Row): Row {
    const appended = this.appended;
    if (appended.length === 0) return r.slice();
    const w = this.width;
    const row: Row = new Array(w + appended.length);
    for (let i = 0; i < w; i++) row[i] = r[i];
    for (let i = 0; i < appended.length; i++) row[w + i] = appended[i].expr(r);
    return row;
  }

  next(): Row[] | undefined | Yield {
    if (this.reading && this.sorter !== undefined && !this.read(this.sorter)) return YIELD;
    const batch = this.sorter?.next();
    // The rows are ours (the sorter hands them over): drop the appended keys in place.
    if (batch && this.appended.length > 0) for (const r of batch) r.length = this.width;
    return batch;
  }

  close(): void {
    if (this.sorter) this.rt.reportSpill({ operator: 'Sort', stats: this.sorter.stats });
    const reading = this.reading;
    this.reading = false;
    releaseThenCloseInput(() => this.release(), this.input, reading);
  }

  /** Drops the sorted rows and deletes the temporary files. */
  private release(): void {
    const sorter = this.sorter;
    this.sorter = undefined;
    try {
      sorter?.close();
    } finally {
      this.files?.close();
    }
  }
}
