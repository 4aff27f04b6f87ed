/**
 * psql's describe commands (\d, \d NAME, \d+ TABLE, \dt, \di, \dn, \du, \l, \dv, \ds, \df) and
 * information_schema queries on the real RustyDB server and on a throwaway PostgreSQL 15 with
 * the same schema, compared output for output. Both sides run as a superuser named `rustydb`
 * in a database `rustydb`, so owners match; only what is genuinely environmental is normalised:
 * \l and \du list other databases and roles on PostgreSQL, so only the `rustydb` rows (and, for
 * \du and \duS, the predefined roles' and one login role's) are compared (unaligned). Skipped,
 * with the reason, when PostgreSQL 15 is not installed.
 */
import { execFile } from 'node:child_process';
import { type ReferencePostgres, startReferencePostgres } from '@rustydb/slt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process.js';

const SCHEMA = `
CREATE TABLE p (id serial PRIMARY KEY, name text NOT NULL UNIQUE, qty int DEFAULT 0 CHECK (qty >= 0));
CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p(id) ON DELETE CASCADE, note varchar(20),
  amount numeric(10,2), created timestamptz, flag boolean DEFAULT true);
CREATE INDEX c_note_idx ON c (note);
CREATE UNIQUE INDEX c_amount_desc ON c (amount DESC, id);
CREATE VIEW v AS SELECT id, name FROM p;
CREATE SEQUENCE s;
CREATE SCHEMA other;
CREATE TABLE other.t (k bigint PRIMARY KEY, payload jsonb);
CREATE TABLE other.ident (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a int, b int, UNIQUE (a, b));
CREATE TABLE child2 (x int, y int, FOREIGN KEY (x, y) REFERENCES other.ident (a, b) ON UPDATE SET NULL);
COMMENT ON TABLE p IS 'parent table';
COMMENT ON COLUMN p.name IS 'the name';
CREATE ROLE reader;
CREATE ROLE writer;
CREATE ROLE exporter LOGIN;
GRANT pg_monitor TO exporter;
GRANT SELECT ON p, v TO reader;
GRANT INSERT, UPDATE ON p TO writer WITH GRANT OPTION;
GRANT USAGE ON SEQUENCE s TO writer;
GRANT USAGE ON SCHEMA other TO reader;
GRANT SELECT ON ALL TABLES IN SCHEMA other TO PUBLIC;
REVOKE DELETE ON c FROM rustydb;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA other GRANT INSERT ON TABLES TO writer;
ALTER DEFAULT PRIVILEGES FOR ROLE writer REVOKE ALL ON SEQUENCES FROM writer;
CREATE TABLE other.later (a int);
GRANT SELECT (note, amount), UPDATE (note) ON c TO reader;
GRANT REFERENCES (name), INSERT (id) ON p TO reader WITH GRANT OPTION;
GRANT SELECT (name) ON v TO writer;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE mood ADD VALUE 'awful' BEFORE 'sad';
CREATE TYPE other.color AS ENUM ();
CREATE TABLE withenum (id int PRIMARY KEY, m mood NOT NULL, h mood[], c other.color);
CREATE TABLE gen (a int, b int GENERATED ALWAYS AS (a * 2) STORED, up text GENERATED ALWAYS AS (upper(note)) STORED NOT NULL, note text);
CREATE TABLE nv (a int, pid int) WITH (fillfactor = 70);
ALTER TABLE nv ADD CONSTRAINT nv_a CHECK (a > 0) NOT VALID, ADD CONSTRAINT nv_pid FOREIGN KEY (pid) REFERENCES p NOT VALID;
ALTER TABLE nv SET (autovacuum_enabled = off);
CREATE INDEX nv_a_idx ON nv (a);
ALTER INDEX nv_a_idx SET (fillfactor = 50);
CREATE TABLE lk (x int, LIKE p INCLUDING ALL);
CREATE DOMAIN posint AS integer DEFAULT 1 CHECK (VALUE > 0 AND VALUE < 1000);
CREATE TABLE ex (a int CHECK (a > 0 AND a < 10), n varchar(10) DEFAULT 'x' CHECK (n LIKE 'x%' OR n IS NULL),
  t timestamptz DEFAULT now(), k bigint DEFAULT 1 + 2, d posint, g text GENERATED ALWAYS AS (n || '-' || a) STORED,
  CONSTRAINT ex_case CHECK (CASE WHEN a > 5 THEN k > 2 * a ELSE k BETWEEN 0 AND 100 END));
CREATE INDEX ex_part ON ex (n, a) WHERE a IN (1, 2) AND n IS NOT NULL;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE trg (id int PRIMARY KEY, v text);
CREATE TRIGGER b AFTER UPDATE OF v, id ON trg FOR EACH ROW WHEN (OLD.v IS DISTINCT FROM NEW.v) EXECUTE FUNCTION touch('x');
CREATE TRIGGER a BEFORE INSERT ON trg FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER s AFTER TRUNCATE ON trg EXECUTE FUNCTION touch();
CREATE TRIGGER c BEFORE INSERT ON trg FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE trg DISABLE TRIGGER c;
`;

