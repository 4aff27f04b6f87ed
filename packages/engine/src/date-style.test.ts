/**
 * DateStyle and IntervalStyle through a session: SET checks and canonicalizes them, and every
 * path PostgreSQL prints a value through its output function follows them — the rows' text
 * output, casts to text, format / concat / quote_literal / array_to_string, arrays, records and
 * COPY TO — while to_json stays ISO; numeric date input (literals, cached statements, COPY FROM)
 * reads the setting's field order. Expected values are PostgreSQL 15's.
 */
import { DbError, formatText, type Value } from '@rustydb/common';
import type { CopyFormat, CopyInStream } from '@rustydb/protocol';
import { describe, expect, it } from 'vitest';
import { type EmbeddedSession, type QueryResult, ResultCollector } from './embedded-session.js';
import { useTestDatabases } from './test-database.js';

const databases = useTestDatabases();

async function session(): Promise<EmbeddedSession> {
  const db = await databases.open();
  return db.connect();
}

/** The result's rows as the wire's text format prints them (null for NULL). */
const textRows = (r: QueryResult): (string | null)[][] =>
  r.rows.map((row) =>
    row.map((v, i) => (v === null ? null : formatText(v, r.fields[i]!.type, r.timeZone, 1, r.dateTimeStyle))),
  );

const values = async (s: EmbeddedSession, sql: string): Promise<Value[]> => (await s.query(sql)).rows[0]!;

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof DbError)) throw err;
    const { detail, hint } = err.fields;
    return `${err.code} ${err.message}${detail ? ` DETAIL: ${detail}` : ''}${hint ? ` HINT: ${hint}` : ''}`;
  }
  return 'no error';
}

/** A ResultCollector that plays the client of COPY TO STDOUT. */
class CopyOutClient extends ResultCollector {
  readonly data: string[] = [];
  copyOut(_format: CopyFormat): void {}
  copyData(data: string): void {
    this.data.push(data);
  }
  copyDone(): void {}
}

/** A ResultCollector that plays the client of COPY FROM STDIN, sending `input`. */
class CopyInClient extends ResultCollector {
  constructor(private readonly input: string) {
    super();
  }
  copyIn(_format: CopyFormat): CopyInStream {
    let sent = false;
    return {
      read: async () => {
        if (sent) return undefined;
        sent = true;
        return Buffer.from(this.input);
      },
    };
  }
}

describe('SET DateStyle / IntervalStyle', () => {
  it('shows the canonical form, keeping the part a value omits', async () => {
    const s = await session();
    const show = async () => (await values(s, 'SHOW DateStyle'))[0];
    await s.query("SET DateStyle = 'sql, dmy'");
    expect(await show()).toBe('SQL, DMY');
    await s.query('SET DateStyle = mdy');
    expect(await show()).toBe('SQL, MDY');
    await s.query('SET DateStyle = german');
    expect(await show()).toBe('German, DMY');
    await s.query('SET DateStyle = postgres, us');
    expect(await show()).toBe('Postgres, MDY');
    await s.query('RESET DateStyle');
    expect(await show()).toBe('ISO, MDY');
    await s.query('SET IntervalStyle = ISO_8601');
    expect((await values(s, 'SHOW IntervalStyle'))[0]).toBe('iso_8601');
  });

  it('refuses invalid values with 22023 as PostgreSQL', async () => {
    const s = await session();
    expect(await errorOf(s.query('SET DateStyle = foo'))).toBe(
      '22023 invalid value for parameter "DateStyle": "foo" DETAIL: Unrecognized key word: "foo".',
    );
    expect(await errorOf(s.query("SET DateStyle = 'iso, sql'"))).toBe(
      '22023 invalid value for parameter "DateStyle": "iso, sql" DETAIL: Conflicting "datestyle" specifications.',
    );
    expect(await errorOf(s.query('SET intervalstyle = foo'))).toBe(
      '22023 invalid value for parameter "intervalstyle": "foo" HINT: Available values: postgres, postgres_verbose, sql_standard, iso_8601.',
    );
    expect((await values(s, 'SHOW DateStyle'))[0]).toBe('ISO, MDY');
  });
});

