/**
 * The differential test: the whole corpus on a throwaway PostgreSQL 15 and on the real RustyDB
 * server bundle, statement by statement. It fails on any difference that
 * known-differences.txt does not list, and on any listed statement that agrees now (the list only
 * shrinks).
 *
 * NB: this test never skips. CI installs PostgreSQL 15 (.ci/run installs the `postgresql`
 * package when pgbench is missing), so a missing PostgreSQL fails here with the launcher's
 * message instead of silently passing. The nx test target depends on `@rustydb/server:build`,
 * which provides apps/server/dist/main.js.
 */
import { type ReferencePostgres, startReferencePostgres } from '@rustydb/slt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, listCorpusFiles, loadCorpusFile, parseCorpusFile } from './corpus-file.js';
import { DiffConnection } from './diff-connection.js';
import { knownDifferencesFile, loadKnownDifferences } from './known-differences.js';
import { type RustyDbServer, startRustyDbServer } from './rustydb-server.js';
import { formatDifference, formatTally, runCorpusFile, type StatementResult, tally } from './runner.js';

describe('differential test against PostgreSQL 15', () => {
  let postgres: ReferencePostgres | undefined;
  let server: RustyDbServer | undefined;

  beforeAll(async () => {
    try {
      postgres = await startReferencePostgres();
    } catch (err) {
      throw new Error(
        `the differential test needs PostgreSQL 15 (apt-get install postgresql): ${(err as Error).message}`,
      );
    }
    // RUSTYDB_SERVER_BUNDLE: test another build of the server (default: apps/server/dist/main.js).
    server = await startRustyDbServer(process.env.RUSTYDB_SERVER_BUNDLE || undefined);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await postgres?.stop();
  });

  it('agrees with itself: PostgreSQL against PostgreSQL, errors and all', async () => {
    const file = parseCorpusFile(
      'self.sql',
      [
        'CREATE TABLE t (a int PRIMARY KEY, b text);',
        "INSERT INTO t VALUES (1, 'x'), (2, NULL) RETURNING *;",
        'SELECT * FROM t ORDER BY a DESC;',
        'SELECT 1 / 0;',
        'SELECT b, count(*) FROM t GROUP BY b;',
      ].join('\n'),
    );
    // The same statements on two databases of the same cluster: the runner must see no difference.
    const admin = await DiffConnection.open(postgres!, 10_000);
    expect(await admin.run('CREATE DATABASE difftest_self')).toMatchObject({ kind: 'result' });
    await admin.close();
    const result = await runCorpusFile(file, postgres!, { ...postgres!, database: 'difftest_self' });
    expect(result.statements.map((r) => r.comparison.reasons)).toEqual([[], [], [], [], []]);
    expect(result.statements[3].postgres).toMatchObject({ kind: 'error', code: '22012' });
    expect(result.statements[1].postgres).toMatchObject({ kind: 'result', tag: 'INSERT 0 2' });
    expect(result.statements[2].postgres).toMatchObject({
      columns: [
        { name: 'a', typeOid: 23 },
        { name: 'b', typeOid: 25 },
      ],
      rows: [
        ['2', null],
        ['1', 'x'],
      ],
    });
  });

  it('runs every corpus statement on both servers with the same outcome, but the listed ones', async () => {
    const known = loadKnownDifferences(knownDifferencesFile);
    const all: StatementResult[] = [];
    for (const path of listCorpusFiles(corpusDir)) {
      const result = await runCorpusFile(loadCorpusFile(path), postgres!, server!);
      all.push(...result.statements);
      console.log(formatTally(tally(result.statements, known), result.file));
    }
    const total = tally(all, known);
    console.log(formatTally(total));
    const unexplained = total.unexplained.map((r) => formatDifference(r));
    if (unexplained.length > 0) console.log(unexplained.join('\n'));
    expect(all.length).toBeGreaterThanOrEqual(500);
    expect(unexplained).toEqual([]);
    expect(total.stale).toEqual([]);
    const missing = [...known.keys()].filter((key) => !all.some((r) => r.key === key));
    expect(missing).toEqual([]);
  }, 600_000);
});
