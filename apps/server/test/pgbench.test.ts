/**
 * pgbench against the real server: `pgbench -i -s 10` (DROP/CREATE … WITH (fillfactor), COPY FROM
 * STDIN of a million accounts, VACUUM, ALTER TABLE … ADD PRIMARY KEY), then short select-only runs
 * in every query mode at 1, 4 and 16 clients, and tpcb-like runs at 1, 4 and 16 clients (16 in
 * every mode), each finishing with zero failed transactions and balanced books: concurrent clients
 * update the same branch and teller rows, so they wait for each other's row locks (READ COMMITTED
 * re-checks the newest version) instead of failing.
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useServer } from './support/server-process.js';

function pgbench(port: number, args: readonly string[]): Promise<string> {
  const all = ['-h', '127.0.0.1', '-p', String(port), '-U', 'rustydb', ...args, 'rustydb'];
  return new Promise((resolve, reject) => {
    execFile('pgbench', all, { timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`pgbench ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout + stderr);
    });
  });
}

const failed = (out: string): number => Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? NaN);
const processed = (out: string): number =>
  Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? NaN);

describe('pgbench', () => {
  const env = useServer();

  it('initializes scale 10 with pgbench -i (COPY of a million rows, ALTER TABLE … ADD PRIMARY KEY)', async () => {
    const out = await pgbench(env.server.port, ['-i', '-s', '10']);
    expect(out).toMatch(/done in/);
    expect((await env.server.psql('SELECT count(*) FROM pgbench_accounts')).trim()).toBe('1000000');
    expect((await env.server.psql('SELECT count(*) FROM pgbench_branches')).trim()).toBe('10');
  }, 180_000);

  for (const mode of ['simple', 'extended', 'prepared']) {
    it(`runs select-only with -M ${mode} and 1, 4 and 16 clients`, async () => {
      for (const clients of [1, 4, 16]) {
        const out = await pgbench(env.server.port, ['-S', '-M', mode, '-c', String(clients), '-t', '200']);
        expect(failed(out)).toBe(0);
        expect(processed(out)).toBe(200 * clients);
      }
    }, 180_000);
  }

  it('runs tpcb-like with one client and keeps the books balanced', async () => {
    const out = await pgbench(env.server.port, ['-M', 'prepared', '-c', '1', '-t', '300']);
    expect(failed(out)).toBe(0);
    expect(processed(out)).toBe(300);
    const sums = await env.server.psql(
      'SELECT (SELECT sum(abalance) FROM pgbench_accounts) = (SELECT sum(bbalance) FROM pgbench_branches)',
    );
    expect(sums.trim()).toBe('t');
    expect((await env.server.psql('SELECT count(*) FROM pgbench_history')).trim()).toBe('300');
  }, 180_000);

  it('runs tpcb-like with four clients: row waits, no failed transaction, balanced books', async () => {
    const out = await pgbench(env.server.port, ['-M', 'prepared', '-c', '4', '-t', '100']);
    expect(failed(out)).toBe(0);
    expect(processed(out)).toBe(400);
    const sums = await env.server.psql(
      'SELECT (SELECT sum(abalance) FROM pgbench_accounts) = (SELECT sum(bbalance) FROM pgbench_branches)' +
        ' AND (SELECT sum(tbalance) FROM pgbench_tellers) = (SELECT sum(bbalance) FROM pgbench_branches)',
    );
    expect(sums.trim()).toBe('t');
    // pgbench truncates pgbench_history before a run (its vacuum step).
    expect((await env.server.psql('SELECT count(*) FROM pgbench_history')).trim()).toBe('400');
  }, 180_000);

  for (const mode of ['simple', 'extended', 'prepared']) {
    it(`runs tpcb-like with -M ${mode} and 16 clients: no failed transaction, balanced books`, async () => {
      // Scale 10 has ten branch rows for 16 clients: most transactions wait for another's.
      const out = await pgbench(env.server.port, ['-M', mode, '-c', '16', '-j', '2', '-t', '25']);
      expect(failed(out)).toBe(0);
      expect(processed(out)).toBe(400);
      const sums = await env.server.psql(
        'SELECT (SELECT sum(abalance) FROM pgbench_accounts) = (SELECT sum(bbalance) FROM pgbench_branches)' +
          ' AND (SELECT sum(tbalance) FROM pgbench_tellers) = (SELECT sum(bbalance) FROM pgbench_branches)',
      );
      expect(sums.trim()).toBe('t');
      expect((await env.server.psql('SELECT count(*) FROM pgbench_history')).trim()).toBe('400');
    }, 180_000);
  }
});
