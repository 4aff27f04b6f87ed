import { DbError } from '@rustydb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir);
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

const failure = async (p: Promise<unknown>): Promise<DbError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof DbError) return err;
    throw err;
  }
  throw new Error('expected an error');
};

describe('PREPARE / EXECUTE', () => {
  it("points an argument's error at the argument in the EXECUTE text, as PostgreSQL does", async () => {
    const s = db.connect();
    await s.query('PREPARE ins (int, text) AS SELECT $1, $2');
    const err = await failure(s.query("EXECUTE ins ('x', 'a')"));
    expect([err.code, err.message, err.fields.position]).toEqual([
      '22P02',
      'invalid input syntax for type integer: "x"',
      14,
    ]);
    const detail = await failure(s.query('EXECUTE ins (1)'));
    expect(detail.fields.detail).toBe('Expected 2 parameters but got 1.');
    await s.close();
  });

  it('ignores the arguments of a statement without parameters, unevaluated, as PostgreSQL does', async () => {
    const s = db.connect();
    await s.query('PREPARE none AS SELECT 1 AS one');
    expect((await s.query("EXECUTE none (1 / 0, 'x')")).rows).toEqual([[1]]);
    await s.query('PREPARE one (int) AS SELECT $1 AS v');
    expect((await failure(s.query('EXECUTE one (1 / 0, 2)'))).fields.detail).toBe(
      'Expected 1 parameters but got 2.',
    );
    await s.close();
  });

  it('shares one namespace with the protocol: a PREPAREd statement can be bound by name', async () => {
    const s = db.connect();
    await s.query('PREPARE two AS SELECT $1::int * 2 AS v');
    expect(s.session.preparedStatement('two').paramTypes.map((t) => t.name)).toEqual(['int4']);
    s.session.prepare('proto', 'SELECT $1::text AS t', []);
    expect((await s.query("EXECUTE proto ('hi')")).rows).toEqual([['hi']]);
    await s.close();
  });
});
