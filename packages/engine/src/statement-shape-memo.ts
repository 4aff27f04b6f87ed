/**
 * ShapeMemo: a session's recent statement texts and their shapes (statement-shape.ts), so a
 * statement sent again with the same text — the usual case: an application's query with `$n`
 * parameters, or pgbench's — is not scanned again. The shape is a pure function of the text.
 * Returning the same shape object also lets the statement cache reuse the key it built for it.
 *
 * Bounded: `MAX_ENTRIES` texts of at most `MAX_TEXT` characters; when full it starts over
 * (a workload with more distinct texts than that gains nothing from a memo anyway).
 */
import { type StatementShape, statementShape } from './statement-shape.js';

const MAX_ENTRIES = 128;
const MAX_TEXT = 4096;

/** One session's memo. Synchronous. */
export class ShapeMemo {
  /** null: the text has no shape (not one query/DML statement the scanner models). */
  readonly #shapes = new Map<string, StatementShape | null>();

  /** The shape of `sql` (as `statementShape`), from the memo when the text was seen. */
  shapeOf(sql: string): StatementShape | undefined {
    const known = this.#shapes.get(sql);
    if (known !== undefined) return known ?? undefined;
    const shape = statementShape(sql);
    if (sql.length <= MAX_TEXT) {
      if (this.#shapes.size >= MAX_ENTRIES) this.#shapes.clear();
      this.#shapes.set(sql, shape ?? null);
    }
    return shape;
  }
}
