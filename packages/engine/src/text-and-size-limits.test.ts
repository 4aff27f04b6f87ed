/**
 * Text functions over characters outside the BMP (counted as code points, as PostgreSQL counts
 * UTF-8 characters) and the limits that keep one statement from aborting the process: values
 * past what V8 can hold are PostgreSQL's 54000 errors, and a statement that reads no table
 * (generate_series) still stops for statement_timeout.
 */
import { describe, expect, it } from 'vitest';
import { useFileDatabase } from './test-database.js';

const database = useFileDatabase({ autovacuum: false });

const row = async (sql: string) => (await database().query(sql)).rows[0];

describe('text functions count code points', () => {
  // Expected values are PostgreSQL 15's.
  it('substr, lpad/rpad, left/right, reverse, trim, split_part, string_to_array, translate, overlay', async () => {
    expect(
      await row(
        "select substr('a😀bç😀d', 2, 3), substr('a😀bç😀d', 0, 3), substr('a😀bç😀d', -1, 4), substr('a😀bç😀d', 5), substr('a😀bç😀d', 9), substr('😀', 1, 0)",
      ),
    ).toEqual(['😀bç', 'a😀', 'a😀', '😀d', '', '']);
    expect(
      await row(
        "select lpad('a😀b', 6, 'x😀'), rpad('a😀b', 6, '😀y'), lpad('a😀bcd', 2), rpad('a😀', 5), lpad('ab', 4, ''), lpad('ab', -1, 'x')",
      ),
    ).toEqual(['x😀xa😀b', 'a😀b😀y😀', 'a😀', 'a😀   ', 'ab', '']);
    expect(
      await row(
        "select left('a😀bç', 2), left('a😀bç', -1), left('a😀bç', -9), right('a😀bç', 2), right('a😀bç', -1), right('a😀bç', 9), right('a😀bç', -9)",
      ),
    ).toEqual(['a😀', 'a😀b', '', 'bç', '😀bç', 'a😀bç', '']);
    expect(await row("select reverse('a😀bç'), reverse(''), reverse('😀')")).toEqual(['çb😀a', '', '😀']);
    expect(
      await row(
        "select btrim('😀xa😀bx😀', 'x😀'), ltrim('😀😀a😀', '😀'), rtrim('a😀😀', '😀'), btrim('  a  ')",
      ),
    ).toEqual(['a😀b', 'a😀', 'a', 'a']);
    const [third, last, past, chars, pieces] = await row(
      "select split_part('a,b,,c', ',', 3), split_part('a,b,,c', ',', -1), split_part('a,b', ',', 5), string_to_array('a😀b', null)::text, string_to_array('a--b--', '--')::text",
    );
    expect([third, last, past, chars, pieces]).toEqual(['', 'c', '', '{a,😀,b}', '{a,b,""}']);
    expect(
      await row("select translate('a😀b😀', '😀b', 'x'), overlay('a😀bçd' placing '😀😀' from 2 for 2)"),
    ).toEqual(['axx', 'a😀😀çd']);
  });

  it('reverses a long string with surrogate pairs across its internal chunks', async () => {
    const [same, length] = await row(
      "select reverse(reverse(repeat('ab😀', 10000))) = repeat('ab😀', 10000), length(reverse(repeat('ab😀', 10000)))",
    );
    expect([same, length]).toEqual([true, 30000]);
  });
});

describe('size limits answer with an error, not a crash', () => {
  it('lpad past 2^28 characters is 54000 requested length too large', async () => {
    await expect(database().query("select lpad('x', 500000000)")).rejects.toMatchObject({
      code: '54000',
      message: 'requested length too large',
    });
  });

  it('a split into more pieces than an array may hold is 54000', async () => {
    await expect(database().query("select split_part(repeat(',', 67108864), ',', 2)")).rejects.toMatchObject({
      code: '54000',
      message: 'array size exceeds the maximum allowed (67108864)',
    });
  });

  it('a value past the longest string V8 holds is 54000 out of memory', async () => {
    await expect(
      database().query(
        "with r as materialized (select repeat('x', 200000000) as x) select length(x || x || x) from r",
      ),
    ).rejects.toMatchObject({ code: '54000', message: 'out of memory' });
    expect(await row('select 1')).toEqual([1]);
  });

  it('statement_timeout stops an aggregate over generate_series, which reads no table', async () => {
    const session = database().connect();
    try {
      await session.query("set statement_timeout = '50ms'");
      await expect(
        session.query('select count(*) from generate_series(1, 10000000000)'),
      ).rejects.toMatchObject({
        code: '57014',
        message: 'canceling statement due to statement timeout',
      });
      await expect(
        session.query('select count(*) from (select generate_series(1, 10000000000)) s'),
      ).rejects.toMatchObject({ code: '57014' });
      // A recursion that never ends reads no table either.
      await expect(
        session.query(
          'with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r',
        ),
      ).rejects.toMatchObject({ code: '57014' });
    } finally {
      await session.close();
    }
  });
});