/** psql with the given options against host:port as rustydb/rustydb; stdout and stderr merged. */
function psql(port: number, command: string, extra: readonly string[] = []): Promise<string> {
  const args = [
    '-X',
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    'rustydb',
    '-d',
    'rustydb',
    ...extra,
    '-c',
    command,
  ];
  return new Promise((resolve) => {
    execFile('psql', args, { env: { ...process.env, PGCONNECT_TIMEOUT: '10' } }, (err, stdout, stderr) =>
      resolve(`${stdout}${stderr}${err && !stderr ? err.message : ''}`),
    );
  });
}

const DESCRIBE = [
  '\\d',
  '\\d p',
  '\\d+ p',
  '\\d c',
  '\\d v',
  '\\d s',
  '\\d c_pkey',
  '\\d c_amount_desc',
  '\\d other.t',
  '\\d other.ident',
  '\\d child2',
  '\\dt other.*',
  '\\d+ other.ident',
  '\\dt',
  '\\di',
  '\\dn',
  '\\dv',
  '\\ds',
  '\\df',
  '\\dp',
  '\\z p',
  '\\dp other.*',
  '\\dn+',
  '\\ddp',
  '\\dp other.later',
  '\\dp c',
  '\\dT',
  '\\dT+',
  '\\dT other.*',
  '\\d withenum',
  '\\d gen',
  '\\d+ gen',
  '\\d nv',
  '\\d+ nv',
  '\\d+ nv_a_idx',
  '\\d+ lk',
  // Stored expressions, deparsed as ruleutils does (pretty, as psql asks).
  '\\d ex',
  '\\d+ ex',
  '\\dD',
  // Triggers: "Triggers:" and "Disabled user triggers:" (pg_get_triggerdef, pretty).
  '\\d trg',
  '\\d+ trg',
  // Catalogs of features RustyDB lacks answer empty, as PostgreSQL's do here.
  '\\dd other.*',
  '\\drds',
  '\\dy',
  '\\dew',
  '\\des',
  '\\deu',
  '\\dc',
  '\\dO',
];

