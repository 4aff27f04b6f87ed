/**
 * COPY: bulk transfer of a table's rows (or a query's result) over the connection.
 */
import type { ObjectName } from './object-name.js';
import type { Statement } from './statement.js';

/**
 * One COPY option as PostgreSQL's DefElem holds it. Both syntaxes end up here: the parenthesized
 * list (`(FORMAT csv, HEADER, FORCE_QUOTE (a, b))`, names case-folded as written) and the old
 * keyword forms, converted as gram.y does: `BINARY` → format 'binary', `CSV` → format 'csv',
 * `HEADER` → header, `DELIMITER [AS] 'x'` and `USING DELIMITERS 'x'` → delimiter, `NULL [AS] 'x'`
 * → null, `QUOTE`/`ESCAPE`/`ENCODING 'x'`, `FREEZE` → freeze, `FORCE QUOTE cols | *` →
 * force_quote, `FORCE NOT NULL cols` → force_not_null, `FORCE NULL cols` → force_null.
 * `value` is missing when only the name is written; a column list is a string array; `*` is the
 * string '*'. Words and booleans are kept as text (`true`, `off`, `csv`): the engine validates.
 */
export interface CopyOption {
  readonly name: string;
  readonly value?: string | readonly string[];
  /** 0-based offset of the option's name (PostgreSQL points at it in option errors). */
  readonly location: number;
}

/**
 * `COPY table [(columns)] {FROM | TO} {STDIN | STDOUT | 'file' | PROGRAM 'command'} [[WITH]
 * options]` or `COPY (query) TO {STDOUT | 'file' | PROGRAM 'command'} [[WITH] options]`.
 * Exactly one of `table` and `query` is set; `columns` is empty when no list was written (every
 * column, in table order). `file` is set for a server-side file or program; without it the data
 * travels over the connection.
 */
export interface CopyStmt {
  readonly kind: 'copy';
  readonly table?: ObjectName;
  readonly columns: readonly string[];
  readonly query?: Statement;
  readonly direction: 'from' | 'to';
  readonly options: readonly CopyOption[];
  /** The server-side file's name, or the program's command line when `program`. */
  readonly file?: { readonly name: string; readonly program: boolean };
}
