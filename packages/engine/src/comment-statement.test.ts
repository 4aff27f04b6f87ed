/**
 * COMMENT ON end to end: what the statements store, as the catalog's `description` reads it back
 * (obj_description / col_description's source), through commits, rollbacks, drops and a restart.
 */
import type { Oid } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeEach(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir);
});

afterEach(async () => {
  await db.close();
  removeDir(dir);
});

const reader = () => db.catalog.reader();
const oidOf = (name: string, schema?: string): Oid => reader().relation(name, schema)!.def.oid as Oid;

describe('COMMENT ON', () => {
  it('stores, replaces and removes comments on every object kind', async () => {
    await db.query('CREATE SCHEMA s');
    await db.query('CREATE TABLE s.t (a int, b text)');
    await db.query('CREATE VIEW v AS SELECT b FROM s.t');
    await db.query('CREATE INDEX i ON s.t (a)');
    await db.query('CREATE SEQUENCE q');
    const result = await db.query(`COMMENT ON TABLE s.t IS 'table'`);
    expect(result.command).toBe('COMMENT');
    await db.query(`COMMENT ON VIEW v IS 'view'`);
    await db.query(`COMMENT ON INDEX s.i IS 'index'`);
    await db.query(`COMMENT ON SEQUENCE q IS 'sequence'`);
    await db.query(`COMMENT ON SCHEMA s IS 'schema'`);
    await db.query(`COMMENT ON COLUMN s.t.b IS 'column b'`);
    await db.query(`COMMENT ON COLUMN v.b IS 'view column'`);
    const t = oidOf('t', 's');
    expect(reader().description(t, 0)).toBe('table');
    expect(reader().description(oidOf('v'), 0)).toBe('view');
    expect(reader().description(oidOf('i', 's'), 0)).toBe('index');
    expect(reader().description(oidOf('q'), 0)).toBe('sequence');
    expect(reader().description(reader().schemaOid('s')!, 0)).toBe('schema');
    expect(reader().description(t, 2)).toBe('column b');
    expect(reader().description(t, 1)).toBeUndefined();
    expect(reader().description(oidOf('v'), 1)).toBe('view column');

    await db.query(`COMMENT ON TABLE s.t IS 'again'`);
    expect(reader().description(t, 0)).toBe('again');
    await db.query(`COMMENT ON TABLE s.t IS ''`);
    expect(reader().description(t, 0)).toBeUndefined();
    await db.query(`COMMENT ON COLUMN s.t.b IS NULL`);
    expect(reader().description(t, 2)).toBeUndefined();
  });

  it('is undone by ROLLBACK and seen by its own transaction', async () => {
    await db.query('CREATE TABLE t (a int)');
    await db.query(`COMMENT ON TABLE t IS 'committed'`);
    const s = db.connect();
    await s.query('BEGIN');
    await s.query(`COMMENT ON TABLE t IS 'rolled back'`);
    await s.query(`COMMENT ON COLUMN t.a IS 'rolled back too'`);
    expect(reader().description(oidOf('t'), 0)).toBe('committed');
    await s.query('ROLLBACK');
    expect(reader().description(oidOf('t'), 0)).toBe('committed');
    expect(reader().description(oidOf('t'), 1)).toBeUndefined();
    await s.close();
  });

  it('goes with dropped objects and columns, cascades included, unless the drop rolls back', async () => {
    await db.query('CREATE SCHEMA s');
    await db.query('CREATE TABLE s.t (a int, b int, c int)');
    await db.query('CREATE VIEW w AS SELECT a FROM s.t');
    await db.query(`COMMENT ON SCHEMA s IS 'schema'`);
    await db.query(`COMMENT ON TABLE s.t IS 'table'`);
    await db.query(`COMMENT ON COLUMN s.t.b IS 'b'`);
    await db.query(`COMMENT ON COLUMN s.t.c IS 'c'`);
    await db.query(`COMMENT ON VIEW w IS 'view'`);
    const t = oidOf('t', 's');
    const w = oidOf('w');
    const schema = reader().schemaOid('s')!;

    await db.query('ALTER TABLE s.t DROP COLUMN b');
    expect(reader().description(t, 2)).toBeUndefined();
    expect(reader().description(t, 3)).toBe('c');

    const s = db.connect();
    await s.query('BEGIN');
    await s.query('DROP SCHEMA s CASCADE');
    await s.query('ROLLBACK');
    expect(reader().description(t, 0)).toBe('table');
    expect(reader().description(w, 0)).toBe('view');
    await s.close();

    await db.query('DROP SCHEMA s CASCADE');
    expect(reader().description(schema, 0)).toBeUndefined();
    expect(reader().description(t, 0)).toBeUndefined();
    expect(reader().description(t, 3)).toBeUndefined();
    expect(reader().description(w, 0)).toBeUndefined();
  });

  it('survives a restart', async () => {
    await db.query('CREATE TABLE t (a int)');
    await db.query(`COMMENT ON COLUMN t.a IS 'kept'`);
    const t = oidOf('t');
    await db.close();
    db = await openTestDatabase(dir);
    expect(reader().description(t, 1)).toBe('kept');
  });
});
