/**
 * Hostile patterns end promptly with PostgreSQL's results. The tests carry no timed assertion:
 * each would run for minutes (well past the vitest timeout) on a backtracking match.
 */
import { DbError } from '@rustydb/common';
import { afterAll, describe, expect, it } from 'vitest';
import { GuardedRegExp } from './guarded-regexp.js';
import { SqlHarness } from './testing/sql-harness.js';

const db = SqlHarness.create();
afterAll(() => db.close());

async function value(sql: string): Promise<unknown> {
  const { rows } = await db.run(sql);
  return rows[0]![0];
}

const A30B = "repeat('a', 30) || 'b'";

describe('catastrophic backtracking', () => {
  it.each([
    [`${A30B} ~ '^(a+)+$'`, false],
    [`${A30B} ~ '(a|a)+b$'`, true],
    [`${A30B} ~ '^(a|a)+$'`, false],
    [`${A30B} ~ '^(a|aa)+$'`, false],
    [`${A30B} ~ '^(a*)*c'`, false],
    [`${A30B} ~* '^(A+)+$'`, false],
    [`upper(${A30B}) ~* '^(a+)+$'`, false],
    [`${A30B} !~ '^(a+)+$'`, true],
    [`${A30B} SIMILAR TO '(a+)+'`, false],
    [`${A30B} SIMILAR TO '(a|aa)+b'`, true],
    [`${A30B} LIKE '%a%a%a%a%a%a%a%a%a%a%a%a%c'`, false],
    [`${A30B} ILIKE '%A%A%A%A%A%A%A%A%A%A%A%A%C'`, false],
    [`regexp_like(${A30B}, '^(a+)+$', 'i')`, false],
    [`regexp_count(${A30B}, '(a+)+$')`, 0],
    [`regexp_instr(${A30B}, '(a+)+b')`, 1],
    [`regexp_replace(${A30B} || ${A30B}, '(a+)+$', 'x', 'g')`, `${'a'.repeat(30)}b${'a'.repeat(30)}b`],
    [`regexp_replace(${A30B}, '(a|aa)+b', '<\\1>', 'g')`, '<a>'],
    [`substring(${A30B} from '^(a+)+$')`, null],
  ])('%s', async (expr, want) => {
    expect(await value(`SELECT ${expr}`)).toBe(want);
  });

  it('ends an unbounded backtracking match (backreference) with 2201B', async () => {
    await expect(db.run(`SELECT ${A30B} ~ '^(a+)+\\1$'`)).rejects.toMatchObject({
      code: '2201B',
      message: 'invalid regular expression: regular expression is too complex',
    });
  });

  it('matches subjects with astral characters and non-ASCII case folding as before', async () => {
    expect(await value("SELECT 'x😀y' ~ '^x.y$'")).toBe(true);
    expect(await value("SELECT 'x😀y' ~ '^x[^a]y$'")).toBe(true);
    expect(await value("SELECT regexp_replace('a😀b😀', '.', '-', 'g')")).toBe('----');
    expect(await value("SELECT 'ÉCOLE' ~* 'école'")).toBe(true);
    expect(await value("SELECT 'Straße' ILIKE 'STRASSE'")).toBe(false);
    expect(await value("SELECT 'K' ~* '^[a-k]$'")).toBe(true);
    expect(await value("SELECT 'Zebra' ~* '^[x-z]EB[^A]a$'")).toBe(true);
    expect(await value("SELECT '[_]' ~* '^[[-_]+$'")).toBe(true);
  });

  it('tests subjects with astral characters on the linear form when the pattern allows', async () => {
    expect(await value(`SELECT ${A30B} || '😀' ~ '^(a+)+.*😀?$'`)).toBe(true);
    expect(await value(`SELECT ${A30B} || '😀' LIKE '%a%a%a%a%a%a%a%a%a%a%a%a%c'`)).toBe(false);
    expect(await value("SELECT 'x😀y😀' ~ '^x.+y.*$'")).toBe(true);
    expect(await value("SELECT 'x😀y' LIKE 'x%y'")).toBe(true);
    expect(await value("SELECT '😀' LIKE '_'")).toBe(true);
    expect(await value("SELECT '😀😀' ~ '^.{2}$'")).toBe(true);
  });

  it('LIKE and SIMILAR TO take a hyphen as a literal, escaped or not, out of brackets and in', async () => {
    const { rows } = await db.run(
      "SELECT 'a-b' LIKE 'a-b', 'a-b' LIKE 'a\\-b', 'a-b' ILIKE 'A-B', 'a-b' SIMILAR TO 'a-b', '-' SIMILAR TO '[a\\-z]', 'b' SIMILAR TO '[a\\-z]'",
    );
    expect(rows).toEqual([[true, true, true, true, true, false]]);
  });

  it('a hostile match over a subject with an astral character is bounded too', async () => {
    // `[^x]` could match half of the pair without `u`: this one runs on the faithful form.
    await expect(db.run(`SELECT ${A30B} || '😀' ~ '^(a+)+[^x]$'`)).rejects.toMatchObject({
      code: '2201B',
    });
  });
});

