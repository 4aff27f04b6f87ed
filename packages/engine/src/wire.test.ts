import { ProtocolServer } from '@rustydb/protocol';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;
let server: ProtocolServer;
let port: number;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir);
  server = new ProtocolServer(db);
  port = (await server.listen(0, '127.0.0.1')).port;
});

afterAll(async () => {
  await server.close();
  await db.close();
  removeDir(dir);
});

const client = (options: { user?: string; database?: string } = {}) =>
  new pg.Client({ host: '127.0.0.1', port, user: 'rustydb', database: 'rustydb', ...options });

describe('the engine behind the wire protocol (node-postgres)', () => {
  it('runs DDL, DML and transaction blocks', async () => {
    const c = client();
    await c.connect();
    try {
      await c.query('CREATE TABLE w (id int PRIMARY KEY, name text NOT NULL)');
      await c.query('BEGIN');
      const ins = await c.query("INSERT INTO w VALUES (1, 'a'), (2, 'b')");
      expect([ins.command, ins.rowCount]).toEqual(['INSERT', 2]);
      await c.query('COMMIT');
      const r = await c.query('SELECT id, name FROM w ORDER BY id');
      expect(r.rows).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ]);
      await expect(c.query("INSERT INTO w VALUES (1, 'x')")).rejects.toMatchObject({
        code: '23505',
        constraint: 'w_pkey',
      });
      const show = await c.query('SHOW server_version');
      expect(show.fields[0]!.name).toBe('server_version');
    } finally {
      await c.end();
    }
  });

  it('reports the transaction status a failed block leaves', async () => {
    const c = client();
    await c.connect();
    try {
      await c.query('BEGIN');
      await expect(c.query('SELECT 1/0')).rejects.toMatchObject({ code: '22012' });
      await expect(c.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
      const r = await c.query('COMMIT');
      expect(r.command).toBe('ROLLBACK');
    } finally {
      await c.end();
    }
  });

  it('refuses unknown roles and databases', async () => {
    await expect(client({ user: 'bob' }).connect()).rejects.toMatchObject({ code: '28000' });
    await expect(client({ database: 'other' }).connect()).rejects.toMatchObject({ code: '3D000' });
  });
});
