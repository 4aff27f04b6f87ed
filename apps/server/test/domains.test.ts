/**
 * Domains through node-postgres: parameters bound to a domain column are checked (23514, 23502
 * with the domain named), the result columns describe the base type as PostgreSQL does (so the
 * client parses them as integers and text), and they survive kill -9.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process.js';

async function queryError(client: pg.Client, sql: string, params: unknown[] = []): Promise<pg.DatabaseError> {
  try {
    await client.query(sql, params);
  } catch (err) {
    return err as pg.DatabaseError;
  }
  throw new Error(`expected an error from: ${sql}`);
}

describe('domains over the wire', () => {
  let server: ServerProcess;
  let client: pg.Client;
  beforeAll(async () => {
    server = await ServerProcess.start();
    client = await server.connect();
    await client.query('CREATE DOMAIN posint AS integer NOT NULL CHECK (VALUE > 0)');
    await client.query("CREATE DOMAIN email AS text CHECK (VALUE ~ '@')");
    await client.query('CREATE TABLE account (id posint PRIMARY KEY, mail email)');
  }, 120_000);
  afterAll(async () => {
    await client?.end().catch(() => undefined);
    await server?.destroy();
  });

  it('checks parameters bound to domain columns', async () => {
    await client.query('INSERT INTO account VALUES ($1, $2)', [1, 'a@b']);
    const bad = await queryError(client, 'INSERT INTO account VALUES ($1, $2)', [0, 'a@b']);
    expect(bad.code).toBe('23514');
    expect(bad.message).toBe('value for domain posint violates check constraint "posint_check"');
    const nul = await queryError(client, 'INSERT INTO account VALUES ($1, $2)', [null, 'a@b']);
    expect(nul.code).toBe('23502');
    expect(nul.message).toBe('domain posint does not allow null values');
    const mail = await queryError(client, 'UPDATE account SET mail = $1 WHERE id = $2', ['nope', 1]);
    expect(mail.message).toBe('value for domain email violates check constraint "email_check"');
  });

  it('describes domain columns as their base type and parses them so', async () => {
    const { rows, fields } = await client.query('SELECT id, mail, id + 1 AS next FROM account');
    expect(fields.map((f) => f.dataTypeID)).toEqual([23, 25, 23]);
    expect(rows).toEqual([{ id: 1, mail: 'a@b', next: 2 }]);
    const typeOf = await client.query('SELECT pg_typeof(id)::text AS t FROM account');
    expect(typeOf.rows).toEqual([{ t: 'posint' }]);
  });

  it('keeps domains across a crash', async () => {
    await client.end();
    await server.kill9();
    await server.restart();
    client = await server.connect();
    const bad = await queryError(client, 'INSERT INTO account VALUES (-5, $1)', ['x@y']);
    expect(bad.code).toBe('23514');
    expect((await client.query('SELECT count(*)::int AS n FROM account')).rows).toEqual([{ n: 1 }]);
  });
});
