import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SltConnection } from './connection.js';
import { type ReferencePostgres, startReferencePostgres } from './reference-postgres.js';
import { type RunOptions, runSltFiles } from './runner.js';

/**
 * The runner against a real PostgreSQL 15. When PostgreSQL is not installed these tests skip
 * with the launcher's reason (the one skip the project allows).
 */
describe('against the reference PostgreSQL', () => {
  let postgres: ReferencePostgres | undefined;
  let unavailable = '';
  const dir = mkdtempSync(join(tmpdir(), 'slt-pg-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const options = (timeoutMs = 5_000): RunOptions => ({ connection: postgres!, timeoutMs });

  beforeAll(async () => {
    try {
      postgres = await startReferencePostgres();
    } catch (err) {
      if (!(err as Error).message.startsWith('PostgreSQL 15 is not installed')) throw err;
      unavailable = (err as Error).message;
    }
  });
  afterAll(async () => {
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes every record of the runner's own test file (testdata/runner.slt)", async (ctx) => {
    if (postgres === undefined) return ctx.skip(unavailable);
    const path = fileURLToPath(new URL('../testdata/runner.slt', import.meta.url));
    const [result] = await runSltFiles([path], options());
    expect(result.records.filter((r) => r.outcome === 'fail')).toEqual([]);
    expect(result.records.filter((r) => r.outcome === 'pass')).toHaveLength(18);
    expect(result.records.filter((r) => r.outcome === 'skip')).toHaveLength(1);
  });

  it('fails a statement that exceeds the timeout, cancels it, and carries on', async (ctx) => {
    if (postgres === undefined) return ctx.skip(unavailable);
    const path = write('slow.test', 'statement ok\nSELECT pg_sleep(5)\n\nquery I\nSELECT 7\n----\n7\n');
    const started = performance.now();
    const [result] = await runSltFiles([path], options(300));
    expect(result.records).toEqual([
      { line: 1, kind: 'statement', outcome: 'fail', reason: 'timed out after 300 ms' },
      { line: 4, kind: 'query', outcome: 'pass' },
    ]);
    expect(result.lost).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('fails the rest of a file whose session dies; the next file starts clean', async (ctx) => {
    if (postgres === undefined) return ctx.skip(unavailable);
    const dying = write(
      'dying.test',
      [
        'statement ok',
        'CREATE TABLE t1(a INTEGER)',
        '',
        'statement ok',
        'CREATE VIEW v1 AS SELECT a FROM t1',
        '',
        'statement ok',
        'SELECT pg_terminate_backend(pg_backend_pid())',
        '',
        'query I',
        'SELECT count(*) FROM t1',
        '----',
        '0',
      ].join('\n'),
    );
    const fresh = write(
      'fresh.test',
      'statement ok\nCREATE TABLE t1(b TEXT)\n\nstatement ok\nCREATE VIEW v1 AS SELECT b FROM t1\n',
    );
    const [first, second] = await runSltFiles([dying, fresh], options());
    expect(first.records.map((r) => r.outcome)).toEqual(['pass', 'pass', 'fail', 'fail']);
    expect(first.records[2].reason).toMatch(/^session lost: FATAL 57P01/);
    expect(first.records[3].reason).toMatch(/^not run: session lost at line 7/);
    expect(first.cleanupErrors).toEqual([]);
    expect(second.records.map((r) => r.outcome)).toEqual(['pass', 'pass']);
  });

  it('stop() shuts the server down and removes its directory; durable keeps fsync on', async (ctx) => {
    if (postgres === undefined) return ctx.skip(unavailable);
    const other = await startReferencePostgres({ durable: true });
    const connection = await SltConnection.open(other, 5_000);
    expect(await connection.execute('SHOW server_version')).toMatchObject({
      kind: 'ok',
      results: [{ columns: ['server_version'], rows: [[expect.stringMatching(/^15\./)]] }],
    });
    expect(await connection.execute('SHOW fsync')).toMatchObject({ results: [{ rows: [['on']] }] });
    expect(
      await SltConnection.open(postgres, 5_000).then(async (c) => {
        const r = await c.execute('SHOW fsync');
        await c.close();
        return r;
      }),
    ).toMatchObject({ results: [{ rows: [['off']] }] });
    await connection.close();
    await other.stop();
    await expect(SltConnection.open(other, 2_000)).rejects.toThrow();
    expect(existsSync(other.directory)).toBe(false);
  });
});
