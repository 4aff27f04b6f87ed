/**
 * The extended query protocol against the real server. node-postgres uses it for every query with
 * parameters; a raw client drives pipelines, row limits and error recovery message by message.
 * Every expectation was checked against PostgreSQL 15 with the same client and messages.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process.js';
import {
  errorFields,
  msg,
  rowsOf,
  tagsOf,
  types,
  WireClient,
  type WireMessage,
} from './support/wire-client.js';

describe('extended query protocol end to end', () => {
  let server: ServerProcess;
  let client: pg.Client;
  beforeAll(async () => {
    server = await ServerProcess.start();
    client = await server.connect();
    await client.query('CREATE TABLE kv (id int PRIMARY KEY, v text)');
  }, 120_000);
  afterAll(async () => {
    await client?.end().catch(() => undefined);
    await server?.destroy();
  });

  it('runs parameterized queries with inferred parameter types', async () => {
    expect((await client.query('select $1::int + 1 as x', [41])).rows).toEqual([{ x: 42 }]);
    expect((await client.query('select $1 as x', ['héllo'])).rows).toEqual([{ x: 'héllo' }]);
    const r = await client.query(
      'select $1::numeric * 2 as x, $2::bool as b, $3::bytea as y, $4::int8 as z, $5::float8 as f',
      ['1.25', true, Buffer.from([1, 2, 255]), '9007199254740993', 0.5],
    );
    expect(r.rows).toEqual([
      { x: '2.50', b: true, y: Buffer.from([1, 2, 255]), z: '9007199254740993', f: 0.5 },
    ]);
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([1700, 16, 17, 20, 701]);
    expect((await client.query('select $1::int as x', [null])).rows).toEqual([{ x: null }]);
  });

  it('returns binary results decoded by node-postgres exactly as from PostgreSQL', async () => {
    // `binary` is a real node-postgres option its type declarations leave out.
    const config: pg.QueryConfig & { binary: boolean } = {
      text: "select 1::int2 as a, 2::int4 as b, 3::int8 as c, 1.5::float4 as d, 2.25::float8 as e, true as f, 'x'::text as g, '\\x0102'::bytea as h, 12.340::numeric as i, 'ab'::char(3) as j, 'v'::varchar as k, NULL::int as l where $1::int = 1",
      values: [1],
      binary: true,
    };
    const r = await client.query(config);
    // node-postgres's binary parsers: float4 through a lossy decoder, bytea as text, numeric as a number.
    expect(r.rows).toEqual([
      {
        a: 1,
        b: 2,
        c: '3',
        d: 1.8730388879776,
        e: 2.25,
        f: true,
        g: 'x',
        h: '\u0001\u0002',
        i: 12.34,
        j: 'ab ',
        k: 'v',
        l: null,
      },
    ]);
  });

  it('reuses named prepared statements and honours rowMode', async () => {
    const q = { name: 'concat', text: 'select $1::text || $2 as x', rowMode: 'array' as const };
    expect((await client.query({ ...q, values: ['a', 'b'] })).rows).toEqual([['ab']]);
    expect((await client.query({ ...q, values: ['c', 'd'] })).rows).toEqual([['cd']]);
    await client.query('INSERT INTO kv VALUES ($1, $2), ($3, $4)', [1, 'one', 2, 'two']);
    const get = { name: 'get', text: 'SELECT v FROM kv WHERE id = $1' };
    expect((await client.query({ ...get, values: [2] })).rows).toEqual([{ v: 'two' }]);
    expect((await client.query({ ...get, values: [1] })).rows).toEqual([{ v: 'one' }]);
  });

  it('reports errors with PostgreSQL codes and stays usable', async () => {
    await expect(client.query('select $1::int as x', ['abc'])).rejects.toMatchObject({
      code: '22P02',
      message: 'invalid input syntax for type integer: "abc"',
    });
    await expect(client.query('select * from nope where a = $1', [1])).rejects.toMatchObject({
      code: '42P01',
    });
    await expect(client.query('select $1::int + $2', [1])).rejects.toMatchObject({
      code: '08P01',
      message: 'bind message supplies 1 parameters, but prepared statement "" requires 2',
    });
    expect((await client.query('select $1::int as ok', [1])).rows).toEqual([{ ok: 1 }]);
  });

  it('a statement prepared by Parse as EXECUTE of itself stops with 54001; other clients are served meanwhile', async () => {
    const other = await server.connect();
    try {
      const looping = client.query({ name: 'self', text: 'EXECUTE self' }).catch((e: pg.DatabaseError) => e);
      expect((await other.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      const err = (await looping) as pg.DatabaseError;
      expect([err.code, err.message]).toEqual(['54001', 'stack depth limit exceeded']);
      // So does EXPLAIN of it (it explains the EXECUTE inside, and so on), and the connection goes on.
      const explained = await client.query('EXPLAIN EXECUTE self').catch((e: pg.DatabaseError) => e);
      expect((explained as pg.DatabaseError).code).toBe('54001');
      expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    } finally {
      await other.end();
    }
  });

  it('runs transaction blocks through parameterized statements', async () => {
    await client.query('BEGIN');
    await client.query('INSERT INTO kv VALUES ($1, $2)', [10, 'ten']);
    await expect(client.query('INSERT INTO kv VALUES ($1, $2)', [10, 'dup'])).rejects.toMatchObject({
      code: '23505',
    });
    await expect(client.query('SELECT v FROM kv WHERE id = $1', [10])).rejects.toMatchObject({
      code: '25P02',
    });
    await client.query('ROLLBACK');
    expect((await client.query('SELECT count(*)::int AS n FROM kv WHERE id = $1', [10])).rows).toEqual([
      { n: 0 },
    ]);
  });

  describe('message by message', () => {
    let wire: WireClient;
    beforeAll(async () => {
      wire = await WireClient.connect(server.port);
      wire.send(msg.query('CREATE TABLE pp (id int PRIMARY KEY, v text)'));
      await wire.readUntil('Z');
    });
    afterAll(() => wire?.close());

    /**
     * Parse `sql` as statement `name` (parameter type OIDs `oids`; none: inferred) and Describe
     * it; with `run` (the parameter values), also Bind the unnamed portal to it, Describe and
     * Execute that; then Sync. Answered by ParseComplete, ParameterDescription, RowDescription or
     * NoData (then BindComplete, RowDescription or NoData, the rows and CommandComplete),
     * ReadyForQuery.
     */
    const parseAndDescribe = (
      name: string,
      sql: string,
      { oids = [], run }: { oids?: number[]; run?: (string | null)[] } = {},
    ) =>
      wire.send(
        msg.parse(name, sql, oids),
        msg.describe('S', name),
        ...(run ? [msg.bind('', name, run), msg.describe('P', ''), msg.execute('')] : []),
        msg.sync(),
      );

    /** The type OIDs of a ParameterDescription. */
    const parameterTypes = (m: WireMessage): number[] =>
      Array.from({ length: m.body.readInt16BE(0) }, (_, i) => m.body.readInt32BE(2 + 4 * i));

    /** `name:typeOid` of each column of a RowDescription. */
    const columns = (m: WireMessage): string[] => {
      const names: string[] = [];
      let at = 2;
      for (let i = 0; i < m.body.readInt16BE(0); i++) {
        const end = m.body.indexOf(0, at);
        names.push(`${m.body.toString('utf8', at, end)}:${m.body.readInt32BE(end + 7)}`);
        at = end + 19;
      }
      return names;
    };

    const count = async (): Promise<string | null> => {
      wire.send(msg.query('SELECT count(*) FROM pp'));
      return rowsOf(await wire.readUntil('Z'))[0]![0]!;
    };

    it('runs a pipeline in one implicit transaction: an error rolls all of it back', async () => {
      wire.send(
        msg.parse('ins', 'insert into pp values ($1, $2)'),
        msg.bind('', 'ins', ['1', 'a']),
        msg.execute(''),
        msg.bind('', 'ins', ['2', 'b']),
        msg.execute(''),
        msg.bind('', 'ins', ['1', 'dup']),
        msg.execute(''),
        msg.bind('', 'ins', ['3', 'c']), // skipped: after an error, everything until Sync is
        msg.execute(''),
        msg.sync(),
      );
      const ms = await wire.readUntil('Z');
      expect(types(ms)).toBe('12C2C2EZ');
      expect(errorFields(ms[6]!).C).toBe('23505');
      expect(ms[7]!.body.toString()).toBe('I');
      expect(await count()).toBe('0');
      const many = [];
      for (let i = 1; i <= 100; i++) many.push(msg.bind('', 'ins', [String(i), `v${i}`]), msg.execute(''));
      wire.send(...many, msg.sync());
      const ok = await wire.readUntil('Z');
      expect(tagsOf(ok)).toHaveLength(100);
      expect(await count()).toBe('100');
    });

    it('suspends portals at the row limit exactly as PostgreSQL', async () => {
      wire.send(
        msg.parse('few', 'select id from pp where id <= 2 order by id'),
        msg.bind('c', 'few'),
        msg.execute('c', 1),
        msg.execute('c', 1),
        msg.execute('c', 1),
        msg.execute('c', 1),
        msg.sync(),
      );
      const ms = await wire.readUntil('Z');
      expect(types(ms)).toBe('12DsDsCCZ');
      expect(tagsOf(ms)).toEqual(['SELECT 0', 'SELECT 0']);
      expect(rowsOf(ms)).toEqual([['1'], ['2']]);
    });

    it('describes statements and portals, with binary result formats from Bind', async () => {
      wire.send(
        msg.parse('', 'select $1::int as a, $2 as b'),
        msg.describe('S', ''),
        msg.bind('', '', ['1', 'x'], [1, 0]),
        msg.describe('P', ''),
        msg.execute(''),
        msg.sync(),
      );
      const ms = await wire.readUntil('Z');
      expect(types(ms)).toBe('1tT2TDCZ');
      const pd = ms[1]!.body;
      expect([pd.readInt16BE(0), pd.readInt32BE(2), pd.readInt32BE(6)]).toEqual([2, 23, 25]);
      const row = ms[5]!.body;
      expect([row.readInt32BE(2), row.readInt32BE(6)]).toEqual([4, 1]); // int4 1 in 4 binary bytes
    });

    it('follows BEGIN through the extended protocol, failed blocks and DML portals', async () => {
      wire.send(msg.parse('', 'begin'), msg.bind('', ''), msg.execute(''), msg.sync());
      expect((await wire.readUntil('Z')).at(-1)!.body.toString()).toBe('T');
      wire.send(msg.bind('', 'ins', ['1', 'x']), msg.execute(''), msg.sync());
      const failed = await wire.readUntil('Z');
      expect([errorFields(failed[1]!).C, failed.at(-1)!.body.toString()]).toEqual(['23505', 'E']);
      wire.send(msg.bind('', 'ins', ['500', 'x']), msg.execute(''), msg.sync());
      expect(errorFields((await wire.readUntil('Z'))[0]!).C).toBe('25P02');
      wire.send(msg.query('ROLLBACK'));
      expect((await wire.readUntil('Z')).at(-1)!.body.toString()).toBe('I');
      wire.send(msg.bind('', 'ins', ['500', 'x']), msg.execute(''), msg.execute(''), msg.sync());
      const twice = await wire.readUntil('Z');
      expect(types(twice)).toBe('2CEZ');
      expect(errorFields(twice[2]!).M).toBe('portal "" cannot be run');
      wire.send(msg.bind('c', 'ins', ['501', 'x']), msg.bind('c', 'ins', ['502', 'x']), msg.sync());
      expect(errorFields((await wire.readUntil('Z'))[1]!).M).toBe('cursor "c" already exists');
    });

    it('refuses at Parse a parameter whose type nothing determines (42P18)', async () => {
      wire.send(msg.parse('', 'SELECT $2::int'), msg.sync());
      const gap = await wire.readUntil('Z');
      expect(types(gap)).toBe('EZ');
      expect([errorFields(gap[0]!).C, errorFields(gap[0]!).M]).toEqual([
        '42P18',
        'could not determine data type of parameter $1',
      ]);
      wire.send(msg.parse('', 'SELECT 1 WHERE $1 IS NULL'), msg.sync());
      expect(errorFields((await wire.readUntil('Z'))[0]!).C).toBe('42P18');
      // Declared in Parse, it is determined.
      parseAndDescribe('', 'SELECT $2::int', { oids: [23] });
      const typed = await wire.readUntil('Z');
      expect(types(typed)).toBe('1tTZ');
      expect(parameterTypes(typed[1]!)).toEqual([23, 23]);
    });

    it("types a CALL's parameters by the procedure's and refuses one the call skips (42P18)", async () => {
      wire.send(msg.query("CREATE PROCEDURE pz(a int, b text DEFAULT 'x') LANGUAGE sql AS $$ SELECT 1 $$"));
      await wire.readUntil('Z');
      parseAndDescribe('', 'CALL pz($2, $1)');
      const both = await wire.readUntil('Z');
      expect(types(both)).toBe('1tnZ');
      expect(parameterTypes(both[1]!)).toEqual([25, 23]);
      // $1 fills no parameter: PostgreSQL cannot type it (this used to close the connection).
      parseAndDescribe('', 'CALL pz($2)');
      const skipped = await wire.readUntil('Z');
      expect(types(skipped)).toBe('EZ');
      expect([errorFields(skipped[0]!).C, errorFields(skipped[0]!).M]).toEqual([
        '42P18',
        'could not determine data type of parameter $1',
      ]);
      parseAndDescribe('', 'CALL pz($2)', { oids: [20], run: ['9', '1'] });
      const declared = await wire.readUntil('Z');
      expect(types(declared)).toBe('1tn2nCZ');
      expect(parameterTypes(declared[1]!)).toEqual([20, 23]);
      expect(tagsOf(declared)).toEqual(['CALL']);
    });

    it("describes EXECUTE of a PREPAREd statement with that statement's columns", async () => {
      wire.send(msg.query("PREPARE s (int) AS SELECT $1 + 1 AS x, 'a'::text AS y"));
      await wire.readUntil('Z');
      parseAndDescribe('e', 'EXECUTE s (1)', { run: [] });
      const ms = await wire.readUntil('Z');
      expect(types(ms)).toBe('1tT2TDCZ');
      expect(columns(ms[2]!)).toEqual(['x:23', 'y:25']);
      expect(columns(ms[4]!)).toEqual(['x:23', 'y:25']);
      expect(rowsOf(ms)).toEqual([['2', 'a']]);
      // Binary results from Bind's formats.
      wire.send(msg.bind('', 'e', [], [1]), msg.execute(''), msg.sync());
      const binary = await wire.readUntil('Z');
      expect(types(binary)).toBe('2DCZ');
      expect(binary[1]!.body.readInt32BE(6)).toBe(2);
      // An EXECUTE of a statement that does not exist (yet): no rows to describe, 26000 at Execute.
      parseAndDescribe('', 'EXECUTE nosuch (1)', { run: [] });
      const none = await wire.readUntil('Z');
      expect(types(none)).toBe('1tn2nEZ');
      expect(errorFields(none[5]!).M).toBe('prepared statement "nosuch" does not exist');
      wire.send(msg.query('DEALLOCATE s'));
      await wire.readUntil('Z');
      wire.send(msg.describe('S', 'e'), msg.sync());
      expect(errorFields((await wire.readUntil('Z'))[0]!).C).toBe('26000');
      wire.send(msg.close('S', 'e'), msg.sync());
      await wire.readUntil('Z');
    });

    it('answers an empty statement and reports a changed application_name once', async () => {
      wire.send(msg.parse('', ''), msg.bind('', ''), msg.describe('P', ''), msg.execute(''), msg.sync());
      expect(types(await wire.readUntil('Z'))).toBe('12nIZ');
      wire.send(msg.query("set application_name = 'wire'"));
      const set = await wire.readUntil('Z');
      expect(types(set)).toBe('CSZ');
      expect(set[1]!.body.toString()).toBe('application_name\0wire\0');
      wire.send(msg.query("set application_name = 'wire'"));
      expect(types(await wire.readUntil('Z'))).toBe('CZ');
    });
  });
});
