import { DbError } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { parseRegprocedure } from './regprocedure-input.js';

const failure = (text: string) => {
  try {
    parseRegprocedure(text);
  } catch (err) {
    if (err instanceof DbError) return [err.code, err.message, err.fields.position];
    throw err;
  }
  return 'parsed';
};

describe('regprocedure input (parseRegprocedure)', () => {
  it('reads [schema.]name(types) with SQL type names', () => {
    const sig = parseRegprocedure('s.f( int, character varying(3), double precision[] )');
    expect([sig.schema, sig.name, sig.argTypes.map((t) => t.name)]).toEqual([
      's',
      'f',
      ['int4', 'varchar', '_float8'],
    ]);
    expect(parseRegprocedure('"F"()')).toEqual({ name: 'F', argTypes: [] });
  });

  it("refuses what PostgreSQL's regprocedurein refuses, with no position in the caller's statement", () => {
    expect(failure('f')).toEqual(['22P02', 'expected a left parenthesis', undefined]);
    expect(failure('f(nosuchtype)')).toEqual(['42704', 'type "nosuchtype" does not exist', undefined]);
    expect(failure('f(int')).toEqual(['22P02', 'expected a right parenthesis', undefined]);
    expect(failure('f(int) x')).toEqual(['22P02', 'expected a right parenthesis', undefined]);
  });
});
