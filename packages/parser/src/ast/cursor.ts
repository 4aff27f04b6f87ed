/**
 * SQL cursors: DECLARE, FETCH / MOVE, CLOSE (PostgreSQL's DeclareCursorStmt, FetchStmt,
 * ClosePortalStmt). A cursor is a portal: it shares the namespace of the extended protocol's
 * portals.
 */
import type { SelectStmt } from './select.js';

/**
 * `DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [[NO] SCROLL] CURSOR [{WITH | WITHOUT} HOLD]
 * FOR query`. `scroll` is undefined when neither SCROLL nor NO SCROLL was written.
 */
export interface DeclareCursorStmt {
  readonly kind: 'declareCursor';
  readonly name: string;
  readonly binary: boolean;
  /** INSENSITIVE was written (every cursor is; only FOR UPDATE cares). */
  readonly insensitive: boolean;
  readonly scroll: boolean | undefined;
  readonly hold: boolean;
  readonly query: SelectStmt;
  /** Offset and length of the query's text in the SQL string (pg_cursors shows the DECLARE). */
  readonly location: number;
  readonly length: number;
}

/**
 * Where a FETCH or MOVE goes, as gram.y reduces it: NEXT is `forward 1`, PRIOR `backward 1`,
 * FIRST `absolute 1`, LAST `absolute -1`, ALL `forward all`.
 */
export type FetchDirection =
  | { readonly kind: 'forward' | 'backward'; readonly count: number | 'all' }
  | { readonly kind: 'absolute' | 'relative'; readonly count: number };

/** `FETCH [direction] [FROM | IN] name`, or MOVE (`move`: no rows sent, tag MOVE n). */
export interface FetchStmt {
  readonly kind: 'fetch';
  readonly move: boolean;
  readonly direction: FetchDirection;
  readonly name: string;
}

/** `CLOSE name | ALL`; `name` is undefined for ALL. */
export interface ClosePortalStmt {
  readonly kind: 'closePortal';
  readonly name: string | undefined;
}
