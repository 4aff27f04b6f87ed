/** Start-up rules of the real binary: refuse remote listening, initialize ./data, reuse it. */
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ServerProcess, tempDataDir } from './support/server-process.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

describe('rustydb-server start-up', () => {
  it('refuses to listen on a non-loopback address while authentication is trust', async () => {
    const dir = tempDataDir();
    const { code, output } = await run(['--data-dir', dir, '--host', '0.0.0.0', '--port', '0']);
    expect(code).toBe(1);
    expect(output).toMatch(/refusing to listen on a non-loopback address/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects bad options with usage and exit code 2', async () => {
    const { code, output } = await run(['--port', 'nope']);
    expect(code).toBe(2);
    expect(output).toMatch(/Usage: rustydb-server/);
  });

  it('initializes a data directory on first start and reuses it after a clean stop', async () => {
    const server = await ServerProcess.start();
    expect(existsSync(join(server.dataDir, 'control'))).toBe(true);
    await server.psql("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    expect(await server.stop()).toBe(0);
    expect(server.logs).toMatch(/shutdown complete/);
    await server.restart();
    expect((await server.psql('SELECT v FROM kept')).trim()).toBe('still here');
    await server.destroy();
  }, 120_000);

  it('warms the parser up once it listens, then stops cleanly', async () => {
    const server = await ServerProcess.start({ args: ['--log-level', 'debug'] });
    try {
      for (let i = 0; i < 600 && !server.logs.includes('parser warm-up done'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(server.logs).toContain('parser warm-up done');
      // The warm-up ran after the server listened, not before.
      expect(server.logs.indexOf('parser warm-up done')).toBeGreaterThan(
        server.logs.indexOf('ready to accept connections'),
      );
      expect(await server.stop()).toBe(0);
    } finally {
      await server.destroy();
    }
  }, 120_000);

  it('applies -c max_connections: the client past it gets FATAL 53300, the others carry on', async () => {
    const server = await ServerProcess.start({
      args: ['-c', 'max_connections=2', '-c', 'superuser_reserved_connections=0'],
    });
    try {
      const a = await server.connect();
      const b = await server.connect();
      await expect(server.connect()).rejects.toMatchObject({
        code: '53300',
        message: 'sorry, too many clients already',
      });
      expect((await a.query('SHOW max_connections')).rows).toEqual([{ max_connections: '2' }]);
      await b.end();
      const c = await server.connect();
      await c.end();
      await a.end();
    } finally {
      await server.destroy();
    }
  });
});
