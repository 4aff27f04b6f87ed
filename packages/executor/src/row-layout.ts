/**
 * RowLayout: between a table's stored rows and the executor's rows.
 *
 * Stored rows hold one field per attnum (1…n), dropped columns included (PostgreSQL's
 * attisdropped: the catalog's `TableDef.storedTypes`). The executor's rows hold the live columns
 * only, in `TableDef.columns` order. Without dropped columns the two are the same and decoding is
 * the row codec's alone; otherwise decode goes through one reused scratch row.
 */
import type { TableDef } from '@rustydb/catalog';
import { decodeRow, decodeRowSlots, encodeRow, RowEncoder, type SqlType, type Value } from '@rustydb/common';

/** Some of a layout's columns (`RowLayout.subset`): what `decodeSubset` decodes. */
export interface ColumnSubset {
  /** 1 for each live slot to decode. */
  readonly wanted: Uint8Array;
  /** The highest slot to decode, -1 for none. */
  readonly last: number;
}

/** One layout per table definition (a TableDef never changes: DDL makes a new one). */
const layouts = new WeakMap<TableDef, RowLayout>();

export class RowLayout {
  /**
   * The layout of `table`, shared: an operator per execution (a point query's scan) need not
   * rebuild it. Sharing is safe because `decode` and `encode` finish with the scratch row
   * before they return. Sync.
   */
  static of(table: TableDef): RowLayout {
    let layout = layouts.get(table);
    if (layout === undefined) {
      layout = new RowLayout(table);
      layouts.set(table, layout);
    }
    return layout;
  }

  /** The live columns' types, in row-slot order. */
  readonly types: readonly SqlType[];
  readonly #stored: readonly SqlType[] | undefined;
  /** Per live slot: its stored position (attnum - 1). */
  readonly #positions: readonly number[];
  readonly #scratch: Value[];
  /** `encodeView`'s buffer, made on first use (reads never need it). */
  #encoder: RowEncoder | undefined;

  constructor(table: TableDef) {
    this.types = table.columns.map((c) => c.type);
    this.#stored = table.storedTypes;
    this.#positions = table.columns.map((c) => c.attnum - 1);
    this.#scratch = new Array<Value>(this.#stored?.length ?? 0).fill(null);
  }

  /** Decodes a stored row into `out[0 … columns.length)`. Sync; does not keep `data`. */
  decode(data: Uint8Array, out: Value[]): void {
    const stored = this.#stored;
    if (!stored) {
      decodeRow(data, this.types, out);
      return;
    }
    const scratch = this.#scratch;
    decodeRow(data, stored, scratch);
    const positions = this.#positions;
    for (let i = 0; i < positions.length; i++) out[i] = scratch[positions[i]];
  }

  /** The subset of live slots `slots` (each in range), for `decodeSubset`. Sync. */
  subset(slots: readonly number[]): ColumnSubset {
    const wanted = new Uint8Array(this.types.length);
    let last = -1;
    for (const s of slots) {
      wanted[s] = 1;
      last = Math.max(last, s);
    }
    return { wanted, last };
  }

  /**
   * Decodes only the slots of `subset` into `out` (the others are left as they are). A table
   * with dropped columns decodes every column: its stored positions differ from the slots.
   * Sync; does not keep `data`.
   */
  decodeSubset(data: Uint8Array, out: Value[], subset: ColumnSubset): void {
    if (this.#stored) this.decode(data, out);
    else decodeRowSlots(data, this.types, subset.wanted, subset.last, out);
  }

  /**
   * `encode` into this layout's scratch buffer: the view is valid until the next call. For
   * handing a row straight to `TableStore.insert`, which copies it (no per-row allocation).
   */
  encodeView(row: readonly Value[]): Uint8Array {
    this.#encoder ??= new RowEncoder();
    const stored = this.#stored;
    if (!stored) return this.#encoder.encodeView(row, this.types);
    const full = new Array<Value>(stored.length).fill(null);
    const positions = this.#positions;
    for (let i = 0; i < positions.length; i++) full[positions[i]] = row[i];
    return this.#encoder.encodeView(full, stored);
  }

  /** Encodes the live values of `row` as a stored row (NULL in dropped slots). Returns new bytes. */
  encode(row: readonly Value[]): Uint8Array {
    const stored = this.#stored;
    if (!stored) return encodeRow(row, this.types);
    const full = new Array<Value>(stored.length).fill(null);
    const positions = this.#positions;
    for (let i = 0; i < positions.length; i++) full[positions[i]] = row[i];
    return encodeRow(full, stored);
  }
}
