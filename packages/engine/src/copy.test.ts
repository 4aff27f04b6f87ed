/**
 * COPY in the engine, through a session whose output plays the client: text and CSV parsing
 * (every escape, quoting, NULL rules, chunks cut anywhere), errors with PostgreSQL's SQLSTATE and
 * CONTEXT leaving the table unchanged, and COPY TO's escaping. Expected values are what
 * PostgreSQL 15 does with the same input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DbError, type Value } from '@rustydb/common';
import type { CopyFormat, CopyInStream } from '@rustydb/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { type EmbeddedSession, ResultCollector } from './embedded-session.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

/** A ResultCollector that also plays the COPY client: sends `input` in chunks, collects CopyData. */
class CopyClient extends ResultCollector {
  copyInFormat: CopyFormat | undefined;
  copyOutFormat: CopyFormat | undefined;
  readonly data: string[] = [];
  done = false;

  constructor(
    private readonly input: readonly (string | Uint8Array)[] = [],
    private readonly failWith?: string,
  ) {
    super();
  }

  copyIn(format: CopyFormat): CopyInStream {
    this.copyInFormat = format;
    const chunks = this.input.map((c) => (typeof c === 'string' ? Buffer.from(c) : c));
    let i = 0;
    return {
      read: async () => {
        if (i < chunks.length) return chunks[i++];
        if (this.failWith !== undefined) {
          throw new DbError('57014', `COPY from stdin failed: ${this.failWith}`);
        }
        return undefined;
      },
    };
  }

  copyOut(format: CopyFormat): void {
    this.copyOutFormat = format;
  }

  copyData(data: string): void {
    this.data.push(data);
  }

  copyDone(): void {
    this.done = true;
  }
}

let dir: string;
let db: Database;
let s: EmbeddedSession;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir);
  s = db.connect();
  await s.query(
    "CREATE TABLE t (a int PRIMARY KEY, b text, c varchar(3) DEFAULT 'dd', d numeric(5,2), e bool NOT NULL DEFAULT true)",
  );
});

afterAll(async () => {
  await s.close();
  await db.close();
  removeDir(dir);
});

/** Runs a COPY with the given input chunks; returns the tag or the error. */
async function copy(sql: string, input: readonly (string | Uint8Array)[], failWith?: string) {
  const client = new CopyClient(input, failWith);
  try {
    await s.session.run(sql, [], client);
    return { tag: client.result?.command, client };
  } catch (err) {
    return { error: err as DbError, client };
  }
}

const rows = async (sql = 'SELECT a, b, c, d, e FROM t ORDER BY a'): Promise<Value[][]> =>
  (await s.query(sql)).rows;
const show = (v: Value[][]) => v.map((r) => r.map((x) => (x === null ? null : String(x))));

async function reset(): Promise<void> {
  await s.query('DELETE FROM t');
}

