/**
 * Parser warm-up: builds the full parser's prediction caches before the first client needs them.
 *
 * WHY. antlr4ng predicts each grammar decision through a DFA it builds lazily and keeps for the
 * process (parse.ts). On a fresh process the first statement of each kind pays for that: measured
 * here, 112 ms for the first UPDATE (the grammar's ATN is deserialized then too), 27 ms for the
 * first SELECT … FOR UPDATE, 62 ms for a first join with GROUP BY and HAVING. After parsing the
 * statements below (about 200 ms once), the same three took 6, 8 and 23 ms: statements of other
 * shapes reuse most of the states. PostgreSQL's parser is a generated LALR table: no such cost.
 *
 * HOW. `warmUpParser` parses one statement per event-loop turn (`setImmediate`), so a client that
 * connects meanwhile waits behind at most one parse. The server binary starts it once it listens;
 * an embedder may call it too. The statements are the common shapes of client traffic: queries
 * with joins, grouping, CTEs and set operations, the DML forms (RETURNING, ON CONFLICT), the
 * transaction and session statements, DDL, and psql's catalog queries.
 */
import { parse } from './parse.js';

/** The statements `warmUpParser` parses, in order (each must parse: a test checks). */
export const WARM_UP_STATEMENTS: readonly string[] = [
  'SELECT a, b FROM t WHERE id = $1',
  'UPDATE t SET a = a + 1, b = $2 WHERE id = $1 AND c IS NOT NULL',
  'INSERT INTO t (a, b) VALUES ($1, $2), (3, DEFAULT) RETURNING id',
  'INSERT INTO t SELECT * FROM u ON CONFLICT (id) DO UPDATE SET a = EXCLUDED.a',
  'DELETE FROM t USING u WHERE t.id = u.id RETURNING t.*',
  "SELECT x.a, count(*), sum(y.b) FROM t x LEFT JOIN u y ON x.id = y.id WHERE x.b > 3 AND y.c LIKE 'p%' GROUP BY x.a HAVING count(*) > 1 ORDER BY 2 DESC LIMIT 10 OFFSET 5",
  'WITH w AS (SELECT id FROM t WHERE a IN (1, 2, 3)) SELECT * FROM w UNION ALL SELECT id FROM u EXCEPT SELECT 1',
  'SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id) AND b = ANY ($1) FOR UPDATE',
  "SELECT CASE WHEN a > 0 THEN 'p' ELSE 'n' END, coalesce(b, 0)::text, now() - interval '1 day', row_number() OVER (PARTITION BY a ORDER BY b) FROM t",
  'BEGIN ISOLATION LEVEL REPEATABLE READ',
  'COMMIT',
  'ROLLBACK',
  "SET application_name = 'app'",
  'SHOW search_path',
  'CREATE TABLE t (id serial PRIMARY KEY, a int NOT NULL DEFAULT 0, b text, c timestamptz REFERENCES u (id))',
  'CREATE INDEX i ON t (a, b DESC)',
  'ALTER TABLE t ADD COLUMN d numeric(10, 2)',
  'DROP TABLE IF EXISTS t CASCADE',
  "SELECT n.nspname AS \"Schema\", c.relname AS \"Name\", CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' END AS \"Type\", pg_catalog.pg_get_userbyid(c.relowner) AS \"Owner\" FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', '') AND n.nspname !~ '^pg_toast' AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 1, 2",
  "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a WHERE a.attrelid = '16384'::pg_catalog.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
];

/** A warm-up in progress: see `warmUpParser`. */
export interface ParserWarmUp {
  /** Statements parsed so far. */
  readonly parsed: number;
  /** True once every statement was parsed (or the warm-up was stopped). */
  readonly done: boolean;
  /** Parses no more statements. Idempotent. */
  stop(): void;
}

/**
 * Parses WARM_UP_STATEMENTS through the full parser, one per event-loop turn (see the file
 * comment). Returns at once; `onDone` is called after the last one. A statement that fails to
 * parse is skipped (none does; the warm-up must never take the process down).
 */
export function warmUpParser(onDone?: () => void): ParserWarmUp {
  let next = 0;
  let stopped = false;
  const state: ParserWarmUp = {
    get parsed() {
      return next;
    },
    get done() {
      return stopped || next === WARM_UP_STATEMENTS.length;
    },
    stop() {
      stopped = true;
    },
  };
  const step = (): void => {
    if (stopped) return;
    try {
      parse(WARM_UP_STATEMENTS[next]!);
    } catch {
      // Skipped: see above.
    }
    next++;
    if (next < WARM_UP_STATEMENTS.length) setImmediate(step);
    else onDone?.();
  };
  setImmediate(step);
  return state;
}
