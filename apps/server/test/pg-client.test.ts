/**
 * node-postgres against the real server: types on the wire, command tags, errors with their
 * fields, transaction blocks, and hostile input that must not disturb other sessions.
 */
import { connect as netConnect } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process.js';

async function sqlError(client: pg.Client, sql: string): Promise<pg.DatabaseError> {
  try {
    await client.query(sql);
  } catch (err) {
    return err as pg.DatabaseError;
  }
  throw new Error(`expected an error from: ${sql}`);
}

describe('node-postgres end to end', () => {
  let server: ServerProcess;
  let client: pg.Client;
  beforeAll(async () => {
    server = await ServerProcess.start();
    client = await server.connect();
  }, 120_000);
  afterAll(async () => {
    await client?.end().catch(() => undefined);
    await server?.destroy();
  });

  it('reports server parameters a client reads', async () => {
    const { rows } = await client.query('SHOW server_version');
    expect(rows[0].server_version).toMatch(/^15\./);
    expect((await client.query('SHOW standard_conforming_strings')).rows[0].standard_conforming_strings).toBe(
      'on',
    );
  });

  it('round-trips the issue 2 types with PostgreSQL command tags', async () => {
    const created = await client.query(
      'CREATE TABLE items (id int8 PRIMARY KEY, small int2, n int4, price numeric(10,2), ratio float8, name varchar(20), note text, ok bool)',
    );
    expect(created.command).toBe('CREATE');
    const ins = await client.query(
      `INSERT INTO items VALUES (1, 2, 3, 4.5, 0.25, 'one', NULL, true), (2, -2, -3, 1234567.891, 1e20, 'two', 'x', false)
       RETURNING id, price`,
    );
    expect(ins.command).toBe('INSERT');
    expect(ins.rowCount).toBe(2);
    expect(ins.rows).toEqual([
      { id: '1', price: '4.50' },
      { id: '2', price: '1234567.89' },
    ]);
    const { rows, fields } = await client.query('SELECT * FROM items ORDER BY id');
    expect(fields.map((f) => f.dataTypeID)).toEqual([20, 21, 23, 1700, 701, 1043, 25, 16]);
    expect(rows[0]).toEqual({
      id: '1',
      small: 2,
      n: 3,
      price: '4.50',
      ratio: 0.25,
      name: 'one',
      note: null,
      ok: true,
    });
    expect(rows[1].ratio).toBe(1e20);
    const upd = await client.query("UPDATE items SET note = 'updated' WHERE id = 1 RETURNING note");
    expect([upd.command, upd.rowCount, upd.rows[0].note]).toEqual(['UPDATE', 1, 'updated']);
    const del = await client.query('DELETE FROM items WHERE id = 2');
    expect([del.command, del.rowCount]).toEqual(['DELETE', 1]);
  });

  it('runs MERGE with parameters through the extended protocol, again from the plan cache', async () => {
    await client.query('CREATE TABLE stock (sku int PRIMARY KEY, qty int NOT NULL)');
    const upsert = {
      name: 'merge-stock',
      text: `MERGE INTO stock USING (SELECT $1::int AS sku, $2::int AS qty) AS s ON stock.sku = s.sku
        WHEN MATCHED AND stock.qty + s.qty <= 0 THEN DELETE
        WHEN MATCHED THEN UPDATE SET qty = stock.qty + s.qty
        WHEN NOT MATCHED THEN INSERT VALUES ($1, $2)`,
    };
    const tags: string[] = [];
    for (const values of [
      [1, 5],
      [1, 2],
      [2, 4],
      [1, -7],
    ]) {
      const r = await client.query({ ...upsert, values });
      tags.push(`${r.command} ${r.rowCount}`);
    }
    expect(tags).toEqual(['MERGE 1', 'MERGE 1', 'MERGE 1', 'MERGE 1']);
    expect((await client.query('SELECT sku, qty FROM stock ORDER BY sku')).rows).toEqual([
      { sku: 2, qty: 4 },
    ]);
    const twice = await sqlError(
      client,
      'MERGE INTO stock USING (VALUES (2), (2)) s(k) ON sku = k WHEN MATCHED THEN DELETE',
    );
    expect([twice.code, twice.hint]).toEqual([
      '21000',
      'Ensure that not more than one source row matches any one target row.',
    ]);
  });

  it('raises PostgreSQL errors with SQLSTATE and position', async () => {
    expect((await sqlError(client, 'SELECT * FROM missing')).code).toBe('42P01');
    const syntax = await sqlError(client, 'SELECT FROM WHERE');
    expect(syntax.code).toBe('42601');
    expect(syntax.position).toBe('13');
    expect((await sqlError(client, 'SELECT nope FROM items')).code).toBe('42703');
    expect((await sqlError(client, 'SELECT 2147483647 + 1')).code).toBe('22003');
    expect((await sqlError(client, 'SELECT 1 / 0')).code).toBe('22012');
    expect((await sqlError(client, "SELECT 'abc'::int")).code).toBe('22P02');
    const dup = await sqlError(client, 'INSERT INTO items (id) VALUES (1)');
    expect([dup.code, dup.constraint, dup.detail]).toEqual([
      '23505',
      'items_pkey',
      'Key (id)=(1) already exists.',
    ]);
    expect((await sqlError(client, 'INSERT INTO items (small) VALUES (1)')).code).toBe('23502');
    expect((await client.query('SELECT 1 AS still_usable')).rows).toEqual([{ still_usable: 1 }]);
  });

  it('sends enum values as strings with the enum OID, in text and binary format', async () => {
    await client.query("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
    await client.query('CREATE TABLE feelings (id int PRIMARY KEY, m mood NOT NULL, h mood[])');
    await client.query('INSERT INTO feelings VALUES ($1, $2, $3), (2, $4, NULL)', [
      1,
      'happy',
      '{sad,ok}',
      'sad',
    ]);
    const oid = (await client.query("SELECT oid FROM pg_type WHERE typname = 'mood'")).rows[0].oid;
    const { rows, fields } = await client.query('SELECT id, m, h FROM feelings WHERE m > $1 ORDER BY m', [
      'sad',
    ]);
    expect(fields[1]!.dataTypeID).toBe(Number(oid));
    expect(rows).toEqual([{ id: 1, m: 'happy', h: '{sad,ok}' }]);
    // node-postgres's `binary` query option (not in its typings) asks for binary results.
    const binaryQuery = { text: 'SELECT m FROM feelings WHERE id = 2', binary: true } as pg.QueryConfig;
    const binary = await client.query(binaryQuery);
    expect(Buffer.from(binary.rows[0].m).toString()).toBe('sad');
    const err = await sqlError(client, "INSERT INTO feelings VALUES (3, 'meh', NULL)");
    expect([err.code, err.message]).toEqual(['22P02', 'invalid input value for enum mood: "meh"']);
  });

  it('runs transaction blocks with PostgreSQL failure rules', async () => {
    await client.query('BEGIN');
    await client.query("INSERT INTO items (id, name) VALUES (10, 'ten')");
    await sqlError(client, 'SELECT 1/0');
    expect((await sqlError(client, 'SELECT 1')).code).toBe('25P02');
    const commit = await client.query('COMMIT');
    expect(commit.command).toBe('ROLLBACK');
    expect((await client.query('SELECT count(*) FROM items WHERE id = 10')).rows[0].count).toBe('0');
    await client.query('BEGIN');
    await client.query("INSERT INTO items (id, name) VALUES (11, 'eleven')");
    await client.query('COMMIT');
    expect((await client.query('SELECT name FROM items WHERE id = 11')).rows[0].name).toBe('eleven');
  });

  it('treats a multi-statement query as one implicit transaction', async () => {
    await sqlError(client, 'INSERT INTO items (id) VALUES (20); INSERT INTO items (id) VALUES (20)');
    expect((await client.query('SELECT count(*) FROM items WHERE id = 20')).rows[0].count).toBe('0');
  });

  it('runs a data-modifying WITH with parameters: the tag and row count are the main statement’s', async () => {
    await client.query('CREATE TABLE queue (id int PRIMARY KEY, job text)');
    await client.query('CREATE TABLE done (id int PRIMARY KEY, job text)');
    await client.query("INSERT INTO queue SELECT i, 'job ' || i FROM generate_series(1, 5) i");
    const moved = await client.query(
      'WITH m AS (DELETE FROM queue WHERE id <= $1 RETURNING *) INSERT INTO done SELECT * FROM m RETURNING id',
      [3],
    );
    expect([moved.command, moved.rowCount, moved.rows]).toEqual([
      'INSERT',
      3,
      [{ id: 1 }, { id: 2 }, { id: 3 }],
    ]);
    const picked = await client.query({
      text: 'WITH p AS (DELETE FROM queue WHERE id = $1 RETURNING job) SELECT job FROM p',
      values: [5],
    });
    expect([picked.command, picked.rowCount, picked.rows]).toEqual(['SELECT', 1, [{ job: 'job 5' }]]);
    expect((await client.query('SELECT count(*) FROM queue')).rows[0].count).toBe('1');
  });

  it('closes a connection that sends a malformed message while other sessions carry on', async () => {
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const socket = netConnect(server.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (d) => chunks.push(d));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks)));
      socket.on('connect', () => {
        const user = Buffer.from('user\0rustydb\0database\0rustydb\0\0');
        const startup = Buffer.alloc(8);
        startup.writeInt32BE(8 + user.length, 0);
        startup.writeInt32BE(196608, 4);
        socket.write(Buffer.concat([startup, user]));
        // A Query message claiming 2 GiB.
        socket.write(Buffer.from([0x51, 0x7f, 0xff, 0xff, 0xff, 0x00]));
      });
    });
    expect(reply.includes(Buffer.from('08P01'))).toBe(true);
    expect((await client.query('SELECT 42 AS answer')).rows).toEqual([{ answer: 42 }]);
  });

  it('answers statements too deep or too large with an error while the server keeps serving', async () => {
    const other = await server.connect();
    try {
      const nested = await sqlError(client, `SELECT ${'('.repeat(50_000)}1${')'.repeat(50_000)}`);
      expect(nested.code).toBe('54001');
      expect((await sqlError(client, `SELECT ${'- '.repeat(50_000)}1`)).code).toBe('54001');
      expect((await sqlError(client, `SELECT ${'1+'.repeat(50_000)}1`)).code).toBe('54001');
      const tooLong = await sqlError(
        client,
        "WITH r AS MATERIALIZED (SELECT repeat('x', 200000000) AS x) SELECT length(x || x || x) FROM r",
      );
      expect({ code: tooLong.code, message: tooLong.message }).toEqual({
        code: '54000',
        message: 'out of memory',
      });
      expect((await other.query('SELECT 42 AS answer')).rows).toEqual([{ answer: 42 }]);
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await other.end();
    }
  });

  it('starts a session with the settings of the options parameter (PGOPTIONS), or refuses it', async () => {
    const options = '-c search_path=opts_schema,public --statement-timeout=1500 -c my.flag=a\\ b';
    const configured = new pg.Client({ ...server.clientConfig(), options });
    await configured.connect();
    try {
      const { rows } = await configured.query(
        "SELECT current_setting('search_path') AS p, current_setting('statement_timeout') AS t, current_setting('my.flag') AS f",
      );
      expect(rows).toEqual([{ p: 'opts_schema,public', t: '1500ms', f: 'a b' }]);
    } finally {
      await configured.end();
    }
    for (const [bad, code] of [
      ['-c statement_timeout=soon', '22023'],
      ['-c no_such_setting=1', '42704'],
      ['-B 100', '42601'],
    ]) {
      const refused = new pg.Client({ ...server.clientConfig(), options: bad });
      refused.on('error', () => undefined);
      await expect(refused.connect()).rejects.toMatchObject({ code, severity: 'FATAL' });
      await refused.end().catch(() => undefined);
    }
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('reads text-format parameters in the session TimeZone and DateStyle', async () => {
    const other = await server.connect();
    try {
      await other.query("SET TIME ZONE 'America/New_York'");
      await other.query("SET DateStyle = 'ISO, DMY'");
      const { rows } = await other.query('SELECT $1::timestamptz::text AS t, $2::date::text AS d', [
        '2024-01-01 12:00',
        '01/02/2024',
      ]);
      expect(rows).toEqual([{ t: '2024-01-01 12:00:00-05', d: '2024-02-01' }]);
    } finally {
      await other.end();
    }
  });
});