const INFORMATION_SCHEMA = [
  "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema IN ('public', 'other') ORDER BY 1",
  `SELECT table_name, column_name, ordinal_position, column_default, is_nullable, data_type,
     character_maximum_length, numeric_precision, numeric_scale, datetime_precision, udt_name, is_identity
   FROM information_schema.columns WHERE table_schema IN ('public', 'other') ORDER BY table_name, ordinal_position`,
  `SELECT constraint_name, table_name, constraint_type FROM information_schema.table_constraints
   WHERE table_schema = 'public' AND constraint_type <> 'CHECK' ORDER BY 1`,
  `SELECT constraint_name, table_name, column_name, ordinal_position, position_in_unique_constraint
   FROM information_schema.key_column_usage WHERE table_schema = 'public' ORDER BY 1, 4`,
  `SELECT constraint_name, unique_constraint_name, match_option, update_rule, delete_rule
   FROM information_schema.referential_constraints WHERE constraint_schema = 'public' ORDER BY 1`,
  `SELECT table_name, column_name, constraint_name FROM information_schema.constraint_column_usage
   WHERE table_schema = 'public' ORDER BY 3, 1, 2`,
  `SELECT sequence_name, data_type, numeric_precision, start_value, minimum_value, maximum_value, increment, cycle_option
   FROM information_schema.sequences ORDER BY 1`,
  "SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT LIKE 'pg\\_%' ORDER BY 1",
  `SELECT c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef
   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
   WHERE n.nspname = 'public' AND a.attnum > 0 ORDER BY 1, a.attnum`,
  "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname IN ('public', 'other') ORDER BY 2",
  "SELECT schemaname, tablename, hasindexes FROM pg_tables WHERE schemaname IN ('public', 'other') ORDER BY 2",
  "SELECT 'p'::regclass, 'p'::regclass::oid = (SELECT oid FROM pg_class WHERE relname = 'p'), 'other.t'::regclass, 'int4'::regtype, 23::regtype",
  "SELECT pg_get_serial_sequence('p', 'id'), obj_description('p'::regclass, 'pg_class'), col_description('p'::regclass, 2)",
  'SELECT typname, typlen, typcategory, typelem <> 0 AS is_array FROM pg_type WHERE oid IN (16, 20, 23, 25, 1043, 1700, 1184, 3802, 1007) ORDER BY oid',
  `SELECT * FROM information_schema.table_privileges WHERE table_schema IN ('public', 'other')
   ORDER BY table_schema, table_name, grantee, privilege_type`,
  "SELECT * FROM information_schema.role_table_grants WHERE table_name IN ('p', 'c') ORDER BY table_name, grantee, privilege_type",
  `SELECT * FROM information_schema.column_privileges WHERE table_schema IN ('public', 'other')
   ORDER BY table_schema, table_name, column_name, grantee, privilege_type, grantor`,
  `SELECT attrelid::regclass, attname, attacl, has_column_privilege('reader', attrelid, attname, 'SELECT'),
     has_any_column_privilege('writer', attrelid, 'INSERT') FROM pg_attribute
   WHERE attrelid IN ('p'::regclass, 'c'::regclass, 'v'::regclass) AND attnum > 0 ORDER BY attrelid::regclass::text, attnum`,
  `SELECT t.typname, t.typtype, t.typcategory, t.typlen, t.typbyval, t.typinput, t.typsend, t.typalign,
     t.typstorage, n.nspname, a.typname AS array_name, format_type(t.oid, NULL), t.oid::regtype
   FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_type a ON a.oid = t.typarray
   WHERE t.typtype = 'e' ORDER BY 1`,
  'SELECT e.enumtypid::regtype, e.enumsortorder, e.enumlabel FROM pg_enum e ORDER BY 1, 2',
  `SELECT column_name, column_default, is_generated, is_updatable FROM information_schema.columns
   WHERE table_name = 'gen' ORDER BY ordinal_position`,
  "SELECT 'mood'::regtype, 'mood[]'::regtype, 'other.color'::regtype, pg_type_is_visible('mood'::regtype)",
  "SELECT relname, relacl, has_table_privilege('reader', oid, 'SELECT') FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v', 'S') ORDER BY 1",
];

let reference: ReferencePostgres | undefined;
let unavailable: string | undefined;
let server: ServerProcess | undefined;

beforeAll(async () => {
  try {
    reference = await startReferencePostgres();
  } catch (err) {
    unavailable = (err as Error).message;
    return;
  }
  const admin = [
    '-X',
    '-q',
    '-h',
    reference.host,
    '-p',
    String(reference.port),
    '-U',
    reference.user,
    '-d',
    reference.database,
  ];
  const run = (sql: string) =>
    new Promise<void>((resolve, reject) =>
      execFile('psql', [...admin, '-v', 'ON_ERROR_STOP=1', '-c', sql], (err, _o, stderr) =>
        err ? reject(new Error(stderr)) : resolve(),
      ),
    );
  await run('CREATE ROLE rustydb SUPERUSER CREATEROLE CREATEDB REPLICATION BYPASSRLS LOGIN');
  await run('CREATE DATABASE rustydb OWNER rustydb');
  server = await ServerProcess.start({ args: ['--log-level', 'warn'] });
  for (const port of [reference.port, server.port]) {
    const out = await psql(port, SCHEMA, ['-q', '-v', 'ON_ERROR_STOP=1']);
    if (out.trim() !== '') throw new Error(`schema failed on port ${port}: ${out}`);
  }
}, 180_000);

afterAll(async () => {
  await server?.destroy();
  await reference?.stop();
});

