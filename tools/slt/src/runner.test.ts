import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdRelations, runSltFiles } from './runner.js';

describe('createdRelations', () => {
  it('finds the tables and views a statement creates', () => {
    expect(createdRelations('CREATE TABLE t1(a INTEGER)')).toEqual([{ kind: 'TABLE', name: 't1' }]);
    expect(createdRelations('create temp table IF NOT EXISTS "My T" (a int)')).toEqual([
      { kind: 'TABLE', name: '"My T"' },
    ]);
    expect(createdRelations('CREATE OR REPLACE VIEW s.v2 AS SELECT 1')).toEqual([
      { kind: 'VIEW', name: 's.v2' },
    ]);
    expect(createdRelations('CREATE UNIQUE INDEX i ON t1(a)')).toEqual([]);
    expect(createdRelations('SELECT * FROM t1')).toEqual([]);
  });
});

/**
 * A test double speaking just enough of the v3 protocol: trust login, then for each Query:
 * `hang…` never answers, `crash…` drops the socket, `SELECT…` returns one text column holding
 * '1', `fail…` answers an ErrorResponse, anything else completes. It records every SQL text.
 */
class FakePostgres {
  readonly queries: string[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor() {
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(): Promise<number> {
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    let started = false;
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (!started) {
          if (buffered.length < 8) return;
          const len = buffered.readInt32BE(0);
          if (buffered.length < len) return;
          const code = buffered.readInt32BE(4);
          buffered = buffered.subarray(len);
          if (code === 80877102) {
            socket.end(); // CancelRequest: this double ignores it
            return;
          }
          started = true;
          const auth = message('R', int32(0));
          const key = message('K', Buffer.concat([int32(4242), int32(7)]));
          socket.write(Buffer.concat([auth, key, ready()]));
          continue;
        }
        if (buffered.length < 5) return;
        const type = String.fromCharCode(buffered[0]);
        const len = buffered.readInt32BE(1);
        if (buffered.length < 1 + len) return;
        const body = buffered.subarray(5, 1 + len);
        buffered = buffered.subarray(1 + len);
        if (type === 'X') {
          socket.end();
          return;
        }
        if (type === 'Q') this.answer(socket, body.subarray(0, body.length - 1).toString('utf8'));
      }
    });
  }

  private answer(socket: Socket, sql: string): void {
    this.queries.push(sql);
    if (sql.startsWith('hang')) return;
    if (sql.startsWith('crash')) {
      socket.destroy();
      return;
    }
    if (sql.startsWith('fail')) {
      const fields = Buffer.concat([
        cstr('SERROR'),
        cstr('C42601'),
        cstr('Mfake syntax error'),
        Buffer.from([0]),
      ]);
      socket.write(Buffer.concat([message('E', fields), ready()]));
      return;
    }
    if (sql.startsWith('SELECT')) {
      const column = Buffer.concat([
        cstr('x'),
        int32(0),
        int16(0),
        int32(25),
        int16(-1),
        int32(-1),
        int16(0),
      ]);
      const description = message('T', Buffer.concat([int16(1), column]));
      const row = message('D', Buffer.concat([int16(1), int32(1), Buffer.from('1')]));
      socket.write(Buffer.concat([description, row, message('C', cstr('SELECT 1')), ready()]));
      return;
    }
    socket.write(Buffer.concat([message('C', cstr('OK')), ready()]));
  }
}

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const int16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const cstr = (s: string) => Buffer.from(`${s}\0`);
const message = (type: string, body: Buffer) =>
  Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
const ready = () => message('Z', Buffer.from('I'));

describe('runSltFiles against a fake server', () => {
  const fake = new FakePostgres();
  const dir = mkdtempSync(join(tmpdir(), 'slt-runner-'));
  let port = 0;
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const options = () => ({
    connection: { host: '127.0.0.1', port, user: 'u', database: 'd' },
    timeoutMs: 300,
  });

  beforeAll(async () => {
    port = await fake.listen();
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs records in order, skips by condition, and drops what the file created', async () => {
    const path = write(
      'ok.test',
      [
        'statement ok',
        'CREATE TABLE t1(a INTEGER)',
        '',
        'statement ok',
        'CREATE VIEW v1 AS SELECT a FROM t1',
        '',
        'skipif postgresql',
        'statement ok',
        'REPLACE INTO t1 VALUES(1)',
        '',
        'query T nosort',
        'SELECT x',
        '----',
        '1',
        '',
        'statement error pgcode 42601 syntax',
        'fail here',
        '',
        'statement ok',
        'fail again',
        '',
        'halt',
        '',
        'statement ok',
        'never',
      ].join('\n'),
    );
    fake.queries.length = 0;
    const [result] = await runSltFiles([path], options());
    expect(result.records).toEqual([
      { line: 1, kind: 'statement', outcome: 'pass' },
      { line: 4, kind: 'statement', outcome: 'pass' },
      { line: 8, kind: 'statement', outcome: 'skip' },
      { line: 11, kind: 'query', outcome: 'pass' },
      { line: 16, kind: 'statement', outcome: 'pass' },
      { line: 19, kind: 'statement', outcome: 'fail', reason: 'error 42601: fake syntax error' },
    ]);
    expect(fake.queries).toEqual([
      'CREATE TABLE t1(a INTEGER)',
      'CREATE VIEW v1 AS SELECT a FROM t1',
      'SELECT x',
      'fail here',
      'fail again',
      'DROP VIEW IF EXISTS v1',
      'DROP TABLE IF EXISTS t1',
    ]);
  });

  it('fails a hung statement, then every later record of the file; the next file runs', async () => {
    const hung = write(
      'hung.test',
      'statement ok\nCREATE TABLE h(a INT)\n\nstatement ok\nhang forever\n\nquery I\nSELECT 1\n----\n1\n',
    );
    const next = write('next.test', 'query I\nSELECT 1\n----\n1\n');
    fake.queries.length = 0;
    const [first, second] = await runSltFiles([hung, next], options());
    expect(first.records.map((r) => r.outcome)).toEqual(['pass', 'fail', 'fail']);
    expect(first.records[1].reason).toMatch(/session lost: statement did not end within 300 ms/);
    expect(first.records[2].reason).toMatch(/^not run: session lost at line 4/);
    expect(first.lost?.line).toBe(4);
    expect(second.records).toEqual([{ line: 1, kind: 'query', outcome: 'pass' }]);
    // The table was dropped on a fresh session after the first one was given up.
    expect(fake.queries).toContain('DROP TABLE IF EXISTS h');
  });

  it('fails the rest of a file when the server drops the connection', async () => {
    const path = write('crash.test', 'statement ok\ncrash now\n\nstatement ok\nCREATE TABLE c(a INT)\n');
    const [result] = await runSltFiles([path], options());
    expect(result.records.map((r) => r.outcome)).toEqual(['fail', 'fail']);
    expect(result.records[0].reason).toMatch(/^session lost/);
    expect(result.records[1].reason).toMatch(/^not run: session lost at line 1/);
  });

  it('reports a file it cannot parse or connect for, without throwing', async () => {
    const bad = write('bad.test', 'frobnicate\n');
    const [parsed] = await runSltFiles([bad], options());
    expect(parsed.error).toMatch(/cannot parse: line 1: unknown record type/);
    const ok = write('fine.test', 'statement ok\nSELECT 1\n');
    const [refused] = await runSltFiles([ok], {
      ...options(),
      connection: { ...options().connection, port: 1 },
    });
    expect(refused.error).toMatch(/^cannot connect/);
    expect(refused.records).toEqual([]);
  });
});