describe('output in the styles', () => {
  it('prints the rows in the session style, the same cached statement again after a change', async () => {
    const s = await session();
    await s.query('CREATE TABLE t (d date, ts timestamp, tz timestamptz, i interval)');
    await s.query(
      "INSERT INTO t VALUES ('2024-03-04', '2024-03-04 05:06:07.5', '2024-03-04 05:06:07.5+00', '1 year 2 mons 3 days 04:05:06.5')",
    );
    const sql = 'SELECT d, ts, tz, i FROM t';
    expect(textRows(await s.query(sql))).toEqual([
      ['2024-03-04', '2024-03-04 05:06:07.5', '2024-03-04 05:06:07.5+00', '1 year 2 mons 3 days 04:05:06.5'],
    ]);
    await s.query("SET DateStyle = 'SQL, DMY'");
    await s.query('SET IntervalStyle = sql_standard');
    expect(textRows(await s.query(sql))).toEqual([
      ['04/03/2024', '04/03/2024 05:06:07.5', '04/03/2024 05:06:07.5 UTC', '+1-2 +3 +4:05:06.5'],
    ]);
    await s.query("SET DateStyle = 'Postgres, MDY'");
    await s.query("SET TIME ZONE 'America/Los_Angeles'");
    await s.query('SET IntervalStyle = postgres_verbose');
    expect(textRows(await s.query(sql))).toEqual([
      [
        '03-04-2024',
        'Mon Mar 04 05:06:07.5 2024',
        'Sun Mar 03 21:06:07.5 2024 PST',
        '@ 1 year 2 mons 3 days 4 hours 5 mins 6.5 secs',
      ],
    ]);
  });

  it('applies to casts to text and output functions, not to to_json', async () => {
    const s = await session();
    await s.query("SET DateStyle = 'German'");
    await s.query('SET IntervalStyle = iso_8601');
    await s.query('CREATE TABLE t (d date, i interval)');
    await s.query("INSERT INTO t VALUES ('2024-03-04', '-1 day')");
    const sql =
      "SELECT d::text, format('%s', d), concat(d, '|', i), quote_literal(d), array_to_string(ARRAY[d], ','), ARRAY[d]::text, ROW(d, i)::text, to_json(d)::text, i::text FROM t";
    expect(await values(s, sql)).toEqual([
      '04.03.2024',
      '04.03.2024',
      '04.03.2024|P-1D',
      "'04.03.2024'",
      '04.03.2024',
      '{04.03.2024}',
      '(04.03.2024,P-1D)',
      '"2024-03-04"',
      'P-1D',
    ]);
    expect(await values(s, 'SELECT to_json(i)::text, to_jsonb(ARRAY[i])::text FROM t')).toEqual([
      '"P-1D"',
      '["P-1D"]',
    ]);
    // A prepared statement's kept operators follow a change of style.
    await s.query('PREPARE p AS SELECT d::text, i::text FROM t');
    expect(await values(s, 'EXECUTE p')).toEqual(['04.03.2024', 'P-1D']);
    await s.query("SET DateStyle = 'SQL, MDY'");
    await s.query('SET IntervalStyle = postgres');
    expect(await values(s, 'EXECUTE p')).toEqual(['03/04/2024', '-1 days']);
    await s.query("SET DateStyle = 'German'");
    await s.query('SET IntervalStyle = iso_8601');
    // A constant cast is not folded in the default style when the statement is planned.
    expect(await values(s, "SELECT DATE '2024-03-04'::text, INTERVAL '1 day'::text")).toEqual([
      '04.03.2024',
      'P1D',
    ]);
  });

  it('applies to COPY TO', async () => {
    const s = await session();
    await s.query('CREATE TABLE t (d date, i interval)');
    await s.query("INSERT INTO t VALUES ('2024-03-04', '1 day')");
    await s.query("SET DateStyle = 'SQL, DMY'");
    await s.query('SET IntervalStyle = postgres_verbose');
    const client = new CopyOutClient();
    await s.session.run('COPY t TO STDOUT', [], client);
    expect(client.data).toEqual(['04/03/2024\t@ 1 day\n']);
  });
});

describe('date input in the DateStyle field order', () => {
  it('reads literals, cached statements and COPY FROM day-first under DMY', async () => {
    const s = await session();
    await s.query('CREATE TABLE t (d date)');
    await s.query("SET DateStyle = 'ISO, DMY'");
    expect(await values(s, "SELECT '01/02/03'::date::text, '13/01/2003'::date::text")).toEqual([
      '2003-02-01',
      '2003-01-13',
    ]);
    await s.query("INSERT INTO t VALUES ('2024-03-04'), ('04/03/2023')");
    // The statement cache learns the first text and reads the second literal in the style too.
    const count = async (literal: string) =>
      (await values(s, `SELECT count(*) FROM t WHERE d = '${literal}'`))[0];
    expect(await count('2024-03-04')).toBe(1n);
    expect(await count('04/03/2024')).toBe(1n);
    expect(await count('2023-03-04')).toBe(1n);
    await s.session.run('COPY t FROM STDIN', [], new CopyInClient('05/06/2022\n'));
    expect(await count('2022-06-05')).toBe(1n);
    await s.query("SET DateStyle = 'ISO, YMD'");
    expect(await values(s, "SELECT '01/02/03'::date::text")).toEqual(['2001-02-03']);
    await s.query("SET DateStyle = 'ISO, MDY'");
    await s.query('SET IntervalStyle = sql_standard');
    expect(await values(s, "SELECT '-1 2:03:04'::interval::text")).toEqual(['-1 2:03:04']);
    await s.query('SET IntervalStyle = postgres');
    expect(await values(s, "SELECT '-1 2:03:04'::interval::text")).toEqual(['-1 days +02:03:04']);
    expect(await errorOf(s.query("SELECT '13/01/2003'::date"))).toBe(
      '22008 date/time field value out of range: "13/01/2003" HINT: Perhaps you need a different "datestyle" setting.',
    );
  });
});

describe('string parameters', () => {
  it('are read in the session TimeZone and DateStyle, as text-format Bind parameters are', async () => {
    const s = await session();
    await s.query("SET TIME ZONE 'America/New_York'");
    await s.query("SET DateStyle = 'ISO, DMY'");
    // Twice: the first runs a new plan, the second the statement cache's.
    for (let i = 0; i < 2; i++) {
      const r = await s.query('SELECT $1::timestamptz::text, $2::date::text', [
        '2024-01-01 12:00',
        '01/02/2024',
      ]);
      expect(r.rows).toEqual([['2024-01-01 12:00:00-05', '2024-02-01']]);
    }
  });
});