describe('psql describe commands match PostgreSQL 15', () => {
  it.each(DESCRIBE)('%s', async (command) => {
    if (unavailable) return console.warn(`skipped: PostgreSQL 15 is not available (${unavailable})`);
    const [theirs, ours] = await Promise.all([psql(reference!.port, command), psql(server!.port, command)]);
    expect(ours).toBe(theirs);
  });

  // Sizes are environmental (PostgreSQL counts TOAST tables RustyDB does not have): compared
  // with the sizes blanked and the alignment they cause collapsed.
  it.each(['\\dt+ other.*', '\\di+', '\\ds+'])('%s (sizes normalised)', async (command) => {
    if (unavailable) return console.warn(`skipped: PostgreSQL 15 is not available (${unavailable})`);
    const normalise = (out: string) =>
      out
        .replace(/\b\d+ (bytes|kB|MB)\b/g, 'SIZE')
        .replace(/ +/g, ' ')
        .replace(/-+/g, '-');
    const [theirs, ours] = await Promise.all([psql(reference!.port, command), psql(server!.port, command)]);
    expect(normalise(ours)).toBe(normalise(theirs));
  });

  it.each(['\\l', '\\du'])('%s (the rustydb row)', async (command) => {
    if (unavailable) return console.warn(`skipped: PostgreSQL 15 is not available (${unavailable})`);
    const row = (out: string) => out.split('\n').filter((l) => l.startsWith('rustydb|'));
    const [theirs, ours] = await Promise.all([
      psql(reference!.port, command, ['-A']),
      psql(server!.port, command, ['-A']),
    ]);
    expect(row(theirs)).toHaveLength(1);
    expect(row(ours)).toEqual(row(theirs));
  });

  // \du hides the predefined roles, \duS lists them; a member of pg_monitor shows it.
  it.each(['\\du', '\\duS'])('%s (the predefined roles and a member of pg_monitor)', async (command) => {
    if (unavailable) return console.warn(`skipped: PostgreSQL 15 is not available (${unavailable})`);
    const rows = (out: string) => out.split('\n').filter((l) => /^(pg_|exporter\|)/.test(l));
    const [theirs, ours] = await Promise.all([
      psql(reference!.port, command, ['-A']),
      psql(server!.port, command, ['-A']),
    ]);
    expect(rows(theirs)).toHaveLength(command === '\\du' ? 1 : 13);
    expect(rows(ours)).toEqual(rows(theirs));
  });
});

describe('information_schema and pg_catalog queries match PostgreSQL 15', () => {
  it.each(INFORMATION_SCHEMA)('%s', async (sql) => {
    if (unavailable) return console.warn(`skipped: PostgreSQL 15 is not available (${unavailable})`);
    const [theirs, ours] = await Promise.all([psql(reference!.port, sql), psql(server!.port, sql)]);
    expect(ours).toBe(theirs);
  });
});

describe('client introspection (node-postgres)', () => {
  it('fetches array types the way postgres.js does, and reads types with parameters', async () => {
    if (!server) return console.warn(`skipped: PostgreSQL 15 is not available (${unavailable})`);
    const client = await server.connect();
    try {
      // postgres.js's startup query for array type parsers.
      const arrays = await client.query(
        "select b.oid, b.typarray from pg_catalog.pg_type a left join pg_catalog.pg_type b on b.oid = a.typelem where a.typcategory = 'A' group by b.oid, b.typarray order by b.oid",
      );
      expect(arrays.rows).toContainEqual({ oid: 23, typarray: 1007 });
      expect(arrays.rows).toContainEqual({ oid: 3802, typarray: 3807 });
      const types = await client.query(
        'SELECT oid, typname FROM pg_catalog.pg_type WHERE typname = ANY($1) ORDER BY oid',
        [['bool', 'int8', 'numeric', 'timestamptz']],
      );
      expect(types.rows).toEqual([
        { oid: 16, typname: 'bool' },
        { oid: 20, typname: 'int8' },
        { oid: 1184, typname: 'timestamptz' },
        { oid: 1700, typname: 'numeric' },
      ]);
      const version = await client.query('SELECT version() AS v, current_setting($1) AS num', [
        'server_version_num',
      ]);
      expect(version.rows[0]).toEqual({ v: expect.stringMatching(/^PostgreSQL 15\.\d/), num: '150000' });
    } finally {
      await client.end();
    }
  });
});
