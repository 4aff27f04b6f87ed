/**
 * The fast path of `parse`: a hand-written recursive-descent parser for the statements that
 * dominate bulk loads and their scripts, tried before ANTLR.
 *
 * WHY. A bulk load is `CREATE TABLE`, `BEGIN`, many `INSERT … VALUES (…), (…)` and `COMMIT`. The
 * ANTLR parser's first use in a process deserializes its ATN and fills its prediction DFA caches
 * (tens of milliseconds for the first CREATE TABLE and the first INSERT each), and every parse
 * walks a deep rule stack. These statements need none of that.
 *
 * WHAT. One statement (an optional `;` and whitespace after it) of these forms:
 * - `INSERT INTO name [(columns)] VALUES (constants), …` (fast-insert.ts);
 * - `CREATE TABLE [IF NOT EXISTS] name (column type [constraints], …)` (fast-create-table.ts);
 * - `BEGIN`, `COMMIT` / `END` and `ROLLBACK` / `ABORT` alone (pgbench's simple-protocol
 *   transactions end with `END;`).
 * Tokens as fast-scanner.ts reads them. The result is exactly `parse`'s (the same nodes, keys in
 * the same order, the same locations and statement `length`; fast-parse.test.ts compares the two
 * over many statements). Anything else, or any doubt, is undefined and `parse` runs ANTLR, so
 * every syntax error and every other statement keeps the full parser's behaviour.
 */
import type { ParsedStatement, Statement } from './ast/index.js';
import { fastCreateTable } from './fast-create-table.js';
import { fastInsert } from './fast-insert.js';
import { FastScanner, T_END, T_WORD } from './fast-scanner.js';

/**
 * `parse(sql)` for the statements the fast path handles (see the file comment), or undefined for
 * any other text. Synchronous; never throws (a syntax error is undefined: ANTLR reports it).
 */
export function parseFast(sql: string): ParsedStatement[] | undefined {
  const s = new FastScanner(sql);
  s.next();
  if (s.type !== T_WORD) return undefined;
  const location = s.start;
  let stmt: Statement | undefined;
  switch (s.text) {
    case 'insert':
      stmt = fastInsert(s);
      break;
    case 'create':
      stmt = fastCreateTable(s);
      break;
    case 'begin':
      s.next();
      stmt = { kind: 'begin', start: false, modes: {} };
      break;
    case 'commit':
    case 'end':
      s.next();
      stmt = { kind: 'commit', chain: false };
      break;
    case 'rollback':
    case 'abort':
      s.next();
      stmt = { kind: 'rollback', chain: false };
      break;
    default:
      return undefined;
  }
  if (stmt === undefined) return undefined;
  // The statement ends at the last token read before the current one.
  const end = lastEnd(sql, s.start);
  if (s.isPunct(0x3b)) s.next();
  if (s.type !== T_END) return undefined;
  return [{ stmt, location, length: end - location }];
}

/** The end of the token before offset `at` (whitespace skipped back). */
function lastEnd(sql: string, at: number): number {
  let e = at;
  while (e > 0) {
    const c = sql.charCodeAt(e - 1);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) e--;
    else break;
  }
  return e;
}
