/**
 * Text I/O of date/time, interval, uuid, json/jsonb and array types against PostgreSQL 15:
 * testdata/text-io-pg15.json holds [type, input, 'ok' | SQLSTATE, output | message] rows that
 * a real PostgreSQL 15 produced for `($$input$$::type)::text` (DateStyle ISO, MDY; TimeZone UTC).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DbError } from './db-error.js';
import { formatText, parseText } from './text-io.js';
import { sqlType, type TypeName } from './types.js';

const rows = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'testdata', 'text-io-pg15.json'), 'utf8'),
) as [string, string, string, string][];

const typeOf = (t: string) => sqlType((t.endsWith('[]') ? `_${t.slice(0, -2)}` : t) as TypeName);

function run(type: string, input: string): [string, string] {
  try {
    const t = typeOf(type);
    return ['ok', formatText(parseText(input, t), t)];
  } catch (err) {
    if (!(err instanceof DbError)) throw err;
    return [err.code, err.message];
  }
}

describe('text I/O matches PostgreSQL 15', () => {
  it.each(rows)('%s %j', (type, input, code, expected) => {
    expect(run(type, input)).toEqual([code, expected]);
  });
});
