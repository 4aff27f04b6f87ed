/**
 * A small sqllogictest runner for `testdata/*.slt`, with CockroachDB's `pgcode` extension.
 *
 * Records are separated by blank lines; `#` lines are comments. A header comment
 * `# stores: heap memory` asks for one run per table access method (the runner sets
 * `default_table_access_method`). Records:
 *
 *     statement ok                      the SQL must succeed
 *     statement error pgcode XXXXX re   it must fail with that SQLSTATE and a message matching re
 *     query <types> [rowsort] [colnames]
 *     SQL
 *     ----
 *     expected rows, one per line, values separated by one space
 *
 * Values print as PostgreSQL's text output (`formatText`), NULL as `NULL`, '' as `(empty)`.
 * Expected results and error codes were filled in by running the same records, in order, against
 * PostgreSQL 15.18 (sqllogictest's completion mode); where RustyDB deliberately differs the file
 * says so in a comment (`NB:`).
 */
import { readFileSync } from 'node:fs';
import { DbError, formatText, type SqlType, type TimeZone, type Value } from '@rustydb/common';
import type { QueryResult } from '../embedded-session.js';

export interface SltRecord {
  readonly line: number;
  readonly kind: 'statement' | 'query';
  readonly sql: string;
  /** statement: expected error (code and message pattern), undefined for `statement ok`. */
  readonly error?: { readonly code?: string; readonly pattern?: RegExp };
  readonly rowsort?: boolean;
  readonly colnames?: boolean;
  readonly expected?: readonly string[];
}

export interface SltFile {
  readonly stores: readonly string[];
  readonly records: readonly SltRecord[];
}

/** Parses an .slt file. Sync. @throws Error on a malformed record (a test bug). */
export function parseSlt(path: string): SltFile {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const stores = /^# stores:(.*)$/m.exec(text)?.[1]?.trim().split(/\s+/) ?? ['heap'];
  const records: SltRecord[] = [];
  let i = 0;
  while (i < lines.length) {
    const head = lines[i]!;
    if (head.trim() === '' || head.startsWith('#')) {
      i++;
      continue;
    }
    const line = i + 1;
    const words = head.split(/\s+/);
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== '' && lines[i] !== '----'; i++) body.push(lines[i]!);
    const sql = body.join('\n');
    if (words[0] === 'statement') {
      if (words[1] === 'ok') records.push({ line, kind: 'statement', sql });
      else if (words[1] === 'error') {
        const m = /^statement error(?: pgcode (\w{5}))?(?: (.*))?$/.exec(head)!;
        records.push({
          line,
          kind: 'statement',
          sql,
          error: {
            ...(m[1] ? { code: m[1] } : {}),
            ...(m[2] ? { pattern: new RegExp(m[2]) } : {}),
          },
        });
      } else throw new Error(`${path}:${line}: bad statement record`);
      continue;
    }
    if (words[0] !== 'query') throw new Error(`${path}:${line}: unknown record "${head}"`);
    const expected: string[] = [];
    if (lines[i] === '----') {
      for (i++; i < lines.length && lines[i]!.trim() !== ''; i++) expected.push(lines[i]!);
    }
    records.push({
      line,
      kind: 'query',
      sql,
      rowsort: words.includes('rowsort'),
      colnames: words.includes('colnames'),
      expected,
    });
  }
  return { stores, records };
}

const formatValue = (v: Value, type: SqlType, zone: TimeZone): string =>
  v === null ? 'NULL' : v === '' ? '(empty)' : formatText(v, type, zone);

/** A result's rows as slt lines. */
export function formatRows(result: QueryResult, rowsort: boolean): string[] {
  const lines = result.rows.map((row) =>
    row.map((v, i) => formatValue(v, result.fields[i]!.type, result.timeZone)).join(' '),
  );
  return rowsort ? lines.sort() : lines;
}

/**
 * Runs every record through `query` (one session, in order) and returns one message per
 * mismatch (empty when the file passes). Async.
 */
export async function runSlt(
  path: string,
  file: SltFile,
  query: (sql: string) => Promise<QueryResult>,
): Promise<string[]> {
  const failures: string[] = [];
  for (const r of file.records) {
    const where = `${path}:${r.line}: ${r.sql.split('\n')[0]}`;
    let result: QueryResult | undefined;
    let error: unknown;
    try {
      result = await query(r.sql);
    } catch (err) {
      error = err;
    }
    if (r.kind === 'statement' && r.error) {
      if (!(error instanceof DbError)) {
        failures.push(
          `${where}\n  expected error ${r.error.code ?? ''}, got ${error ? String(error) : 'success'}`,
        );
      } else if (
        (r.error.code && error.code !== r.error.code) ||
        (r.error.pattern && !r.error.pattern.test(error.message))
      ) {
        failures.push(
          `${where}\n  expected ${r.error.code} ${r.error.pattern}, got ${error.code} ${error.message}`,
        );
      }
      continue;
    }
    if (error !== undefined) {
      const e = error instanceof DbError ? `${error.code} ${error.message}` : String(error);
      failures.push(`${where}\n  unexpected error ${e}`);
      continue;
    }
    if (r.kind === 'query') {
      const actual = formatRows(result!, r.rowsort ?? false);
      if (r.colnames) actual.unshift(result!.fields.map((f) => f.name).join(' '));
      if (actual.join('\n') !== (r.expected ?? []).join('\n')) {
        failures.push(
          `${where}\n  expected:\n    ${r.expected?.join('\n    ')}\n  actual:\n    ${actual.join('\n    ')}`,
        );
      }
    }
  }
  return failures;
}
