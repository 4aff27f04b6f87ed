/**
 * The client suite: every mainstream PostgreSQL client the project promises, unchanged, against the
 * real server binary. The server only accepts TLS with SCRAM-SHA-256 (an hba file with one
 * `hostssl … scram-sha-256` line), so every client below proves it connects over TLS with SCRAM.
 * Each one then creates its own schema and runs the same script: CRUD with parameters, a
 * rolled-back and a committed transaction, a prepared statement, an error that surfaces with its
 * SQLSTATE, and the client's own introspection where it has one.
 *
 * psycopg2 and the JDBC driver come from Debian (`python3-psycopg2`, `libpostgresql-jdbc-java`,
 * installed by .ci/run); they run as small programs in test/clients/ that print what they saw.
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTestCertificates, type TestCertificates } from '@rustydb/protocol/testing';
import { sql as dsql, eq, lt } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, numeric, pgSchema, serial, text } from 'drizzle-orm/pg-core';
import knexFactory, { type Knex } from 'knex';
import { type Generated, Kysely, sql as ksql, PostgresDialect } from 'kysely';
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process.js';

const PASSWORD = 'client suite password';
const HERE = fileURLToPath(new URL('./clients/', import.meta.url));
const PYTHON = '/usr/bin/python3';
const JDBC_JAR = '/usr/share/java/postgresql.jar';

let certs: TestCertificates;
let server: ServerProcess;
let hbaPath: string;

const tls = () => ({ ca: certs.ca, servername: 'localhost', rejectUnauthorized: true });

/** node-postgres settings every pg-based client (node-postgres, Kysely, Drizzle, Knex) uses. */
function pgConfig(): pg.ClientConfig {
  return {
    host: '127.0.0.1',
    port: server.port,
    user: 'rustydb',
    database: 'rustydb',
    password: PASSWORD,
    ssl: tls(),
    connectionTimeoutMillis: 10_000,
  };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${cmd} failed: ${stderr || err.message}\n${stdout}`)) : resolve(stdout),
    );
  });
}

beforeAll(async () => {
  certs = makeTestCertificates();
  hbaPath = join(certs.caPath, '..', 'clients-hba.conf');
  writeFileSync(hbaPath, '# TLS and SCRAM only\nhostssl all all 127.0.0.1/32 scram-sha-256\n');
  server = await ServerProcess.start({
    args: ['--tls-cert', certs.certPath, '--tls-key', certs.keyPath, '--hba-file', hbaPath],
    env: { RUSTYDB_PASSWORD: PASSWORD },
    client: { password: PASSWORD, ssl: tls() },
  });
}, 120_000);

afterAll(async () => {
  await server?.destroy();
  if (hbaPath) rmSync(hbaPath, { force: true });
  certs?.remove();
});

it('refuses a connection without TLS (so every client below really uses TLS)', async () => {
  const client = new pg.Client({ ...pgConfig(), ssl: false });
  await expect(client.connect()).rejects.toMatchObject({ code: '28000' });
  await client.end().catch(() => undefined);
});

describe('psql', () => {
  const psql = (script: string) =>
    run(
      'psql',
      [
        '-X',
        '-A',
        '-t',
        '-q',
        '-h',
        'localhost',
        '-p',
        String(server.port),
        '-U',
        'rustydb',
        '-d',
        'rustydb',
        '-c',
        script,
      ],
      {
        PGPASSWORD: PASSWORD,
        PGSSLMODE: 'verify-full',
        PGSSLROOTCERT: certs.caPath,
        PGCONNECT_TIMEOUT: '10',
      },
    );

  it('connects with verify-full and SCRAM, runs CRUD, transactions, PREPARE and shows SQLSTATEs', async () => {
    expect(await psql('\\conninfo')).toMatch(/SSL connection \(protocol: TLSv1\.[23]/);
    await psql(
      'CREATE SCHEMA c_psql; CREATE TABLE c_psql.items (id serial PRIMARY KEY, name text NOT NULL, qty int)',
    );
    await psql(
      "INSERT INTO c_psql.items (name, qty) VALUES ('apple', 3), ('pear', 5); UPDATE c_psql.items SET qty = qty + 1 WHERE name = 'pear'",
    );
    await psql("BEGIN; INSERT INTO c_psql.items (name) VALUES ('ghost'); ROLLBACK");
    await psql("PREPARE q (text) AS SELECT qty FROM c_psql.items WHERE name = $1; EXECUTE q ('pear')").then(
      (out) => expect(out).toBe('6\n'),
    );
    expect(await psql('SELECT name FROM c_psql.items ORDER BY id')).toBe('apple\npear\n');
    await expect(
      run(
        'psql',
        [
          '-X',
          '-q',
          '-v',
          'VERBOSITY=verbose',
          '-h',
          'localhost',
          '-p',
          String(server.port),
          '-U',
          'rustydb',
          '-d',
          'rustydb',
          '-c',
          "INSERT INTO c_psql.items (id, name) VALUES (1, 'dup')",
        ],
        { PGPASSWORD: PASSWORD, PGSSLMODE: 'verify-full', PGSSLROOTCERT: certs.caPath },
      ),
    ).rejects.toThrow(/ERROR: {2}23505: duplicate key value violates unique constraint "items_pkey"/);
  });

  it('describes the table with \\d', async () => {
    // Unaligned but not tuples-only: \d prints its footers (indexes) only then.
    const out = await run(
      'psql',
      [
        '-X',
        '-A',
        '-h',
        'localhost',
        '-p',
        String(server.port),
        '-U',
        'rustydb',
        '-d',
        'rustydb',
        '-c',
        '\\d c_psql.items',
      ],
      { PGPASSWORD: PASSWORD, PGSSLMODE: 'verify-full', PGSSLROOTCERT: certs.caPath },
    );
    expect(out).toContain('Table "c_psql.items"');
    expect(out).toContain("id|integer||not null|nextval('c_psql.items_id_seq'::regclass)");
    expect(out).toContain('Indexes:\n    "items_pkey" PRIMARY KEY, btree (id)');
  });
});

describe('node-postgres', () => {
  it('runs the client script', async () => {
    const client = new pg.Client(pgConfig());
    await client.connect();
    try {
      await client.query('CREATE SCHEMA c_pg');
      await client.query(
        'CREATE TABLE c_pg.items (id serial PRIMARY KEY, name text NOT NULL, qty int, price numeric(10,2))',
      );
      const ids: number[] = [];
      for (const [name, qty, price] of [
        ['apple', 3, '1.25'],
        ['pear', 5, '2.50'],
        ['plum', 7, '0.75'],
      ] as const) {
        const r = await client.query(
          'INSERT INTO c_pg.items (name, qty, price) VALUES ($1, $2, $3) RETURNING id',
          [name, qty, price],
        );
        ids.push(r.rows[0].id);
      }
      expect(
        (await client.query('UPDATE c_pg.items SET qty = qty + $1 WHERE name = $2', [10, 'pear'])).rowCount,
      ).toBe(1);
      expect((await client.query('DELETE FROM c_pg.items WHERE qty < $1', [4])).rowCount).toBe(1);
      await client.query('BEGIN');
      await client.query("INSERT INTO c_pg.items (name) VALUES ('ghost')");
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      await client.query("INSERT INTO c_pg.items (name, qty) VALUES ('kiwi', 2)");
      await client.query('COMMIT');
      // A named prepared statement, executed twice (parsed once on the server).
      const named = { name: 'qty_of', text: 'SELECT qty FROM c_pg.items WHERE name = $1' };
      expect((await client.query({ ...named, values: ['pear'] })).rows).toEqual([{ qty: 15 }]);
      expect((await client.query({ ...named, values: ['kiwi'] })).rows).toEqual([{ qty: 2 }]);
      await expect(
        client.query('INSERT INTO c_pg.items (id, name) VALUES ($1, $2)', [ids[1], 'dup']),
      ).rejects.toMatchObject({
        code: '23505',
        constraint: 'items_pkey',
      });
      const cols = await client.query(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'c_pg' AND table_name = 'items' ORDER BY ordinal_position",
      );
      expect(cols.rows.map((r) => `${r.column_name}:${r.data_type}`)).toEqual([
        'id:integer',
        'name:text',
        'qty:integer',
        'price:numeric',
      ]);
      expect((await client.query('SELECT name, qty, price FROM c_pg.items ORDER BY id')).rows).toEqual([
        { name: 'pear', qty: 15, price: '2.50' },
        { name: 'plum', qty: 7, price: '0.75' },
        { name: 'kiwi', qty: 2, price: null },
      ]);
    } finally {
      await client.end();
    }
  });
});

describe('postgres.js', () => {
  it('runs the client script (fetching array types from pg_type at connect, as it does by default)', async () => {
    const sql = postgres({
      host: '127.0.0.1',
      port: server.port,
      user: 'rustydb',
      pass: PASSWORD,
      database: 'rustydb',
      ssl: tls(),
      max: 1,
      connect_timeout: 10,
      onnotice: () => undefined,
    });
    try {
      await sql`CREATE SCHEMA c_postgresjs`;
      await sql`CREATE TABLE c_postgresjs.items (id serial PRIMARY KEY, name text NOT NULL, qty int, tags text[])`;
      const rows = [
        { name: 'apple', qty: 3, tags: ['red', 'fruit'] },
        { name: 'pear', qty: 5, tags: ['green'] },
      ];
      const ids = await sql`INSERT INTO c_postgresjs.items ${sql(rows, 'name', 'qty', 'tags')} RETURNING id`;
      expect(ids).toHaveLength(2);
      await sql`UPDATE c_postgresjs.items SET qty = qty + ${10} WHERE name = ${'pear'}`;
      await sql
        .begin(async (tx) => {
          await tx`INSERT INTO c_postgresjs.items (name) VALUES ('ghost')`;
          throw new Error('roll back');
        })
        .catch((err: Error) => expect(err.message).toBe('roll back'));
      await sql.begin(async (tx) => {
        await tx`INSERT INTO c_postgresjs.items (name, qty, tags) VALUES ('kiwi', 2, ${['brown']})`;
      });
      // postgres.js prepares every parameterised query as a named statement by default.
      const got = await sql`SELECT name, qty, tags FROM c_postgresjs.items WHERE qty > ${1} ORDER BY id`;
      expect(got.map((r) => ({ ...r }))).toEqual([
        { name: 'apple', qty: 3, tags: ['red', 'fruit'] },
        { name: 'pear', qty: 15, tags: ['green'] },
        { name: 'kiwi', qty: 2, tags: ['brown'] },
      ]);
      await expect(
        sql`INSERT INTO c_postgresjs.items (id, name) VALUES (${ids[0].id}, 'dup')`,
      ).rejects.toMatchObject({
        code: '23505',
      });
      const cols =
        await sql`SELECT column_name FROM information_schema.columns WHERE table_schema = 'c_postgresjs' ORDER BY ordinal_position`;
      expect(cols.map((r) => r.column_name)).toEqual(['id', 'name', 'qty', 'tags']);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});

describe('psycopg2', () => {
  const available = existsSync(PYTHON) && existsSync('/usr/lib/python3/dist-packages/psycopg2');
  it.skipIf(!available && process.env.CI !== 'true')('runs the client script', async () => {
    const out = JSON.parse(
      await run(PYTHON, [join(HERE, 'psycopg2_client.py'), String(server.port), PASSWORD, certs.caPath]),
    );
    expect(out).toMatchObject({
      ssl: true,
      updated: 1,
      deleted: 1,
      rows: [
        ['pear', 15, '2.50'],
        ['plum', 7, '0.75'],
      ],
      after_tx: ['kiwi', 'pear', 'plum'],
      prepared: 2,
      error: ['23505', 'UniqueViolation'],
      aborted: '25P02',
      description: [
        ['id', 23],
        ['name', 25],
        ['qty', 23],
        ['price', 1700],
      ],
      named: [990, 11, 1000],
      scrolled: 6,
      held: 465,
    });
    expect(out.server_version).toBeGreaterThanOrEqual(150000);
  });
});

describe('JDBC', () => {
  const available = existsSync(JDBC_JAR);
  it.skipIf(!available && process.env.CI !== 'true')(
    'runs the client script',
    async () => {
      const out = await run('java', [
        '-cp',
        JDBC_JAR,
        join(HERE, 'JdbcClient.java'),
        String(server.port),
        PASSWORD,
        certs.caPath,
      ]);
      const lines = Object.fromEntries(
        out
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      expect(lines).toMatchObject({
        product: 'PostgreSQL 15',
        updated: '1',
        deleted: '1',
        rows: 'pear:15:2.50 plum:7:0.75',
        // The int8[] read back in binary: pgjdbc drops the lower bound, as it does against PostgreSQL.
        arrays: '[1, null, 5]|[a, null, b c]|{"5","6"}|PGobject:2 1',
        after_tx: 'kiwi,pear,plum',
        error: '23505',
        aborted: '25P02',
        columns: 'id:serial name:text qty:int4 price:numeric',
        tables: 'items',
        pk: 'id',
        // As PostgreSQL 15 answers pgjdbc 42.5 for the same schema.
        indexes:
          'items_pkey:1:id:unique:A items_name_qty:1:name:non_unique:A items_name_qty:2:qty:non_unique:A',
        // pear (15) and plum (7) deleted, kiwi (2) left.
        dml_with: 'pear:1',
      });
    },
    120_000,
  );
});

describe('Kysely', () => {
  interface Db {
    'c_kysely.items': { id: Generated<number>; name: string; qty: number | null };
  }
  it('runs the client script', async () => {
    const db = new Kysely<Db>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ ...pgConfig(), max: 2 }) }),
    });
    try {
      await db.schema.createSchema('c_kysely').execute();
      await db.schema
        .createTable('c_kysely.items')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('qty', 'integer')
        .execute();
      const inserted = await db
        .insertInto('c_kysely.items')
        .values([
          { name: 'apple', qty: 3 },
          { name: 'pear', qty: 5 },
        ])
        .returning('id')
        .execute();
      await db.updateTable('c_kysely.items').set({ qty: 15 }).where('name', '=', 'pear').execute();
      await db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('c_kysely.items').values({ name: 'ghost', qty: 1 }).execute();
          throw new Error('roll back');
        })
        .catch((err: Error) => expect(err.message).toBe('roll back'));
      await db.deleteFrom('c_kysely.items').where('qty', '<', 4).execute();
      expect(await db.selectFrom('c_kysely.items').select(['name', 'qty']).orderBy('id').execute()).toEqual([
        { name: 'pear', qty: 15 },
      ]);
      await expect(
        db.insertInto('c_kysely.items').values({ id: inserted[1].id, name: 'dup', qty: 0 }).execute(),
      ).rejects.toMatchObject({ code: '23505' });
      expect(
        (await ksql<{ n: number }>`SELECT count(*)::int AS n FROM c_kysely.items`.execute(db)).rows,
      ).toEqual([{ n: 1 }]);
      const tables = await db.introspection.getTables();
      const items = tables.find((t) => t.schema === 'c_kysely' && t.name === 'items');
      expect(items?.columns.map((c) => [c.name, c.dataType, c.isNullable, c.isAutoIncrementing])).toEqual([
        ['id', 'int4', false, true],
        ['name', 'text', false, false],
        ['qty', 'int4', true, false],
      ]);
    } finally {
      await db.destroy();
    }
  });
});

describe('Drizzle', () => {
  it('runs the client script', async () => {
    const pool = new pg.Pool({ ...pgConfig(), max: 2 });
    const schema = pgSchema('c_drizzle');
    const items = schema.table('items', {
      id: serial('id').primaryKey(),
      name: text('name').notNull(),
      qty: integer('qty'),
      price: numeric('price', { precision: 10, scale: 2 }),
    });
    const db = drizzle(pool);
    try {
      await db.execute(dsql`CREATE SCHEMA c_drizzle`);
      await db.execute(
        dsql`CREATE TABLE c_drizzle.items (id serial PRIMARY KEY, name text NOT NULL, qty int, price numeric(10,2))`,
      );
      const ids = await db
        .insert(items)
        .values([
          { name: 'apple', qty: 3, price: '1.25' },
          { name: 'pear', qty: 5, price: '2.50' },
        ])
        .returning({ id: items.id });
      await db.update(items).set({ qty: 15 }).where(eq(items.name, 'pear'));
      await db
        .transaction(async (tx) => {
          await tx.insert(items).values({ name: 'ghost' });
          tx.rollback();
        })
        .catch(() => undefined);
      await db.transaction(async (tx) => {
        await tx.insert(items).values({ name: 'kiwi', qty: 2 });
      });
      await db.delete(items).where(lt(items.qty, 3));
      const byName = db
        .select({ qty: items.qty })
        .from(items)
        .where(eq(items.name, dsql.placeholder('name')))
        .prepare('drizzle_qty_of');
      expect(await byName.execute({ name: 'pear' })).toEqual([{ qty: 15 }]);
      expect(await db.select({ name: items.name, price: items.price }).from(items).orderBy(items.id)).toEqual(
        [
          { name: 'apple', price: '1.25' },
          { name: 'pear', price: '2.50' },
        ],
      );
      const err = await db
        .insert(items)
        .values({ id: ids[0].id, name: 'dup' })
        .then(
          () => undefined,
          (e: { code?: string; cause?: { code?: string } }) => e,
        );
      expect(err?.cause?.code ?? err?.code).toBe('23505');
    } finally {
      await pool.end();
    }
  });
});

describe('Knex', () => {
  it('runs its migrations and the client script', async () => {
    const knex = knexFactory({
      client: 'pg',
      connection: pgConfig() as Knex.PgConnectionConfig,
      pool: { min: 0, max: 2 },
    });
    try {
      await knex.raw('CREATE SCHEMA c_knex');
      const [, applied] = await knex.migrate.latest({
        directory: join(HERE, 'knex-migrations'),
        loadExtensions: ['.mjs'],
        schemaName: 'c_knex',
      });
      expect(applied).toHaveLength(2);
      expect(await knex.schema.withSchema('c_knex').hasTable('widgets')).toBe(true);
      expect(await knex.schema.withSchema('c_knex').hasColumn('widgets', 'price')).toBe(true);
      const ids = await knex('c_knex.widgets')
        .insert([
          { name: 'apple', qty: 3, price: '1.25' },
          { name: 'pear', qty: 5, price: '2.50' },
        ])
        .returning('id');
      await knex('c_knex.widgets').where({ name: 'pear' }).update({ qty: 15 });
      await knex
        .transaction(async (trx) => {
          await trx('c_knex.widgets').insert({ name: 'ghost' });
          throw new Error('roll back');
        })
        .catch((err: Error) => expect(err.message).toBe('roll back'));
      await knex('c_knex.widgets').where('qty', '<', 4).del();
      expect(await knex('c_knex.widgets').select('name', 'qty', 'price').orderBy('id')).toEqual([
        { name: 'pear', qty: 15, price: '2.50' },
      ]);
      await expect(knex('c_knex.widgets').insert({ id: ids[1].id, name: 'dup' })).rejects.toMatchObject({
        code: '23505',
      });
      // A native enum (Knex's enu with useNative: CREATE TYPE … AS ENUM, then a column of it).
      await knex.schema.withSchema('c_knex').createTable('moods', (t) => {
        t.increments('id');
        t.enu('feeling', ['sad', 'ok', 'happy'], {
          useNative: true,
          enumName: 'feeling',
          schemaName: 'c_knex',
        });
      });
      await knex('c_knex.moods').insert([{ feeling: 'happy' }, { feeling: 'sad' }]);
      expect(await knex('c_knex.moods').select('feeling').orderBy('feeling')).toEqual([
        { feeling: 'sad' },
        { feeling: 'happy' },
      ]);
      await expect(knex('c_knex.moods').insert({ feeling: 'meh' })).rejects.toMatchObject({ code: '22P02' });
      await knex.schema.withSchema('c_knex').dropTable('moods');
      await knex.raw('DROP TYPE c_knex.feeling');
      // A second run applies nothing: the migrations table remembers.
      const [, again] = await knex.migrate.latest({
        directory: join(HERE, 'knex-migrations'),
        loadExtensions: ['.mjs'],
        schemaName: 'c_knex',
      });
      expect(again).toEqual([]);
    } finally {
      await knex.destroy();
    }
  });
});