describe('interrupts', () => {
  let armed = false;
  const cancellable = SqlHarness.create({
    checkInterrupts: () => {
      if (armed) throw new DbError('57014', 'canceling statement due to user request');
    },
  });
  afterAll(() => cancellable.close());

  // One batch of rows: the executor itself would check only after it.
  it.each([
    `repeat('a', 12) || g ~ '^(a+)+\\1x'`,
    `regexp_count(repeat('a', 12) || g, '^(a+)+\\1x') > 0`,
    `substring(repeat('a', 12) || g from '^(a+)+\\1x') IS NOT NULL`,
    `repeat('a', 12) || g || '😀' LIKE 'a%a%a%a%a%_x'`,
  ])('a time-limited match checks for interrupts first: %s', async (cond) => {
    const sql = `SELECT count(*) FROM generate_series(1, 10) g WHERE ${cond}`;
    armed = false;
    expect((await cancellable.run(sql)).rows).toEqual([[0n]]);
    armed = true;
    await expect(cancellable.run(sql)).rejects.toMatchObject({ code: '57014' });
    armed = false;
  });
});

describe('GuardedRegExp', () => {
  it('keeps the faithful RegExp for what needs u or lookaround, and its results', () => {
    const re = new GuardedRegExp('(?=a)a+', 'g', true);
    expect(re.exec('xAAy', 0)?.[0]).toBe('AA');
    expect(new GuardedRegExp('\\u{1F600}', '', false).test('😀')).toBe(true);
  });

  // Letters whose case folding has partners beyond toUpperCase/toLowerCase, and ſ, K (Kelvin),
  // whose folding is ASCII: every pattern must find what its `ui` RegExp finds.
  const LETTERS = 'aAsSkKſKßẞéÉβϐΒΩωΩΐΐσςΣİıiIzZ_1 ';
  const PATTERNS = [
    'é+',
    'ß|ss',
    '[à-ÿ]+',
    '[^é]',
    '[β-δ]',
    'σ\\w*',
    'k[^s]',
    '[a-z]+',
    '\\bs\\w',
    'Ω.ΐ',
    '[ΐa]',
    'İ|ı',
  ];
  it.each(PATTERNS)('case-insensitive %s finds what its ui RegExp finds', (pattern) => {
    const re = new GuardedRegExp(pattern, 'g', true);
    expect(re.linearSource).toBeDefined();
    const subjects = [...LETTERS].flatMap((x) => [...LETTERS].map((y) => `${x}${y}é${x}`));
    for (const s of subjects) {
      re.faithful.lastIndex = 0;
      const want = re.faithful.exec(s);
      expect([s, re.exec(s, 0)?.[0]]).toEqual([s, want?.[0]]);
      expect([s, re.test(s)]).toEqual([s, want !== null]);
    }
  });
});
