import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';

describe('DO', () => {
  it('parses the body and LANGUAGE in either order; plpgsql when none is named', () => {
    expect(parse(`DO $$ BEGIN NULL; END $$`)[0]!.stmt).toEqual({
      kind: 'do',
      body: ' BEGIN NULL; END ',
      language: 'plpgsql',
      location: 0,
    });
    expect(parse(`DO LANGUAGE PLPGSQL 'BEGIN END'`)[0]!.stmt).toMatchObject({
      body: 'BEGIN END',
      language: 'plpgsql',
    });
    expect(parse(`DO 'x' LANGUAGE 'plperl'`)[0]!.stmt).toMatchObject({ body: 'x', language: 'plperl' });
  });

  it('rejects a missing or repeated body and other options', () => {
    expect(() => parse(`DO LANGUAGE plpgsql`)).toThrow(/no inline code specified/);
    expect(() => parse(`DO 'a' 'b'`)).toThrow(/conflicting or redundant options/);
    expect(() => parse(`DO foo plpgsql 'x'`)).toThrow(/syntax error at or near "foo"/);
  });
});
