import { describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { crash, useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ bufferPoolPages: 32 });
const openDb = (): Promise<Database> => databases.open();

const rows = async (db: Database, sql: string) => (await db.query(sql)).rows;

describe('full-text search', () => {
  it('keeps a generated tsvector column across a crash and matches it with @@', async () => {
    let db = await openDb();
    await db.query(`CREATE TABLE docs (id int PRIMARY KEY, title text, body text,
      tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || body)) STORED,
      q tsquery)`);
    await db.query(`INSERT INTO docs (id, title, body, q) VALUES
      (1, 'Cats', 'The fat cat sat', 'fat <-> cat'), (2, 'Dogs', 'Dogs bark at cats', '!cat')`);
    crash(db);
    databases.forget(db);
    db = await openDb();
    expect(await rows(db, 'SELECT id, tsv::text, q::text FROM docs ORDER BY id')).toEqual([
      [1, "'cat':1,4 'fat':3 'sat':5", "'fat' <-> 'cat'"],
      [2, "'bark':3 'cat':5 'dog':1,2", "!'cat'"],
    ]);
    expect(await rows(db, "SELECT id FROM docs WHERE tsv @@ to_tsquery('english', 'dogs & cats')")).toEqual([
      [2],
    ]);
    expect(await rows(db, 'SELECT id FROM docs WHERE tsv @@ q ORDER BY id')).toEqual([[1]]);
  });

  it('refuses the default-configuration forms in generated columns and GIN indexes', async () => {
    const db = await openDb();
    await expect(
      db.query('CREATE TABLE t (b text, v tsvector GENERATED ALWAYS AS (to_tsvector(b)) STORED)'),
    ).rejects.toMatchObject({ code: '42P17', message: 'generation expression is not immutable' });
    await db.query('CREATE TABLE t (b text)');
    await expect(db.query("CREATE INDEX ON t USING gin (to_tsvector('english', b))")).rejects.toMatchObject({
      code: '0A000',
      message: 'access method "gin" is not supported',
    });
  });

  it("sends PostgreSQL's NOTICE for a query of stop words only", async () => {
    const db = await openDb();
    const r = await db.query("SELECT to_tsquery('english', 'the & a')::text, plainto_tsquery('')::text");
    expect(r.rows).toEqual([['', '']]);
    expect(r.notices.map((n) => `${n.severity} ${n.message}`)).toEqual([
      "NOTICE text-search query contains only stop words or doesn't contain lexemes, ignored",
      'NOTICE text-search query doesn\'t contain lexemes: ""',
    ]);
  });

  it('follows default_text_search_config', async () => {
    const db = await openDb();
    const s = db.connect();
    expect((await s.query('SHOW default_text_search_config')).rows).toEqual([['pg_catalog.english']]);
    expect((await s.query("SELECT to_tsvector('The cats')::text")).rows).toEqual([["'cat':2"]]);
    await s.query("SET default_text_search_config = 'simple'");
    expect((await s.query("SELECT to_tsvector('The cats')::text, 'the cats'::text @@ 'cats'")).rows).toEqual([
      ["'cats':2 'the':1", true],
    ]);
    await expect(s.query("SET default_text_search_config = 'french'")).rejects.toMatchObject({
      code: '22023',
    });
    await s.close();
  });
});
