/**
 * CursorTable: a session's SQL cursors (DECLARE) by name, and what transaction end does to them.
 * A cursor without HOLD ends with its transaction (COMMIT or ROLLBACK); a WITH HOLD cursor is
 * materialized at COMMIT and lives on until CLOSE or the session's end, but goes with its
 * declaring transaction if that rolls back (PostgreSQL's AtCommit_Portals / AtAbort_Portals).
 */
import type { CursorInfo } from '@rustydb/catalog';
import type { SqlCursor } from './sql-cursor.js';

export class CursorTable implements Iterable<[string, SqlCursor]> {
  readonly #cursors = new Map<string, SqlCursor>();

  get size(): number {
    return this.#cursors.size;
  }

  get(name: string): SqlCursor | undefined {
    return this.#cursors.get(name);
  }

  has(name: string): boolean {
    return this.#cursors.has(name);
  }

  set(name: string, cursor: SqlCursor): void {
    this.#cursors.set(name, cursor);
  }

  /** Closes and forgets cursor `name`; false when there is none. */
  close(name: string): boolean {
    const cursor = this.#cursors.get(name);
    if (cursor === undefined) return false;
    cursor.close();
    return this.#cursors.delete(name);
  }

  /** The cursor names. */
  keys(): IterableIterator<string> {
    return this.#cursors.keys();
  }

  /** The cursors. */
  values(): IterableIterator<SqlCursor> {
    return this.#cursors.values();
  }

  [Symbol.iterator](): Iterator<[string, SqlCursor]> {
    return this.#cursors[Symbol.iterator]();
  }

  /** The cursors as pg_cursors shows them. */
  infos(): CursorInfo[] {
    return [...this.#cursors.values()].map(({ name, options }) => ({
      name,
      statement: options.statement,
      isHoldable: options.hold,
      isBinary: options.binary,
      isScrollable: options.scroll,
      creationTime: options.creationTime,
    }));
  }

  /** A COMMIT must first read the rest of some WITH HOLD cursor's result (`materializeHeld`). */
  get holdPending(): boolean {
    if (this.#cursors.size === 0) return false; // every commit asks: no iterator when none is open
    for (const c of this.#cursors.values()) if (c.options.hold && c.pending) return true;
    return false;
  }

  /** Before COMMIT: reads the rest of every WITH HOLD cursor's result. Async. */
  async materializeHeld(): Promise<void> {
    for (const c of this.#cursors.values()) if (c.options.hold) await c.materialize();
  }

  /**
   * The transaction ended: WITH HOLD cursors outlive a commit, held ones from earlier
   * transactions outlive either, every other cursor is closed. Allocates nothing when none is open.
   */
  transactionEnded(committed: boolean): void {
    if (this.#cursors.size === 0) return;
    for (const [name, c] of this.#cursors) {
      if (c.held) continue;
      if (committed && c.options.hold && !c.pending) c.markHeld();
      else this.close(name);
    }
  }

  /** CLOSE ALL, and the session's end. */
  closeAll(): void {
    for (const c of this.#cursors.values()) c.close();
    this.#cursors.clear();
  }
}