describe('COPY FROM STDIN, text format', () => {
  it('resolves every escape, \\N as NULL, and defaults for missing columns', async () => {
    await reset();
    const input = [
      '1\ta\\tb\\\\c\\nd\\re\\bf\\fg\\vh\n',
      '2\t\\101\\x42\\7\\x7\\q\\N\n',
      '3\t\\N\n',
      '4\tx\\\ny\n', // a backslash before a real newline: the newline is data
      '5\t\\303\\251t\\xc3\\xa9\n',
    ];
    const { tag, client } = await copy('COPY t (a, b) FROM STDIN', input);
    expect(tag).toBe('COPY 5');
    expect(client.copyInFormat).toEqual({ format: 0, columnFormats: [0, 0] });
    expect(show(await rows('SELECT a, b, c, e FROM t ORDER BY a'))).toEqual([
      ['1', 'a\tb\\c\nd\re\bf\fg\vh', 'dd', 'true'],
      ['2', 'AB\x07\x07qN', 'dd', 'true'],
      ['3', null, 'dd', 'true'],
      ['4', 'x\ny', 'dd', 'true'],
      ['5', 'été', 'dd', 'true'],
    ]);
  });

  it('reads the same rows however the data is cut into chunks', async () => {
    const data = '10\tsplit é here\t\\N\t1.5\tf\r\n11\t\\\\x\tabc\t-2\tt\r\n12\t\\x41\t\\N\t\\N\tyes\r\n';
    const bytes = Buffer.from(data);
    let expected: Value[][] | undefined;
    for (let cut = 1; cut < bytes.length; cut++) {
      await reset();
      const { tag, error } = await copy('COPY t FROM STDIN', [bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(error).toBeUndefined();
      expect(tag).toBe('COPY 3');
      const got = await rows();
      expected ??= got;
      expect(got).toEqual(expected);
    }
    expect(show(expected!)).toEqual([
      ['10', 'split é here', null, '1.50', 'false'],
      ['11', '\\x', 'abc', '-2.00', 'true'],
      ['12', 'A', null, null, 'true'],
    ]);
  });

  it('stops at the end-of-data marker \\. and accepts a last line without newline', async () => {
    await reset();
    expect((await copy('COPY t (a, b) FROM STDIN', ['20\tx\n21\ty\n\\.\n22\tignored\n'])).tag).toBe('COPY 2');
    expect((await copy('COPY t (a, b) FROM STDIN', ['23\tlast'])).tag).toBe('COPY 1');
    expect(show(await rows('SELECT a, b FROM t ORDER BY a'))).toEqual([
      ['20', 'x'],
      ['21', 'y'],
      ['23', 'last'],
    ]);
  });

  it('honours DELIMITER and NULL, and skips a HEADER line', async () => {
    await reset();
    const { tag } = await copy("COPY t (a, b, c) FROM STDIN WITH (DELIMITER '|', NULL 'nil', HEADER)", [
      'a|b|c\n30|x\\|y|nil\n31|nil|\\N\n',
    ]);
    expect(tag).toBe('COPY 2');
    expect(show(await rows('SELECT a, b, c FROM t ORDER BY a'))).toEqual([
      ['30', 'x|y', null],
      ['31', null, 'N'],
    ]);
  });
});

describe('COPY FROM STDIN, CSV', () => {
  it('handles quotes, doubled quotes, quoted delimiters and newlines, and NULL as unquoted empty', async () => {
    await reset();
    const input = ['a,b,c\n', '40,"say ""hi""",x\n41,"multi\nline, with comma",\n42,"",""\n43,,"dd"\n'];
    const { tag, error } = await copy('COPY t (a, b, c) FROM STDIN WITH CSV HEADER', input);
    expect(error).toBeUndefined();
    expect(tag).toBe('COPY 4');
    expect(show(await rows('SELECT a, b, c FROM t ORDER BY a'))).toEqual([
      ['40', 'say "hi"', 'x'],
      ['41', 'multi\nline, with comma', null],
      ['42', '', ''],
      ['43', null, 'dd'],
    ]);
  });

  it('applies QUOTE, ESCAPE, FORCE_NOT_NULL and FORCE_NULL', async () => {
    await reset();
    const { tag, error } = await copy(
      "COPY t (a, b, c) FROM STDIN (FORMAT csv, DELIMITER ';', QUOTE '''', ESCAPE '\\', NULL 'N', FORCE_NOT_NULL (b), FORCE_NULL (c))",
      ["50;'it\\'s';'N'\n51;N;N\n"],
    );
    expect(error).toBeUndefined();
    expect(tag).toBe('COPY 2');
    expect(show(await rows('SELECT a, b, c FROM t ORDER BY a'))).toEqual([
      ['50', "it's", null],
      ['51', 'N', null],
    ]);
  });
});

describe('COPY FROM STDIN errors', () => {
  const cases: [string, string, string[], string, string, string][] = [
    [
      'missing column',
      'COPY t (a, b) FROM STDIN',
      ['1\tok\n2\n'],
      '22P04',
      'missing data for column "b"',
      'COPY t, line 2: "2"',
    ],
    [
      'extra data',
      'COPY t (a, b) FROM STDIN',
      ['1\tx\ty\n'],
      '22P04',
      'extra data after last expected column',
      'COPY t, line 1: "1\tx\ty"',
    ],
    [
      'bad integer',
      'COPY t (a, b) FROM STDIN',
      ['1\tx\n2\ty\nabc\tz\n'],
      '22P02',
      'invalid input syntax for type integer: "abc"',
      'COPY t, line 3, column a: "abc"',
    ],
    [
      'varchar typmod',
      'COPY t (a, c) FROM STDIN',
      ['1\tabcd\n'],
      '22001',
      'value too long for type character varying(3)',
      'COPY t, line 1, column c: "abcd"',
    ],
    [
      'numeric typmod',
      'COPY t (a, d) FROM STDIN',
      ['1\t12345\n'],
      '22003',
      'numeric field overflow',
      'COPY t, line 1, column d: "12345"',
    ],
    [
      'not null',
      'COPY t (a, e) FROM STDIN',
      ['1\t\\N\n'],
      '23502',
      'null value in column "e" of relation "t" violates not-null constraint',
      'COPY t, line 1: "1\t\\N"',
    ],
    [
      'duplicate key',
      'COPY t (a) FROM STDIN',
      ['1\n1\n'],
      '23505',
      'duplicate key value violates unique constraint "t_pkey"',
      'COPY t, line 2',
    ],
    [
      'unterminated CSV',
      'COPY t (a, b) FROM STDIN CSV',
      ['1,"x\n'],
      '22P04',
      'unterminated CSV quoted field',
      'COPY t, line 1',
    ],
    [
      'literal CR',
      'COPY t (a, b) FROM STDIN',
      ['1\tx\n2\ty\r\n'],
      '22P04',
      'literal carriage return found in data',
      'COPY t, line 2',
    ],
    [
      'bad escape bytes',
      'COPY t (a, b) FROM STDIN',
      ['1\t\\x80\n'],
      '22021',
      'invalid byte sequence for encoding "UTF8": 0x80',
      'COPY t, line 1: "1\t\\x80"',
    ],
    [
      'corrupt end marker',
      'COPY t (a, b) FROM STDIN',
      ['1\tx\n\\.x\n'],
      '22P04',
      'end-of-copy marker corrupt',
      'COPY t, line 2',
    ],
  ];

  it.each(cases)(
    '%s fails with PostgreSQL code and context, table unchanged',
    async (_n, sql, input, code, message, where) => {
      await reset();
      await s.query("INSERT INTO t (a, b) VALUES (999, 'kept')");
      const { error } = await copy(sql, input);
      expect([error?.code, error?.message, error?.fields.where]).toEqual([code, message, where]);
      expect(show(await rows('SELECT a, b FROM t ORDER BY a'))).toEqual([['999', 'kept']]);
    },
  );

  it('turns CopyFail into 57014 and keeps nothing', async () => {
    await reset();
    const { error } = await copy('COPY t (a, b) FROM STDIN', ['1\tx\n2\ty\n'], 'client gave up');
    expect([error?.code, error?.message]).toEqual(['57014', 'COPY from stdin failed: client gave up']);
    expect(await rows()).toEqual([]);
  });

  it('rolls back with its transaction block, and reports option errors as PostgreSQL', async () => {
    await reset();
    await s.query('BEGIN');
    expect((await copy('COPY t (a) FROM STDIN', ['7\n8\n'])).tag).toBe('COPY 2');
    expect((await rows()).length).toBe(2);
    await s.query('ROLLBACK');
    expect(await rows()).toEqual([]);
    const option = async (sql: string) => {
      const { error } = await copy(sql, []);
      return `${error?.code} ${error?.message}`;
    };
    expect(await option('COPY t FROM STDIN (FORMAT xml)')).toBe('22023 COPY format "xml" not recognized');
    expect(await option("COPY t FROM STDIN (DELIMITER ',,')")).toBe(
      '0A000 COPY delimiter must be a single one-byte character',
    );
    expect(await option("COPY t FROM STDIN (QUOTE '\"')")).toBe(
      '0A000 COPY quote available only in CSV mode',
    );
    expect(await option("COPY t FROM STDIN (DELIMITER ',', DELIMITER ';')")).toBe(
      '42601 conflicting or redundant options',
    );
    expect(await option('COPY t FROM STDIN (foo 1)')).toBe('42601 option "foo" not recognized');
    expect(await option("COPY t FROM STDIN (DELIMITER 'a')")).toBe('22023 COPY delimiter cannot be "a"');
    expect(await option('COPY t (zz) FROM STDIN')).toBe('42703 column "zz" of relation "t" does not exist');
    expect(await option('COPY t (a, a) FROM STDIN')).toBe('42701 column "a" specified more than once');
    expect(await option('COPY nope FROM STDIN')).toBe('42P01 relation "nope" does not exist');
  });
});

describe('COPY TO STDOUT', () => {
  it('writes text with PostgreSQL escaping and CSV with its quoting', async () => {
    await reset();
    await s.query(
      "INSERT INTO t VALUES (1, E'tab\\there\\\\ and\\nnewline', 'x', 1.5, true), (2, NULL, '', NULL, false), (3, 'say \"hi\", ok', 'a|b', -2, true)",
    );
    const text = await copy('COPY t TO STDOUT', []);
    expect(text.tag).toBe('COPY 3');
    expect(text.client.copyOutFormat).toEqual({ format: 0, columnFormats: [0, 0, 0, 0, 0] });
    expect(text.client.data).toEqual([
      '1\ttab\\there\\\\ and\\nnewline\tx\t1.50\tt\n',
      '2\t\\N\t\t\\N\tf\n',
      '3\tsay "hi", ok\ta|b\t-2.00\tt\n',
    ]);
    expect(text.client.done).toBe(true);
    const csv = await copy('COPY t (a, b, c) TO STDOUT WITH (FORMAT csv, HEADER)', []);
    expect(csv.client.data).toEqual([
      'a,b,c\n',
      '1,"tab\there\\ and\nnewline",x\n',
      '2,,""\n',
      '3,"say ""hi"", ok",a|b\n',
    ]);
    const forced = await copy(
      "COPY (SELECT a, c FROM t WHERE a < 3 ORDER BY a) TO STDOUT (FORMAT csv, FORCE_QUOTE *, DELIMITER '|')",
      [],
    );
    expect(forced.tag).toBe('COPY 2');
    expect(forced.client.data).toEqual(['"1"|"x"\n', '"2"|""\n']);
    const delim = await copy("COPY t (a, c) TO STDOUT (DELIMITER '|', NULL 'NULL')", []);
    expect(delim.client.data[2]).toBe('3\ta\\|b\n'.replace('\t', '|'));
  });

  it('round-trips what it writes through COPY FROM', async () => {
    await reset();
    await s.query(
      "INSERT INTO t VALUES (1, E'\\\\N \\b\\f\\v\\r\\n\\t,\"', 'x', 1.5, true), (2, NULL, '', NULL, false), (3, '\\.', '\\.', -2, true)",
    );
    const out = await copy('COPY t TO STDOUT', []);
    const csvOut = await copy('COPY t TO STDOUT (FORMAT csv)', []);
    const before = await rows();
    await reset();
    expect((await copy('COPY t FROM STDIN', out.client.data)).tag).toBe('COPY 3');
    expect(await rows()).toEqual(before);
    await reset();
    expect((await copy('COPY t FROM STDIN (FORMAT csv)', csvOut.client.data)).tag).toBe('COPY 3');
    expect(await rows()).toEqual(before);
  });

  it('is an error where no client can take COPY data (the embedded API)', async () => {
    await expect(s.query('COPY t TO STDOUT')).rejects.toMatchObject({ code: '0A000' });
    await expect(s.query('COPY t FROM STDIN')).rejects.toMatchObject({ code: '0A000' });
  });

  it('runs a query with a data-modifying WITH, refused in a read-only transaction (25006)', async () => {
    await reset();
    await s.query("INSERT INTO t (a, b) VALUES (1, 'one'), (2, 'two')");
    await s.query('BEGIN READ ONLY');
    const refused = await copy('COPY (WITH d AS (DELETE FROM t RETURNING a) SELECT a FROM d) TO STDOUT', []);
    expect(`${refused.error?.code} ${refused.error?.message}`).toBe(
      '25006 cannot execute SELECT in a read-only transaction',
    );
    await s.query('ROLLBACK');
    const moved = await copy(
      'COPY (WITH d AS (DELETE FROM t WHERE a = 2 RETURNING a) SELECT a FROM d) TO STDOUT',
      [],
    );
    expect([moved.tag, moved.client.data]).toEqual(['COPY 1', ['2\n']]);
    expect(await rows('SELECT a FROM t')).toEqual([[1]]);
  });
});

describe('COPY FROM STDIN into domain columns', () => {
  it("checks each value against the domain's constraints, as its input function would", async () => {
    await s.query('CREATE DOMAIN copy_pos AS int NOT NULL CHECK (VALUE > 0)');
    await s.query('CREATE DOMAIN copy_code AS varchar(2)');
    await s.query('CREATE TABLE copy_dom (a copy_pos, b copy_code)');
    expect((await copy('COPY copy_dom FROM STDIN', ['1\tab\n2\t\\N\n'])).tag).toBe('COPY 2');
    const negative = await copy('COPY copy_dom FROM STDIN', ['3\tx\n-1\tx\n']);
    expect(negative.error).toMatchObject({
      code: '23514',
      message: 'value for domain copy_pos violates check constraint "copy_pos_check"',
    });
    const missing = await copy('COPY copy_dom FROM STDIN', ['\\N\tx\n']);
    expect(missing.error).toMatchObject({
      code: '23502',
      message: 'domain copy_pos does not allow null values',
    });
    const long = await copy('COPY copy_dom FROM STDIN', ['4\tabc\n']);
    expect(long.error).toMatchObject({ code: '22001' });
    expect(await rows('SELECT a, b FROM copy_dom ORDER BY a')).toEqual([
      [1, 'ab'],
      [2, null],
    ]);
  });
});

describe('COPY to and from a server-side file', () => {
  const errorOf = async (sql: string): Promise<string> => {
    try {
      await s.query(sql);
    } catch (err) {
      return `${(err as DbError).code} ${(err as DbError).message}`;
    }
    return 'ok';
  };

  it('writes what COPY TO STDOUT would send, and reads it back (absolute and relative paths)', async () => {
    await reset();
    await s.query("INSERT INTO t VALUES (1, 'x\ty', 'ab', 1.5, true), (2, NULL, 'c', NULL, false)");
    const file = join(dir, 'out.csv');
    const written = await s.query(`COPY t TO '${file}' (FORMAT csv, HEADER)`);
    expect(written.command).toBe('COPY 2');
    const client = (await copy('COPY t TO STDOUT (FORMAT csv, HEADER)', [])).client;
    expect(readFileSync(file, 'utf8')).toBe(client.data.join(''));
    const text = join(dir, 'out.txt');
    expect((await s.query(`COPY (SELECT a, b FROM t ORDER BY a) TO '${text}'`)).command).toBe('COPY 2');
    expect(readFileSync(text, 'utf8')).toBe('1\tx\\ty\n2\t\\N\n');
    await reset();
    expect((await s.query(`COPY t FROM '${file}' (FORMAT csv, HEADER)`)).command).toBe('COPY 2');
    expect(show(await rows())).toEqual([
      ['1', 'x\ty', 'ab', '1.50', 'true'],
      ['2', null, 'c', null, 'false'],
    ]);
    // COPY FROM resolves a relative path against the data directory.
    writeFileSync(join(db.dir, 'rel.txt'), '7\tseven\n');
    expect((await s.query("COPY t (a, b) FROM 'rel.txt'")).command).toBe('COPY 1');
    expect(show(await rows('SELECT a, b, c FROM t WHERE a = 7'))).toEqual([['7', 'seven', 'dd']]);
  });

  it('fails a malformed file as a malformed COPY FROM STDIN, and keeps nothing', async () => {
    await reset();
    const file = join(dir, 'bad.txt');
    writeFileSync(file, '1\tok\n2\tok\nthree\tbad\n');
    const err = (await s.query(`COPY t (a, b) FROM '${file}'`).then(
      () => undefined,
      (e: unknown) => e,
    )) as DbError;
    expect(err).toMatchObject({ code: '22P02' });
    expect((err as DbError).fields.where).toBe('COPY t, line 3, column a: "three"');
    expect(await rows()).toEqual([]);
  });

  it("reports PostgreSQL's errors for paths and files", async () => {
    expect(await errorOf("COPY t TO 'relative.txt'")).toBe(
      '42602 relative path not allowed for COPY to file',
    );
    const missing = join(dir, 'no', 'such.txt');
    const err = (await s.query(`COPY t FROM '${missing}'`).then(
      () => undefined,
      (e: unknown) => e,
    )) as DbError;
    expect(`${err.code} ${err.message}`).toBe(
      `58P01 could not open file "${missing}" for reading: No such file or directory`,
    );
    expect(err.fields.hint).toBe(
      "COPY FROM instructs the PostgreSQL server process to read a file. You may want a client-side facility such as psql's \\copy.",
    );
    expect(await errorOf(`COPY t FROM '${dir}'`)).toBe(`42809 "${dir}" is a directory`);
    expect(await errorOf(`COPY t TO '${dir}'`)).toBe(
      `42809 could not open file "${dir}" for writing: Is a directory`,
    );
    expect(await errorOf(`COPY t TO '${missing}'`)).toBe(
      `58P01 could not open file "${missing}" for writing: No such file or directory`,
    );
    expect(await errorOf("COPY t FROM PROGRAM 'cat /etc/passwd'")).toBe(
      '0A000 COPY to or from an external program is not supported',
    );
  });

  it('needs superuser or pg_read_server_files / pg_write_server_files (42501 with the hint)', async () => {
    await s.query('CREATE ROLE copier');
    await s.query('GRANT ALL ON t TO copier');
    const file = join(dir, 'role.txt');
    writeFileSync(file, '');
    await s.query('SET ROLE copier');
    try {
      const read = (await s.query(`COPY t FROM '${file}'`).then(
        () => undefined,
        (e: unknown) => e,
      )) as DbError;
      expect(`${read.code} ${read.message}`).toBe(
        '42501 must be superuser or have privileges of the pg_read_server_files role to COPY from a file',
      );
      expect(read.fields.hint).toBe(
        "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.",
      );
      expect(await errorOf(`COPY t TO '${file}'`)).toBe(
        '42501 must be superuser or have privileges of the pg_write_server_files role to COPY to a file',
      );
      expect(await errorOf("COPY t TO PROGRAM 'true'")).toBe(
        '42501 must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an external program',
      );
      await s.query('RESET ROLE');
      await s.query('GRANT pg_read_server_files, pg_write_server_files TO copier');
      await s.query('SET ROLE copier');
      expect((await s.query(`COPY t TO '${file}'`)).command).toMatch(/^COPY \d+$/);
      expect((await s.query(`COPY t FROM '${file}' WITH (FORMAT text)`)).command).toMatch(/^COPY \d+$/);
    } finally {
      await s.query('RESET ROLE');
    }
  });
});
