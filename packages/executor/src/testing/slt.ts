/**
 * @internal A sqllogictest runner (CockroachDB's dialect) over SqlHarness:
 *
 *   statement ok | statement error pgcode <SQLSTATE> <message regex>
 *   query <types> [rowsort] [colnames]   then SQL, `----`, then one line per row (values joined
 *                                        by spaces; NULL, (empty) for ''), column names first
 *                                        with `colnames`.
 *
 * Records are separated by blank lines; `#` lines are comments. Expected results come from
 * PostgreSQL 15. Returns one message per failing record (empty when the file passes).
 */
import { DbError, formatText, type Row, type SqlType } from '@rustydb/common';
import { type HarnessOptions, SqlHarness } from './sql-harness.js';

interface Record {
  readonly line: number;
  readonly head: string;
  readonly sql: string;
  readonly expected: string[];
}

function parseRecords(text: string): Record[] {
  const out: Record[] = [];
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length) {
    while (i < lines.length && (lines[i].trim() === '' || lines[i].startsWith('#'))) i++;
    if (i >= lines.length) break;
    const line = i + 1;
    const head = lines[i++];
    const sql: string[] = [];
    while (i < lines.length && lines[i].trim() !== '' && lines[i] !== '----') sql.push(lines[i++]);
    const expected: string[] = [];
    if (lines[i] === '----') {
      i++;
      while (i < lines.length && lines[i].trim() !== '') expected.push(lines[i++]);
    }
    out.push({ line, head, sql: sql.join('\n'), expected });
  }
  return out;
}

function formatRow(row: Row, types: readonly SqlType[]): string {
  return row
    .map((v, i) => {
      if (v === null) return 'NULL';
      const s = formatText(v, types[i]);
      return s === '' ? '(empty)' : s;
    })
    .join(' ');
}

/** Runs one .slt file's text (statements run with `options`); returns failure messages. */
export async function runSlt(text: string, options: HarnessOptions = {}): Promise<string[]> {
  const h = SqlHarness.create(options);
  const failures: string[] = [];
  try {
    for (const r of parseRecords(text)) {
      const where = `line ${r.line}: ${r.sql.split('\n')[0]}`;
      const words = r.head.split(/\s+/);
      if (words[0] === 'statement') {
        const m = /^statement error pgcode (\S+)(?: (.*))?$/.exec(r.head);
        try {
          await h.run(r.sql);
          if (m) failures.push(`${where}: expected error ${m[1]}, got success`);
        } catch (err) {
          if (!(err instanceof DbError)) throw err;
          if (!m) failures.push(`${where}: unexpected error ${err.code} ${err.message}`);
          else if (err.code !== m[1] || (m[2] && !new RegExp(m[2]).test(err.message))) {
            failures.push(`${where}: expected ${m[1]} /${m[2]}/, got ${err.code} ${err.message}`);
          }
        }
        continue;
      }
      try {
        const res = await h.run(r.sql);
        const types = res.columns.map((c) => c.type);
        const got = res.rows.map((row) => formatRow(row, types));
        if (words.includes('rowsort')) got.sort();
        if (words.includes('colnames')) got.unshift(res.columns.map((c) => c.name).join(' '));
        if (got.join('\n') !== r.expected.join('\n')) {
          failures.push(
            `${where}:\n  expected:\n    ${r.expected.join('\n    ')}\n  got:\n    ${got.join('\n    ')}`,
          );
        }
      } catch (err) {
        if (!(err instanceof DbError)) throw err;
        failures.push(`${where}: error ${err.code} ${err.message}`);
      }
    }
  } finally {
    h.close();
  }
  return failures;
}
